"""The terminal views, drawn with rich: the preview of a summary, the progress bar of a batch and
its summary table. With :mod:`cli`, the only module that imports rich, and only when something
is really drawn, so a plain build or ``--help`` never pays for it.

Chinese text is wrapped here rather than by rich: rich breaks lines only at spaces (and folds a
"word" longer than the line), while Chinese breaks between any two characters except where a
closing mark would start a line or an opening one end it (the 避头尾 rule). Widths are counted in
terminal cells with :func:`rich.cells.cell_len`, where a full-width character takes two.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.pager import Pager
from rich.table import Table
from rich.text import Text

from .document import Document
from .model import Summary
from .output import WriteStatus
from .report import STATUS_LABELS, file_status, result_lines, summary_line

if TYPE_CHECKING:
    from .batch import BatchReport
    from .build import FileResult
    from .errors import Problem
    from .text.compare import Change
    from .text.quantity import Quantity

__all__ = [
    "MAX_TEXT_WIDTH",
    "batch_progress",
    "comparison_rows",
    "figure_rows",
    "make_console",
    "print_report",
    "show_preview",
    "wrap_cjk",
]

MAX_TEXT_WIDTH = 80
"""Text lines are at most this wide even in a wide terminal: longer lines are hard to read."""

INDENT = "\u3000\u3000"
"""Two full-width spaces: the first-line indent of a Chinese paragraph."""

# A line may not start with a closing mark, nor end with an opening one (避头尾).
_NO_LINE_START = set("，。、；：！？）》」』”’】〕〉…—%％,.;:!?)]}·")
_NO_LINE_END = set("（《「『“‘【〔〈([{")
# Latin words and numbers stay whole where they fit; anything else breaks between characters.
_UNIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f][0-9A-Za-z\u00c0-\u024f.,:/%+_'-]*|\s+|.", re.S)


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console that draws colour only on a terminal and never with ``NO_COLOR`` set."""
    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, width=width, no_color=no_color, highlight=False)


# --- wrapping ----------------------------------------------------------------------------------


def wrap_cjk(text: str, width: int, *, indent: str = "") -> list[str]:
    """Lines of at most ``width`` cells, broken between Chinese characters or at spaces, never
    putting a closing mark at the start of a line or an opening one at its end.

    ``indent`` starts the first line (a paragraph's two full-width spaces). A Latin word longer
    than a line is cut where it must be.
    """
    width = max(width, 4)
    lines: list[str] = []
    line: list[str] = [indent] if indent else []
    used = cell_len(indent)

    def flush() -> None:
        nonlocal line, used
        lines.append("".join(line).rstrip())
        line, used = [], 0

    for unit in _units(text, width):
        size = cell_len(unit)
        if unit.isspace():
            if used and used + size <= width:
                line.append(unit)
                used += size
            elif used:
                flush()  # a space at the end of a line is the break itself
            continue
        if used + size <= width:
            line.append(unit)
            used += size
            continue
        carried = _carry(line, unit)
        if cell_len("".join(carried)) + size > width:  # too narrow to move anything
            line.extend(carried)
            carried = []
        if line and "".join(line).strip():
            flush()
        else:
            line, used = [], 0
        line = [*carried, unit]
        used = sum(cell_len(u) for u in line)
    if line and "".join(line).strip():
        flush()
    return lines or [""]


def _units(text: str, width: int) -> Iterator[str]:
    for match in _UNIT.finditer(text):
        unit = match.group()
        if cell_len(unit) > width and not unit.isspace():
            yield from unit  # a word longer than a line: cut between its characters
        else:
            yield unit


def _carry(line: list[str], unit: str) -> list[str]:
    """What moves from the end of a full ``line`` to the next one, so that ``unit`` does not
    start it with a closing mark and the line does not end with an opening one."""
    # Keep at least one unit (beyond an indent) on the line, so that wrapping always advances.
    keep = 2 if line and line[0].isspace() else 1
    cut = len(line)
    if unit[0] in _NO_LINE_START and cut > keep and not line[-1].isspace():
        cut -= 1
    closing = cut
    while cut > keep and line[cut - 1] and line[cut - 1][-1] in _NO_LINE_END:
        cut -= 1
    if cut < closing and line[cut - 1] and line[cut - 1][-1] in _NO_LINE_END:
        # Nothing but opening marks (（（（…): moving them would only fill the next line with
        # the same problem, and wrap the rest one character a line.
        return []
    carried = line[cut:]
    del line[cut:]
    return carried


