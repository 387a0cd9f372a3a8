"""The data file's parts (docs/data-format.md, a contract: keys are never renamed).

Each mapping of the file is a :class:`Part`, a frozen pydantic model that refuses unknown keys;
its docstring and its fields' descriptions are the Chinese the JSON Schema shows to editors
(:mod:`summary_gen.schema`). The scalar types the parts are made of read the file's text with
validators of their own (:mod:`.types`). :func:`validate` reads the values the loader built into
a :class:`Summary`, with pydantic's errors, each with its key path, which the loader tells in
Chinese (:mod:`summary_gen.loading.messages`). Quantities keep what the secretary wrote. All text
fields are non-empty after stripping, so a template never prints an empty quote.
"""

import datetime as dt
import functools
import types
from typing import Any, ClassVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .types import (
    ActivityKind,
    Area,
    Attendance,
    Copies,
    Count,
    DateValue,
    Events,
    Households,
    Label,
    Line,
    Measure,
    Money,
    MonthDateValue,
    NameList,
    Paragraph,
    People,
    Prose,
    Unit,
    Visits,
    YearValue,
    date_text,
    in_own_unit,
    unit_from_value,
)

__all__ = [
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
    "Organisation",
    "Part",
    "Participation",
    "Previous",
    "SectionOverride",
    "Sections",
    "Summary",
    "Team",
    "ValidationError",
    "check_consistency",
    "early_writing_date",
    "field_types",
    "inner_part",
    "key_homes",
    "validate",
]


_ONE_LINE = "；每项一行，以“- ”开头（也可写在一行里，用“、”分开）"
"""How a list of names is written, for the schema's descriptions."""


class Part(BaseModel):
    """A mapping of the data file (``community``, ``organisation``…): its fields given by key."""

    # A part's validator is built on its first use, not when the module loads: a build uses
    # Summary's, and those of the parts the file leaves out (made as defaults), not all sixteen.
    # A list's default is [] (pydantic gives each instance a copy), not default_factory=list,
    # whose signature pydantic would read from text once for each field.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _left_out(description: str | None = None) -> Any:
    """The field of a part the file may leave out: the empty part, read by the validator of
    the part that holds it (``default_factory=Organisation`` would build Organisation's own
    validator for it, on top of Summary's, which already reads every part)."""
    return Field(default_factory=dict, validate_default=True, description=description)


class InItsUnit(Part):
    """A part with a value and the unit it is counted in (``value`` of a fact, ``count`` of a
    facility): the value is read in the unit (``300册`` where the unit is 册), and a unit typed
    after the value, where the part has none, is taken for it. ``unit`` is declared before the
    value, so that it is read first."""

    value_key: ClassVar[str]
    counts_things: ClassVar[bool]
    """A count of things stays whole, unless its unit is a length, an area…; 0 reads as none."""

    @model_validator(mode="before")
    @classmethod
    def _unit_from_value(cls, data: Any) -> Any:
        return unit_from_value(data, cls.value_key, count=cls.counts_things)

    @field_validator("value", "count", mode="before", check_fields=False)
    @classmethod
    def _value_in_unit(cls, value: Any, info: ValidationInfo) -> Any:
        return in_own_unit(value, info.data.get("unit"), count=cls.counts_things)


class ExtraFact(InItsUnit):
    """其他情况或数字，如“行政村 13 个”“绿化覆盖率 38.5 %”"""

    value_key, counts_things = "value", False

    label: Label = Field(description="名称，如“耕地总面积”")
    unit: Unit | None = Field(default=None, description="单位，如“亩”")
    value: Measure = Field(description="数值，如 2.4万、38.5；单位写在 unit")


class Community(Part):
    """社区基本情况。"""

    name: Line = Field(description="社区名称，如“城里社区”")
    street: Line | None = Field(default=None, description="所属街道（乡镇），如“兴安街道”")
    location: Line | None = Field(default=None, description="位置，如“城区市中心”")
    households: Households | None = Field(default=None, description="户数，如 2600、2600多")
    population: People | None = Field(default=None, description="人口，如 8600、8600余")
    area_km2: Area | None = Field(default=None, description="面积（平方公里），如 1.2")
    extra: list[ExtraFact] = Field(default=[], description="其他基本情况")


