"""The DOCX writer: a :class:`~summary_gen.document.Document` in the GB/T 9704-2012 layout.

A4, margins 37/35/28/26 mm, 22 lines of 28 characters (exact 28.95 pt line pitch on a line grid,
-0.25 pt character spacing), title in 小标宋 二号, body in 仿宋 三号, page numbers ``— 1 —`` on
alternating sides, signatory and date in the stamped (or unstamped) layout. See
docs/docx-layout.md for where each figure comes from.

Built for batches: the package's static parts (styles, settings, font table, footers, content
types, relationships) are prepared once per process per font profile and reference document and
kept as bytes; each document only costs its ``document.xml`` and ``core.xml``, written as plain
strings, and a zip with fixed timestamps and a fixed entry order, so the same input gives the
same bytes. Nothing here imports python-docx or lxml; the reference document is read with the
standard library.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from ...document import Document, Table
from ...errors import UsageError
from .fonts import FONT_INFO, FONT_PROFILES, FontInfo, FontProfile

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["FONT_PROFILES", "FontProfile", "to_docx"]

# --- OOXML names -------------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W_ROOT_NS = f'xmlns:w="{_W_NS}" xmlns:r="{_R_NS}"'

# --- The layout, in twips (1/20 pt) and half-points --------------------------------------------

_PAGE_W, _PAGE_H = 11906, 16838  # A4
_MARGIN_TOP, _MARGIN_BOTTOM = 2098, 1984  # 37 mm, 35 mm
_MARGIN_LEFT, _MARGIN_RIGHT = 1587, 1474  # 28 mm, 26 mm: a 156 mm text block
_HEADER_DIST, _FOOTER_DIST = 851, 1400  # the footer line 7 mm below the text block
_LINE_PITCH = 579  # 28.95 pt: 22 lines in 225 mm (29 pt gives only 21)
_CHAR_SPACING = -5  # -0.25 pt: 28 characters of 16 pt fit in 156 mm
_EM = 320  # one character of 三号 (16 pt)
_SZ_TITLE, _SZ_BODY = 44, 32  # 二号, 三号 (half-points)
_SZ_PAGE_NUMBER, _SZ_TABLE = 28, 24  # 四号, 小四: five columns fit without much wrapping
_PAGE_NUMBER_INDENT = 280  # one character of 四号
_STAMPED_BLANK_LINES = 2  # the seal's top sits within one line of the text
_CELL_MARGIN = 108
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: fixed, so builds repeat

# Marks that Word would set half-width in the Latin face unless the run says it is East Asian.
_HINT_RE = re.compile("[“”‘’…—―·]")
# Latin letters and digits (with the ASCII punctuation and spaces between them) go in the Latin
# face; everything else in the East Asian face of the paragraph's style.
_LATIN_CHARS = "!-~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_RE = re.compile(f"[{_LATIN_CHARS}]+(?: +[{_LATIN_CHARS}]+)*")
_APPENDIX_PREFIX_RE = re.compile(r"^附件[一二三四五六七八九十\d]*\s*[：:]\s*")
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text as XML character data or attribute value (quotes included)."""
    if _ILLEGAL_XML_RE.search(text):
        text = _ILLEGAL_XML_RE.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# --- Styles --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _StyleSpec:
    key: str  # our styleId in the built-in layout; the logical name everywhere
    type: str
    name: str  # Word's built-in (English) name where one exists, so Word localises it
    default: bool = False


_STYLE_SPECS: tuple[_StyleSpec, ...] = (
    _StyleSpec("Normal", "paragraph", "Normal", default=True),
    _StyleSpec("DefaultParagraphFont", "character", "Default Paragraph Font", default=True),
    _StyleSpec("TableNormal", "table", "Normal Table", default=True),
    _StyleSpec("NoList", "numbering", "No List", default=True),
    _StyleSpec("Title", "paragraph", "Title"),
    _StyleSpec("Heading1", "paragraph", "heading 1"),
    _StyleSpec("Heading2", "paragraph", "heading 2"),
    _StyleSpec("BodyText", "paragraph", "Body Text"),
    _StyleSpec("Signature", "paragraph", "Signature"),
    _StyleSpec("Date", "paragraph", "Date"),
    _StyleSpec("AppendixLabel", "paragraph", "附件标识"),
    _StyleSpec("TableText", "paragraph", "表格文字"),
    _StyleSpec("Footer", "paragraph", "footer"),
    _StyleSpec("TableGrid", "table", "Table Grid"),
)

