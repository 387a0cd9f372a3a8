"""The data file's model (``../shared/spec/data-format.md``, a contract: keys are never renamed).

Unknown keys are refused (``extra="forbid"``). Quantities keep what the secretary wrote. All text
fields are non-empty after stripping, so a template never prints an empty quote.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .quantity import Quantity, has_foreign_digits

__all__ = [
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
    "MonthDate",
    "Organisation",
    "Participation",
    "SectionOverride",
    "Sections",
    "Summary",
    "Team",
    "check_consistency",
]


def _has_words(text: str) -> str:
    # Only punctuation ("“”", "——", "()") would print as an empty quote or a gap.
    if text and not any(char.isalnum() for char in text):
        raise ValueError("只有标点符号，没有文字")
    return text


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_has_words)
]
"""A non-empty line of text from the data file, with at least one letter, digit or character."""

Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A unit of measure: 户, 册, 平方公里, and also symbols such as % or ‰."""


def _not_zero(quantity: Quantity) -> Quantity:
    # A template prints every count it is given ("配备0名委员", "志愿队（0人）"): a count of
    # nothing is no fact to report, so it is left out of the file rather than printed.
    if quantity.value == 0:
        raise ValueError("数量为 0：没有的话删去这一行")
    return quantity


# The after-validator comes second so that schema.py still finds Quantity.parse at index 1.
QuantityValue = Annotated[Quantity, BeforeValidator(Quantity.parse), AfterValidator(_not_zero)]
"""A count: 300, "300余", "20以上", "约500", "2.4万"; never 0."""

MeasureValue = Annotated[Quantity, BeforeValidator(lambda v: Quantity.parse(v, decimal=True))]
"""A quantity or a plain decimal (38.5), for rates, areas and money; 0 is a value (0 %)."""

ActivityKind = Literal["讲座", "培训", "宣传", "咨询", "文艺演出", "竞赛", "参观", "其他"]

YEAR_RANGE = (1949, 2100)
"""The years a summary may be about; anything else is a typo (202, 20200)."""

# YAML 1.1 dates allow one-digit months and days (2021-3-3); so do we. [0-9], not \d, which
# takes every script's digits.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
_DAY_MESSAGE = "日期应写成 YYYY-MM-DD，例如 2021-03-03"
_MONTH_MESSAGE = "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"
_DIGITS_MESSAGE = "应写半角阿拉伯数字 0～9"


def _parse_year(raw: object) -> int:
    # Only digits: pydantic's lax int would accept "2020.0" or " 2_020 ".
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
    message = _MONTH_MESSAGE if month_only else _DAY_MESSAGE
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


YearValue = Annotated[int, BeforeValidator(_parse_year)]
"""A year in YEAR_RANGE, written as digits."""

