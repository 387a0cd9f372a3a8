"""``document.xml``: title, body, signature and appendix table of one document.

Written as plain strings, since this is the part each document costs: paragraphs refer to the
styles by id and carry only what is theirs (a keep-with-next, an indent); runs are split by
script, so Latin letters and digits are set in the Latin face.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from .layout import CELL_MARGIN, CELL_PADDING, COLUMN_SPACE, HEADER_DISTANCE, STAMPED_BLANK_LINES
from .ooxml import W_ROOT_NS, XML_DECL, esc
from .styles import TABLE_BORDERS

if TYPE_CHECKING:
    from ...document import Document, Table
    from .layout import Layout
    from .reference import Page

__all__ = [
    "Context",
    "blocks",
    "bookmarked",
    "builtin_page",
    "document_xml",
    "ending_section",
    "paragraph",
    "runs",
    "section_xml",
    "table_xml",
    "text_width",
    "wrap_body",
]

# Marks that Word would set half-width in the Latin face unless the run says it is East Asian.
_HINT_RE = re.compile("[“”‘’…—―·]")
# Latin letters and digits (with the ASCII punctuation and spaces between them) go in the Latin
# face; everything else in the East Asian face of the paragraph's style.
_LATIN_CHARS = "!-~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_RE = re.compile(f"[{_LATIN_CHARS}]+(?: +[{_LATIN_CHARS}]+)*")
_APPENDIX_PREFIX_RE = re.compile(r"^附件[一二三四五六七八九十\d]*\s*[：:]\s*")


class Context(NamedTuple):
    """What writing a ``document.xml`` takes from the preparation of the static parts."""

    ids: dict[str, str]  # style key → styleId in the styles part
    latin_rpr: dict[str, str]  # style key → rFonts of a Latin run ("" leaves it to the style)
    sect_pr: str
    text_width: int
    layout: Layout


# --- Section -------------------------------------------------------------------------------------


def builtin_page(layout: Layout) -> Page:
    """The page setup of the layout, in the form a reference document's is read in."""
    return (
        ("pgSz", (("w", str(layout.page_width)), ("h", str(layout.page_height)))),
        (
            "pgMar",
            (
                ("top", str(layout.margin_top)),
                ("right", str(layout.margin_right)),
                ("bottom", str(layout.margin_bottom)),
                ("left", str(layout.margin_left)),
                ("header", str(HEADER_DISTANCE)),
                ("footer", str(layout.footer_distance)),
                ("gutter", "0"),
            ),
        ),
        ("cols", (("space", str(COLUMN_SPACE)),)),
        ("docGrid", (("type", "lines"), ("linePitch", str(layout.line_pitch)))),
    )


# The children of w:sectPr that a section may have here, in the schema's order (CT_SectPr).
_SECT_ORDER = ("type", "pgSz", "pgMar", "pgNumType", "cols", "docGrid")


def section_xml(
    page: Page,
    references: tuple[tuple[str, str, str], ...],
    *,
    start: str = "",
    first_number: int | None = None,
) -> str:
    """A ``w:sectPr``: header and footer references as (element, type, relationship id)
    triples, e.g. ``("footerReference", "even", "rId5")``, then the page setup. ``start``
    is how the section begins (``oddPage``: on the next odd page); ``first_number`` restarts
    the page numbers."""
    refs = "".join(f'<w:{tag} w:type="{kind}" r:id="{rid}"/>' for tag, kind, rid in references)
    items = list(page)
    if start:
        items.append(("type", (("val", start),)))
    if first_number is not None:
        items.append(("pgNumType", (("start", str(first_number)),)))
    items.sort(key=lambda item: _SECT_ORDER.index(item[0]))
    setup = "".join(
        f"<w:{tag} " + " ".join(f'w:{k}="{esc(v)}"' for k, v in attrs) + "/>"
        for tag, attrs in items
    )
    return f"<w:sectPr>{refs}{setup}</w:sectPr>"


def ending_section(block: str, sect_pr: str) -> str:
    """The paragraph ``block`` as the last of a section: its properties hold the section's
    (no paragraph is added, which could push a page over)."""
    if block == "<w:p/>":
        return f"<w:p><w:pPr>{sect_pr}</w:pPr></w:p>"
    if "</w:pPr>" not in block:
        raise ValueError("a section ends in a paragraph")
    return block.replace("</w:pPr>", f"{sect_pr}</w:pPr>", 1)


def text_width(page: Page, layout: Layout) -> int:
    """The width of the page's text block; the layout's if the page does not say."""
    attrs = {tag: dict(values) for tag, values in page}
    try:
        margins = attrs["pgMar"]
        width = int(attrs["pgSz"]["w"]) - int(margins["left"]) - int(margins["right"])
        width -= int(margins.get("gutter", "0"))
    except (KeyError, ValueError):
        return layout.text_width
    return width if width > 0 else layout.text_width


