"""The styles part: our styles as a table of data, one function that writes a row as XML, and
the merge of our styles into a user's reference document.

Each row names its faces by :class:`~.fonts.FontProfile` attribute and takes its figures from a
:class:`~.layout.Layout`, so one table serves every profile and body size. Paragraph and run
properties are given as ``{element: {attribute: value}}`` and written in the order the schema
prescribes (Word refuses a file whose property elements are out of order), whatever order a row
lists them in.
"""

from __future__ import annotations

from typing import NamedTuple

from .fonts import FontProfile
from .layout import CELL_MARGIN, Layout
from .ooxml import W_NS, W_ROOT_NS, XML_DECL, esc, rfonts
from .reference import insert_before_close

__all__ = [
    "TABLE_BORDERS",
    "Style",
    "latin_run_fonts",
    "merge_styles",
    "style_table",
    "styles_xml",
]

Props = dict[str, dict[str, object]]

# The children of w:pPr and w:rPr in the order of the schema (CT_PPrBase, CT_RPr in ECMA-376
# Part 1, 17.3.1.26 and 17.3.2.28). A property not listed here is refused, not misplaced.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
)  # fmt: skip
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
)  # fmt: skip

_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(f"<w:{side} {_BORDER}/>" for side in ("top", "left", "bottom", "right"))
    + f"<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders>"
)


class Style(NamedTuple):
    """One style of the table.

    ``key`` is the style's id in our own styles part and the name the body refers to it by;
    ``name`` is Word's built-in (English) name where one exists, so that Word shows it in the
    user's language and a reference document's style of that name takes its place. ``fonts``
    names the (Latin, East Asian) faces the style itself sets; ``face`` is the East Asian face
    its paragraphs are set in (inherited or not), which their Latin runs name too; ``bold`` is a
    profile flag that makes the style bold. An ``extra`` style is written only where it is used
    (a combined file's cover and table of contents) and in the reference document, so that a
    single summary's styles stay as they were.
    """

    key: str
    type: str
    name: str
    based_on: str = ""
    next: str = ""
    default: bool = False
    priority: int | None = None
    semi_hidden: bool = False
    unhide_when_used: bool = False
    quick: bool = False  # shown in the gallery (w:qFormat)
    ppr: Props = {}  # noqa: RUF012 - rows are never changed
    rpr: Props = {}  # noqa: RUF012
    fonts: tuple[str, str] | None = None
    face: str = ""
    bold: str = ""
    tblpr: str = ""
    extra: bool = False


def _sz(half_points: int) -> Props:
    return {"sz": {"val": half_points}, "szCs": {"val": half_points}}


_BLACK: Props = {"color": {"val": "000000"}}
_NO_INDENT: Props = {"ind": {"firstLineChars": 0, "firstLine": 0}}  # Chars beats twips: reset both
_SINGLE: Props = {"spacing": {"before": 0, "after": 0, "line": 240, "lineRule": "auto"}}
_LATIN = "latin"


