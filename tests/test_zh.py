"""The Chinese helpers, each checked against values written out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summary_gen.errors import TemplateError
from summary_gen.model import MonthDate
from summary_gen.templating.protocol import USER_CLOSE, USER_OPEN
from summary_gen.text import zh
from summary_gen.text.quantity import Quantity


def q(raw: str | int) -> Quantity:
    return Quantity.parse(raw, decimal=True)


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("300余", "册", "300余册"),
        ("8600多", "人", "8600多人"),
        ("20以上", "场次", "20场次以上"),
        ("约500", "人", "约500人"),
        ("2.4万", "亩", "2.4万亩"),
        ("1.5万余", "亩", "1.5万余亩"),
        (40000, "份", "40000份"),
        ("38.5", "%", "38.5%"),
        ("12", "", "12"),
    ],
)
def test_qty_puts_the_qualifier_where_chinese_puts_it(raw, unit, expected) -> None:
    assert zh.qty(q(raw), unit) == expected


def test_qty_takes_a_plain_int_and_refuses_none() -> None:
    assert zh.qty(7, "个") == "7个"
    with pytest.raises(TemplateError):
        zh.qty(None, "个")  # type: ignore[arg-type]
    with pytest.raises(TemplateError):
        zh.qty("300余", "册")  # type: ignore[arg-type]  # text, not a parsed quantity


def test_reach_adds_da_only_where_no_qualifier_stands_in_front() -> None:
    assert zh.reach(q("20以上"), "场次") == "达20场次以上"
    assert zh.reach(q(15000), "人次") == "达15000人次"
    assert zh.reach(q("约500"), "人") == "约500人"
    assert zh.reach(q("达300"), "人") == "达300人"  # never 达达300人


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        (1, "名", "一名"),
        (2, "名", "两名"),
        (3, "套", "三套"),
        (10, "个", "十个"),
        (11, "个", "11个"),
        ("300余", "册", "300余册"),
        ("约5", "名", "约5名"),
        ("20以上", "名", "20名以上"),
        (0, "名", "0名"),
    ],
)
def test_cn_count_writes_small_exact_counts_in_chinese(raw, unit, expected) -> None:
    assert zh.cn_count(q(raw), unit) == expected


def test_cn_count_without_unit() -> None:
    assert zh.cn_count(q(1)) == "一"
    assert zh.cn_count(2) == "两"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (40, "四十"),
        (99, "九十九"),
    ],
)
def test_num_cn(n: int, expected: str) -> None:
    assert zh.num_cn(n) == expected


@pytest.mark.parametrize("n", [0, 100, -1])
def test_num_cn_refuses_what_has_no_section_numeral(n: int) -> None:
    with pytest.raises(TemplateError):
        zh.num_cn(n)


def test_date_zh_has_no_leading_zeros() -> None:
    assert zh.date_zh(dt.date(2021, 3, 3)) == "2021年3月3日"
    assert zh.date_zh(dt.date(2020, 12, 31)) == "2020年12月31日"
    assert zh.date_zh(MonthDate(year=2020, month=3)) == "2020年3月"
    assert zh.date_zh(MonthDate(year=2020, month=10, day=25)) == "2020年10月25日"
    with pytest.raises(TemplateError):
        zh.date_zh(None)  # type: ignore[arg-type]


def test_join_zh() -> None:
    assert zh.join_zh([]) == ""
    assert zh.join_zh(["科学教育基地"]) == "科学教育基地"
    assert zh.join_zh(["甲", "乙"]) == "甲和乙"
    assert zh.join_zh(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert zh.join_zh(["甲", "乙", "丙"], "、") == "甲、乙、丙"
    assert zh.join_zh(["甲", "乙"], "或") == "甲或乙"


def test_join_zh_leaves_out_the_dunhao_between_quoted_items() -> None:
    quoted = ["“生活小窍门”", "“卫生知识”", "“健康园地”"]
    assert zh.join_zh(quoted, "、") == "“生活小窍门”“卫生知识”“健康园地”"
    assert zh.join_zh(quoted) == "“生活小窍门”“卫生知识”和“健康园地”"
    assert zh.join_zh(["《纲要》", "《条例》", "规定"], "、") == "《纲要》《条例》、规定"


def test_join_zh_refuses_a_missing_item() -> None:
    with pytest.raises(TemplateError):
        zh.join_zh(["甲", None])


def test_enum_zh() -> None:
    assert zh.enum_zh(["更新宣传栏。", "购置图书；", "增设健身器材"]) == (
        "一是更新宣传栏；二是购置图书；三是增设健身器材"
    )
    assert zh.enum_zh(["只有一条。"]) == "只有一条"
    assert zh.enum_zh([]) == ""
    eleven = zh.enum_zh([f"第{i}条" for i in range(1, 12)])
    assert eleven.startswith("一是第1条；二是第2条；")
    assert eleven.endswith("；十是第10条；十一是第11条")


def test_enum_zh_sees_through_the_data_wrappers() -> None:
    # A clause the template built: its own text around data that ends with a full stop.
    built = f"增设了{USER_OPEN}健身器材。{USER_CLOSE}\n  "
    result = zh.enum_zh([built, "购置图书"])
    assert result == f"一是增设了{USER_OPEN}健身器材{USER_CLOSE}；二是购置图书"


def test_quote() -> None:
    assert zh.quote("生活小窍门") == "“生活小窍门”"
    assert zh.quote("“科教进社区”") == "“科教进社区”"
    assert zh.quote("学习“两会”精神") == "“学习‘两会’精神”"
    # Quoted at both ends but two quotations: still needs the outer quotes.
    assert zh.quote("“甲”和“乙”") == "“‘甲’和‘乙’”"


def test_clause_and_sentence() -> None:
    assert zh.clause("让居民受益。") == "让居民受益"
    assert zh.clause("一、二，") == "一、二"
    assert zh.sentence("社区还建立了例会制度") == "社区还建立了例会制度。"
    assert zh.sentence("社区还建立了例会制度；") == "社区还建立了例会制度。"
    assert zh.sentence("效果很好！") == "效果很好！"
    assert zh.sentence("居民说：“很好。”") == "居民说：“很好。”"
    assert zh.sentence("营造“学科学”") == "营造“学科学”。"


@pytest.mark.parametrize("end", ["！", "？", "!", "?", "……", "…", "...", "⋯⋯", "！。"])
def test_clause_drops_an_exclamation_question_or_ellipsis(end: str) -> None:
    # The template adds its own mark after a clause: 经费不足！； or 工作？。 would read wrong.
    assert zh.clause(f"经费不足{end}") == "经费不足"
    assert zh.enum_zh([f"经费不足{end}", f"人手少{end}"]) == "一是经费不足；二是人手少"
    assert zh.clause(f"{USER_OPEN}经费不足{end}{USER_CLOSE}") == f"{USER_OPEN}经费不足{USER_CLOSE}"


@pytest.mark.parametrize("end", ["！", "？", "!", "?", "……", "…", "...", "⋯⋯"])
def test_sentence_keeps_an_exclamation_question_or_ellipsis_without_a_full_stop(end: str) -> None:
    assert zh.sentence(f"效果很好{end}") == f"效果很好{end}"
    assert zh.sentence(f"{USER_OPEN}效果很好{end}{USER_CLOSE}") == (
        f"{USER_OPEN}效果很好{end}{USER_CLOSE}"
    )
    assert zh.sentence(f"效果很好{end}；") == f"效果很好{end}"


def test_sentence_turns_a_half_width_stop_into_a_full_one() -> None:
    assert zh.sentence("效果很好.") == "效果很好。"
    assert zh.sentence("效果很好，") == "效果很好。"


@pytest.mark.parametrize(
    ("title", "kind", "expected"),
    [
        ("健康知识讲座", "讲座", "健康知识讲座"),
        ("青少年法制培训", "培训", "青少年法制培训"),
        ("迎新春联欢会", "文艺演出", "迎新春联欢会"),
        ("崇尚科学，破除迷信", "讲座", "“崇尚科学，破除迷信”专题讲座"),
        ("婚育新风进万家", "宣传", "“婚育新风进万家”宣传活动"),
        ("走进消防中队，远离火灾隐患", "参观", "“走进消防中队，远离火灾隐患”参观活动"),
        ("同度中秋、迎国庆", "文艺演出", "“同度中秋、迎国庆”文艺演出"),
        ("学雷锋、树新风活动", "其他", "“学雷锋、树新风活动”"),
        ("科普进万家", None, "“科普进万家”活动"),
    ],
)
def test_event_name(title: str, kind: str | None, expected: str) -> None:
    assert zh.event_name(title, kind) == expected


def test_split_title_keeps_a_title_that_fits_one_line() -> None:
    assert zh.split_title("创建科普示范社区工作总结") == ("创建科普示范社区工作总结",)
    # 19 full-width widths: the four digits count two.
    assert zh.split_title("城里社区2020年创建科普示范社区工作总结") == (
        "城里社区2020年创建科普示范社区工作总结",
    )


def test_split_title_breaks_a_long_title_at_a_natural_place() -> None:
    assert zh.split_title("兴安街道城里社区2020年创建科普示范社区工作总结") == (
        "兴安街道城里社区2020年",
        "创建科普示范社区工作总结",
    )
    assert zh.split_title("兴安街道城里社区关于创建省级科普示范社区工作情况的总结") == (
        "兴安街道城里社区",
        "关于创建省级科普示范社区工作情况的总结",
    )


def test_split_title_never_breaks_inside_quotes_or_numbers() -> None:
    title = "城里社区开展“崇尚科学破除迷信弘扬文明新风”主题活动情况汇报"
    lines = zh.split_title(title)
    assert len(lines) == 2
    assert lines[0].count("“") == lines[0].count("”")


@given(st.text(alphabet="社区科普工作总结创建示范年度城里兴安街道“”，、0123456789", max_size=60))
def test_split_title_loses_nothing(title: str) -> None:
    lines = zh.split_title(title)
    assert "".join(lines) == title.strip()
    assert 1 <= len(lines) <= 2
    assert all(lines) or lines == ("",)
    if len(lines) == 2:
        assert not (lines[0][-1].isdigit() and lines[1][0].isdigit())


def test_event_names_quotes_a_series_alike() -> None:
    from types import SimpleNamespace as Activity

    lectures = [
        Activity(title="健康知识讲座", kind="讲座"),
        Activity(title="安全讲座", kind="讲座"),
    ]
    assert zh.event_names(lectures) == ["健康知识讲座", "安全讲座"]  # none needs quotes
    mixed = [
        Activity(title="迎新春联欢会", kind="文艺演出"),
        Activity(title="同度中秋、迎国庆", kind="文艺演出"),
        Activity(title="义务植树活动", kind="其他"),
        Activity(title="“五老”讲传统", kind="讲座"),
        Activity(title="青少年法制培训", kind="培训"),
    ]
    assert zh.event_names(mixed) == [
        "“迎新春联欢会”",
        "“同度中秋、迎国庆”文艺演出",
        "“义务植树”活动",  # the generic word stays outside the quotes
        "“‘五老’讲传统”专题讲座",
        "青少年法制培训",  # ends in its kind: a description, not a title
    ]
    assert zh.event_names(lectures, True) == ["“健康知识讲座”", "“安全讲座”"]
    assert zh.event_names([]) == []


def test_every_helper_is_a_filter() -> None:
    for name in zh.__all__:
        if name in ("FILTERS", "split_title"):
            continue
        assert zh.FILTERS[name] is getattr(zh, name)
