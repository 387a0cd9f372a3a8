"""The data file's model (docs/data-format.md, a contract: keys are never renamed).

Each mapping of the file is a :class:`Part`, a :class:`~summary_gen.records.Record` (a frozen
dataclass) built by keyword; :func:`validate` reads the values the loader built into a
:class:`Summary`. Unknown keys are refused. Quantities keep what the secretary wrote. All text
fields are non-empty after stripping, so a template never prints an empty quote.

The validator is pydantic's own engine, pydantic-core, given the core schema that
:func:`core_schema` derives from the dataclasses; each scalar type below carries the core schema
that reads it in its ``Annotated`` metadata. pydantic's ``BaseModel`` would derive such a schema
itself, but loading its machinery and building the models took a build about 100 ms before any
work was done, most of its time (README, 性能). pydantic's JSON Schema generator still reads the
core schema (:mod:`summary_gen.schema`), and the errors are pydantic's, with key paths.
"""

# The fields' annotations stay text until core_schema() asks for them: evaluating some eighty
# `Text | None` and `list[Team]` when the module loads would cost every start a few ms.
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
from collections.abc import Callable
from dataclasses import field
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic_core import CoreSchema, SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from ..text.quantity import Quantity, has_foreign_digits
from ._records import Record

__all__ = [
    "DATE_MESSAGE",
    "MONTH_DATE_MESSAGE",
    "YEAR_RANGE",
    "Activity",
    "Closing",
    "Community",
    "ExtraFact",
    "Facilities",
    "FacilityItem",
    "Figures",
    "Funding",
    "LeadingGroup",
    "Location",
    "MonthDate",
    "Organisation",
    "Part",
    "Participation",
    "SectionOverride",
    "Sections",
    "Summary",
    "Team",
    "ValidationError",
    "check_consistency",
    "core_schema",
    "date_text",
    "early_writing_date",
    "field_types",
    "validate",
]

# --- the scalar types, each with the core schema that reads it -------------------------------


class _Reads:
    """How a scalar type is read: its core schema, kept as ``Annotated`` metadata (which must
    be hashable, as a dict is not: ``Text | None`` hashes it)."""

    __slots__ = ("schema",)

    def __init__(self, schema: CoreSchema) -> None:
        self.schema = schema


def _plain(function: Callable[[Any], Any]) -> _Reads:
    return _Reads(cs.no_info_plain_validator_function(function))


def _has_words(text: str) -> str:
    # Only punctuation ("“”", "——", "()") would print as an empty quote or a gap.
    if text and not any(char.isalnum() for char in text):
        raise ValueError("只有标点符号，没有文字")
    return text


_NON_EMPTY = cs.str_schema(strip_whitespace=True, min_length=1)

Text = Annotated[str, _Reads(cs.no_info_after_validator_function(_has_words, _NON_EMPTY))]
"""A non-empty line of text from the data file, with at least one letter, digit or character."""

Unit = Annotated[str, _Reads(_NON_EMPTY)]
"""A unit of measure: 户, 册, 平方公里, and also symbols such as % or ‰."""


def _parse_count(raw: object) -> Quantity:
    quantity = Quantity.parse(raw)
    # A template prints every count it is given ("配备0名委员", "志愿队（0人）"): a count of
    # nothing is no fact to report, so it is left out of the file rather than printed.
    if quantity.value == 0:
        raise ValueError("数量为 0：没有的话删去这一行")
    return quantity


def _parse_measure(raw: object) -> Quantity:
    return Quantity.parse(raw, decimal=True)


QuantityValue = Annotated[Quantity, _plain(_parse_count)]
"""A count: 300, "300余", "20以上", "约500", "2.4万"; never 0."""

MeasureValue = Annotated[Quantity, _plain(_parse_measure)]
"""A quantity or a plain decimal (38.5), for rates, areas and money; 0 is a value (0 %)."""

ActivityKind = Literal["讲座", "培训", "宣传", "咨询", "文艺演出", "竞赛", "参观", "其他"]

YEAR_RANGE = (1949, 2100)
"""The years a summary may be about; anything else is a typo (202, 20200)."""

# YAML 1.1 dates allow one-digit months and days (2021-3-3); so do we. [0-9], not \d, which
# takes every script's digits.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
DATE_MESSAGE = "日期应写成 YYYY-MM-DD，例如 2021-03-03"
MONTH_DATE_MESSAGE = "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"
_DIGITS_MESSAGE = "应写半角阿拉伯数字 0～9"