class LeadingGroup(Part):
    """领导小组。"""

    name: Line | None = Field(default=None, description="领导小组名称")
    leader: Label | None = Field(default=None, description="组长姓名")
    leader_role: Label | None = Field(default=None, description="组长职务，如“社区主任”")


class Team(Part):
    """一支队伍，如科普志愿者服务队。"""

    name: Line = Field(description="队伍名称")
    members: People | None = Field(default=None, description="人数，如 30")


class Organisation(Part):
    """组织机构（第一部分）。"""

    leading_group: LeadingGroup = _left_out("领导小组")
    dedicated_staff: People | None = Field(default=None, description="专职负责的委员人数，如 1")
    bases: NameList = Field(default=[], description="科普基地、阵地" + _ONE_LINE)
    teams: list[Team] = Field(default=[], description="队伍")
    rules: NameList = Field(
        default=[],
        description="工作制度、责任制，如“关工委例会制度”“环境卫生责任制”" + _ONE_LINE,
    )


class Funding(Part):
    """经费来源（元）。"""

    self_raised: Money | None = Field(default=None, description="自筹经费（元），如 5000、1.2万")
    grants: Money | None = Field(default=None, description="上级扶持经费（元），如 10000、2.4万")


class FacilityItem(InItsUnit):
    """一项设施建设。"""

    value_key, counts_things = "count", True

    name: Line = Field(description="设施或物品名称，如“宣传栏”")
    action: Label | None = Field(default=None, description="做了什么：更新维护、购置、增设、新建……")
    unit: Unit | None = Field(default=None, description="单位：册、套、台、块、公里……")
    count: Count | None = Field(
        default=None, description="数量，如 300、300余；按长度、面积、重量、金额计时可有小数"
    )
    topics: NameList = Field(default=[], description="内容主题" + _ONE_LINE)
    place: Line | None = Field(default=None, description="地点")
    purpose: Prose | None = Field(default=None, description="作用、目的")


class Facilities(Part):
    """经费投入与阵地建设（第二部分）。"""

    funding: Funding = _left_out("经费")
    items: list[FacilityItem] = Field(default=[], description="设施建设")


class Activity(Part):
    """一项活动。"""

    title: Line = Field(description="活动名称")
    kind: ActivityKind | None = Field(default=None, description="类型")
    date: MonthDateValue | None = Field(default=None, description="日期：YYYY-MM-DD 或 YYYY-MM")
    participants: Attendance | None = Field(default=None, description="参与人数，如 80、约50")
    partner: Line | None = Field(default=None, description="合作单位")
    audience: Line | None = Field(default=None, description="对象，如“青少年”")
    description: Prose | None = Field(default=None, description="说明")


class Figures(Part):
    """全年数字。"""

    events: Events | None = Field(default=None, description="全年组织活动场次，如 24、20以上")
    materials: Copies | None = Field(default=None, description="发放宣传材料份数，如 5000")
    consultations: Visits | None = Field(default=None, description="接受咨询服务人次，如 1500")
    topics: NameList = Field(default=[], description="全年工作内容主题" + _ONE_LINE)
    extra: list[ExtraFact] = Field(default=[], description="其他数字")


class Participation(Part):
    """发动居民参与（第四部分）。"""

    volunteers: People | None = Field(default=None, description="志愿者人数，如 30")
    partners: NameList = Field(default=[], description="共建单位" + _ONE_LINE)
    methods: list[Prose] = Field(default=[], description="发动居民的方式")


class Closing(Part):
    """结尾：体会、问题、打算。"""

    experience: list[Prose] = Field(default=[], description="体会")
    problems: list[Prose] = Field(default=[], description="存在的问题")
    plans: list[Prose] = Field(default=[], description="下一步打算")


class SectionOverride(Part):
    """改写一个部分的标题，或在其后追加段落。"""

    heading: Line | None = Field(default=None, description="标题（不含序号）")
    extra: list[Paragraph] = Field(default=[], description="追加的段落")


class Sections(Part):
    """各部分的标题与追加段落。"""

    organisation: SectionOverride = _left_out()
    facilities: SectionOverride = _left_out()
    activities: SectionOverride = _left_out()
    participation: SectionOverride = _left_out()


