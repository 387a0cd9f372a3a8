"""Reading data files that are valid: values, encodings, text joining, and robustness."""

from __future__ import annotations

import codecs
import datetime as dt
import subprocess
import sys
from pathlib import Path

import cn2an  # noqa: F401  # imported once here (a second): no example below pays for it
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summary_gen.errors import DataError, Problem
from summary_gen.loading import load_summary, load_text
from summary_gen.model import (
    Activity,
    FacilityItem,
    MonthDate,
    Organisation,
    Summary,
    ValidationError,
)
from summary_gen.text.quantity import Quantity

FULL = """\
# 注释不影响数据
year: 2020
date: 2021-03-03
title: 创建科普示范社区工作总结
community:
  name: 城里社区
  street: 兴安街道
  location: 城区市中心
  households: 2600多
  population: 8600余
  area_km2: 1.2
  extra:
    - label: 耕地总面积
      value: 2.4万
      unit: 亩
organisation:
  leading_group:
    name: 社区科普工作领导小组
    leader: 王国亮
    leader_role: 社区主任
  dedicated_staff: 1
  bases: [科学教育基地]
  teams:
    - name: 科普志愿者服务队
      members: 30
facilities:
  funding: {self_raised: 5000, grants: 1万}
  items:
    - name: 科普图书
      action: 购置
      count: 300余
      unit: 册
      topics: [生活小窍门, 卫生知识]
activities:
  - title: 健康知识讲座
    kind: 讲座
    date: 2020-05
    participants: 约80
  - title: 消防演练
    kind: 参观
    date: 2020-11-09
figures:
  events: 20以上
  materials: 40000
  topics: [健康教育, 环保]
  extra:
    - {label: 绿化覆盖率, value: 38.5, unit: "%"}
participation:
  volunteers: 30
  partners: [辖区中学]
closing:
  plans: [坚持“科教进社区”活动经常化、制度化]
sections:
  activities:
    heading: 找准契机，开展科普宣传活动
"""

MINIMAL = "year: 2020\ncommunity:\n  name: 城里社区\n"


def test_full_file_reads_every_group() -> None:
    summary, warnings = load_text(FULL, "data.yaml")
    assert warnings == []
    assert summary.year == 2020
    assert summary.date == dt.date(2021, 3, 3)
    assert summary.community.name == "城里社区"
    assert summary.community.households is not None
    assert summary.community.households.with_unit("户") == "2600多户"
    assert summary.community.population is not None
    assert summary.community.population.value == 8600
    assert summary.community.extra[0].value.value == 24000
    assert summary.organisation.leading_group.leader == "王国亮"
    assert summary.organisation.teams[0].members is not None
    assert summary.organisation.teams[0].members.value == 30
    assert summary.facilities.funding.grants is not None
    assert summary.facilities.funding.grants.value == 10000
    assert summary.facilities.items[0].topics == ["生活小窍门", "卫生知识"]
    first, second = summary.activities
    assert (first.date.year, first.date.month, first.date.day) == (2020, 5, None)  # type: ignore[union-attr]
    assert (second.date.year, second.date.month, second.date.day) == (2020, 11, 9)  # type: ignore[union-attr]
    assert first.participants is not None and first.participants.with_unit("人") == "约80人"
    assert summary.figures.events is not None
    assert summary.figures.events.with_unit("场次") == "20场次以上"
    assert summary.figures.extra[0].value.value == 38.5
    assert summary.sections.activities.heading == "找准契机，开展科普宣传活动"


def test_load_summary_reads_a_file_and_names_it_as_asked(tmp_path: Path) -> None:
    path = tmp_path / "城里社区.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    summary, warnings = load_summary(path)
    assert (summary.year, summary.community.name, warnings) == (2020, "城里社区", [])

    path.write_text(MINIMAL + "househods: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_summary(path, display_name="data.yaml")
    assert str(info.value.problems[0]).startswith("data.yaml:4:1: househods：")
    with pytest.raises(DataError) as info:
        load_summary(str(path))
    assert info.value.problems[0].file == str(path)


def test_absent_groups_default_and_events_stay_unknown() -> None:
    summary, _ = load_text(MINIMAL)
    assert summary.figures.events is None  # the renderer derives it from the activities
    assert summary.organisation == Organisation()
    assert summary.activities == []


def test_a_key_with_nothing_after_it_counts_as_absent() -> None:
    summary, _ = load_text(MINIMAL + "organisation:\ntitle:\ndate: ~\nfigures:\n  events: null\n")
    assert summary.organisation == Organisation()
    assert summary.title is None
    assert summary.date is None
    assert summary.figures.events is None


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("010010", "010010"),  # YAML 1.1 would read an octal number
        ("no", "no"),  # … a boolean
        ("on", "on"),
        ("1e3", "1e3"),  # … a float
        ("2020-01-01", "2020-01-01"),  # … a date
        ("0x1F", "0x1F"),
        ("'null'", "null"),  # quoted: the text, not None
        ("!!str 12", "12"),
        ("=", "="),
        ("<<", "<<"),
    ],
)
def test_scalars_stay_the_text_as_typed(written: str, read: str) -> None:
    # A unit takes any text, symbols included; a title needs words, so = and << go there.
    summary, _ = load_text(
        MINIMAL + f"figures:\n  extra:\n    - {{label: x, value: 1, unit: {written}}}\n"
    )
    assert summary.figures.extra[0].unit == read


