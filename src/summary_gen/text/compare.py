"""This year's figures against last year's, in the wording of Chinese statistics.

One set of rules for every family, the preview and the year's table:

* both years give an exact figure: 比上年增加4场次、增长25%; 比上年减少2场次、下降10%;
  与上年持平. The growth is a percentage of last year's figure, to one decimal (25%, 33.3%),
  left out where it rounds to nothing; a fall is never 减少N倍 (it is at most 100%).
* a rate (unit ``%``) changes by 个百分点 (``‰``: 个千分点), never by a percentage of itself:
  比上年提高3.3个百分点, 比上年下降2个百分点.
* a figure with a qualifier on either side (20以上, 300余, 约500, 近1000) is compared in words,
  and only where the comparison is still true whatever the true figure: 300余 is at least 300
  (余、多、以上, and 达, which says a figure reached it), 约500 lies within a tenth of 500, 近1000
  below 1000 and within a tenth of it. 20以上 against last year's 16 is 比上年有所增加; 300余
  against 300 says nothing.

The comparison of a year's figure is a :class:`Change`; :func:`changes` gives those of a
summary with a ``previous``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .quantity import Quantity

if TYPE_CHECKING:
    from ..model import Summary

__all__ = [
    "FIGURE_UNITS",
    "FILTERS",
    "Change",
    "Changes",
    "change",
    "changes",
    "compared",
    "year_figures",
]

Direction = Literal["up", "down", "same"]

FIGURE_UNITS = {
    "events": "场次",
    "materials": "份",
    "consultations": "人次",
    "households": "户",
    "population": "人",
    "volunteers": "名",
}
"""The unit each compared figure is counted in, as the documents write it."""

_POINTS = {"%": "个百分点", "‰": "个千分点"}
_VERBS = {
    (False, True): "增加",
    (False, False): "减少",
    (True, True): "提高",
    (True, False): "下降",
}
"""The verb of a change: (a rate, up) → 增加, 减少 for counts, 提高, 下降 for rates (by points)."""
_APPROXIMATE = Decimal("0.1")  # 约500 is taken as within a tenth of 500


@dataclass(frozen=True, slots=True)
class Change:
    """How a figure changed from last year: its direction, and where both figures are exact,
    by how much (``amount``, with its unit) and by what percentage of last year's
    (``percent``; none for a rate, which changes by points)."""

    direction: Direction
    amount: str = ""
    percent: str = ""
    rate: bool = False

    def phrase(self, subject: str | None = None) -> str:
        """比上年增加4场次、增长25%; with a ``subject``, for a sentence that has said 与上年相比
        already: 户数增加50户、增长1.9%, 人口持平; with ``""``, the change alone (a table's
        column 比上年: 增加4场次、增长25%)."""
        if self.direction == "same":
            return "与上年持平" if subject is None else f"{subject}持平"
        up = self.direction == "up"
        verb = _VERBS[self.rate, up]
        if self.amount:
            text = f"{verb}{self.amount}"
            if self.percent:
                text += f"、{'增长' if up else '下降'}{self.percent}"
        else:
            text = f"有所{verb}"
        return f"比上年{text}" if subject is None else f"{subject}{text}"

    def __str__(self) -> str:
        return self.phrase()


def change(current: Quantity | None, previous: Quantity | None, unit: str = "") -> Change | None:
    """The change from ``previous`` to ``current`` counted in ``unit``, or None where a year
    gives no figure or the qualifiers leave the direction open."""
    if current is None or previous is None:
        return None
    rate = unit in _POINTS
    now, then = Decimal(str(current.value)), Decimal(str(previous.value))
    if current.is_exact and previous.is_exact:
        if now == then:
            return Change("same", rate=rate)
        difference = abs(now - then)
        direction: Direction = "up" if now > then else "down"
        if rate:
            return Change(direction, f"{_plain(difference)}{_POINTS[unit]}", rate=True)
        amount = _amount(difference, current, previous) + unit
        return Change(direction, amount, _percent(difference, then))
    low_now, high_now = _bounds(current, now)
    low_then, high_then = _bounds(previous, then)
    if low_now > high_then:
        return Change("up", rate=rate)
    if high_now < low_then:
        return Change("down", rate=rate)
    return None


def _bounds(quantity: Quantity, value: Decimal) -> tuple[Decimal, Decimal | float]:
    """The least and the most the true figure can be, as its qualifier says."""
    if quantity.suffix or quantity.prefix == "达":  # 300余, 20以上, 达300: at least
        return value, float("inf")
    if quantity.prefix == "约":
        return value * (1 - _APPROXIMATE), value * (1 + _APPROXIMATE)
    if quantity.prefix == "近":
        return value * (1 - _APPROXIMATE), value
    return value, value


def _amount(difference: Decimal, current: Quantity, previous: Quantity) -> str:
    """The difference as the figures are written: in 万 (or 亿) where both are (0.2万亩)."""
    for magnitude, size in (("亿", Decimal(100_000_000)), ("万", Decimal(10_000))):
        if current.number.endswith(magnitude) and previous.number.endswith(magnitude):
            return _plain(difference / size) + magnitude
    return _plain(difference)


def _percent(difference: Decimal, base: Decimal) -> str:
    if not base:
        return ""
    percent = (difference * 100 / base).quantize(Decimal("0.1"))
    return f"{_plain(percent)}%" if percent else ""


def _plain(number: Decimal) -> str:
    """A number without trailing zeros or an exponent: 3.3, 4, 0.25."""
    return format(number.normalize(), "f")


@dataclass(frozen=True, slots=True)
class Changes:
    """The changes of a summary's figures from last year's (None where not compared), and of
    each of its ``figures.extra`` by label (an entry for every label, None where not compared:
    a template may look any of them up)."""

    events: Change | None = None
    materials: Change | None = None
    consultations: Change | None = None
    households: Change | None = None
    population: Change | None = None
    volunteers: Change | None = None
    extra: dict[str, Change | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(getattr(self, name) is not None for name in FIGURE_UNITS) or any(
            value is not None for value in self.extra.values()
        )


def changes(summary: Summary) -> Changes:
    """The changes of ``summary``'s figures from its ``previous`` (none without one). The year's
    ``figures.events`` is compared only as the data gives it, never counted from the list."""
    last = summary.previous
    extra: dict[str, Change | None] = {item.label: None for item in summary.figures.extra}
    if last is None:
        return Changes(extra=extra)
    for item in summary.figures.extra:
        before = next((old for old in last.extra if old.label == item.label), None)
        if extra[item.label] is None and before is not None and before.unit == item.unit:
            extra[item.label] = change(item.value, before.value, item.unit or "")
    now = year_figures(summary)
    return Changes(
        **{
            name: change(now[name], getattr(last, name), unit)
            for name, unit in FIGURE_UNITS.items()
        },
        extra=extra,
    )


def year_figures(summary: Summary) -> dict[str, Quantity | None]:
    """The figures of the year that are compared with last year's, by their name in
    ``previous`` (:data:`FIGURE_UNITS`)."""
    figures, community = summary.figures, summary.community
    return {
        "events": figures.events,
        "materials": figures.materials,
        "consultations": figures.consultations,
        "households": community.households,
        "population": community.population,
        "volunteers": summary.participation.volunteers,
    }


def compared(value: Change | None, subject: str | None = None) -> str:
    """A template's filter: the change as a phrase (:meth:`Change.phrase`), "" for none."""
    return value.phrase(subject) if value is not None else ""


def with_changes(figures: Any) -> str:
    """A template's filter: figures of the year, each a (text, change) pair, as one list: each
    followed by its change (发放宣传材料5000份，比上年增加1000份、增长25%), joined by ； where any
    has one (the change's own 、 and ， would blur them otherwise), else by ，."""
    told = [(text, value) for text, value in figures]
    if not any(value is not None for _, value in told):
        return "，".join(text for text, _ in told)
    return "；".join(text if value is None else f"{text}，{value}" for text, value in told)


FILTERS = {"compared": compared, "with_changes": with_changes}
"""The filters of this module, which every template may use."""
