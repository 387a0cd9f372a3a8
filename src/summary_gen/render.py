"""Model + template family → :class:`Document`. Pure: reads templates, writes nothing.

A family is a folder of Jinja templates (``templates/kepu/``); its entry point ``summary.j2``
includes one file per part, so a user can override one part by putting a file of the same name
in a folder of their own (``--template-dir``), which is searched first. A user folder may also
hold whole families as subfolders (``DIR/<family>/summary.j2``).

The templates write the line protocol of :mod:`summary_gen.templating.protocol`; the renderer
then numbers the headings (一、 （一）), drops a heading whose section came out empty, and adds
what the templates do not write: the title's line breaks, the signatory, the date, and the
appendix with the note that names it at the end of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from .document import Block, BlockKind, Document, Table
from .errors import TemplateError
from .model import Summary
from .templating.context import build_context
from .templating.environment import environment, render_lines
from .templating.families import (
    DEFAULT_FAMILY,
    ENTRY_FILE,
    family_sections,
    search_path,
    signatory_suffix,
)
from .text.zh import date_zh, num_cn, qty, split_title

__all__ = ["render"]


EMPTY_CELL = "—"


_HEADING_NUMERAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


_HEADING_END = "。．.；;，,：:"


def render(
    summary: Summary,
    *,
    date: dt.date,
    template_dirs: Sequence[Path] = (),
    family: str | None = None,
    appendix: bool = False,
) -> Document:
    """Render a summary with its template family into a :class:`Document`.

    The family is ``summary.template``, else ``family``, else ``kepu``. ``date`` is the date of
    writing the caller resolved (``--date`` or today); the data file's own ``date`` wins over it.
    ``appendix`` adds the table of the year's activities (附件), when there are any, and the
    note that names it (附件：2020年活动一览表) as the body's last paragraph.
    Raises :class:`~summary_gen.errors.TemplateError` when a template fails, or when the
    family's ``family.yaml`` declares its sections badly.
    """
    family_name = summary.template or family or DEFAULT_FAMILY
    written = summary.date or date
    path = tuple(search_path(family_name, template_dirs))
    env = environment(path)
    context = build_context(
        summary,
        date=written,
        sections=family_sections(path),
        signatory_suffix=signatory_suffix(path),
    )
    blocks = render_lines(env, ENTRY_FILE, context)

    titles = [text for kind, text in blocks if kind == "title"]
    if len(titles) != 1:
        raise TemplateError(
            f"模板应输出一个标题（@title），实际输出了 {len(titles)} 个", ENTRY_FILE
        )
    body = _number_headings(_drop_empty_headings([(k, t) for k, t in blocks if k != "title"]))
    table = _appendix(summary) if appendix else None
    if table is not None:
        # GB/T 9704 7.3.4: the attachment note ends the body, before the signature, with no
        # full stop after the attachment's name.
        body.append(Block("paragraph", table.title))
    signatory = context["signatory"]
    return Document(
        title_lines=split_title(titles[0]),
        body=tuple(body),
        signatory=signatory,
        date=written,
        date_text=context["date_text"],
        appendix=table,
        author=signatory,
        keywords=(summary.community.name, f"{summary.year}年", "工作总结"),
    )


def _drop_empty_headings(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leave out a heading with no paragraph under it (before the next heading of its level
    or above): a section a template wrote without content must not show."""
    kept: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(blocks):
        if kind in ("heading1", "heading2"):
            stop = ("heading1",) if kind == "heading1" else ("heading1", "heading2")
            has_paragraph = False
            for later_kind, _ in blocks[index + 1 :]:
                if later_kind in stop:
                    break
                if later_kind == "paragraph":
                    has_paragraph = True
                    break
            if not has_paragraph:
                continue
        kept.append((kind, text))
    return kept


def _number_headings(blocks: list[tuple[str, str]]) -> list[Block]:
    """一、二、… for level 1 and （一）（二）… for level 2, restarting under each level 1."""
    result: list[Block] = []
    level1 = level2 = 0
    for kind, text in blocks:
        block_kind: BlockKind
        if kind == "heading1":
            level1, level2 = level1 + 1, 0
            block_kind, text = "heading1", f"{num_cn(level1)}、{_heading_text(text)}"
        elif kind == "heading2":
            level2 += 1
            block_kind, text = "heading2", f"（{num_cn(level2)}）{_heading_text(text)}"
        else:
            block_kind = "paragraph"
        result.append(Block(block_kind, text))
    return result


def _heading_text(text: str) -> str:
    """A heading without a numeral of its own (the renderer numbers) or a final stop."""
    return _HEADING_NUMERAL.sub("", text).rstrip().rstrip(_HEADING_END).rstrip()


def _appendix(summary: Summary) -> Table | None:
    """The table of the year's activities. A column the data leaves empty in every row (日期,
    参与人数, 类型) is left out; 序号 and 活动名称 always stay."""
    activities = summary.activities
    if not activities:
        return None
    columns: list[tuple[str, list[str]]] = [
        ("序号", [str(number) for number in range(1, len(activities) + 1)]),
        ("活动名称", [activity.title for activity in activities]),
    ]
    optional = [
        ("类型", [activity.kind or EMPTY_CELL for activity in activities]),
        ("日期", [date_zh(a.date) if a.date else EMPTY_CELL for a in activities]),
        # The people who took part in one activity (120人); 人次 counts a year's visits.
        (
            "参与人数",
            [qty(a.participants, "人") if a.participants else EMPTY_CELL for a in activities],
        ),
    ]
    columns += [(name, cells) for name, cells in optional if any(c != EMPTY_CELL for c in cells)]
    return Table(
        title=f"附件：{summary.year}年活动一览表",
        header=tuple(name for name, _ in columns),
        rows=tuple(zip(*(cells for _, cells in columns), strict=True)),
    )