def style_table(layout: Layout) -> tuple[Style, ...]:
    """Our styles for one layout, in the order the styles part lists them."""
    body_indent: Props = {"ind": {"firstLineChars": 200, "firstLine": layout.first_line}}
    no_spacing: Props = {"spacing": {"val": 0}}
    return (
        Style(
            "Normal", "paragraph", "Normal", default=True, quick=True,
            ppr={
                "widowControl": {"val": 0},
                "snapToGrid": {"val": 0},
                "spacing": {
                    "before": 0, "after": 0, "line": layout.line_pitch, "lineRule": "exact"
                },
                # Left, not justified: a full-width line is flush either way on the character
                # grid, and LibreOffice drops a hanging mark (，。、 after the last character)
                # from a justified line instead of showing it in the margin as Word does.
                "jc": {"val": "left"},
            },
            rpr={**_BLACK, "spacing": {"val": layout.char_spacing}, **_sz(layout.body_size)},
            fonts=(_LATIN, "body"), face="body",
        ),
        Style(
            "DefaultParagraphFont", "character", "Default Paragraph Font", default=True,
            priority=1, semi_hidden=True, unhide_when_used=True,
        ),
        Style(
            "TableNormal", "table", "Normal Table", default=True, priority=99, semi_hidden=True, unhide_when_used=True,
            tblpr=(
                '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
            ),
        ),
        Style("NoList", "numbering", "No List", default=True, priority=99, semi_hidden=True, unhide_when_used=True),
        Style(
            "Title", "paragraph", "Title", priority=10, based_on="Normal", next="BodyText", quick=True,
            ppr={"keepNext": {}, **_NO_INDENT, "jc": {"val": "center"}},
            rpr={**no_spacing, **_sz(layout.title_size)},
            fonts=(_LATIN, "title"), face="title", bold="title_bold",
        ),
        Style(
            "Heading1", "paragraph", "heading 1", priority=9, based_on="Normal", next="BodyText", quick=True,
            ppr={"keepNext": {}, **body_indent, "outlineLvl": {"val": 0}},
            fonts=(_LATIN, "heading1"), face="heading1",
        ),
        Style(
            "Heading2", "paragraph", "heading 2", priority=9, based_on="Normal", next="BodyText", quick=True,
            ppr={"keepNext": {}, **body_indent, "outlineLvl": {"val": 1}},
            fonts=(_LATIN, "heading2"), face="heading2",
        ),
        Style(
            "BodyText", "paragraph", "Body Text", based_on="Normal", quick=True,
            ppr=body_indent, face="body",
        ),
        Style(
            "Signature", "paragraph", "Signature", based_on="Normal",
            ppr={**_NO_INDENT, "jc": {"val": "right"}}, face="body",
        ),
        Style(
            "Date", "paragraph", "Date", based_on="Normal",
            ppr={**_NO_INDENT, "jc": {"val": "right"}}, face="body",
        ),
        Style(
            "AppendixLabel", "paragraph", "附件标识", based_on="Normal", next="Normal", quick=True,
            ppr={"keepNext": {}, **_NO_INDENT, "jc": {"val": "left"}},
            fonts=(_LATIN, "heading1"), face="heading1",
        ),
        Style(
            "TableText", "paragraph", "表格文字", based_on="Normal", quick=True,
            ppr={**_SINGLE, **_NO_INDENT, "jc": {"val": "center"}},
            rpr={**no_spacing, **_sz(layout.table_size)},
            fonts=(_LATIN, "body"), face="body",
        ),
        Style(
            "Footer", "paragraph", "footer", based_on="Normal", priority=99,
            unhide_when_used=True, ppr={**_SINGLE, **_NO_INDENT},
            rpr={**no_spacing, **_sz(layout.page_number_size)},
            # GB/T 9704: the page number in half-width 宋体 digits, not the Latin face.
            fonts=("page_number", "page_number"),
        ),
        Style(
            "TableGrid", "table", "Table Grid", based_on="TableNormal", priority=39,
            tblpr=TABLE_BORDERS,
        ),
        # A combined file's table of contents: its heading as a title, its entries flush left
        # with the page number at the right margin (the tab is the paragraph's: it depends on
        # the page). Word's built-in names, so a house style's own TOC styles stand in.
        Style(
            "TOCHeading", "paragraph", "TOC Heading", based_on="Title", next="TOC1",
            priority=39, unhide_when_used=True, quick=True, face="title", extra=True,
        ),
        Style(
            "TOC1", "paragraph", "toc 1", based_on="Normal", next="Normal", priority=39,
            unhide_when_used=True, ppr=_NO_INDENT, face="body", extra=True,
        ),
    )  # fmt: skip


def props_xml(props: Props, order: tuple[str, ...]) -> str:
    """Property elements in the schema's order (an unknown element is a ValueError)."""
    out = []
    for tag in sorted(props, key=order.index):
        attrs = "".join(f' w:{name}="{value}"' for name, value in props[tag].items())
        out.append(f"<w:{tag}{attrs}/>")
    return "".join(out)


