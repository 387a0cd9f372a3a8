"""Hypothesis strategies for values as a secretary types them (docs/data-format.md, 值的写法):
each draws the canonical text and one of the forms the loader also reads for it."""

from __future__ import annotations

import cn2an
from hypothesis import strategies as st

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Where each count goes in a data file ("{}" is the value), and the units its field expects.
COUNT_FIELDS = {
    "community.households": ("community:\n  name: 城里社区\n  households: {}\n", ("户",)),
    "community.population": ("community:\n  name: 城里社区\n  population: {}\n", ("人", "名")),
    "organisation.dedicated_staff": ("organisation:\n  dedicated_staff: {}\n", ("人", "名")),
    "organisation.teams[0].members": (
        "organisation:\n  teams:\n    - name: 志愿队\n      members: {}\n",
        ("人", "名"),
    ),
    "facilities.funding.self_raised": ("facilities:\n  funding:\n    self_raised: {}\n", ("元",)),
    "facilities.items[0].count": (
        "facilities:\n  items:\n    - name: 图书\n      unit: 册\n      count: {}\n",
        ("册",),
    ),
    "activities[0].participants": (
        "activities:\n  - title: 讲座\n    participants: {}\n",
        ("人次", "人", "名"),
    ),
    "figures.events": ("figures:\n  events: {}\n", ("场次", "场", "次")),
    "figures.materials": ("figures:\n  materials: {}\n", ("份",)),
    "figures.consultations": ("figures:\n  consultations: {}\n", ("人次",)),
    "participation.volunteers": ("participation:\n  volunteers: {}\n", ("人", "名")),
}


def place(path: str, value: str) -> str:
    """A data file of the year 2020 with ``value`` written as it is at ``path`` (a key of
    :data:`COUNT_FIELDS`)."""
    snippet = COUNT_FIELDS[path][0].replace("{}", value)
    if not snippet.startswith("community:"):
        snippet = "community:\n  name: 城里社区\n" + snippet
    return "year: 2020\n" + snippet


def _number_forms(n: int) -> list[str]:
    forms = [str(n), str(n).translate(_FULL_WIDTH), cn2an.an2cn(n)]
    if n >= 1000:
        forms += [f"{n:,}", f"{n:,}".replace(",", "，")]
    return forms


@st.composite
def counts(draw: st.DrawFn, units: tuple[str, ...] = ()) -> tuple[str, str]:
    """(canonical, typed): 300余 and 三百余人, 1200 and 1,200户, 约500 and 约五百…"""
    n = draw(st.integers(min_value=0, max_value=99_999))
    qualifier = draw(st.sampled_from(["", "余", "多", "以上", "约", "近", "达"]))
    number = draw(st.sampled_from(_number_forms(n)))
    unit = draw(st.sampled_from(["", *units]))
    if qualifier in ("约", "近", "达"):
        return f"{qualifier}{n}", f"{qualifier}{number}{unit}"
    if qualifier == "以上":
        return f"{n}以上", draw(st.sampled_from([f"{number}{unit}以上", f"{number}以上{unit}"]))
    return f"{n}{qualifier}", f"{number}{qualifier}{unit}"


@st.composite
def dates(draw: st.DrawFn, *, month_only: bool = False) -> tuple[str, str]:
    """(canonical, typed): 2020-03-15 and 2020年3月15日, 2020/3/15, 2020.3.15; or a month."""
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    if month_only and draw(st.booleans()):
        forms = [f"2020-{month}", f"2020/{month}", f"2020年{month}月"]
        return f"2020-{month:02d}", draw(st.sampled_from(forms))
    forms = [f"2020-{month}-{day}", f"2020/{month}/{day}", f"2020.{month}.{day}"]
    forms.append(f"2020年{month}月{day}日")
    return f"2020-{month:02d}-{day:02d}", draw(st.sampled_from(forms))