class Previous(Part):
    """上年的数字，与今年的比较写进总结（比上年增加……、增长……%）。"""

    events: Events | None = Field(default=None, description="上年全年活动场次")
    materials: Copies | None = Field(default=None, description="上年发放宣传材料份数")
    consultations: Visits | None = Field(default=None, description="上年接受咨询服务人次")
    extra: list[ExtraFact] = Field(
        default=[], description="上年的其他数字，按 label 与今年的 figures.extra 对应"
    )
    households: Households | None = Field(default=None, description="上年户数")
    population: People | None = Field(default=None, description="上年人口")
    volunteers: People | None = Field(default=None, description="上年志愿者人数")


PREVIOUS_FILE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "pattern": r"\S",
    "description": "上年数据文件的路径，相对于本文件，如 ../2020/城里社区.yaml",
}
"""``previous`` as a path: the loader reads that file in its place (the model sees figures)."""


def _previous_as_path(schema: dict[str, Any]) -> None:
    schema["anyOf"].insert(0, PREVIOUS_FILE_SCHEMA)


class Summary(Part):
    """一份工作总结的全部数据。"""

    template: Label | None = Field(default=None, description="模板，默认 kepu（科普示范社区）")
    title: Line | None = Field(default=None, description="标题，默认由模板决定")
    year: YearValue = Field(description="总结的年度，如 2020")
    date: DateValue | None = Field(default=None, description="成文日期，YYYY-MM-DD，如 2021-03-03")
    signatory: Line | None = Field(default=None, description="落款，默认“街道+社区名+居民委员会”")
    community: Community = Field(description="社区基本情况（必填）")
    organisation: Organisation = _left_out("一、组织机构")
    facilities: Facilities = _left_out("二、经费投入与阵地建设")
    activities: list[Activity] = Field(default=[], description="三、全年开展的活动，每项一条")
    figures: Figures = _left_out("全年数字")
    participation: Participation = _left_out("四、发动居民参与")
    closing: Closing = _left_out("结尾：体会、存在的问题、下一步打算")
    sections: Sections = _left_out("改写某一部分的标题，或在其后追加自己的段落")
    previous: Previous | None = Field(
        default=None,
        description="上年的数字，用于与上年比较：上年数据文件的路径（相对于本文件），"
        "或上年的 events、materials、consultations、extra、households、population、volunteers",
        json_schema_extra=_previous_as_path,
    )


# --- validation ------------------------------------------------------------------------------


def validate(values: Any) -> Summary:
    """The summary the values describe (the loader builds them from the file's nodes).

    Raises :class:`ValidationError` with every problem at once, each with its key path.
    """
    return Summary.model_validate(values)


def field_types(part: type[Part]) -> dict[str, Any]:
    """The fields of a part of the file, by key, with their types (from pydantic's
    ``model_fields``)."""
    return {name: info.annotation for name, info in part.model_fields.items()}


Location = tuple[str | int, ...]
"""A key path in the data file: ("activities", 2, "date")."""


@functools.cache
def key_homes() -> tuple[tuple[str, Location], ...]:
    """Every key of the data file with the key path of its mapping (list items shown as 0)."""
    fields: list[tuple[str, Location]] = []
    pending: list[tuple[type[Part], Location]] = [(Summary, ())]
    while pending:
        part, location = pending.pop(0)
        for name, annotation in field_types(part).items():
            fields.append((name, location))
            inner, in_list = inner_part(annotation)
            if inner is not None:
                pending.append((inner, (*location, name, 0) if in_list else (*location, name)))
    return tuple(fields)


def inner_part(annotation: Any) -> tuple[type[Part] | None, bool]:
    """The part inside ``X``, ``X | None`` or ``list[X]``, and whether it is a list's item.
    A scalar type (read by a validator of its own) has none."""
    origin = get_origin(annotation)
    if origin is list:
        inner, _ = inner_part(get_args(annotation)[0])
        return inner, True
    if origin is Union or origin is types.UnionType:
        for option in get_args(annotation):
            inner, in_list = inner_part(option)
            if inner is not None:
                return inner, in_list
    # After the generics: Python 3.10 takes list[X] for a class, which issubclass refuses.
    if isinstance(annotation, type) and issubclass(annotation, Part):
        return annotation, False
    return None, False


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
