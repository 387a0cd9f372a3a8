"""The Chinese helpers, each checked against values written out by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summary_gen.errors import TemplateError
from summary_gen.model import MonthDate
from summary_gen.model.parts import ActivityKind
from summary_gen.templating.protocol import USER_CLOSE, USER_OPEN, finalize
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
        # A plain name that ends in a word for an event is told as it is.
        ("健康知识讲座", "讲座", "健康知识讲座"),
        ("青少年法制培训", "培训", "青少年法制培训"),
        ("迎新春联欢会", "文艺演出", "迎新春联欢会"),
        ("老年人智能手机培训班", "培训", "老年人智能手机培训班"),
        ("快乐成长暑期班", "培训", "快乐成长暑期班"),
        ("河道清洁行动", "其他", "河道清洁行动"),
        ("义务植树活动", "其他", "义务植树活动"),
        # A title that names its own kind is told without the kind again.
        ("老年人防诈骗讲座", "讲座", "老年人防诈骗讲座"),
        ("邻里文化节文艺汇演", "文艺演出", "邻里文化节文艺汇演"),
        ("法律援助咨询", "咨询", "法律援助咨询活动"),
        ("防灾减灾宣传周", "宣传", "防灾减灾宣传周活动"),
        ("红色教育基地参观", "参观", "红色教育基地参观活动"),
        # A name that says what was done describes the activity: not quoted.
        ("义务理发", "其他", "义务理发活动"),
        ("参观市科技馆", "参观", "参观市科技馆活动"),
        ("结对帮扶困难学生", "其他", "结对帮扶困难学生活动"),
        # A title with quotes of its own is not wrapped again.
        ("“绿色小卫士”环保夏令营", "其他", "“绿色小卫士”环保夏令营"),
        ("“五老”进校园", "其他", "“五老”进校园主题活动"),
        ("《民法典》宣传", "宣传", "《民法典》宣传活动"),
        # Slogans and themes are quoted, with their kind after them.
        ("崇尚科学，破除迷信", "讲座", "“崇尚科学，破除迷信”专题讲座"),
        ("婚育新风进万家", "宣传", "“婚育新风进万家”宣传活动"),
        ("走进消防中队，远离火灾隐患", "参观", "“走进消防中队，远离火灾隐患”参观活动"),
        ("同度中秋、迎国庆", "文艺演出", "“同度中秋、迎国庆”文艺演出"),
        ("学雷锋、讲文明、除陋习、见行动", "其他", "“学雷锋、讲文明、除陋习、见行动”主题活动"),
        ("学雷锋、树新风活动", "其他", "“学雷锋、树新风”活动"),
        ("清明祭英烈", "其他", "“清明祭英烈”主题活动"),
        ("科普进万家", None, "“科普进万家”主题活动"),
    ],
)
def test_event_name(title: str, kind: str | None, expected: str) -> None:
    assert zh.event_name(title, kind) == expected


def test_every_kind_of_the_model_has_its_words() -> None:
    # A kind added to the data format must be told: its verb, its noun, its group.
    kinds = get_args(ActivityKind)
    assert set(kinds) <= set(zh.EVENT_KINDS)
    for kind in kinds:
        words = zh.event_kind(kind)
        assert words.verb.endswith("了")
        assert words.group in ("learning", "publicity", "practice", "performances")
    assert zh.event_kind(None) == zh.EVENT_KINDS["其他"]
    with pytest.raises(TemplateError, match="EVENT_KINDS"):
        zh.event_kind("舞会")


def test_kinds_another_branch_adds_are_told_already() -> None:
    for kind, name in [
        ("志愿服务", "开展了“温暖邻里”志愿服务活动"),
        ("展览", "举办了“光辉历程”展览"),
        ("义诊", "开展了“健康进万家”义诊活动"),
        ("比赛", "举办了“全民健身”比赛"),
        ("会议", "召开了“居民议事”会议"),
    ]:
        title = name[name.index("“") + 1 : name.index("”")]
        assert zh.event_kind(kind).verb + zh.event_name(title, kind) == name


def activity(title: str, kind: str | None = None, **details: Any) -> SimpleNamespace:
    fields = dict.fromkeys(("date", "partner", "audience", "participants", "description"))
    fields.update(details)
    if isinstance(fields["date"], str):
        year, month, *day = map(int, fields["date"].split("-"))
        fields["date"] = MonthDate(year=year, month=month, day=day[0] if day else None)
    if fields["participants"] is not None:
        fields["participants"] = Quantity.parse(fields["participants"])
    return SimpleNamespace(title=title, kind=kind, **fields)


def test_event_clauses_in_date_order_each_led_by_its_date() -> None:
    series = [
        activity(
            "老年人防诈骗讲座", "讲座", date="2022-05-18", partner="长青派出所", participants=120
        ),
        activity("法律援助咨询", "咨询", date="2022-03-15", participants=80),
        activity("科普知识竞赛", "竞赛", date="2022-05"),
        activity("结对帮扶困难学生", "其他", participants=9, description="定期上门辅导功课。"),
        activity("健康知识讲座", "讲座"),
        activity("安全知识讲座", "讲座"),
    ]
    assert zh.event_clauses(series) == [
        "3月15日，开展了法律援助咨询活动，80名居民参加",
        "5月，举办了科普知识竞赛",
        "5月18日，联合长青派出所举办了老年人防诈骗讲座，120名居民参加",
        # The first without a date belongs to no date before it.
        "此外，开展了结对帮扶困难学生活动，定期上门辅导功课，9名居民参加",
        # Those with nothing but a name share one clause, by their verb.
        "举办了健康知识讲座和安全知识讲座",
    ]


def test_event_clauses_tell_the_audience_once() -> None:
    young = activity("科技馆参观", "参观", audience="辖区中小学生", participants="约40")
    assert zh.event_clauses([young]) == ["组织了科技馆参观活动，约40名辖区中小学生参加"]
    unnamed = activity("科技馆参观", "参观", audience="辖区中小学生")
    assert zh.event_clauses([unnamed]) == ["面向辖区中小学生组织了科技馆参观活动"]
    counted = activity("清明祭英烈", participants="20以上")
    assert zh.event_clauses([counted], "青少年") == [
        "开展了“清明祭英烈”主题活动，20名以上青少年参加"
    ]


def test_event_clauses_put_the_subject_after_the_first_date() -> None:
    one = activity("防范电信诈骗宣传", "宣传", date="2021-06-16", participants=150)
    assert zh.event_clauses([one], subject="社区") == [
        "6月16日，社区开展了防范电信诈骗宣传活动，150名居民参加"
    ]
    plain = [activity("健康知识讲座", "讲座"), activity("急救培训", "培训")]
    assert zh.event_clauses(plain, subject="社区还") == ["社区还举办了健康知识讲座和急救培训"]
    assert zh.event_clauses([]) == []


def test_attendance_counts_people_not_visits() -> None:
    assert zh.attendance(q(120)) == "120名居民参加"
    assert zh.attendance(q("300余"), "青少年") == "300余名青少年参加"
    assert "人次" not in zh.attendance(q("约80"))


@pytest.mark.parametrize(
    ("label", "value", "unit", "expected"),
    [
        # Totals and rates reach (达) a figure.
        ("受教育青少年", "2100", "人次", "受教育青少年达2100人次"),
        ("发放慰问金", "2.4万", "元", "发放慰问金达2.4万元"),
        ("绿化覆盖率", "38.5", "%", "绿化覆盖率达38.5%"),
        ("覆盖率", "约90", "%", "覆盖率约90%"),
        # A count of people or places is a fact.
        ("结对帮扶困难学生", "9", "名", "结对帮扶困难学生9名"),
        ("建成垃圾分类示范小区", "3", "个", "建成垃圾分类示范小区3个"),
        # An honour: who won it, then the honour.
        ("获评“最美家庭”", "5", "户", "5户家庭获评“最美家庭”"),
        ("获评“优秀志愿者”", "12", "名", "12人获评“优秀志愿者”"),
        ("荣获市级表彰", "3", "人", "3人荣获市级表彰"),
        ("获评“文明楼院”", "4", "栋", "获评“文明楼院”的有4栋"),
    ],
)
def test_figure(label: str, value: str, unit: str, expected: str) -> None:
    item = SimpleNamespace(label=label, value=q(value), unit=unit)
    told = zh.figure(item)
    # Data, label and unit alike: joined with a template's own text, never checked as that text.
    assert told == finalize(expected)


@pytest.mark.parametrize(
    ("count", "runs"),
    [(0, []), (1, [1]), (5, [5]), (6, [3, 3]), (7, [4, 3]), (11, [4, 4, 3]), (13, [5, 4, 4])],
)
def test_event_runs_of_five_at_most_as_even_as_can_be(count: int, runs: list[int]) -> None:
    series = [activity(f"第{n}期讲座", "讲座", date=f"2022-{n}") for n in range(1, count + 1)]
    parts = zh.event_runs(series)
    assert [len(part) for part in parts] == runs
    # The clauses of event_clauses, in order; a later run is a paragraph of its own, so its
    # first clause names who did it.
    starts = {sum(map(len, parts[:index])) for index in range(1, len(parts))}
    assert [clause for part in parts for clause in part] == [
        clause.replace("，", "，社区", 1) if index in starts else clause
        for index, clause in enumerate(zh.event_clauses(series))
    ]


def test_event_runs_of_a_later_paragraph_name_the_subject_after_besides() -> None:
    series = [activity(f"第{n}期讲座", "讲座", date=f"2022-{n}") for n in range(1, 6)]
    series.append(activity("急救培训", "培训"))
    assert zh.event_runs(series, subject="社区关工委")[1] == [
        "4月，社区关工委举办了第4期讲座",
        "5月，举办了第5期讲座",
        "此外，举办了急救培训",
    ]


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


def test_event_names_quote_each_title_by_the_same_rule() -> None:
    series = [
        activity("迎新春联欢会", "文艺演出"),
        activity("同度中秋、迎国庆", "文艺演出"),
        activity("义务植树活动", "其他"),
        activity("“五老”讲传统", "讲座"),
    ]
    assert zh.event_names(series) == [
        "迎新春联欢会",  # a plain name beside a quoted slogan stays plain
        "“同度中秋、迎国庆”文艺演出",
        "义务植树活动",
        "“五老”讲传统专题讲座",  # not quoted again
    ]
    assert zh.event_names([]) == []


def test_every_helper_is_a_filter() -> None:
    for name in zh.__all__:
        if name in ("FILTERS", "EVENT_KINDS", "EventKind", "split_title"):
            continue
        assert zh.FILTERS[name] is getattr(zh, name)