def _parse_year(raw: object) -> int:
    # Only digits: a lax int would accept "2020.0" or " 2_020 ".
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not re.fullmatch(r"[0-9]{1,6}", text):
        if has_foreign_digits(text):
            raise ValueError(f"年份{_DIGITS_MESSAGE}，例如 2020")
        raise ValueError("应为整数年份，例如 2020")
    year = int(text)
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise ValueError(f"年份 {year} 不在 {low}—{high} 之间")
    return year


def _date_parts(raw: object, *, month_only: bool) -> tuple[int, int, int | None]:
    """Year, month and day (None for a month) of a date as the data file writes it."""
    message = MONTH_DATE_MESSAGE if month_only else DATE_MESSAGE
    if isinstance(raw, dt.datetime):
        raise ValueError(message)
    if isinstance(raw, dt.date):
        return raw.year, raw.month, raw.day
    match = _DATE_RE.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if not match or (match[3] is None and not month_only):
        if isinstance(raw, str) and has_foreign_digits(raw):
            raise ValueError(f"{message}（数字{_DIGITS_MESSAGE}）")
        raise ValueError(message)
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] is not None else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        raise ValueError(f"“{raw.strip()}”不是有效的日期") from None
    return year, month, day


def _parse_date(raw: object) -> dt.date:
    year, month, day = _date_parts(raw, month_only=False)
    return dt.date(year, month, day or 1)


YearValue = Annotated[int, _plain(_parse_year)]
"""A year in YEAR_RANGE, written as digits."""

DateValue = Annotated[dt.date, _plain(_parse_date)]
"""A day written YYYY-MM-DD (never a Unix timestamp, which a lax date would accept)."""


class MonthDate(Record):
    """An activity's date: a day (2020-03-05) or only a month (2020-03)."""

    year: int
    month: int
    day: int | None = None


def date_text(when: dt.date | MonthDate) -> str:
    """A date as a Chinese document writes it, without leading zeros: 2021年3月3日, 2020年3月."""
    return f"{when.year}年{when.month}月" + (f"{when.day}日" if when.day else "")


def _parse_month_date(raw: object) -> MonthDate:
    year, month, day = _date_parts(raw, month_only=True)
    return MonthDate(year=year, month=month, day=day)


MonthDateValue = Annotated[MonthDate, _plain(_parse_month_date)]
"""Read from the text ``2020-03-05`` or ``2020-03``; the month and day must exist."""

# --- the parts of the file -------------------------------------------------------------------

_DESCRIPTION = "description"


def _field(description: str = "", **default: Any) -> Any:
    """A field with its Chinese description, which the JSON Schema shows to editors."""
    return field(metadata={_DESCRIPTION: description} if description else {}, **default)


class Part(Record, kw_only=True):
    """A mapping of the data file (``community``, ``organisation``…): its fields given by key."""


class ExtraFact(Part):
    """其他情况或数字，如“行政村 13 个”“绿化覆盖率 38.5 %”"""

    label: Text = _field("名称，如“耕地总面积”")
    value: MeasureValue = _field("数值，如 2.4万")
    unit: Unit | None = _field("单位，如“亩”", default=None)


class Community(Part):
    """社区基本情况。"""

    name: Text = _field("社区名称，如“城里社区”")
    street: Text | None = _field("所属街道（乡镇），如“兴安街道”", default=None)
    location: Text | None = _field("位置，如“城区市中心”", default=None)
    households: QuantityValue | None = _field("户数", default=None)
    population: QuantityValue | None = _field("人口", default=None)
    area_km2: MeasureValue | None = _field("面积（平方公里）", default=None)
    extra: list[ExtraFact] = _field("其他基本情况", default_factory=list)


class LeadingGroup(Part):
    """领导小组。"""

    name: Text | None = _field("领导小组名称", default=None)
    leader: Text | None = _field("组长姓名", default=None)
    leader_role: Text | None = _field("组长职务，如“社区主任”", default=None)


class Team(Part):
    """一支队伍，如科普志愿者服务队。"""

    name: Text = _field("队伍名称")
    members: QuantityValue | None = _field("人数", default=None)


