"""Values as a secretary types them (docs/data-format.md, 值的写法): one test per row of the
table, per slip of an input method, the starter left as it is, and the limits of text and
numbers. Each normalisation is read, told as a located warning, and gives the document the
canonical form gives; whatever is not certain is refused with a located message."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.errors import DataError
from summary_gen.loading import load_text
from summary_gen.model import MonthDate, Summary
from summary_gen.render import render
from summary_gen.starter import starter_text
from summary_gen.templating.families import family_names
from summary_gen.text.quantity import Quantity
from summary_gen.writers.markdown import to_markdown

MINIMAL = "year: 2020\ncommunity:\n  name: 城里社区\n"
DATE = dt.date(2021, 3, 3)


def read(text: str) -> tuple[Summary, list[tuple[int, int, str, str]]]:
    """The summary and its warnings as (line, column, path, message)."""
    summary, warnings = load_text(text, "data.yaml")
    return summary, [(w.line, w.column, w.path, w.message) for w in warnings]


def refused(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(DataError) as info:
        load_text(text, "data.yaml")
    return [(p.line, p.column, p.path, p.message) for p in info.value.problems]


def document(text: str) -> str:
    return to_markdown(render(load_text(text, "data.yaml")[0], date=DATE))


# --- 0: none ------------------------------------------------------------------------------------


def test_counts_of_zero_leave_their_sentences_out_of_the_document() -> None:
    text = MINIMAL + (
        "organisation:\n  dedicated_staff: 0\n  teams:\n    - name: 科普志愿者服务队\n"
        "      members: 0\nfacilities:\n  funding:\n    self_raised: 0\n    grants: 0\n"
        "activities:\n  - title: 健康知识讲座\n    kind: 讲座\n    participants: 0\n"
        "figures:\n  materials: 0\n  consultations: 0\n"
    )
    markdown = document(text)
    for wording in ("0名", "（0人）", "0人", "0元", "0份", "0人次", "配备"):
        assert wording not in markdown
    assert "科普志愿者服务队" in markdown and "健康知识讲座" in markdown
    assert markdown == document(
        MINIMAL + "organisation:\n  teams:\n    - name: 科普志愿者服务队\n"
        "activities:\n  - title: 健康知识讲座\n    kind: 讲座\n"
    )


def test_a_count_is_still_never_negative() -> None:
    assert refused(MINIMAL + "  households: -5\n") == [
        (4, 15, "community.households", "数量不能为负数")
    ]


# --- units the field expects ------------------------------------------------------------------

UNITS = [
    ("  households: 1200户\n", "community.households", "1200户", "1200", "户"),
    ("  households: 1200 户\n", "community.households", "1200 户", "1200", "户"),
    ("  population: 9800余人\n", "community.population", "9800余人", "9800余", "人"),
    ("figures:\n  events: 24场\n", "figures.events", "24场", "24", "场"),
    ("figures:\n  events: 24场次\n", "figures.events", "24场次", "24", "场次"),
    ("figures:\n  events: 20场次以上\n", "figures.events", "20场次以上", "20以上", "场次"),
    ("figures:\n  materials: 5000份\n", "figures.materials", "5000份", "5000", "份"),
    ("figures:\n  consultations: 800人次\n", "figures.consultations", "800人次", "800", "人次"),
    (
        "organisation:\n  teams:\n    - name: 志愿队\n      members: 80人\n",
        "organisation.teams[0].members",
        "80人",
        "80",
        "人",
    ),
    (
        "activities:\n  - title: 讲座\n    participants: 80人次\n",
        "activities[0].participants",
        "80人次",
        "80",
        "人次",
    ),
    (
        "facilities:\n  funding:\n    self_raised: 1.5万元\n",
        "facilities.funding.self_raised",
        "1.5万元",
        "1.5万",
        "元",
    ),
    (
        "facilities:\n  items:\n    - name: 图书\n      unit: 册\n      count: 300册\n",
        "facilities.items[0].count",
        "300册",
        "300",
        "册",
    ),
]


@pytest.mark.parametrize(
    ("part", "path", "typed", "value", "unit"), UNITS, ids=[u[2] for u in UNITS]
)
def test_the_unit_a_field_expects_is_dropped_with_a_located_warning(
    part: str, path: str, typed: str, value: str, unit: str
) -> None:
    text = MINIMAL + part
    line = text.count("\n", 0, text.index(typed)) + 1
    column = text.index(typed) - text.rindex("\n", 0, text.index(typed))
    _summary, warnings = read(text)
    assert warnings == [(line, column, path, f"“{typed}”已读作 {value}：单位“{unit}”不必写")]
    assert document(text) == document(text.replace(typed, value))


@pytest.mark.parametrize(
    ("part", "path", "message"),
    [
        (
            "  households: 1200人\n",
            "community.households",
            "“1200人”：这里的单位应为“户”，不是“人”；也可以只写数字",
        ),
        (
            "figures:\n  events: 24个\n",
            "figures.events",
            "“24个”：这里的单位应为“场次”或“场”或“次”，不是“个”；也可以只写数字",
        ),
        (
            "figures:\n  consultations: 800人\n",
            "figures.consultations",
            "“800人”：这里的单位应为“人次”，不是“人”；也可以只写数字",
        ),
        (
            "facilities:\n  items:\n    - name: 图书\n      unit: 册\n      count: 300套\n",
            "facilities.items[0].count",
            "“300套”：这里的单位应为“册”，不是“套”；也可以只写数字",
        ),
    ],
)
def test_a_unit_that_does_not_fit_is_an_error_naming_the_expected_one(
    part: str, path: str, message: str
) -> None:
    [(_line, _column, found_path, found)] = refused(MINIMAL + part)
    assert (found_path, found) == (path, message)


def test_an_item_without_a_unit_takes_the_one_its_count_carries() -> None:
    text = (
        MINIMAL
        + "facilities:\n  items:\n    - name: 科普图书\n      action: 购置\n      count: 300余册\n"
    )
    summary, warnings = read(text)
    item = summary.facilities.items[0]
    assert (item.unit, str(item.count)) == ("册", "300余")
    assert warnings == [
        (8, 14, "facilities.items[0].count", "“300余册”已读作 300余：单位“册”已记作 unit: 册")
    ]
    canonical = text.replace("count: 300余册", "count: 300余\n      unit: 册")
    assert document(text) == document(canonical)


# --- Chinese numerals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        *(("三十", "30"), ("三百余", "300余"), ("两千多", "2000多"), ("近千", "近1000")),
        *(("一万二", "12000"), ("十余", "10余"), ("约五百", "约500"), ("三千五百", "3500")),
    ],
)
def test_chinese_numerals_are_read_and_printed_in_arabic(typed: str, value: str) -> None:
    text = MINIMAL + f"participation:\n  volunteers: {typed}\n"
    summary, warnings = read(text)
    assert str(summary.participation.volunteers) == value
    assert warnings == [
        (5, 15, "participation.volunteers", f"“{typed}”已读作 {value}：统计数字用阿拉伯数字")
    ]
    markdown = document(text)
    assert value in markdown and typed not in markdown
    assert markdown == document(text.replace(typed, value))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("三四百", "“三四百”像是一个约数范围：请写成一个数，如 约350 或 300余"),
        ("三十x", "“三十x”：这里的单位应为“人”或“名”，不是“x”；也可以只写数字"),
        (
            "十十",
            "“十十”不是有效的数量：应写阿拉伯数字，可带一个限定词，例如 300、300余、8600多、20以上、约500、2.4万",
        ),
    ],
)
def test_what_is_no_one_number_is_refused(typed: str, message: str) -> None:
    text = MINIMAL + f"participation:\n  volunteers: {typed}\n"
    assert refused(text) == [(5, 15, "participation.volunteers", message)]


def test_a_chinese_numeral_in_prose_stays_as_written() -> None:
    text = MINIMAL + (
        "activities:\n  - title: 三十年社庆\n    description: 社区成立三十年，参与居民一千余人\n"
        "    participants: 三百\n"
    )
    summary, warnings = read(text)
    assert summary.activities[0].title == "三十年社庆"
    assert summary.activities[0].description == "社区成立三十年，参与居民一千余人"
    assert [path for _, _, path, _ in warnings] == ["activities[0].participants"]
    assert "三十年" in document(text)


def test_arabic_numerals_do_not_import_cn2an() -> None:
    # cn2an takes about a second to import: only a value with a Chinese numeral pays for it.
    example = Path(__file__).resolve().parent.parent / "examples" / "城里社区.yaml"
    code = (
        "import sys; from summary_gen.loading import load_summary; "
        f"load_summary({str(example)!r}); print('cn2an' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- thousands separators -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value"), [("1,200", 1200), ("1，200", 1200), ("12,000", 12000)])
def test_separators_in_groups_of_three_are_read(typed: str, value: int) -> None:
    summary, warnings = read(MINIMAL + f"  households: {typed}\n")
    assert summary.community.households == Quantity(str(value), value)
    assert warnings == [
        (4, 15, "community.households", f"“{typed}”已读作 {value}：千位分隔符不必写")
    ]


@pytest.mark.parametrize("typed", ["1，2000", "1,20", "12,00,000", ",200"])
def test_separators_out_of_place_are_refused_never_guessed(typed: str) -> None:
    [(line, column, path, message)] = refused(MINIMAL + f"  households: '{typed}'\n")
    assert (line, column, path) == (4, 15, "community.households")
    if typed.startswith(","):
        assert message.startswith(f"“{typed}”不是有效的数量")
    else:
        assert message == (
            f"“{typed}”：千位分隔符的位置不对（应每三位一个，如 12,000），无法确定是哪个数；"
            "请不写分隔符，直接写数字，如 12000"
        )


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2021年3月15日", "2021/3/15", "2021.3.15", "2021年3月15号"])
def test_dates_as_chinese_text_and_spreadsheets_write_them(typed: str) -> None:
    summary, warnings = read(MINIMAL + f"date: {typed}\n")
    assert summary.date == dt.date(2021, 3, 15)
    assert warnings == [(4, 7, "date", f"“{typed}”已读作 2021年3月15日；标准写法是 2021-03-15")]


@pytest.mark.parametrize(
    ("typed", "when", "shown", "canonical"),
    [
        ("2020年6月", MonthDate(2020, 6), "2020年6月", "2020-06"),
        ("2020/6", MonthDate(2020, 6), "2020年6月", "2020-06"),
        ("2020.10", MonthDate(2020, 10), "2020年10月", "2020-10"),
        ("2020/6/5", MonthDate(2020, 6, 5), "2020年6月5日", "2020-06-05"),
    ],
)
def test_an_activity_date_may_be_a_month_in_any_form(
    typed: str, when: MonthDate, shown: str, canonical: str
) -> None:
    text = MINIMAL + f"activities:\n  - title: 讲座\n    date: {typed}\n"
    summary, warnings = read(text)
    assert summary.activities[0].date == when
    assert warnings == [
        (6, 11, "activities[0].date", f"“{typed}”已读作 {shown}；标准写法是 {canonical}")
    ]
    assert document(text) == document(text.replace(typed, canonical))


def test_canonical_dates_are_read_silently() -> None:
    assert (
        read(MINIMAL + "date: 2021-3-3\nactivities:\n  - title: 讲座\n    date: 2020-07\n")[1] == []
    )


def test_a_year_with_its_character() -> None:
    summary, warnings = read("year: 2020年\ncommunity:\n  name: 城里社区\n")
    assert summary.year == 2020
    assert warnings == [(1, 7, "year", "“2020年”已读作 2020：年份只写数字")]


# --- lists on one line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "path", "typed"),
    [
        (
            "figures:\n  topics: [防诈骗，垃圾分类，健康教育]\n",
            "figures.topics[0]",
            "防诈骗，垃圾分类，健康教育",
        ),
        (
            "figures:\n  topics: 防诈骗、垃圾分类、健康教育\n",
            "figures.topics",
            "防诈骗、垃圾分类、健康教育",
        ),
        (
            "figures:\n  topics: 防诈骗；垃圾分类；健康教育\n",
            "figures.topics",
            "防诈骗；垃圾分类；健康教育",
        ),
    ],
)
def test_a_list_of_names_on_one_line_is_parted(part: str, path: str, typed: str) -> None:
    text = MINIMAL + part
    summary, warnings = read(text)
    assert summary.figures.topics == ["防诈骗", "垃圾分类", "健康教育"]
    column = part.splitlines()[1].index(typed[0]) + 1
    assert warnings == [
        (
            5,
            column,
            path,
            f"“{typed}”已分成 3 项：“防诈骗”“垃圾分类”“健康教育”；列表的标准写法是每项另起一行，以“- ”开头",
        )
    ]
    markdown = document(text)
    assert "以防诈骗、垃圾分类、健康教育等为" in markdown
    assert markdown == document(MINIMAL + "figures:\n  topics: [防诈骗, 垃圾分类, 健康教育]\n")


def test_one_name_where_a_list_is_meant_and_a_separator_at_the_end() -> None:
    summary, warnings = read(
        MINIMAL + "figures:\n  topics: 健康教育\nparticipation:\n  partners: [辖区中学、]\n"
    )
    assert (summary.figures.topics, summary.participation.partners) == (["健康教育"], ["辖区中学"])
    assert warnings == [
        (
            5,
            11,
            "figures.topics",
            "“健康教育”读作只有一项的列表；列表的标准写法是每项另起一行，以“- ”开头",
        ),
        (7, 14, "participation.partners[0]", "“辖区中学、”已读作“辖区中学”"),
    ]


@pytest.mark.parametrize(
    "key",
    [
        "organisation:\n  bases",
        "organisation:\n  rules",
        "participation:\n  partners",
        "facilities:\n  items:\n    - name: 宣传栏\n      topics",
    ],
)
def test_every_list_of_names_is_parted(key: str) -> None:
    summary, warnings = read(MINIMAL + f"{key}: 甲单位、乙单位\n")
    part, name = key.split(":\n")[0], key.rsplit(" ", 1)[-1]
    holder = getattr(summary, part)
    items = getattr(holder.items[0] if part == "facilities" else holder, name)
    assert items == ["甲单位", "乙单位"]
    assert len(warnings) == 1


@pytest.mark.parametrize(
    "key",
    ["closing:\n  experience", "participation:\n  methods", "sections:\n  activities:\n    extra"],
)
def test_lists_of_sentences_are_never_parted(key: str) -> None:
    sentence = "利用宣传栏、横幅和微信群，开展宣传"
    text = MINIMAL + f"{key}:\n" + " " * (key.count("\n") * 2 + 2) + f"- {sentence}\n"
    summary, warnings = read(text)
    assert warnings == []
    assert summary.model_dump_json().count(sentence) == 1
    assert sentence in document(text)


def test_a_separator_in_quotes_or_a_number_parts_nothing() -> None:
    topics = ["“学科学、爱科学”宣传", "《人口与计划生育法》宣讲", "1,200户入户宣传"]
    text = MINIMAL + "figures:\n  topics:\n" + "".join(f"    - {t}\n" for t in topics)
    summary, warnings = read(text)
    assert (summary.figures.topics, warnings) == (topics, [])


# --- decimals for measures --------------------------------------------------------------------


def test_a_length_area_weight_or_money_may_be_a_decimal_a_count_of_things_not() -> None:
    text = MINIMAL + (
        "facilities:\n  funding:\n    grants: 2.4万元\n    self_raised: 3500.5\n  items:\n"
        "    - name: 健身步道\n      action: 新建\n      count: 5.5\n      unit: 公里\n"
    )
    summary, _ = read(text)
    assert summary.facilities.items[0].count == Quantity("5.5", 5.5)
    assert summary.facilities.funding.self_raised == Quantity("3500.5", 3500.5)
    assert "5.5公里" in document(text)
    book = MINIMAL + "facilities:\n  items:\n    - name: 图书\n      unit: 册\n      count: 2.5\n"
    assert refused(book) == [
        (
            8,
            14,
            "facilities.items[0].count",
            "“2.5”：数量应为整数（小数只能用在“万”“亿”之前，如 2.4万）",
        )
    ]
    assert (
        refused(MINIMAL + "participation:\n  volunteers: 2.5\n")[0][2] == "participation.volunteers"
    )


# --- activity kinds -----------------------------------------------------------------------------


@pytest.mark.parametrize("family", family_names())
@pytest.mark.parametrize(
    ("kind", "verb"),
    [
        ("志愿服务", "开展了"),
        ("展览", "举办了"),
        ("义诊", "开展了"),
        ("比赛", "举办了"),
        ("会议", "召开了"),
    ],
)
def test_the_new_activity_kinds_are_read_and_told(family: str, kind: str, verb: str) -> None:
    text = (
        f"template: {family}\n"
        + MINIMAL
        + (f"activities:\n  - title: 社区科普{kind}\n    kind: {kind}\n    date: 2020-05\n")
    )
    summary, _ = read(text)
    assert summary.activities[0].kind == kind
    # A name that does not end in its kind is quoted (开展了“社区科普义诊”活动).
    assert re.search(f"{verb}“?社区科普{kind}", document(text))


# --- slips of an input method ---------------------------------------------------------------


def test_a_full_width_colon_after_a_key_is_read_on_with_a_warning() -> None:
    text = "year：2020\ncommunity：\n  name：城里社区\n  households：三十x\n"
    # The value is told where the file has it, though a space was put in after the colon.
    assert refused(text) == [
        (4, 14, "community.households", "“三十x”：这里的单位应为“户”，不是“x”；也可以只写数字")
    ]
    summary, warnings = read("year：2020\ncommunity：\n  name：城里社区\n  households： 300\n")
    assert (summary.year, summary.community.name) == (2020, "城里社区")
    assert warnings == [
        (
            line,
            column,
            "",
            f"“{key}”后面是全角冒号“：”，已按“{key}: ”读入；请改成半角冒号加一个空格",
        )
        for line, column, key in [
            (1, 5, "year"),
            (2, 10, "community"),
            (3, 7, "name"),
            (4, 13, "households"),
        ]
    ]


def test_a_full_width_colon_after_a_word_that_is_no_key_is_named_where_yaml_fails() -> None:
    text = MINIMAL + "  备注：无\n  remark：无\n  - 讲座\n"
    assert refused(text) == [
        (4, 5, "", "“备注”后面是全角冒号“：”：键后面应写半角冒号加一个空格，如“备注: ”")
    ]
    assert refused(MINIMAL + "  remark：无\n  - 讲座\n") == [
        (4, 9, "", "“remark”后面是全角冒号“：”：键后面应写半角冒号加一个空格，如“remark: ”")
    ]
    # Inside text it is text: a description may say 时间：上午.
    summary, warnings = read(MINIMAL + "  location: 时间：上午\n")
    assert (summary.community.location, warnings) == ("时间：上午", [])


def test_a_value_that_starts_with_a_quote_and_goes_on_is_read_with_chinese_quotes() -> None:
    text = MINIMAL + 'activities:\n  - title: "美丽乡村"文艺汇演\n    kind: 文艺演出\n'
    summary, warnings = read(text)
    assert summary.activities[0].title == "“美丽乡村”文艺汇演"
    assert warnings == [
        (
            5,
            12,
            "",
            '值以直引号 " 开头、引号后面还有文字，已读作 “美丽乡村”文艺汇演：'
            "YAML 把开头的引号当作整个值的引号，请改用中文引号 “”",
        )
    ]
    assert "“美丽乡村”文艺汇演" in document(text)


def test_two_slips_on_one_line_are_each_located_in_the_file() -> None:
    _summary, warnings = read(MINIMAL + 'title："美丽乡村"文艺汇演\n')
    assert [(line, column) for line, column, _, _ in warnings] == [(4, 6), (4, 7)]


def test_a_quoted_start_that_cannot_be_read_as_text_is_an_error() -> None:
    text = MINIMAL + 'title: "美丽乡村": 汇演\n'
    assert refused(text) == [
        (
            4,
            8,
            "",
            '值以直引号 " 开头、引号后面还有文字“: 汇演”：YAML 把开头的引号当作整个值的引号。'
            "请改用中文引号 “”，或把整个值放进 '…' 里",
        )
    ]


def test_quotes_around_a_whole_value_are_no_slip() -> None:
    summary, warnings = read(MINIMAL + "title: \"美丽乡村\"  # 注释\nsignatory: '城里社区'\n")
    assert (summary.title, summary.signatory, warnings) == ("美丽乡村", "城里社区", [])


def test_full_width_spaces_as_indentation_are_an_error() -> None:
    text = "year: 2020\ncommunity:\n\u3000\u3000name: 城里社区\n\u3000 households: 300\n"
    message = (
        "行首用了全角空格“　”缩进：YAML 只能用半角空格缩进。"
        "请删去这些全角空格，改用半角空格（切换到英文输入法后按空格键）"
    )
    assert refused(text) == [(3, 1, "", message), (4, 1, "", message)]


def test_full_width_spaces_inside_a_block_of_text_are_text() -> None:
    text = (
        MINIMAL + "closing:\n  experience:\n    - |\n      \u3000\u3000只有不断创新，才能深入人心\n"
    )
    summary, _ = read(text)
    assert summary.closing.experience == ["只有不断创新，才能深入人心"]


def test_all_slips_are_told_at_once() -> None:
    text = (
        "year：2020\ncommunity:\n\u3000\u3000name: 城里社区\n"
        'title: "美丽乡村": 汇演\nactivities:\n\u3000- title: 讲座\n'
    )
    assert [(line, column) for line, column, _, _ in refused(text)] == [(3, 1), (4, 8), (6, 1)]


def test_a_slip_is_refused_through_the_cli_with_no_output(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("year: 2020\ncommunity:\n\u3000\u3000name: 城里社区\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "md"])
    assert result.exit_code == 1
    assert f"{data}:3:1: 行首用了全角空格" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data.md").exists()


# --- the starter left as it is -------------------------------------------------------------------


@pytest.mark.parametrize("family", family_names())
def test_a_starter_left_as_it_is_is_told_with_its_sample_names(family: str) -> None:
    text = starter_text(family)
    summary, warnings = read(text)
    [(line, _column, path, message)] = warnings
    assert path == "community.name"
    assert text.splitlines()[line - 1].lstrip().startswith(f"name: {summary.community.name}")
    assert f"社区名称“{summary.community.name}”" in message
    leader = summary.organisation.leading_group.leader
    assert f"组长“{leader}”" in message
    assert message.endswith(
        "还是 summary-gen init 样例里的内容，会写进总结：请改成你们社区的实际情况"
    )
    # Filled in, it is a community's own file.
    name, leader_line = f"name: {summary.community.name}", f"leader: {leader}"
    mine = text.replace(name, "name: 幸福社区").replace(leader_line, "leader: 周文")
    assert read(mine)[1] == []


def test_one_name_shared_with_a_sample_is_no_warning() -> None:
    # 城里社区 is the bundled example's; a name alone proves nothing.
    assert read(MINIMAL + "  street: 兴华街道\n")[1] == []


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_a_build_reads_no_yaml_with_the_pure_python_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file that may still be a starter is compared with the starters: with PyYAML's
    # pure-Python parser, reading them cost some 20 ms of a run.
    from summary_gen import starter

    data = tmp_path / "data.yaml"
    data.write_text(starter_text("kepu"), encoding="utf-8")
    starter._sample.cache_clear()
    monkeypatch.setattr(yaml.SafeLoader, "__init__", _refused)
    result = CliRunner().invoke(app, ["build", str(data), "-o", str(tmp_path / "o.md")])
    parsed = starter._sample.cache_info().currsize
    starter._sample.cache_clear()
    assert result.exit_code == 0, result.output
    assert parsed > 0  # the starters were read, by libyaml


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("the pure-Python YAML parser was used")


def test_a_file_that_shares_no_two_names_with_a_starter_parses_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Parsing the starters is for a file that may still be one: other files go without.
    from summary_gen import starter

    def parsed(path: Path) -> None:
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(starter, "_sample", parsed)
    assert read("year: 2020\ncommunity:\n  name: 幸福社区\n  street: 兴华街道\n")[1] == []


def test_init_names_the_file_it_writes_in_its_comments(tmp_path: Path) -> None:
    data = tmp_path / "mydata.yaml"
    assert CliRunner().invoke(app, ["init", str(data)]).exit_code == 0
    text = data.read_text(encoding="utf-8")
    assert f"summary-gen validate {data}" in text and f"summary-gen build {data}" in text
    assert "data.yaml" not in text.replace("mydata.yaml", "")
    spaced = starter_text("kepu", (), "我的 数据.yaml")
    assert 'summary-gen validate "我的 数据.yaml"' in spaced


def test_validating_the_starter_warns(tmp_path: Path) -> None:
    data = tmp_path / "mydata.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(data)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(data)])
    assert result.exit_code == 0
    assert "样例里的内容" in result.stderr and "社区名称“城南社区”" in result.stderr


# --- limits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "line", "column", "path", "message"),
    [
        (
            f"title: {'长' * 61}\n",
            4,
            8,
            "title",
            "太长：61 字，这里最多 60 字（标题、名称只占一行）",
        ),
        (
            f"activities:\n  - title: 讲座\n    description: {'说' * 501}\n",
            6,
            18,
            "activities[0].description",
            "太长：501 字，这里最多 500 字（内容多时可以分成几项）",
        ),
        (
            f"figures:\n  extra:\n    - label: {'名' * 21}\n      value: 1\n",
            6,
            14,
            "figures.extra[0].label",
            "太长：21 字，这里最多 20 字（名称、单位只写几个字）",
        ),
        (
            f"sections:\n  activities:\n    extra:\n      - {'段' * 1001}\n",
            7,
            9,
            "sections.activities.extra[0]",
            "太长：1001 字，这里最多 1000 字（内容多时可以分成几段）",
        ),
    ],
)
def test_text_has_a_sane_length(part: str, line: int, column: int, path: str, message: str) -> None:
    assert refused(MINIMAL + part) == [(line, column, path, message)]


def test_a_title_of_ten_thousand_characters_is_refused_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(MINIMAL + f"title: {'长' * 10_000}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(data), "-f", "md"])
    assert result.exit_code == 1
    assert f"{data}:4:8: title：太长：10000 字，这里最多 60 字" in result.stderr
    assert not (tmp_path / "data.md").exists()


@pytest.mark.parametrize("digits", [13, 5000])
def test_an_implausible_magnitude_is_refused_at_its_line(tmp_path: Path, digits: int) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(MINIMAL + f"  households: {'9' * digits}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(data)])
    assert result.exit_code == 1
    shown = "9" * digits if digits <= 20 else "9" * 20 + "…"
    assert result.stderr.strip() == (
        f"{data}:4:15: community.households：“{shown}”：数字太大（超过 12 位，即 1万亿 以上），请核对"
    )
    assert "Traceback" not in result.stderr


def test_the_largest_plausible_count_is_read() -> None:
    summary, _ = read(MINIMAL + "  households: 999999999999\n")
    assert summary.community.households == Quantity("999999999999", 999_999_999_999)