# --- the preview -------------------------------------------------------------------------------


def figure_rows(summary: Summary) -> list[tuple[str, str]]:
    """The year's figures as (label, value) rows: the model's ``figures`` and ``figures.extra``."""
    from .text.compare import FIGURE_UNITS

    figures = summary.figures
    rows: list[tuple[str, str]] = []
    for name in ("events", "materials", "consultations"):
        quantity = getattr(figures, name)
        if quantity is not None:
            rows.append((_COMPARED[name], quantity.with_unit(FIGURE_UNITS[name])))
    if figures.topics:
        rows.append(("工作主题", "、".join(figures.topics)))
    for fact in figures.extra:
        rows.append((fact.label, fact.value.with_unit(fact.unit or "")))
    return rows


def comparison_rows(summary: Summary) -> list[tuple[str, str, str, str]]:
    """The figures of both years where ``previous`` gives last year's, as (label, this year,
    last year, the change) rows; "—" where a year gives none or the two are not compared."""
    from .text.compare import FIGURE_UNITS, changes, year_figures

    last = summary.previous
    if last is None:
        return []
    changed = changes(summary)
    figures = summary.figures
    now = year_figures(summary)
    rows = []
    for name, label in _COMPARED.items():
        this, before, unit = now[name], getattr(last, name), FIGURE_UNITS[name]
        if this is not None or before is not None:
            rows.append(
                (label, _shown(this, unit), _shown(before, unit), _phrase(getattr(changed, name)))
            )
    labels = [fact.label for fact in figures.extra]
    labels += [fact.label for fact in last.extra if fact.label not in labels]
    for label in labels:
        this_fact = next((f for f in figures.extra if f.label == label), None)
        last_fact = next((f for f in last.extra if f.label == label), None)
        rows.append(
            (
                label,
                _shown(this_fact.value, this_fact.unit) if this_fact else "—",
                _shown(last_fact.value, last_fact.unit) if last_fact else "—",
                _phrase(changed.extra.get(label)),
            )
        )
    return rows


_COMPARED = {
    "events": "全年活动场次",
    "materials": "发放宣传材料",
    "consultations": "接受咨询服务",
    "households": "户数",
    "population": "人口",
    "volunteers": "志愿者",
}


def _shown(quantity: Quantity | None, unit: str | None) -> str:
    return "—" if quantity is None else quantity.with_unit(unit or "")


def _phrase(change: Change | None) -> str:
    return "—" if change is None else change.phrase("")


def show_preview(
    console: Console,
    summary: Summary,
    document: Document,
    warnings: list[Problem],
    *,
    pager: bool = False,
) -> None:
    """Draw the summary: title, numbered headings, wrapped paragraphs, the signatory and date,
    the year's figures as a table, any warnings and the character count (字数).

    ``pager``: page the output when the console is a terminal.
    """
    if pager and console.is_terminal:
        with console.pager(pager=_LessPager(), styles=not console.no_color):
            _draw(console, summary, document, warnings)
    else:
        _draw(console, summary, document, warnings)