# --- Paragraphs and runs -----------------------------------------------------------------------


def runs(text: str, latin_rpr: str, extra_rpr: str = "") -> str:
    """Runs of one script each: Latin letters and digits apart from the Chinese text.

    A Latin run names the Latin face (ascii/hAnsi) and the style's East Asian face; a Chinese run
    carries ``w:hint="eastAsia"`` where it holds marks (“ ” … —) that Word would otherwise set
    half-width in the Latin face.
    """
    out: list[str] = []
    pos = 0
    rpr = latin_rpr + extra_rpr
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""  # of every Latin run
    for match in _LATIN_RE.finditer(text):
        if match.start() > pos:
            out.append(_cjk_run(text[pos : match.start()], extra_rpr))
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{esc(match.group())}</w:t></w:r>')
        pos = match.end()
    if pos < len(text):
        out.append(_cjk_run(text[pos:], extra_rpr))
    return "".join(out)


def _cjk_run(text: str, extra_rpr: str) -> str:
    rpr = ('<w:rFonts w:hint="eastAsia"/>' if _HINT_RE.search(text) else "") + extra_rpr
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def paragraph(ctx: Context, key: str, text: str, ppr: str = "") -> str:
    """A paragraph of the style ``key`` (its properties always written: see
    :func:`ending_section`)."""
    style = f'<w:pStyle w:val="{esc(ctx.ids[key])}"/>'
    return f"<w:p><w:pPr>{style}{ppr}</w:pPr>{runs(text, ctx.latin_rpr[key])}</w:p>"


def bookmarked(block: str, number: int, name: str) -> str:
    """The paragraph ``block`` with a bookmark around its content, for a link to point at."""
    start = f'<w:bookmarkStart w:id="{number}" w:name="{esc(name)}"/>'
    end = f'<w:bookmarkEnd w:id="{number}"/>'
    return block.replace("</w:pPr>", f"</w:pPr>{start}", 1).removesuffix("</w:p>") + f"{end}</w:p>"


def _width_at(text: str, em: int, spacing: int = 0) -> int:
    """Estimated width in twips of ``text`` at a character size of ``em`` twips.

    Chinese characters are one em, Latin letters and digits half; Word and WPS also put about a
    quarter em between Chinese and Latin text (``autoSpaceDE``), which counts when centring.
    """
    wide = [ord(ch) > 0x24F for ch in text]
    switches = sum(1 for a, b in pairwise(wide) if a != b)
    n_wide = sum(wide)
    narrow = len(text) - n_wide
    return n_wide * em + narrow * em // 2 + switches * em // 4 + len(text) * spacing


# --- Signature ---------------------------------------------------------------------------------


def _signature(ctx: Context, doc: Document, stamped: bool) -> list[str]:
    """落款: signatory and date, stamped (GB/T 9704 7.3.5.1) or unstamped (7.3.5.2)."""
    lay = ctx.layout
    sig_w = _width_at(doc.signatory, lay.em, lay.char_spacing)
    date_w = _width_at(doc.date_text, lay.em, lay.char_spacing)
    if stamped:
        blank = STAMPED_BLANK_LINES
        date_right = lay.stamped_date_right
        # The signatory is centred over the date; if it is the wider, both centre on it.
        sig_right = date_right + (date_w - sig_w) // 2
        if sig_right < 0:
            sig_right, date_right = 0, (sig_w - date_w) // 2
    else:
        blank = 1
        sig_right = lay.unstamped_right
        # The date starts two characters right of the signatory's first character…
        date_right = sig_right + sig_w - date_w - lay.unstamped_date_shift
        if date_right < lay.unstamped_right:
            # …unless it is the longer: then it keeps two characters on its right.
            date_right = lay.unstamped_right
            sig_right = date_right + date_w + lay.unstamped_date_shift - sig_w
    if not doc.signatory:
        date_right = lay.stamped_date_right if stamped else lay.unstamped_right
    out = ["<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"] * blank
    if doc.signatory:
        out.append(
            paragraph(
                ctx, "Signature", doc.signatory, f'<w:keepNext/><w:ind w:right="{sig_right}"/>'
            )
        )
    out.append(paragraph(ctx, "Date", doc.date_text, f'<w:ind w:right="{date_right}"/>'))
    return out


# --- Appendix table ----------------------------------------------------------------------------


