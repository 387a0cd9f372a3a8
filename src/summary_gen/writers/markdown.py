"""The :class:`Document` as Markdown: ``# title``, ``## 一、…``, ``### （一）…``, paragraphs, the
signatory and the date, and the appendix as a table.

Every text is escaped. The writer cannot tell data from the template's prose, and the prose has no
Markdown in it, so escaping all of it is what keeps a name like ``*x*``, ``# y``, ``a|b`` or
``[x](y)`` from changing the document's structure.
"""

from __future__ import annotations

import re

from ..document import Document, Table

__all__ = ["combined_markdown", "escape", "to_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# At the start of a line these open a list or a block: - x, + x, 1. x, 1) x.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape(text: str, *, line_start: bool = True) -> str:
    """Text that Markdown shows literally. ``line_start``: the text begins a line, where ``-``,
    ``+`` and ``1.`` would open a list."""
    text = _LINE_BREAKS.sub(" ", text.strip())
    text = _SPECIAL.sub(r"\\\1", text)
    if line_start:
        text = _LINE_START.sub(lambda m: _escape_start(m[1]), text, count=1)
    return text


def _escape_start(head: str) -> str:
    # "1." is escaped on its dot ("1\."), "-" and "+" themselves.
    return head + "\\" if head.isdigit() else "\\" + head


def to_markdown(doc: Document) -> str:
    """The document as Markdown text, ending with one newline; the same document always gives
    the same text."""
    lines = [f"# {escape(doc.title)}", ""]
    for block in doc.body:
        if block.kind == "heading1":
            lines.append(f"## {escape(block.text)}")
        elif block.kind == "heading2":
            lines.append(f"### {escape(block.text)}")
        else:
            lines.append(escape(block.text))
        lines.append("")
    lines += [escape(doc.signatory), "", escape(doc.date_text), ""]
    if doc.appendix is not None:
        lines += _table(doc.appendix)
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape(c, line_start=False) or "—" for c in cells) + " |"

    return [
        f"## {escape(table.title)}",
        "",
        row(table.header),
        "| " + " | ".join("---" for _ in table.header) + " |",
        *(row(r) for r in table.rows),
        "",
    ]


def combined_markdown(
    docs: list[Document],
    *,
    cover: str = "",
    toc: list[str] | None = None,
    heading: str = "目录",
) -> str:
    """Many documents in one Markdown file, one section each (``build --combine``): the cover's
    title and a numbered list of ``toc`` under ``heading`` first, where given."""
    parts = []
    if cover:
        parts.append(f"# {escape(cover)}\n")
    if toc is not None:
        entries = "\n".join(
            f"{i}. {escape(label, line_start=False)}" for i, label in enumerate(toc, 1)
        )
        parts.append(f"# {escape(heading)}\n\n{entries}\n")
    parts += [to_markdown(doc) for doc in docs]
    return "\n".join(parts)