def _draw(console: Console, summary: Summary, doc: Document, warnings: list[Problem]) -> None:
    width = min(console.width, MAX_TEXT_WIDTH)

    def say(line: str = "", style: str = "", justify: JustifyMethod | None = None) -> None:
        if not line:
            console.line()
            return
        # Lines are wrapped already: rich must neither wrap them again nor pad them.
        console.print(Text(line, style=style), justify=justify, width=width, no_wrap=True)

    for title_line in doc.title_lines:
        for line in wrap_cjk(title_line, width):
            say(line, "bold", "center")
    say()
    for block in doc.body:
        if block.kind == "paragraph":
            for line in wrap_cjk(block.text, width, indent=INDENT):
                say(line)
        else:
            if block.kind == "heading1":
                say()
            for line in wrap_cjk(block.text, width):
                say(line, "bold")
    say()
    for line in [*wrap_cjk(doc.signatory, width), *wrap_cjk(doc.date_text, width)]:
        say(line, justify="right")
    if doc.appendix is not None:
        say()
        say(doc.appendix.title, "bold")
        table = Table(*doc.appendix.header, width=width, show_lines=False)
        for row in doc.appendix.rows:
            table.add_row(*row)
        console.print(table, width=width)
    rows = figure_rows(summary)
    compared = comparison_rows(summary)
    say()
    if compared:
        year = summary.year
        table = Table(
            "项目",
            f"{year}年",
            f"{year - 1}年",
            "比上年",
            title=f"{year}年全年数字与上年比较",
            title_style="bold",
            width=width,
        )
        for row in compared:
            table.add_row(*row)
        console.print(table, width=width)
        if figures_topics := summary.figures.topics:
            say(f"工作主题：{'、'.join(figures_topics)}")
    elif rows:
        table = Table(
            "项目", "数字", title=f"{summary.year}年全年数字", title_style="bold", width=width
        )
        for label, value in rows:
            table.add_row(label, value)
        console.print(table, width=width)
    else:
        say("（数据文件中没有全年数字：figures）", "dim")
    if warnings:
        say()
        for warning in warnings:
            for line in wrap_cjk(f"警告：{_where(warning)}{warning.message}", width):
                say(line, "yellow")
    say()
    say(f"字数：{doc.char_count()}", "dim")


def _where(problem: Problem) -> str:
    place = f"第{problem.line}行 " if problem.line else ""
    return f"{place}{problem.path}：" if problem.path else place


class _LessPager(Pager):
    """``$PAGER``, else ``less -R`` so that bold and colour survive, else ``more``."""

    def show(self, content: str) -> None:
        import pydoc

        command = os.environ.get("PAGER") or ("less -R" if shutil.which("less") else "more")
        pydoc.pipepager(content, command)


# --- batch progress and report -----------------------------------------------------------------


@contextmanager
def batch_progress(
    console: Console,
) -> Iterator[tuple[Callable[[int], None], Callable[[FileResult], None]]]:
    """A progress bar on ``console`` while a batch runs; yields ``(start, advance)`` callbacks
    for :func:`~summary_gen.batch.run_batch` (``on_start(total)``, ``on_result(result)``).
    The bar disappears when the batch ends; the report table follows."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("生成中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )
    task = progress.add_task("", total=None)

    def start(total: int) -> None:
        progress.update(task, total=total)
        progress.start()  # after the workers are forked: no display thread is copied into them

    def advance(result: FileResult) -> None:
        progress.update(task, advance=1, description=result.input.name)

    try:
        yield start, advance
    finally:
        progress.stop()


def print_report(console: Console, report: BatchReport) -> None:
    """The batch's summary table (文件、状态、输出、字数、问题), then every located problem and
    warning as a line, and the count."""
    table = Table("文件", "状态", "输出", "字数", "问题", width=min(console.width, 120))
    styles = {"ok": "green", "invalid": "yellow", "failed": "red", "kept": "red"}
    for result in report.results:
        status = file_status(result)
        outputs = "\n".join(f"{out.path.name} {_short(out.status)}" for out in result.outputs)
        table.add_row(
            str(result.input),
            Text(STATUS_LABELS[status], style=styles[status]),
            outputs or "—",
            str(result.chars) if result.chars else "—",
            _problem_count(result),
        )
    console.print(table)
    for result in report.results:
        for line in result_lines(result, outputs=False):
            # soft_wrap: the terminal folds a long line, so a copied path stays whole.
            style = "yellow" if line.startswith("警告") else "red"
            console.print(Text(line, style=style), soft_wrap=True)
    console.print(summary_line(report))


def _short(status: WriteStatus) -> str:
    """An output's status in a table cell: the long labels (the kept one's --force hint, why
    one was not written, where --force kept a changed file) are told on the lines below."""
    if status is WriteStatus.KEPT:
        return STATUS_LABELS["kept"]
    if status is WriteStatus.NOT_WRITTEN:
        return "未写入"
    return status.label


def _problem_count(result: FileResult) -> str:
    parts = []
    errors = len(result.problems) + bool(result.error)
    if errors:
        parts.append(f"{errors} 个错误")
    if result.warnings:
        parts.append(f"{len(result.warnings)} 条警告")
    return "，".join(parts) or "—"
