"""``document.xml`` of many documents in one file (``build --combine``): an optional cover and
table of contents, then each document as a section of its own.

Each document's section starts on an odd page (``w:type oddPage``: Word, WPS and LibreOffice add
a blank page where the previous section ends on an odd one) and restarts its page numbers at 1
(``w:pgNumType w:start``). Only the first document's section names the headers and footers; the
others inherit them, as Word's sections do. The cover and the table of contents name none, so
they carry no page number and no header. The table of contents is plain paragraphs in the
``toc 1`` style, each a link to a bookmark on its document's first line, with the page in the
combined file where it starts if that is known: no TOC field, since Word would fill one with
each document's own page numbers, which all restart at 1 (docs/docx-layout.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .body import (
    Context,
    blocks,
    bookmarked,
    ending_section,
    paragraph,
    runs,
    section_xml,
    wrap_body,
)
from .ooxml import esc

if TYPE_CHECKING:
    from ...document import Document
    from .reference import Page

__all__ = ["COVER_BLANK_LINES", "TocEntry", "anchor_name", "combined_xml"]

COVER_BLANK_LINES = 6  # of the page's 22: the cover's title on the seventh line


class TocEntry(NamedTuple):
    """One line of the table of contents: its text, and the page where its document starts
    (counted from the first page of the file), None where it is not known."""

    label: str
    page: int | None = None


def anchor_name(index: int) -> str:
    """The bookmark on the first line of the ``index``-th document (from 1); hidden in Word's
    bookmark list, as its own ``_Toc`` bookmarks are."""
    return f"_sg_doc{index}"


def combined_xml(
    docs: Sequence[Document],
    ctx: Context,
    stamped: bool,
    page: Page,
    references: tuple[tuple[str, str, str], ...],
    *,
    cover: tuple[str, ...] = (),
    toc: Sequence[TocEntry] | None = None,
    heading: str = "目录",
) -> bytes:
    """The combined ``document.xml``; ``references`` are the headers and footers of the
    documents' sections, ``cover`` the cover's title lines (none: no cover), ``toc`` one entry
    per document (None: no table of contents) under ``heading``."""
    sections: list[tuple[list[str], str]] = []  # (blocks, the section's properties)

    def start() -> str:
        return "oddPage" if sections else ""

    if cover:
        # Blank lines put the title a third of the way down: Word would centre a page
        # (w:vAlign), LibreOffice does not.
        title = ["<w:p/>"] * COVER_BLANK_LINES + [paragraph(ctx, "Title", line) for line in cover]
        sections.append((title, section_xml(page, ())))
    if toc is not None:
        entries = [paragraph(ctx, "TOCHeading", heading), "<w:p/>"]
        entries += [_entry(ctx, entry, anchor_name(i)) for i, entry in enumerate(toc, 1)]
        sections.append((entries, section_xml(page, (), start=start())))
    for i, doc in enumerate(docs, 1):
        body = blocks(doc, ctx, stamped)
        body[0] = bookmarked(body[0], i, anchor_name(i))
        refs = references if i == 1 else ()
        sections.append((body, section_xml(page, refs, start=start(), first_number=1)))
    out: list[str] = []
    for body, sect_pr in sections[:-1]:
        out += [*body[:-1], ending_section(body[-1], sect_pr)]
    last, last_sect = sections[-1] if sections else ([], ctx.sect_pr)
    return wrap_body([*out, *last], last_sect)


def _entry(ctx: Context, entry: TocEntry, anchor: str) -> str:
    latin = ctx.latin_rpr["TOC1"]
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{ctx.text_width}"/></w:tabs>'
    link = f'<w:hyperlink w:anchor="{esc(anchor)}" w:history="1">{runs(entry.label, latin)}</w:hyperlink>'
    number = "" if entry.page is None else f"<w:r><w:tab/></w:r>{runs(str(entry.page), latin)}"
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{esc(ctx.ids["TOC1"])}"/>{tab}</w:pPr>{link}{number}</w:p>'
    )