def test_numbers_and_dates_are_read_from_text_by_the_model() -> None:
    summary, _ = load_text(
        'year: "2020"\ncommunity: {name: a, households: "0300"}\ndate: 2021-3-3\n'
    )
    assert summary.year == 2020
    assert summary.community.households is not None
    assert summary.community.households.value == 300
    assert summary.date == dt.date(2021, 3, 3)


def test_activity_dates_accept_a_day_or_a_month() -> None:
    text = (
        MINIMAL + "activities:\n  - {title: a, date: 2020-03-05}\n  - {title: b, date: 2020-03}\n"
    )
    summary, _ = load_text(text)
    day, month = (activity.date for activity in summary.activities)
    assert (day.year, day.month, day.day) == (2020, 3, 5)  # type: ignore[union-attr]
    assert (month.year, month.month, month.day) == (2020, 3, None)  # type: ignore[union-attr]


def test_an_activity_date_is_text_not_a_mapping() -> None:
    # data-format.md writes a date as text only; a mapping is told how to write it, in place.
    with pytest.raises(DataError) as info:
        load_text(MINIMAL + "activities:\n  - title: a\n    date: {year: 2020, month: 3}\n")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (6, "activities[0].date")
    assert problem.message.startswith("日期应写成 YYYY-MM-DD 或 YYYY-MM")


def test_the_summary_read_cannot_be_changed() -> None:
    summary, _ = load_text(MINIMAL)
    with pytest.raises(ValidationError, match="frozen"):
        summary.community.name = "别的社区"  # type: ignore[misc]


def test_parts_made_in_python_take_the_values_of_the_model() -> None:
    # A script may build parts itself: the constructors validate, and the values the model
    # reads (a Quantity, a MonthDate) are taken as they are.
    activity = Activity(title="讲座", date=MonthDate(2020, 3), participants=Quantity.parse("30余"))
    assert activity.date == MonthDate(2020, 3) and str(activity.participants) == "30余"
    assert Activity(title="讲座", date="2020-03-05").date == MonthDate(2020, 3, 5)
    with pytest.raises(ValidationError):
        Activity(title="讲座", colour="红")  # type: ignore[call-arg]


def test_parts_made_in_python_read_values_as_typed_too() -> None:
    # The model itself reads the forms a secretary types, not only the loader.
    item = FacilityItem(name="图书", count="三百余册")
    assert (item.unit, str(item.count)) == ("册", "300余")
    assert FacilityItem(name="步道", unit="公里", count="5.5").count == Quantity("5.5", 5.5)
    assert Activity(title="讲座", participants=0, date="2020年3月").participants is None
    with pytest.raises(ValidationError):
        FacilityItem(name="图书", unit="册", count="300套")


def test_aliases_to_small_values_are_expanded() -> None:
    text = MINIMAL + "figures:\n  topics: &t [环保, 消防]\nparticipation:\n  methods: *t\n"
    summary, _ = load_text(text)
    assert summary.participation.methods == ["环保", "消防"]


# --- encodings ------------------------------------------------------------------------------


def test_utf8_with_and_without_bom_read_silently() -> None:
    plain, warnings = load_text(FULL.encode("utf-8"))
    assert warnings == []
    with_bom, warnings = load_text(codecs.BOM_UTF8 + FULL.encode("utf-8"))
    assert warnings == []
    assert with_bom == plain
    assert load_text("\ufeff" + MINIMAL)[0].community.name == "城里社区"


def test_gbk_file_is_read_with_a_warning() -> None:
    summary, warnings = load_text(FULL.encode("gbk"), "data.yaml")
    assert summary == load_text(FULL)[0]
    assert warnings == [
        Problem("data.yaml", 0, 0, "", "文件不是 UTF-8 编码，已按 GBK 读取；建议用“UTF-8”编码另存")
    ]


def test_utf16_with_bom_is_read_with_a_warning() -> None:
    summary, warnings = load_text(FULL.encode("utf-16"))
    assert summary == load_text(FULL)[0]
    assert [w.message for w in warnings] == [
        "文件是 UTF-16（“Unicode”）编码，已正确读取；建议用“UTF-8”编码另存"
    ]


