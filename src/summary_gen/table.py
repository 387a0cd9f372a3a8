"""The year's table: one row per community with its figures, last year's and the change, and a
total row: the table a street office sends up to the district (``summary-gen table``).

Each figure is a column (户数, 人口, 志愿者人数, 全年活动场次, 宣传材料份数, 咨询服务人次, and each
``figures.extra`` by its label and unit); where any community gives last year's, three more
follow it: 上年…, …增减 (…增减（百分点） for a rate) and …增长（%）. An exact figure is a number
cell; a qualified one (300余, 20以上, 约500) is text as written, and its change is told in words
(有所增加) only where still true (:mod:`summary_gen.text.compare`).

The total row (合计) sums a column where a sum means something: never a rate (unit ``%`` or
``‰``) and never figures of different units. A column whose figures are exact sums to a number;
where some are lower bounds (余、多、以上、达) and none approximate, the sum is a lower bound too,
written 1234以上; where any is approximate (约、近), the column has no total. A change column's
total is the sum of its changes, and its growth that sum against last year's figures of the
same communities.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .model import Summary
from .text.compare import FIGURE_UNITS, Change, change, year_figures
from .text.quantity import Quantity

__all__ = ["TOTAL", "TableData", "to_csv", "to_xlsx", "year_table"]

Cell = int | float | str | None

TOTAL = "合计"

_FIGURES = {
    "households": "户数",
    "population": "人口",
    "volunteers": "志愿者人数",
    "events": "全年活动场次",
    "materials": "宣传材料份数",
    "consultations": "咨询服务人次",
}
_RATES = ("%", "‰")


@dataclass(frozen=True, slots=True)
class TableData:
    """The table: its title, header, one row per community and the total row."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    total: list[Cell]


@dataclass(frozen=True, slots=True)
class _Figure:
    """One figure of the table: its header, and each community's values of both years."""

    header: str
    unit: str
    now: list[Quantity | None]
    last: list[Quantity | None]


def year_table(summaries: Sequence[Summary]) -> TableData:
    """The year's table of ``summaries`` (one per community, in this order)."""
    columns: list[tuple[str, list[Cell], Cell]] = [
        ("社区名称", [s.community.name for s in summaries], TOTAL),
        ("所属街道", [s.community.street for s in summaries], None),
        ("年度", [s.year for s in summaries], None),
    ]
    for figure in _figures(summaries):
        columns.append(
            (figure.header, [_cell(q) for q in figure.now], _sum(figure.now, figure.unit))
        )
        if any(q is not None for q in figure.last):
            columns += _change_columns(figure)
    years = sorted({s.year for s in summaries})
    title = f"{'、'.join(map(str, years))}年各社区全年数字汇总" if years else "各社区全年数字汇总"
    return TableData(
        title,
        [header for header, _, _ in columns],
        [list(row) for row in zip(*(cells for _, cells, _ in columns), strict=True)],
        [total for _, _, total in columns],
    )


def _figures(summaries: Sequence[Summary]) -> list[_Figure]:
    figures = []
    told = [year_figures(s) for s in summaries]
    for name, header in _FIGURES.items():
        now = [figures_of[name] for figures_of in told]
        last = [getattr(s.previous, name) if s.previous else None for s in summaries]
        if any(q is not None for q in now + last):
            figures.append(_Figure(header, FIGURE_UNITS[name], now, last))
    extras: dict[tuple[str, str], None] = {}
    for summary in summaries:
        for fact in summary.figures.extra:
            extras.setdefault((fact.label, fact.unit or ""), None)
    for label, unit in extras:
        now = [_fact(s.figures.extra, label, unit) for s in summaries]
        last = [_fact(s.previous.extra, label, unit) if s.previous else None for s in summaries]
        header = f"{label}（{unit}）" if unit else label
        figures.append(_Figure(header, unit, now, last))
    return figures


def _fact(facts: Sequence[Any], label: str, unit: str) -> Quantity | None:
    value: Quantity | None = next(
        (f.value for f in facts if f.label == label and (f.unit or "") == unit), None
    )
    return value