def style_xml(style: Style, profile: FontProfile, ids: dict[str, str]) -> str:
    """One row of the table as ``w:style``; ``ids`` maps keys to the styleIds in use."""
    out = [f'<w:style w:type="{style.type}"']
    if style.default:
        out.append(' w:default="1"')
    out.append(f' w:styleId="{esc(ids[style.key])}"><w:name w:val="{esc(style.name)}"/>')
    if style.based_on:
        out.append(f'<w:basedOn w:val="{esc(ids[style.based_on])}"/>')
    if style.next:
        out.append(f'<w:next w:val="{esc(ids[style.next])}"/>')
    if style.priority is not None:
        out.append(f'<w:uiPriority w:val="{style.priority}"/>')
    if style.semi_hidden:
        out.append("<w:semiHidden/>")
    if style.unhide_when_used:
        out.append("<w:unhideWhenUsed/>")
    if style.quick:
        out.append("<w:qFormat/>")
    if style.ppr:
        out.append(f"<w:pPr>{props_xml(style.ppr, PPR_ORDER)}</w:pPr>")
    rpr = dict(style.rpr)
    if style.bold and getattr(profile, style.bold):
        rpr.update({"b": {}, "bCs": {}})
    fonts = rfonts(*(getattr(profile, face) for face in style.fonts)) if style.fonts else ""
    if fonts or rpr:
        out.append(f"<w:rPr>{fonts}{props_xml(rpr, RPR_ORDER)}</w:rPr>")
    if style.tblpr:
        out.append(f"<w:tblPr>{style.tblpr}</w:tblPr>")
    out.append("</w:style>")
    return "".join(out)


def latin_run_fonts(profile: FontProfile | None, layout: Layout) -> dict[str, str]:
    """Paragraph style key → the ``w:rFonts`` of a Latin run in it: the Latin face, with the
    style's East Asian face beside it so the run names every slot, as the styles do. Without a
    profile (a reference's styles decide the faces) the runs name none."""
    table = style_table(layout)
    if profile is None:
        return {style.key: "" for style in table if style.face}
    return {
        style.key: rfonts(profile.latin, getattr(profile, style.face))
        for style in table
        if style.face
    }


def styles_xml(
    profile: FontProfile, layout: Layout, extra: bool = False
) -> tuple[bytes, dict[str, str]]:
    """Our styles part: document defaults without theme fonts, in the profile's language
    (zh-CN, or zh-TW for traditional script), then every row of the table (the ``extra`` ones
    only if asked for); and the styleId of each key (the key itself)."""
    defaults: Props = {
        **_BLACK,
        **_sz(layout.body_size),
        "lang": {"val": "en-US", "eastAsia": profile.language, "bidi": "ar-SA"},
    }
    head = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{rfonts(profile.latin, profile.body)}{props_xml(defaults, RPR_ORDER)}"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    table = _rows(layout, extra)
    ids = {style.key: style.key for style in table}
    styles = "".join(style_xml(style, profile, ids) for style in table)
    return f"{XML_DECL}<w:styles {W_ROOT_NS}>{head}{styles}</w:styles>".encode(), ids


def _rows(layout: Layout, extra: bool) -> tuple[Style, ...]:
    return tuple(style for style in style_table(layout) if extra or not style.extra)


def merge_styles(
    reference: bytes, profile: FontProfile, layout: Layout, extra: bool = False
) -> tuple[bytes, dict[str, str]]:
    """A reference's styles part, plus our definition of every style it lacks; and the styleId
    each of our keys has in it.

    Styles are matched by type and name (Chinese Word writes ids like ``1`` or ``a3`` for
    built-in styles), so our paragraphs refer to the reference's own Title, heading 1, Body
    Text…; a default style of the right type stands for ours (Normal, Normal Table…).
    """
    import xml.etree.ElementTree as ET  # only reference builds parse XML

    w = f"{{{W_NS}}}"
    by_name: dict[tuple[str, str], str] = {}
    defaults: dict[str, str] = {}
    taken: set[str] = set()
    for el in ET.fromstring(reference).iter(w + "style"):
        sid, stype = el.get(w + "styleId", ""), el.get(w + "type", "paragraph")
        taken.add(sid)
        name_el = el.find(w + "name")
        name = (name_el.get(w + "val", "") if name_el is not None else "").casefold()
        by_name.setdefault((stype, name), sid)
        if el.get(w + "default") in ("1", "true", "on"):
            defaults.setdefault(stype, sid)
    table = _rows(layout, extra)
    ids: dict[str, str] = {}
    missing: list[Style] = []
    for style in table:
        found = defaults.get(style.type) if style.default else None
        found = found or by_name.get((style.type, style.name.casefold()))
        if found is None:
            found = style.key
            while found in taken:  # an unrelated style already holds our id
                found += "1"
            taken.add(found)
            missing.append(style)
        ids[style.key] = found
    added = "".join(style_xml(style, profile, ids) for style in missing)
    return insert_before_close(reference, "styles", added), ids
