"""Warnings a secretary wants: data that is valid but looks suspicious.

A warning never stops a build; ``--strict`` turns warnings into errors, for scripts. The checks of
the data itself return key paths (as :func:`~summary_gen.model.check_consistency` does), so the
loader can point each warning at its line and column; the length check needs the rendered
document and concerns the file as a whole.
"""

from __future__ import annotations

import datetime as dt

from ..document import Document
from ..errors import Problem
from .parts import Location, Summary
from .types import date_text

__all__ = [
    "LATE_WRITING_MONTHS",
    "SHORT_SUMMARY_CHARS",
    "USUAL_CHARS",
    "data_warnings",
    "document_warnings",
]

USUAL_CHARS = (1500, 3000)
"""字数 of a usual work summary of the genre (the seed has about 2,100)."""

SHORT_SUMMARY_CHARS = 800
"""Below this the summary is far shorter than usual: about half of the shortest usual one."""

LATE_WRITING_MONTHS = 15
"""A summary is written in the weeks after its year ends; a date of writing more months than
this after the year's end (past March of the year after next) was most likely not meant."""


def data_warnings(
    summary: Summary, *, written: dt.date | None = None
) -> list[tuple[Location, str]]:
    """The suspicious places of a valid summary, each with the key path it concerns.

    ``written`` is the date of writing a build prints where the file has no ``date`` (``--date``
    or today); None checks only the file's own date.
    """
    found: list[tuple[Location, str]] = []
    late = _late_writing(summary, written)
    if late is not None:
        found.append(late)
    population = summary.community.population
    if population is not None and not population.is_lower_bound:
        for index, team in enumerate(summary.organisation.teams):
            if team.members is not None and team.members.value > population.value:
                found.append(
                    (
                        ("organisation", "teams", index, "members"),
                        f"队伍人数（{team.members}）多于社区人口（{population}），请核对",
                    )
                )
    activities = summary.activities
    counted = [a.participants for a in activities if a.participants is not None]
    # Where no activity has a count the secretary did not record them; where nearly all have
    # one (three in four, and at least three), a missing count is more likely forgotten.
    missing = len(activities) - len(counted)
    forgotten = len(counted) >= 3 and len(counted) >= 3 * missing
    # A count of 0 reads as none (model.types), participants included: not counted here.
    for index, activity in enumerate(activities):
        if activity.participants is None and forgotten:
            found.append(
                (
                    ("activities", index),
                    f"活动“{activity.title}”没有填写参与人数（participants），"
                    f"而其他 {len(counted)} 项活动填了",
                )
            )
    return found


def document_warnings(document: Document, file: str) -> list[Problem]:
    """Warnings about the rendered summary as a whole: a text far shorter than usual."""
    chars = document.char_count()
    if chars >= SHORT_SUMMARY_CHARS:
        return []
    low, high = USUAL_CHARS
    message = (
        f"生成的总结只有 {chars} 字，远短于同类总结通常的 {low}～{high} 字："
        "可以补充组织机构、阵地建设、活动、居民参与、体会和打算等内容"
    )
    return [Problem(file, 0, 0, "", message)]


def _late_writing(summary: Summary, written: dt.date | None) -> tuple[Location, str] | None:
    """A warning when the date of writing lies far after the year summarised: a 2020 summary
    built today, without a ``date`` in the file, would carry today's date."""
    when = summary.date or written
    if when is None:
        return None
    months_after = (when.year - summary.year - 1) * 12 + when.month
    if months_after <= LATE_WRITING_MONTHS:
        return None
    message = f"成文日期 {date_text(when)} 与总结年度 {summary.year} 年相隔较远"
    if summary.date is not None:
        return ("date",), f"{message}，请核对"
    return ("year",), f"{message}：是否忘了写 date？"