# Our styles' ids are their keys; a reference document's own ids replace them (_merge_styles).
_OWN_IDS = {spec.key: spec.key for spec in _STYLE_SPECS}

# The East Asian face of each paragraph style, as a FontProfile attribute.
_STYLE_FACE = {
    "Title": "title",
    "Heading1": "heading1",
    "Heading2": "heading2",
    "BodyText": "body",
    "Signature": "body",
    "Date": "body",
    "AppendixLabel": "heading1",
    "TableText": "body",
}

_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'  # Chars beats twips: reset both
_BODY_INDENT = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * _EM}"/>'
_BLACK = '<w:color w:val="000000"/>'
_SINGLE_SPACING = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
_TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(f"<w:{side} {_BORDER}/>" for side in ("top", "left", "bottom", "right"))
    + f"<w:insideH {_BORDER}/><w:insideV {_BORDER}/></w:tblBorders>"
)


def _rfonts(latin: str, east_asian: str) -> str:
    latin, east_asian = _esc(latin), _esc(east_asian)
    return (
        f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asian}" w:hAnsi="{latin}" w:cs="{latin}"/>'
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _style_xml(key: str, profile: FontProfile, ids: dict[str, str]) -> str:
    """Our definition of one style; ``ids`` maps logical names to the styleIds in use."""
    spec = next(s for s in _STYLE_SPECS if s.key == key)
    head = f'<w:style w:type="{spec.type}"'
    if spec.default:
        head += ' w:default="1"'
    head += f' w:styleId="{_esc(ids[key])}"><w:name w:val="{_esc(spec.name)}"/>'

    def based(parent: str, nxt: str = "") -> str:
        out = f'<w:basedOn w:val="{_esc(ids[parent])}"/>'
        if nxt:
            out += f'<w:next w:val="{_esc(ids[nxt])}"/>'
        return out

    latin = profile.latin
    bold = "<w:b/><w:bCs/>" if profile.title_bold else ""
    body: str
    if key == "Normal":
        body = (
            '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:snapToGrid w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="{_LINE_PITCH}" w:lineRule="exact"/>'
            # Left, not justified: a full-width line is flush either way on the character
            # grid, and LibreOffice drops a hanging mark (，。、 after the 28th character) from
            # a justified line instead of showing it in the margin as Word does.
            '<w:jc w:val="left"/></w:pPr>'
            f"<w:rPr>{_rfonts(latin, profile.body)}{_BLACK}"
            f'<w:spacing w:val="{_CHAR_SPACING}"/>{_size(_SZ_BODY)}</w:rPr>'
        )
    elif key == "DefaultParagraphFont":
        body = '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
    elif key == "TableNormal":
        body = (
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
            '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            f'<w:left w:w="{_CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    elif key == "NoList":
        body = '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    elif key == "Title":
        body = (
            f'{based("Normal", "BodyText")}<w:uiPriority w:val="10"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/>{_NO_INDENT}<w:jc w:val="center"/></w:pPr>'
            f'<w:rPr>{_rfonts(latin, profile.title)}{bold}<w:spacing w:val="0"/>'
            f"{_size(_SZ_TITLE)}</w:rPr>"
        )
    elif key in ("Heading1", "Heading2"):
        face = profile.heading1 if key == "Heading1" else profile.heading2
        level = 0 if key == "Heading1" else 1
        body = (
            f'{based("Normal", "BodyText")}<w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/>{_BODY_INDENT}<w:outlineLvl w:val="{level}"/></w:pPr>'
            f"<w:rPr>{_rfonts(latin, face)}</w:rPr>"
        )
    elif key == "BodyText":
        body = f"{based('Normal')}<w:qFormat/><w:pPr>{_BODY_INDENT}</w:pPr>"
    elif key in ("Signature", "Date"):
        body = f'{based("Normal")}<w:pPr>{_NO_INDENT}<w:jc w:val="right"/></w:pPr>'
    elif key == "AppendixLabel":
        body = (
            f"{based('Normal', 'Normal')}<w:qFormat/>"
            f'<w:pPr><w:keepNext/>{_NO_INDENT}<w:jc w:val="left"/></w:pPr>'
            f"<w:rPr>{_rfonts(latin, profile.heading1)}</w:rPr>"
        )
    elif key == "TableText":
        body = (
            f"{based('Normal')}<w:qFormat/><w:pPr>{_SINGLE_SPACING}{_NO_INDENT}"
            f'<w:jc w:val="center"/></w:pPr><w:rPr>{_rfonts(latin, profile.body)}'
            f'<w:spacing w:val="0"/>{_size(_SZ_TABLE)}</w:rPr>'
        )
    elif key == "Footer":
        face = profile.page_number  # GB/T 9704: half-width 宋体 digits, not the Latin face
        body = (
            f'{based("Normal")}<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            f"<w:pPr>{_SINGLE_SPACING}{_NO_INDENT}</w:pPr>"
            f'<w:rPr>{_rfonts(face, face)}<w:spacing w:val="0"/>{_size(_SZ_PAGE_NUMBER)}</w:rPr>'
        )
    elif key == "TableGrid":
        body = (
            f'{based("TableNormal")}<w:uiPriority w:val="39"/><w:tblPr>{_TABLE_BORDERS}</w:tblPr>'
        )
    else:  # pragma: no cover - every spec has a branch
        raise AssertionError(key)
    return f"{head}{body}</w:style>"


def _styles_xml(profile: FontProfile) -> bytes:
    """The built-in styles part: document defaults without theme fonts, in the profile's
    language (zh-CN, or zh-TW for traditional script)."""
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{_rfonts(profile.latin, profile.body)}{_BLACK}{_size(_SZ_BODY)}"
        f'<w:lang w:val="en-US" w:eastAsia="{profile.language}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    styles = "".join(_style_xml(s.key, profile, _OWN_IDS) for s in _STYLE_SPECS)
    return f"{_XML_DECL}<w:styles {_W_ROOT_NS}>{defaults}{styles}</w:styles>".encode()


def _font_xml(face: str) -> str:
    info = FONT_INFO.get(face, FontInfo())
    alt = f'<w:altName w:val="{_esc(info.alt_name)}"/>' if info.alt_name else ""
    panose = f'<w:panose1 w:val="{info.panose}"/>' if info.panose else ""
    return (
        f'<w:font w:name="{_esc(face)}">{alt}{panose}<w:charset w:val="{info.charset}"/>'
        f'<w:family w:val="{info.family}"/><w:pitch w:val="{info.pitch}"/></w:font>'
    )


def _font_table_xml(profile: FontProfile) -> bytes:
    fonts = "".join(_font_xml(face) for face in profile.faces())
    return f"{_XML_DECL}<w:fonts {_W_ROOT_NS}>{fonts}</w:fonts>".encode()


def _settings_xml(language: str) -> bytes:
    # Child order follows CT_Settings; Word refuses a file whose order is wrong.
    return (
        f"{_XML_DECL}<w:settings {_W_ROOT_NS}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="640"/>'
        "<w:evenAndOddHeaders/>"
        # Compressing punctuation would put more than 28 characters on a line.
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="en-US" w:eastAsia="{language}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    ).encode()


def _footer_xml(style_id: str, odd: bool) -> bytes:
    """``— N —``: odd pages right with one character's right indent, even pages left."""
    if odd:
        ppr = f'<w:ind w:right="{_PAGE_NUMBER_INDENT}"/><w:jc w:val="right"/>'
    else:
        ppr = f'<w:ind w:left="{_PAGE_NUMBER_INDENT}"/><w:jc w:val="left"/>'
    dash = (
        '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f"{_XML_DECL}<w:ftr {_W_ROOT_NS}><w:p><w:pPr>"
        f'<w:pStyle w:val="{_esc(style_id)}"/>{ppr}</w:pPr>'
        f"{dash.format('— ')}{field}{dash.format(' —')}</w:p></w:ftr>"
    ).encode()


# Page setup as (element, ((attribute, value), …)) pairs: pgSz, pgMar, cols, docGrid.
_Page = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

# --- The reference document ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reference:
    """What a user's own .docx contributes: its styles and their companions, its page setup."""

    styles: bytes | None
    numbering: bytes | None
    theme: bytes | None
    font_table: bytes | None
    page: _Page


def _load_reference(path: Path) -> _Reference:
    """Read a reference .docx with the standard library; any failure is a usage error."""
    import xml.etree.ElementTree as ET  # only reference builds parse XML

    def rels_of(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        root = ET.fromstring(zf.read(posixpath.join(folder, "_rels", base + ".rels")))
        found: dict[str, str] = {}
        for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], name)
        return found

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable_reference(path, exc) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            main = rels_of(zf, "")["officeDocument"]
            parts = rels_of(zf, main)

            def part(kind: str) -> bytes | None:
                return zf.read(parts[kind]) if kind in parts else None

            body = ET.fromstring(zf.read(main)).find(f"{{{_W_NS}}}body")
            styles = part("styles")
            if styles is not None:
                ET.fromstring(styles)  # refuse a broken styles part now, not in Word
            reference = _Reference(
                styles=styles,
                numbering=part("numbering"),
                theme=part("theme"),
                font_table=part("fontTable"),
                page=_page_setup(body),
            )
    except zipfile.BadZipFile:
        raise UsageError(f"参考文档不是有效的 DOCX 文件：{path}") from None
    except (KeyError, ValueError, EOFError, zlib.error, ET.ParseError) as exc:
        raise UsageError(f"参考文档已损坏，无法使用：{path}（{exc}）") from None
    return reference


def _page_setup(body: Element | None) -> _Page:
    """Page size, margins, columns and grid of the body's final section, as attribute lists."""
    sect = None if body is None else body.find(f"{{{_W_NS}}}sectPr")
    if sect is None:
        return ()
    prefix = f"{{{_W_NS}}}"
    found = []
    for tag in ("pgSz", "pgMar", "cols", "docGrid"):
        el = sect.find(prefix + tag)
        if el is not None:
            attrs = tuple(
                (k[len(prefix) :], v) for k, v in sorted(el.attrib.items()) if k.startswith(prefix)
            )
            found.append((tag, attrs))
    return tuple(found)


def _merge_styles(reference: bytes, profile: FontProfile) -> tuple[bytes, dict[str, str]]:
    """The reference's styles part, plus our definition of every style it lacks.

    Styles are matched by their name (Chinese Word writes ids like ``1`` or ``a3`` for built-in
    styles), so our paragraphs refer to the reference's own Title, heading 1, Body Text….
    """
    import xml.etree.ElementTree as ET

    w = f"{{{_W_NS}}}"
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
    ids: dict[str, str] = {}
    missing: list[str] = []
    for spec in _STYLE_SPECS:
        sid = defaults.get(spec.type) if spec.default else None
        sid = sid or by_name.get((spec.type, spec.name.casefold()))
        if sid is None:
            sid = spec.key
            while sid in taken:  # an unrelated style already holds our id
                sid += "1"
            taken.add(sid)
            missing.append(spec.key)
        ids[spec.key] = sid
    added = "".join(_style_xml(key, profile, ids) for key in missing)
    return _insert_before_close(reference, "styles", added), ids


def _merge_font_table(reference: bytes, profile: FontProfile) -> bytes:
    """The reference's font table, plus our faces (with their fallbacks) that it lacks."""
    names = {m.decode("utf-8", "replace") for m in re.findall(rb'w:name="([^"]*)"', reference)}
    added = "".join(_font_xml(face) for face in profile.faces() if _esc(face) not in names)
    return _insert_before_close(reference, "fonts", added)


def _insert_before_close(part: bytes, root: str, xml: str) -> bytes:
    """Insert ``xml`` (elements in the ``w:`` prefix) just before the root's closing tag.

    Done on the bytes, not through a parser, so the part's own namespace declarations and
    ``mc:Ignorable`` list survive untouched.
    """
    if not xml:
        return part
    close = re.search(rb"</([A-Za-z_][\w.-]*:)?" + root.encode() + rb"\s*>\s*\Z", part)
    if close is None:
        raise UsageError(f"参考文档已损坏，无法使用：{root} 部件不完整")
    if close.group(1) != b"w:":
        # The part binds the main namespace to another prefix: declare ours on each element.
        xml = re.sub(r"<w:(style|font) ", rf'<w:\1 xmlns:w="{_W_NS}" ', xml)
    return part[: close.start()] + xml.encode() + part[close.start() :]


# --- Static parts, prepared once per process ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Static:
    """Everything but ``document.xml`` and ``core.xml``, plus what building those needs."""

    parts: tuple[tuple[str, bytes], ...]  # zip entries after document.xml, in order
    head: tuple[tuple[str, bytes], ...]  # zip entries before core.xml and document.xml
    ids: dict[str, str]
    latin_rpr: dict[str, str]  # style key → rFonts of a Latin run ("" leaves it to the style)
    sect_pr: str
    text_width: int


def _sect_pr(page: _Page) -> str:
    refs = (
        '<w:footerReference w:type="default" r:id="rId4"/>'
        '<w:footerReference w:type="even" r:id="rId5"/>'
    )
    setup = "".join(
        f"<w:{tag} " + " ".join(f'w:{k}="{_esc(v)}"' for k, v in attrs) + "/>"
        for tag, attrs in page
    )
    return f"<w:sectPr>{refs}{setup}</w:sectPr>"


_BUILTIN_PAGE = (
    ("pgSz", (("w", str(_PAGE_W)), ("h", str(_PAGE_H)))),
    (
        "pgMar",
        (
            ("top", str(_MARGIN_TOP)),
            ("right", str(_MARGIN_RIGHT)),
            ("bottom", str(_MARGIN_BOTTOM)),
            ("left", str(_MARGIN_LEFT)),
            ("header", str(_HEADER_DIST)),
            ("footer", str(_FOOTER_DIST)),
            ("gutter", "0"),
        ),
    ),
    ("cols", (("space", "425"),)),
    ("docGrid", (("type", "lines"), ("linePitch", str(_LINE_PITCH)))),
)


def _text_width(page: _Page) -> int:
    attrs = {tag: dict(values) for tag, values in page}
    try:
        margins = attrs["pgMar"]
        width = int(attrs["pgSz"]["w"]) - int(margins["left"]) - int(margins["right"])
        width -= int(margins.get("gutter", "0"))
    except (KeyError, ValueError):
        return _PAGE_W - _MARGIN_LEFT - _MARGIN_RIGHT
    return width if width > 0 else _PAGE_W - _MARGIN_LEFT - _MARGIN_RIGHT


def _content_types(extra: tuple[tuple[str, str], ...]) -> bytes:
    overrides = [
        ("/word/document.xml", f"{_WML_CT}.document.main+xml"),
        ("/word/styles.xml", f"{_WML_CT}.styles+xml"),
        ("/word/settings.xml", f"{_WML_CT}.settings+xml"),
        ("/word/fontTable.xml", f"{_WML_CT}.fontTable+xml"),
        ("/word/footer1.xml", f"{_WML_CT}.footer+xml"),
        ("/word/footer2.xml", f"{_WML_CT}.footer+xml"),
        *extra,
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    body = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return (
        f'{_XML_DECL}<Types xmlns="{_CT_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{body}</Types>"
    ).encode()


def _rels(rels: tuple[tuple[str, str, str], ...]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
    return f'{_XML_DECL}<Relationships xmlns="{_REL_NS}">{body}</Relationships>'.encode()


@lru_cache(maxsize=8)
def _static(fonts: str, reference: tuple[str, int, int] | None) -> _Static:
    """The static parts for one font profile and one reference file (path, mtime, size)."""
    profile = FONT_PROFILES[fonts]
    ref = _load_reference(Path(reference[0])) if reference else None
    page = ref.page if ref and ref.page else _BUILTIN_PAGE

    if ref and ref.styles is not None:
        styles, ids = _merge_styles(ref.styles, profile)
        # The house style decides the faces: runs carry no font names of ours.
        latin_rpr = dict.fromkeys(_STYLE_FACE, "")
    else:
        styles, ids = _styles_xml(profile), _OWN_IDS
        latin_rpr = {
            key: _rfonts(profile.latin, getattr(profile, face)) for key, face in _STYLE_FACE.items()
        }
    if ref and ref.font_table is not None:
        font_table = _merge_font_table(ref.font_table, profile)
    else:
        font_table = _font_table_xml(profile)

    doc_rels = [
        ("rId1", f"{_OFFICE_REL}/styles", "styles.xml"),
        ("rId2", f"{_OFFICE_REL}/settings", "settings.xml"),
        ("rId3", f"{_OFFICE_REL}/fontTable", "fontTable.xml"),
        ("rId4", f"{_OFFICE_REL}/footer", "footer1.xml"),
        ("rId5", f"{_OFFICE_REL}/footer", "footer2.xml"),
    ]
    parts = [
        ("word/_rels/document.xml.rels", b""),  # filled in below, once the list is complete
        ("word/styles.xml", styles),
        ("word/settings.xml", _settings_xml(profile.language)),
        ("word/fontTable.xml", font_table),
        ("word/footer1.xml", _footer_xml(ids["Footer"], odd=True)),
        ("word/footer2.xml", _footer_xml(ids["Footer"], odd=False)),
    ]
    extra_types: list[tuple[str, str]] = []
    if ref and ref.numbering is not None:
        doc_rels.append(("rId6", f"{_OFFICE_REL}/numbering", "numbering.xml"))
        parts.append(("word/numbering.xml", ref.numbering))
        extra_types.append(("/word/numbering.xml", f"{_WML_CT}.numbering+xml"))
    if ref and ref.theme is not None:
        doc_rels.append(("rId7", f"{_OFFICE_REL}/theme", "theme/theme1.xml"))
        parts.append(("word/theme/theme1.xml", ref.theme))
        extra_types.append(
            ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")
        )
    parts[0] = ("word/_rels/document.xml.rels", _rels(tuple(doc_rels)))
    package_rels = _rels(
        (
            ("rId1", f"{_OFFICE_REL}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
        )
    )
    return _Static(
        parts=tuple(parts),
        head=(
            ("[Content_Types].xml", _content_types(tuple(extra_types))),
            ("_rels/.rels", package_rels),
        ),
        ids=ids,
        latin_rpr=latin_rpr,
        sect_pr=_sect_pr(page),
        text_width=_text_width(page),
    )


# --- Per document ------------------------------------------------------------------------------


def _runs(text: str, latin_rpr: str, extra_rpr: str = "") -> str:
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
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(match.group())}</w:t></w:r>')
        pos = match.end()
    if pos < len(text):
        out.append(_cjk_run(text[pos:], extra_rpr))
    return "".join(out)


def _cjk_run(text: str, extra_rpr: str) -> str:
    rpr = ('<w:rFonts w:hint="eastAsia"/>' if _HINT_RE.search(text) else "") + extra_rpr
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para(st: _Static, key: str, text: str, ppr: str = "") -> str:
    style = f'<w:pStyle w:val="{_esc(st.ids[key])}"/>'
    return f"<w:p><w:pPr>{style}{ppr}</w:pPr>{_runs(text, st.latin_rpr[key])}</w:p>"


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


def _width(text: str) -> int:
    """Estimated width in twips of ``text`` in 三号 with the body's character spacing."""
    return _width_at(text, _EM, _CHAR_SPACING)


def _signature(st: _Static, doc: Document, stamped: bool) -> list[str]:
    """落款: signatory and date, stamped (GB/T 9704 7.3.5.1) or unstamped (7.3.5.2)."""
    sig_w, date_w = _width(doc.signatory), _width(doc.date_text)
    if stamped:
        blank = _STAMPED_BLANK_LINES
        date_right = 4 * _EM
        # The signatory is centred over the date; if it is the wider, both centre on it.
        sig_right = date_right + (date_w - sig_w) // 2
        if sig_right < 0:
            sig_right, date_right = 0, (sig_w - date_w) // 2
    else:
        blank = 1
        sig_right = 2 * _EM
        # The date starts two characters right of the signatory's first character.
        date_right = sig_right + sig_w - date_w - 2 * _EM
        if date_right < 2 * _EM:
            date_right = 2 * _EM
            sig_right = date_right + date_w + 2 * _EM - sig_w
    if not doc.signatory:
        date_right = 4 * _EM if stamped else 2 * _EM
    out = ["<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"] * blank
    if doc.signatory:
        out.append(
            _para(st, "Signature", doc.signatory, f'<w:keepNext/><w:ind w:right="{sig_right}"/>')
        )
    out.append(_para(st, "Date", doc.date_text, f'<w:ind w:right="{date_right}"/>'))
    return out


def _column_widths(table: Table, total: int) -> list[int]:
    """Columns sized to their content, within the text block's width.

    If the content is too wide, the widest columns give way first (down to a common cap), so
    short columns such as 序号 and 日期 keep their text on one line and 活动名称 wraps.
    """
    rows = [table.header, *table.rows]
    columns = max(len(r) for r in rows)
    em = _SZ_TABLE * 10  # one character of the table's size, in twips
    pad = 2 * _CELL_MARGIN + em // 4
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


def _table(st: _Static, table: Table) -> str:
    widths = _column_widths(table, st.text_width)
    if not widths:
        return ""
    # The column with the most text reads best left-aligned; short columns are centred.
    long_col = widths.index(max(widths))
    latin = st.latin_rpr["TableText"]
    style = f'<w:pStyle w:val="{_esc(st.ids["TableText"])}"/>'

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
            runs = _runs(text, latin, "<w:b/><w:bCs/>" if header else "")
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
                f'</w:tcPr><w:p><w:pPr>{style}<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p></w:tc>'
            )
        out.append("</w:tr>")
        return "".join(out)

    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (
        f'<w:tblPr><w:tblStyle w:val="{_esc(st.ids["TableGrid"])}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{_TABLE_BORDERS}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:top w:w="85" w:type="dxa"/><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="85" w:type="dxa"/><w:right w:w="{_CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    rows = [row(table.header, header=True), *(row(r, header=False) for r in table.rows)]
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


_BLOCK_STYLE = {"heading1": "Heading1", "heading2": "Heading2", "paragraph": "BodyText"}


def _document_xml(doc: Document, st: _Static, stamped: bool) -> bytes:
    out = [f"{_XML_DECL}<w:document {_W_ROOT_NS}><w:body>"]
    out.extend(_para(st, "Title", line) for line in doc.title_lines)
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
        out.append(_para(st, key, block.text, "<w:keepNext/>" if i == last else ""))
    if note is not None:
        out.append("<w:p><w:pPr><w:keepNext/></w:pPr></w:p>")
        out.append(_para(st, "BodyText", note.text, "<w:keepNext/>"))
    out.extend(_signature(st, doc, stamped))
    if doc.appendix is not None:
        out.append(_para(st, "AppendixLabel", "附件", "<w:pageBreakBefore/>"))
        out.append("<w:p/>")
        # The label line already says 附件: a title that repeats it (附件：…) drops the prefix.
        title = _APPENDIX_PREFIX_RE.sub("", doc.appendix.title)
        if title:
            out.append(_para(st, "Title", title))
            out.append("<w:p/>")
        out.append(_table(st, doc.appendix))
        out.append("<w:p/>")  # Word wants a paragraph after a table at the end of the body
    out.append(f"{st.sect_pr}</w:body></w:document>")
    return "".join(out).encode()


def _core_xml(doc: Document, language: str) -> bytes:
    stamp = f"{doc.date.isoformat()}T00:00:00Z"
    # Windows Explorer splits tags on the ASCII semicolon.
    keywords = ";".join(doc.keywords)
    return (
        f"{_XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(doc.title)}</dc:title>"
        f"<dc:creator>{_esc(doc.author or doc.signatory)}</dc:creator>"
        f"<cp:keywords>{_esc(keywords)}</cp:keywords>"
        f"<dc:language>{language}</dc:language>"
        "<cp:lastModifiedBy>summary-gen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # else it records the platform that built the file
            info.external_attr = 0
            zf.writestr(info, data)
    return buf.getvalue()


def _reference_key(reference: Path) -> tuple[str, int, int]:
    try:
        stat = reference.stat()
    except OSError as exc:
        raise _unreadable_reference(reference, exc) from None
    return (str(reference.resolve()), stat.st_mtime_ns, stat.st_size)


def _unreadable_reference(path: Path, exc: OSError) -> UsageError:
    if isinstance(exc, FileNotFoundError):
        return UsageError(f"参考文档不存在：{path}")
    return UsageError(f"参考文档无法读取：{path}（{exc.strerror or exc}）")


def to_docx(
    doc: Document, *, fonts: str = "gb", stamped: bool = True, reference: Path | None = None
) -> bytes:
    """The document as DOCX bytes in the GB/T 9704 layout.

    ``fonts`` names a profile of :data:`FONT_PROFILES` (``gb`` or ``windows``); ``stamped``
    chooses the signature layout for a sealed document (the default) or an unsealed one;
    ``reference`` is a user's own .docx whose styles and page setup replace the built-in ones.
    The same arguments always give the same bytes.

    Raises :class:`~summary_gen.errors.UsageError` for an unknown profile or a reference file
    that is missing or not a usable .docx.
    """
    if fonts not in FONT_PROFILES:
        choices = "、".join(FONT_PROFILES)
        raise UsageError(f"未知的字体方案：{fonts}（可选：{choices}）")
    st = _static(fonts, _reference_key(reference) if reference is not None else None)
    entries = [
        *st.head,
        ("docProps/core.xml", _core_xml(doc, FONT_PROFILES[fonts].language)),
        ("word/document.xml", _document_xml(doc, st, stamped)),
        *st.parts,
    ]
    return _zip(entries)