# --- text over several lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("请大家团结，\n  团结", "请大家团结，团结"),  # plain, folded by YAML into a space
        ('"请大家团结，\n  团结"', "请大家团结，团结"),
        ("'开展了\n  “科教进社区”活动'", "开展了“科教进社区”活动"),
        (">\n  社区居民\n  积极参与\n", "社区居民积极参与"),
        ("|\n  第一行，\n  第二行。\n", "第一行，第二行。"),  # literal: still one paragraph
        ("|\n  共有\n  300余户\n", "共有300余户"),
        ("hello\n  world", "hello world"),
        (">\n  Science\n  Day\n", "Science Day"),
        ("|\n  Science\n  Day\n\n", "Science Day"),
        ("|\n  只有一行\n", "只有一行"),  # trailing newline stripped
        ('"第一段\\n第二段"', "第一段第二段"),  # an escaped break joins the same way
        # One line: the loader keeps it, then typography removes the stray space (issue 6).
        ("请大家团结， 团结", "请大家团结，团结"),
    ],
)
def test_text_over_several_lines_is_one_paragraph(value: str, expected: str) -> None:
    summary, _ = load_text(MINIMAL + f"title: {value}\n")
    assert summary.title == expected


# --- what the loader keeps out of its imports -----------------------------------------------


def test_importing_the_loader_does_not_import_docx_or_rich() -> None:
    code = (
        "import sys, summary_gen.loading; "
        "print(sorted(m for m in ('docx', 'rich', 'jinja2', 'typer') if m in sys.modules))"
    )
    src = str(Path(__file__).resolve().parent.parent / "src")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert result.stdout.strip() == "[]"


# --- any input: a Summary or a DataError, nothing else --------------------------------------

_FRAGMENTS = [
    *("year", "date", "title", "community", "name", "households", "population", "activities"),
    *("kind", "figures", "events", "teams", "members", "topics", "extra", "label", "value"),
    *(":", ": ", "-", "- ", "&a ", "*a", "&b ", "*b", "!!", "!!python/object ", "!foo ", "<<: "),
    *("\t", "'", '"', "\n", "\n  ", "  ", "    ", "[", "]", "{", "}", ", ", "#", "---\n", "|", ">"),
    *("~", "null", "2020", "2020-13", "2021-03-03", "300余", "约500", "-5", "1e3", "\\x02"),
    *("城里社区", "团结，", "讲座", "“", "”", "\u3000", "\ufeff", "\x00", "\x85", "\u2028", "？"),
    # The forms a secretary types, and the slips of an input method.
    *(
        "：",
        "year：",
        "\u3000\u3000",
        '"美丽"乡村',
        "三百余",
        "1，2000",
        "1,200户",
        "0",
        "2020年3月",
    ),
]
_yamlish = st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)


def _mutations(base: str) -> st.SearchStrategy[str]:
    """The valid sample with one fragment inserted and one span deleted somewhere."""
    return st.tuples(
        st.integers(0, len(base)),
        st.sampled_from(_FRAGMENTS),
        st.integers(0, len(base)),
        st.integers(0, 12),
    ).map(lambda t: _mutate(base, *t))


def _mutate(base: str, at: int, fragment: str, cut: int, length: int) -> str:
    text = base[:at] + fragment + base[at:]
    return text[:cut] + text[cut + length :]


def _assert_summary_or_data_error(data: bytes | str) -> None:
    try:
        summary, warnings = load_text(data, "data.yaml")
    except DataError as exc:
        assert exc.exit_code == 1
        assert exc.problems
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.line >= 0 and problem.column >= 0
            # Every message is Chinese: no English text of PyYAML or pydantic leaks through.
            assert any("\u4e00" <= char <= "\u9fff" for char in problem.message), problem
            assert "Input should" not in problem.message
    else:
        assert isinstance(summary, Summary)
        assert all(isinstance(w, Problem) for w in warnings)


_QUICK = settings(
    max_examples=300, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow]
)


@_QUICK
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_any_text_gives_a_summary_or_a_data_error(text: str) -> None:
    _assert_summary_or_data_error(text)


@_QUICK
@given(st.binary())
def test_any_bytes_give_a_summary_or_a_data_error(data: bytes) -> None:
    _assert_summary_or_data_error(data)


@_QUICK
@given(_yamlish)
def test_yamlish_text_gives_a_summary_or_a_data_error(text: str) -> None:
    _assert_summary_or_data_error(text)
    _assert_summary_or_data_error(text.encode("utf-8"))


@_QUICK
@given(_mutations(FULL))
def test_a_damaged_data_file_gives_a_summary_or_a_data_error(text: str) -> None:
    _assert_summary_or_data_error(text)
    _assert_summary_or_data_error(text.encode("gb18030"))


def test_a_file_that_leaves_parts_out_is_read_by_the_summary_validator_alone() -> None:
    # The parts a file leaves out are read by Summary's validator, which holds them all: a
    # part's own validator, built for its default, cost a build some milliseconds each.
    code = (
        "from summary_gen.loading import load_text\n"
        "from summary_gen.model import parts\n"
        "summary, _ = load_text('year: 2020\\ncommunity:\\n  name: 幸福社区\\n', 'x.yaml')\n"
        "assert summary.sections.activities.extra == []\n"
        "def every(part):\n"
        "    for sub in part.__subclasses__():\n"
        "        yield sub\n"
        "        yield from every(sub)\n"
        "print([part.__name__ for part in every(parts.Part) if part.__pydantic_complete__])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['Summary']"
