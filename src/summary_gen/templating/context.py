"""The names every template sees, built from the model.

Context names, available in every template of a family:

``summary``
    the whole :class:`~summary_gen.model.Summary`.
``year``, ``title``
    the year summarised; the title the data file gives (``None`` where the family's default
    applies: the template writes ``{{ title or "…" }}``).
``community``, ``organisation``, ``facilities``, ``activities``, ``figures``, ``participation``,
``closing``, ``sections``
    the data file's groups as validated (``activities`` is the list).
``unit_name``
    the community as the text names it: street + name (兴安街道城里社区), or the name alone.
``signatory``, ``date``, ``date_text``
    the issuing body, the date of writing and that date as printed (2021年3月3日). The default
    issuing body is street + name + the family's ``signatory_suffix`` (a key of its
    ``family.yaml``: liuhao's body speaks as the 关工委, so it signs as
    ……社区关心下一代工作委员会), else 居民委员会 (村民委员会 for a village).
``events``
    the number of events of the year: ``figures.events``, else the number of activities listed
    (a :class:`~summary_gen.text.quantity.Quantity`), else ``None``. ``events_counted`` is true
    when it was counted from the list rather than given.
``has``
    which sections have anything to say, one name for each section the family's
    ``family.yaml`` declares (:func:`~summary_gen.templating.families.family_sections`; kepu's,
    also a family's that declares none: ``has.organisation``, ``has.facilities``,
    ``has.activities``, ``has.participation``, ``has.closing``), and ``has.sections``: any
    section that the opening announces.
``kind_groups``
    the activities sorted into the groups a long series is told in, each a list in the data's
    order: ``learning`` (讲座, 培训), ``publicity`` (宣传, 咨询, 展览, 会议), ``practice`` (竞赛,
    比赛, 参观, 义诊, 志愿服务, 其他 or no kind) and ``performances`` (文艺演出); the group of each
    kind is in :data:`~summary_gen.text.zh.EVENT_KINDS`.
``activity_groups``
    the same groups, and ``youth``: the activities of any kind for an audience of young people
    (青少年, 学生, 儿童…), which are in no other group.
``activity_kinds``
    the kinds present among the activities, in the order the figures sentence lists them
    (培训、讲座、咨询、宣传、竞赛、参观、文艺演出……; 其他 left out).
``creation``
    what the title says is being created (省级绿色社区 in ……创建省级绿色社区工作总结), so that the
    text calls it so; ``None`` where the title names none (the family's own word applies).
``location``
    the community's location as the opening writes it after the community's full name: the
    street in it said as 镇区, 乡域 or 街道辖区 (桥头镇河西社区位于镇区东南部, not ……位于桥头镇
    东南部); ``None`` where the data gives none.
``change``
    this year's figures against last year's (``previous``), as Chinese statistics word it
    (:mod:`summary_gen.text.compare`): ``change.events``, ``.materials``, ``.consultations``,
    ``.households``, ``.population``, ``.volunteers``, each a change (printed: 比上年增加4场次、
    增长25%) or ``None`` where the two years are not compared; ``change.extra[label]`` for each
    of ``figures.extra``. The filters ``compared`` (a change with a subject: 户数增加50户) and
    ``with_changes`` (figures and their changes as one list) tell them.
``festivals``
    the festivals the performances' titles and descriptions name (春节, 中秋节, 国庆节…), in order
    of first mention, each once.

Filters: those of :data:`summary_gen.text.zh.FILTERS` (``qty``, ``reach``, ``cn_count``, ``date_zh``,
``join_zh``, ``enum_zh``, ``quote``, ``clause``, ``sentence``, ``event_name``, ``event_names``,
``event_clauses``, ``event_kind``, ``attendance``, ``figure``, ``num_cn``) and of
:data:`summary_gen.text.compare.FILTERS` (``compared``, ``with_changes``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import TemplateError
from ..model import Activity, Summary
from ..model.parts import Part
from ..text.compare import changes
from ..text.quantity import Quantity
from ..text.zh import EVENT_KINDS, date_zh, event_kind
from .families import FamilySections

__all__ = ["build_context", "part_fields"]


_YOUTH_WORDS = ("青少年", "少年", "儿童", "学生", "未成年", "孩子", "少儿", "青年")


# Festival words as titles write them → the festival's name. Digit forms (七一, 八一) are left
# out: they occur in street names and numbers too often to be read as festivals.
_FESTIVALS = (
    ("元旦", "元旦"),
    ("新年", "元旦"),
    ("新春", "春节"),
    ("春节", "春节"),
    ("元宵", "元宵节"),
    ("妇女节", "妇女节"),
    ("清明", "清明节"),
    ("劳动节", "劳动节"),
    ("端午", "端午节"),
    ("建党", "建党节"),
    ("建军", "建军节"),
    ("中秋", "中秋节"),
    ("国庆", "国庆节"),
    ("重阳", "重阳节"),
)


def build_context(
    summary: Summary,
    *,
    date: dt.date,
    sections: FamilySections,
    signatory_suffix: str | None = None,
) -> dict[str, Any]:
    """The names every template sees (listed in this module's docstring).

    ``sections`` is the family's declaration of its sections, from which ``has`` is computed.
    ``signatory_suffix`` is the family's default issuing body after street and name
    (关心下一代工作委员会); ``None`` means 居民委员会, or 村民委员会 for a village.
    Raises :class:`~summary_gen.errors.TemplateError` where the declaration names a key path
    the data file does not have.
    """
    community = summary.community
    unit_name = f"{community.street or ''}{community.name}"
    events = summary.figures.events
    events_counted = events is None and bool(summary.activities)
    if events_counted:
        events = Quantity.parse(len(summary.activities))
    by_kind = _kind_groups(summary.activities)
    groups = _kind_groups(a for a in summary.activities if not _is_youth(a))
    groups["youth"] = [a for a in summary.activities if _is_youth(a)]
    return {
        "summary": summary,
        "year": summary.year,
        "title": summary.title,
        "community": community,
        "organisation": summary.organisation,
        "facilities": summary.facilities,
        "activities": summary.activities,
        "figures": summary.figures,
        "participation": summary.participation,
        "closing": summary.closing,
        "sections": summary.sections,
        "unit_name": unit_name,
        "signatory": summary.signatory or _default_signatory(summary, signatory_suffix),
        "date": date,
        "date_text": date_zh(date),
        "events": events,
        "events_counted": events_counted,
        "has": _has(summary, sections),
        "kind_groups": by_kind,
        "activity_groups": groups,
        "activity_kinds": [
            kind
            for kind in EVENT_KINDS
            if kind != "其他" and any(a.kind == kind for a in summary.activities)
        ],
        "festivals": _festivals(groups["performances"]),
        "change": changes(summary),
        "creation": _creation(summary.title),
        "location": _location(community.location, community.street),
    }


def _default_signatory(summary: Summary, suffix: str | None = None) -> str:
    community = summary.community
    # A village (村) has a villagers' committee: 城关村村民委员会, not 城关村居民委员会.
    body = suffix or ("村民委员会" if community.name.endswith("村") else "居民委员会")
    return f"{community.street or ''}{community.name}{body}"


def _has(summary: Summary, declared: FamilySections) -> dict[str, bool]:
    """``has``: the sections with anything to say, as the family's declaration decides it."""
    # Every key path is looked up, whatever the data: a misspelt one fails on any data file.
    given = {
        key: _given(summary, key, declared)
        for section in declared.sections
        for key in section.key_paths
    }
    fed = {s.name: any(given[key] for key in s.fed_by) for s in declared.sections}
    has = {
        s.name: fed[s.name] and (s.requires is None or given[s.requires]) for s in declared.sections
    }
    for section in declared.sections:
        if section.else_in is not None and fed[section.name] and not has[section.name]:
            has[section.else_in] = True  # told under that section instead
    has["sections"] = any(has[s.name] for s in declared.sections if s.announced)
    return has


def _given(summary: Summary, key_path: str, declared: FamilySections) -> bool:
    # Every mapping of the model is there, given or not (its fields are then empty), so a key
    # path is checked the same way whatever the data file gives.
    value: Any = summary
    for key in key_path.split("."):
        if key not in part_fields(value):
            raise TemplateError(f"sections 中的“{key_path}”不是数据文件的字段", str(declared.file))
        value = getattr(value, key)
    return _is_given(value)


def _is_given(value: Any) -> bool:
    """A value the data file gives: a mapping where any of its fields is given, a list that is
    not empty; None is not given (text is never empty, a count never 0: the model sees to it)."""
    fields = part_fields(value)
    if fields:
        return any(_is_given(getattr(value, name)) for name in fields)
    if isinstance(value, list | tuple):
        return bool(value)
    return value is not None


def part_fields(value: Any) -> tuple[str, ...]:
    """The keys of a mapping of the data file (a :class:`~summary_gen.model.parts.Part`); none
    for any other value (a quantity, a date, a list)."""
    return _keys_of(type(value)) if isinstance(value, Part) else ()


@functools.cache
def _keys_of(part: type[Part]) -> tuple[str, ...]:
    # Once per class: a render looks up some hundred fields.
    return tuple(part.model_fields)


def _is_youth(activity: Activity) -> bool:
    return activity.audience is not None and any(w in activity.audience for w in _YOUTH_WORDS)


def _kind_groups(activities: Iterable[Activity]) -> dict[str, list[Activity]]:
    groups: dict[str, list[Activity]] = {key: [] for key in _GROUPS}
    for activity in activities:
        groups[event_kind(activity.kind).group].append(activity)
    return groups


_GROUPS = ("learning", "publicity", "practice", "performances")


# The creation in a title: 创建省级绿色社区工作总结, 创建“六好”示范社区关工委工作情况汇报.
_CREATION = re.compile(r"创建(?!工作)(.+?)(?:工作|总结|情况|简介|汇报)")


def _creation(title: str | None) -> str | None:
    found = _CREATION.search(title or "")
    return found[1] if found else None


# The street named again in the location, as a document says it after the community's name.
_AREA = (("街道", "街道辖区"), ("镇", "镇区"), ("乡", "乡域"))


def _location(location: str | None, street: str | None) -> str | None:
    if location is None or not street or not location.startswith(street):
        return location
    rest = location[len(street) :]
    area = next((area for end, area in _AREA if street.endswith(end)), None)
    return area + rest if area and rest else location


def _festivals(performances: Sequence[Activity]) -> list[str]:
    found: list[tuple[int, str]] = []
    for index, activity in enumerate(performances):
        text = activity.title + (activity.description or "")
        for word, festival in _FESTIVALS:
            position = text.find(word)
            if position >= 0:
                found.append((index * 10_000 + position, festival))
    names: list[str] = []
    for _, festival in sorted(found):
        if festival not in names:
            names.append(festival)
    return names