class Organisation(Part):
    """组织机构（第一部分）。"""

    leading_group: LeadingGroup = _field("领导小组", default_factory=LeadingGroup)
    dedicated_staff: QuantityValue | None = _field("专职负责的委员人数", default=None)
    bases: list[Text] = _field("科普基地、阵地", default_factory=list)
    teams: list[Team] = _field("队伍", default_factory=list)
    rules: list[Text] = _field(
        "工作制度、责任制，如“关工委例会制度”“环境卫生责任制”", default_factory=list
    )


class Funding(Part):
    """经费来源（元）。"""

    self_raised: QuantityValue | None = _field("自筹经费（元）", default=None)
    grants: QuantityValue | None = _field("上级扶持经费（元）", default=None)


class FacilityItem(Part):
    """一项设施建设。"""

    name: Text = _field("设施或物品名称，如“宣传栏”")
    action: Text | None = _field("做了什么：更新维护、购置、增设、新建……", default=None)
    count: QuantityValue | None = _field("数量", default=None)
    unit: Unit | None = _field("单位：册、套、台、块……", default=None)
    topics: list[Text] = _field("内容主题", default_factory=list)
    place: Text | None = _field("地点", default=None)
    purpose: Text | None = _field("作用、目的", default=None)


class Facilities(Part):
    """经费投入与阵地建设（第二部分）。"""

    funding: Funding = _field("经费", default_factory=Funding)
    items: list[FacilityItem] = _field("设施建设", default_factory=list)


class Activity(Part):
    """一项活动。"""

    title: Text = _field("活动名称")
    kind: ActivityKind | None = _field("类型", default=None)
    date: MonthDateValue | None = _field("日期：YYYY-MM-DD 或 YYYY-MM", default=None)
    participants: QuantityValue | None = _field("参与人数", default=None)
    partner: Text | None = _field("合作单位", default=None)
    audience: Text | None = _field("对象，如“青少年”", default=None)
    description: Text | None = _field("说明", default=None)


class Figures(Part):
    """全年数字。"""

    events: QuantityValue | None = _field("全年组织活动场次", default=None)
    materials: QuantityValue | None = _field("发放宣传材料份数", default=None)
    consultations: QuantityValue | None = _field("接受咨询服务人次", default=None)
    topics: list[Text] = _field("全年工作内容主题", default_factory=list)
    extra: list[ExtraFact] = _field("其他数字", default_factory=list)


class Participation(Part):
    """发动居民参与（第四部分）。"""

    volunteers: QuantityValue | None = _field("志愿者人数", default=None)
    partners: list[Text] = _field("共建单位", default_factory=list)
    methods: list[Text] = _field("发动居民的方式", default_factory=list)


class Closing(Part):
    """结尾：体会、问题、打算。"""

    experience: list[Text] = _field("体会", default_factory=list)
    problems: list[Text] = _field("存在的问题", default_factory=list)
    plans: list[Text] = _field("下一步打算", default_factory=list)


class SectionOverride(Part):
    """改写一个部分的标题，或在其后追加段落。"""

    heading: Text | None = _field("标题（不含序号）", default=None)
    extra: list[Text] = _field("追加的段落", default_factory=list)


class Sections(Part):
    """各部分的标题与追加段落。"""

    organisation: SectionOverride = _field(default_factory=SectionOverride)
    facilities: SectionOverride = _field(default_factory=SectionOverride)
    activities: SectionOverride = _field(default_factory=SectionOverride)
    participation: SectionOverride = _field(default_factory=SectionOverride)


class Summary(Part):
    """一份工作总结的全部数据。"""

    template: Text | None = _field("模板，默认 kepu（科普示范社区）", default=None)
    title: Text | None = _field("标题，默认由模板决定", default=None)
    year: YearValue = _field("总结的年度，如 2020")
    date: DateValue | None = _field("成文日期，YYYY-MM-DD", default=None)
    signatory: Text | None = _field("落款，默认“街道+社区名+居民委员会”", default=None)
    community: Community = _field("社区基本情况（必填）")
    organisation: Organisation = _field("一、组织机构", default_factory=Organisation)
    facilities: Facilities = _field("二、经费投入与阵地建设", default_factory=Facilities)
    activities: list[Activity] = _field("三、全年开展的活动，每项一条", default_factory=list)
    figures: Figures = _field("全年数字", default_factory=Figures)
    participation: Participation = _field("四、发动居民参与", default_factory=Participation)
    closing: Closing = _field("结尾：体会、存在的问题、下一步打算", default_factory=Closing)
    sections: Sections = _field(
        "改写某一部分的标题，或在其后追加自己的段落", default_factory=Sections
    )