def _change_columns(figure: _Figure) -> list[tuple[str, list[Cell], Cell]]:
    rate = figure.unit in _RATES
    changes = [
        change(now, last, figure.unit) for now, last in zip(figure.now, figure.last, strict=True)
    ]
    differences = [
        _difference(now, last) for now, last in zip(figure.now, figure.last, strict=True)
    ]
    moved: list[Cell] = [
        d if d is not None else _words(c) for d, c in zip(differences, changes, strict=True)
    ]
    last_year = (
        f"上年{figure.header}",
        [_cell(q) for q in figure.last],
        _sum(figure.last, figure.unit),
    )
    if rate:
        return [last_year, (f"{figure.header}增减（百分点）", moved, None)]
    growth: list[Cell] = [
        _percent(d, last.value) if d is not None and last is not None else None
        for d, last in zip(differences, figure.last, strict=True)
    ]
    total_change: Cell = None
    total_growth: Cell = None
    # A total change only where every community that gives both years gives them exactly: a
    # sum leaving one out (约4000 both years) would be told as the street's change.
    paired = [
        (d, last)
        for d, now, last in zip(differences, figure.now, figure.last, strict=True)
        if now is not None and last is not None
    ]
    if paired and all(d is not None for d, _ in paired):
        total_change = _number(sum((Decimal(str(d)) for d, _ in paired), Decimal(0)))
        base = sum(Decimal(str(last.value)) for _, last in paired if last is not None)
        total_growth = _percent(total_change, base)
    return [
        last_year,
        (f"{figure.header}增减", moved, total_change),
        (f"{figure.header}增长（%）", growth, total_growth),
    ]


def _difference(now: Quantity | None, last: Quantity | None) -> int | float | None:
    """This year's figure less last year's, where both are exact."""
    if now is None or last is None or not now.is_exact or not last.is_exact:
        return None
    return _number(Decimal(str(now.value)) - Decimal(str(last.value)))


def _words(found: Change | None) -> Cell:
    return found.phrase("") if found is not None else None


def _percent(difference: int | float | Decimal, base: int | float | Decimal) -> float | None:
    if not base:
        return None
    return float((Decimal(str(difference)) * 100 / Decimal(str(base))).quantize(Decimal("0.1")))


def _cell(quantity: Quantity | None) -> Cell:
    """An exact figure as a number, a qualified one as the text written (300余)."""
    if quantity is None:
        return None
    if not quantity.is_exact:
        return str(quantity)
    return quantity.value


def _sum(values: Sequence[Quantity | None], unit: str) -> Cell:
    """The total of a column, where a sum means something (the module's docstring)."""
    given = [q for q in values if q is not None]
    if not given or unit in _RATES:
        return None
    if any(q.prefix in ("约", "近") for q in given):
        return None
    total = _number(sum((Decimal(str(q.value)) for q in given), Decimal(0)))
    if any(q.suffix or q.prefix == "达" for q in given):
        return f"{total}以上"
    return total


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- files ------------------------------------------------------------------------------------


def to_csv(table: TableData) -> bytes:
    """The table as CSV: UTF-8 with a BOM, which Excel and WPS open as Chinese text."""
    import csv

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in [*table.rows, table.total]:
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _csv_cell(cell: int | float | str) -> str:
    return format(Decimal(str(cell)).normalize(), "f") if isinstance(cell, float) else str(cell)


def to_xlsx(table: TableData, written: dt.date) -> bytes:
    """The table as a workbook: its title above, a bold frozen header, numbers as numbers, the
    total row bold, columns wide enough for their text. ``written`` dates the file (its bytes
    depend on nothing else)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "汇总"
    sheet.append([table.title])
    sheet.append(table.header)
    for row in table.rows:
        sheet.append(row)
    sheet.append(table.total)
    bold = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for index, header in enumerate(table.header, start=1):
        if header.endswith("（%）"):
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0.0"
    sheet.freeze_panes = "B3"
    from .workbook import fit_widths, stable_bytes

    fit_widths(
        sheet, [table.header, *[[str(c) for c in row if c is not None] for row in table.rows]]
    )
    return stable_bytes(book, written)