DateValue = Annotated[dt.date, BeforeValidator(_parse_date)]
"""A day written YYYY-MM-DD (never a Unix timestamp, which pydantic's lax mode would accept)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class MonthDate(_Model):
    """An activity's date: a day (2020-03-05) or only a month (2020-03).

    Read from the text ``2020-03-05`` or ``2020-03`` (or a mapping of the three fields); the month
    and day must exist in the calendar.
    """

    year: int
    month: int
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return raw
        year, month, day = _date_parts(raw, month_only=True)
        return {"year": year, "month": month, "day": day}

    @model_validator(mode="after")
    def _exists(self) -> MonthDate:
        try:
            dt.date(self.year, self.month, self.day or 1)
        except ValueError:
            raise ValueError(_MONTH_MESSAGE) from None
        return self


class ExtraFact(_Model):
    """A further fact or figure: 行政村 13 个, 绿化覆盖率 38.5 %."""

    label: Text = Field(description="名称，如“耕地总面积”")
    value: MeasureValue = Field(description="数值，如 2.4万")
    unit: Unit | None = Field(None, description="单位，如“亩”")


class Community(_Model):
    """社区基本情况。"""

    name: Text = Field(description="社区名称，如“城里社区”")
    street: Text | None = Field(None, description="所属街道（乡镇），如“兴安街道”")
    location: Text | None = Field(None, description="位置，如“城区市中心”")
    households: QuantityValue | None = Field(None, description="户数")
    population: QuantityValue | None = Field(None, description="人口")
    area_km2: MeasureValue | None = Field(None, description="面积（平方公里）")
    extra: list[ExtraFact] = Field(default_factory=list, description="其他基本情况")


class LeadingGroup(_Model):
    """领导小组。"""

    name: Text | None = Field(None, description="领导小组名称")
    leader: Text | None = Field(None, description="组长姓名")
    leader_role: Text | None = Field(None, description="组长职务，如“社区主任”")


class Team(_Model):
    """一支队伍，如科普志愿者服务队。"""

    name: Text = Field(description="队伍名称")
    members: QuantityValue | None = Field(None, description="人数")


class Organisation(_Model):
    """组织机构（第一部分）。"""

    leading_group: LeadingGroup = Field(default_factory=LeadingGroup, description="领导小组")
    dedicated_staff: QuantityValue | None = Field(None, description="专职负责的委员人数")
    bases: list[Text] = Field(default_factory=list, description="科普基地、阵地")
    teams: list[Team] = Field(default_factory=list, description="队伍")
    rules: list[Text] = Field(
        default_factory=list, description="工作制度、责任制，如“关工委例会制度”“环境卫生责任制”"
    )


class Funding(_Model):
    """经费来源（元）。"""

    self_raised: QuantityValue | None = Field(None, description="自筹经费（元）")
    grants: QuantityValue | None = Field(None, description="上级扶持经费（元）")


class FacilityItem(_Model):
    """一项设施建设。"""

    name: Text = Field(description="设施或物品名称，如“宣传栏”")
    action: Text | None = Field(None, description="做了什么：更新维护、购置、增设、新建……")
    count: QuantityValue | None = Field(None, description="数量")
    unit: Unit | None = Field(None, description="单位：册、套、台、块……")
    topics: list[Text] = Field(default_factory=list, description="内容主题")
    place: Text | None = Field(None, description="地点")
    purpose: Text | None = Field(None, description="作用、目的")


class Facilities(_Model):
    """经费投入与阵地建设（第二部分）。"""

    funding: Funding = Field(default_factory=Funding, description="经费")
    items: list[FacilityItem] = Field(default_factory=list, description="设施建设")


class Activity(_Model):
    """一项活动。"""

    title: Text = Field(description="活动名称")
    kind: ActivityKind | None = Field(None, description="类型")
    date: MonthDate | None = Field(None, description="日期：YYYY-MM-DD 或 YYYY-MM")
    participants: QuantityValue | None = Field(None, description="参与人数")
    partner: Text | None = Field(None, description="合作单位")
    audience: Text | None = Field(None, description="对象，如“青少年”")
    description: Text | None = Field(None, description="说明")


class Figures(_Model):
    """全年数字。"""

    events: QuantityValue | None = Field(None, description="全年组织活动场次")
    materials: QuantityValue | None = Field(None, description="发放宣传材料份数")
    consultations: QuantityValue | None = Field(None, description="接受咨询服务人次")
    topics: list[Text] = Field(default_factory=list, description="全年工作内容主题")
    extra: list[ExtraFact] = Field(default_factory=list, description="其他数字")


class Participation(_Model):
    """发动居民参与（第四部分）。"""

    volunteers: QuantityValue | None = Field(None, description="志愿者人数")
    partners: list[Text] = Field(default_factory=list, description="共建单位")
    methods: list[Text] = Field(default_factory=list, description="发动居民的方式")


class Closing(_Model):
    """结尾：体会、问题、打算。"""

    experience: list[Text] = Field(default_factory=list, description="体会")
    problems: list[Text] = Field(default_factory=list, description="存在的问题")
    plans: list[Text] = Field(default_factory=list, description="下一步打算")


class SectionOverride(_Model):
    """改写一个部分的标题，或在其后追加段落。"""

    heading: Text | None = Field(None, description="标题（不含序号）")
    extra: list[Text] = Field(default_factory=list, description="追加的段落")


class Sections(_Model):
    """各部分的标题与追加段落。"""

    organisation: SectionOverride = Field(default_factory=SectionOverride)
    facilities: SectionOverride = Field(default_factory=SectionOverride)
    activities: SectionOverride = Field(default_factory=SectionOverride)
    participation: SectionOverride = Field(default_factory=SectionOverride)


class Summary(_Model):
    """一份工作总结的全部数据。"""

    template: Text | None = Field(None, description="模板，默认 kepu（科普示范社区）")
    title: Text | None = Field(None, description="标题，默认由模板决定")
    year: YearValue = Field(description="总结的年度，如 2020")
    date: DateValue | None = Field(None, description="成文日期，YYYY-MM-DD")
    signatory: Text | None = Field(None, description="落款，默认“街道+社区名+居民委员会”")
    community: Community
    organisation: Organisation = Field(default_factory=Organisation)
    facilities: Facilities = Field(default_factory=Facilities)
    activities: list[Activity] = Field(default_factory=list)
    figures: Figures = Field(default_factory=Figures)
    participation: Participation = Field(default_factory=Participation)
    closing: Closing = Field(default_factory=Closing)
    sections: Sections = Field(default_factory=Sections)


Location = tuple[str | int, ...]
"""A key path in the data file: ("activities", 2, "date")."""

# 300余, 8600多, 20以上 say "at least": a larger true number is no contradiction.
_LOWER_BOUNDS = ("余", "多", "以上")


def _may_exceed(quantity: Quantity) -> bool:
    return quantity.suffix in _LOWER_BOUNDS


def check_consistency(summary: Summary) -> list[tuple[Location, str]]:
    """The cross-field contradictions of a valid summary, each with the key path it concerns.

    A quantity with 余, 多 or 以上 is a lower bound, so it is compared only where a larger true
    number could not resolve the contradiction.
    """
    found: list[tuple[Location, str]] = []
    listed = len(summary.activities)
    events = summary.figures.events
    if events is not None and not _may_exceed(events) and events.value < listed:
        found.append(
            (("figures", "events"), f"全年活动场次（{events}）少于下面列出的活动数（{listed}项）")
        )
    for index, activity in enumerate(summary.activities):
        when = activity.date
        if when is not None and when.year != summary.year:
            written = f"{when.year}年{when.month}月" + (f"{when.day}日" if when.day else "")
            found.append(
                (
                    ("activities", index, "date"),
                    f"活动日期（{written}）不在总结年度 {summary.year} 年内",
                )
            )
    if summary.date is not None and summary.date < dt.date(summary.year, 1, 1):
        written = f"{summary.date.year}年{summary.date.month}月{summary.date.day}日"
        found.append((("date",), f"成文日期（{written}）早于总结年度 {summary.year} 年的1月1日"))
    # A team larger than the population is suspicious rather than impossible (members may come
    # from outside the community): a warning, see checks.data_warnings.
    return found