# --- validation ------------------------------------------------------------------------------


def validate(values: Any) -> Summary:
    """The summary the values describe (the loader builds them from the file's nodes).

    Raises :class:`ValidationError` with every problem at once, each with its key path.
    """
    return _validator().validate_python(values)


@functools.cache
def _validator() -> SchemaValidator:
    return SchemaValidator(core_schema())


@functools.cache
def core_schema() -> CoreSchema:
    """The core schema of a data file: each part once as a definition, :class:`Summary` at the
    root. A field's description is in its ``metadata``."""
    definitions: dict[str, CoreSchema] = {}
    root = _schema_of(Summary, definitions)
    return cs.definitions_schema(root, list(definitions.values()))


def _schema_of(annotation: Any, definitions: dict[str, CoreSchema]) -> CoreSchema:
    if get_origin(annotation) is Annotated:
        return get_args(annotation)[1].schema
    if dataclasses.is_dataclass(annotation):
        name = annotation.__name__
        if name not in definitions:
            definitions[name] = _part_schema(annotation, definitions)
        return cs.definition_reference_schema(name)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        return cs.list_schema(_schema_of(args[0], definitions))
    if origin in (Union, types.UnionType) and type(None) in args:
        (inner,) = (option for option in args if option is not type(None))
        return cs.nullable_schema(_schema_of(inner, definitions))
    if origin is Literal:
        return cs.literal_schema(list(args))
    raise TypeError(f"no core schema for {annotation!r}")


def _part_schema(cls: type, definitions: dict[str, CoreSchema]) -> CoreSchema:
    fields = []
    hints = field_types(cls)
    for item in dataclasses.fields(cls):
        schema = _schema_of(hints[item.name], definitions)
        if item.default is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default=item.default)
        elif item.default_factory is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default_factory=item.default_factory)
        fields.append(
            cs.dataclass_field(item.name, schema, kw_only=True, metadata=dict(item.metadata))
        )
    name = cls.__name__
    return cs.dataclass_schema(
        cls,
        cs.dataclass_args_schema(name, fields, extra_behavior="forbid"),
        [item.name for item in dataclasses.fields(cls)],
        frozen=True,
        ref=name,
    )


@functools.cache
def field_types(part: type) -> dict[str, Any]:
    """The fields of a part of the file (a dataclass above), by key, with their types."""
    hints = get_type_hints(part, include_extras=True)  # also the base's own, not fields
    return {item.name: hints[item.name] for item in dataclasses.fields(part)}


Location = tuple[str | int, ...]
"""A key path in the data file: ("activities", 2, "date")."""


def check_consistency(summary: Summary) -> list[tuple[Location, str]]:
    """The cross-field contradictions of a valid summary, each with the key path it concerns.

    A quantity with 余, 多 or 以上 is a lower bound, so it is compared only where a larger true
    number could not resolve the contradiction.
    """
    found: list[tuple[Location, str]] = []
    listed = len(summary.activities)
    events = summary.figures.events
    if events is not None and not events.is_lower_bound and events.value < listed:
        found.append(
            (("figures", "events"), f"全年活动场次（{events}）少于下面列出的活动数（{listed}项）")
        )
    for index, activity in enumerate(summary.activities):
        when = activity.date
        if when is not None and when.year != summary.year:
            found.append(
                (
                    ("activities", index, "date"),
                    f"活动日期（{date_text(when)}）不在总结年度 {summary.year} 年内",
                )
            )
    early = None if summary.date is None else early_writing_date(summary.date, summary.year)
    if early is not None:
        found.append((("date",), early))
    # A team larger than the population is suspicious rather than impossible (members may come
    # from outside the community): a warning, see checks.data_warnings.
    return found


def early_writing_date(date: dt.date, year: int) -> str | None:
    """What is wrong with a date of writing before the year summarised began, or None. The rule
    of the file's ``date``, and of ``--date`` (build.py)."""
    if date < dt.date(year, 1, 1):
        return f"成文日期（{date_text(date)}）早于总结年度 {year} 年的1月1日"
    return None