def _column_widths(table: Table, total: int, em: int) -> list[int]:
    """Columns sized to their content (at a character size of ``em``), within ``total``.

    If the content is too wide, the widest columns give way first (down to a common cap), so
    short columns such as 序号 and 日期 keep their text on one line and 活动名称 wraps.
    """
    rows = [table.header, *table.rows]
    columns = max(len(r) for r in rows)
    pad = 2 * CELL_MARGIN + em // 4
    needs = [
        max(2 * em, *(_width_at(r[i], em) for r in rows if i < len(r))) + pad
        for i in range(columns)
    ]
    if not needs:
        return []
    if sum(needs) > total:
        # The cap c with sum(min(need, c)) == total, found over the needs sorted ascending.
        rest, left = total, len(needs)
        cap = total // len(needs)
        for need in sorted(needs):
            if need * left > rest:
                cap = rest // left
                break
            rest -= need
            left -= 1
        needs = [min(need, cap) for need in needs]
    widths = list(needs)
    widths[widths.index(max(widths))] += total - sum(widths)
    return widths


def table_xml(ctx: Context, table: Table) -> str:
    """A table in the table grid style, columns sized to their content (the appendix)."""
    widths = _column_widths(table, ctx.text_width, ctx.layout.table_em)
    if not widths:
        return ""
    # The column with the most text reads best left-aligned; short columns are centred.
    long_col = widths.index(max(widths))
    latin = ctx.latin_rpr["TableText"]
    style = f'<w:pStyle w:val="{esc(ctx.ids["TableText"])}"/>'

    def row(cells: tuple[str, ...], header: bool) -> str:
        trpr = (
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            if header
            else ("<w:trPr><w:cantSplit/></w:trPr>")
        )
        out = [f"<w:tr>{trpr}"]
        for i, width in enumerate(widths):
            text = cells[i] if i < len(cells) else ""
            jc = "left" if i == long_col and not header else "center"
            cell_runs = runs(text, latin, "<w:b/><w:bCs/>" if header else "")
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
                f'</w:tcPr><w:p><w:pPr>{style}<w:jc w:val="{jc}"/></w:pPr>{cell_runs}</w:p></w:tc>'
            )
        out.append("</w:tr>")
        return "".join(out)

    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (
        f'<w:tblPr><w:tblStyle w:val="{esc(ctx.ids["TableGrid"])}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{TABLE_BORDERS}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:top w:w="{CELL_PADDING}" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="{CELL_PADDING}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    rows = [row(table.header, header=True), *(row(r, header=False) for r in table.rows)]
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


# --- The document ------------------------------------------------------------------------------

_BLOCK_STYLE = {"heading1": "Heading1", "heading2": "Heading2", "paragraph": "BodyText"}


def document_xml(doc: Document, ctx: Context, stamped: bool) -> bytes:
    return wrap_body(blocks(doc, ctx, stamped), ctx.sect_pr)


def wrap_body(body: list[str], sect_pr: str) -> bytes:
    """``document.xml`` of the body's blocks, the last section's properties ``sect_pr``."""
    return f"{XML_DECL}<w:document {W_ROOT_NS}><w:body>{''.join(body)}{sect_pr}</w:body></w:document>".encode()


def blocks(doc: Document, ctx: Context, stamped: bool) -> list[str]:
    """The paragraphs and table of one document; the first and the last are paragraphs with
    properties (see :func:`bookmarked` and :func:`ending_section`)."""
    out = [paragraph(ctx, "Title", line) for line in doc.title_lines]
    if doc.title_lines:
        out.append("<w:p/>")
    body = list(doc.body)
    # The attachment note (附件：…, which render puts last) stands one blank line below the text
    # (GB/T 9704 7.3.4).
    note = (
        body.pop()
        if doc.appendix is not None and body[-1:] and (body[-1].text == doc.appendix.title)
        else None
    )
    last = len(body) - 1
    for i, block in enumerate(body):
        key = _BLOCK_STYLE.get(block.kind, "BodyText")
        # The text's last lines go over with the signature: a page of only 落款 is not allowed.
        out.append(paragraph(ctx, key, block.text, "<w:keepNext/>" if i == last else ""))
    if note is not None:
        out.append("<w:p><w:pPr><w:keepNext/></w:pPr></w:p>")
        out.append(paragraph(ctx, "BodyText", note.text, "<w:keepNext/>"))
    out.extend(_signature(ctx, doc, stamped))
    if doc.appendix is not None:
        out.append(paragraph(ctx, "AppendixLabel", "附件", "<w:pageBreakBefore/>"))
        out.append("<w:p/>")
        # The label line already says 附件: a title that repeats it (附件：…) drops the prefix.
        title = _APPENDIX_PREFIX_RE.sub("", doc.appendix.title)
        if title:
            out.append(paragraph(ctx, "Title", title))
            out.append("<w:p/>")
        out.append(table_xml(ctx, doc.appendix))
        out.append("<w:p/>")  # Word wants a paragraph after a table at the end of the body
    return out
