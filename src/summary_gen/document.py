"""The rendered document: one structure that every writer (Markdown, DOCX, preview) consumes.

Rendering produces a :class:`Document`; writers only lay it out. So the Markdown and the DOCX of
one build can never say different things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Block", "BlockKind", "Document", "Table"]

BlockKind = Literal["heading1", "heading2", "paragraph"]


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or a paragraph of the body. ``text`` is final plain text (no markup)."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table, e.g. the appendix of the year's activities (附件)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A finished work summary.

    ``title_lines`` holds the title, already split where a long title should break (one entry for
    a short title). ``date_text`` is the date as printed (2021年3月3日); ``date`` is the same day,
    for document properties.
    """

    title_lines: tuple[str, ...]
    body: tuple[Block, ...]
    signatory: str
    date: dt.date
    date_text: str
    appendix: Table | None = None
    author: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        """The title on one line."""
        return "".join(self.title_lines)

    def char_count(self) -> int:
        """字数 as Word counts it for Chinese text: every non-space character of the text."""
        texts = [self.title, *(b.text for b in self.body), self.signatory, self.date_text]
        return sum(len("".join(t.split())) for t in texts)
