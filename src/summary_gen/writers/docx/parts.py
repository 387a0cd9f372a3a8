"""The small parts of the package: settings, font table, the page-number footers and the core
properties. Each function returns a part's bytes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fonts import FONT_INFO, FontInfo, FontProfile
from .ooxml import W_ROOT_NS, XML_DECL, esc
from .reference import insert_before_close

if TYPE_CHECKING:
    from ...document import Document
    from .layout import Layout

__all__ = [
    "core_xml",
    "font_table_xml",
    "footer_xml",
    "merge_font_table",
    "settings_xml",
]


def settings_xml(language: str, layout: Layout, kept: tuple[str, ...] = ()) -> bytes:
    """The settings; ``kept`` names empty elements a reference document's settings had
    (``embedTrueTypeFonts``…), in the schema's order."""
    # Child order follows CT_Settings; Word refuses a file whose order is wrong.
    return (
        f"{XML_DECL}<w:settings {W_ROOT_NS}>"
        '<w:zoom w:percent="100"/>'
        + "".join(f"<w:{tag}/>" for tag in kept)
        + f'<w:defaultTabStop w:val="{layout.tab_stop}"/>'
        "<w:evenAndOddHeaders/>"
        # Compressing punctuation would put more characters on a line than the grid holds.
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="en-US" w:eastAsia="{language}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    ).encode()


def _font_xml(face: str) -> str:
    info = FONT_INFO.get(face, FontInfo())
    alt = f'<w:altName w:val="{esc(info.alt_name)}"/>' if info.alt_name else ""
    panose = f'<w:panose1 w:val="{info.panose}"/>' if info.panose else ""
    return (
        f'<w:font w:name="{esc(face)}">{alt}{panose}<w:charset w:val="{info.charset}"/>'
        f'<w:family w:val="{info.family}"/><w:pitch w:val="{info.pitch}"/></w:font>'
    )


def font_table_xml(profile: FontProfile) -> bytes:
    """Every face of the profile with its fallback, so Word substitutes a Chinese face."""
    fonts = "".join(_font_xml(face) for face in profile.faces())
    return f"{XML_DECL}<w:fonts {W_ROOT_NS}>{fonts}</w:fonts>".encode()


def merge_font_table(reference: bytes, profile: FontProfile) -> bytes:
    """A reference's font table, plus our faces (with their fallbacks) that it lacks."""
    names = {m.decode("utf-8", "replace") for m in re.findall(rb'w:name="([^"]*)"', reference)}
    added = "".join(_font_xml(face) for face in profile.faces() if esc(face) not in names)
    return insert_before_close(reference, "fonts", added)


def footer_xml(style_id: str, odd: bool, layout: Layout) -> bytes:
    """``— N —`` (GB/T 9704 7.5): odd pages right with one character's right indent, even
    pages left with one character's left indent."""
    indent = layout.page_number_indent
    if odd:
        ppr = f'<w:ind w:right="{indent}"/><w:jc w:val="right"/>'
    else:
        ppr = f'<w:ind w:left="{indent}"/><w:jc w:val="left"/>'
    # The hint keeps the em dashes full-width in the East Asian face.
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
        f"{XML_DECL}<w:ftr {W_ROOT_NS}><w:p><w:pPr>"
        f'<w:pStyle w:val="{esc(style_id)}"/>{ppr}</w:pPr>'
        f"{dash.format('— ')}{field}{dash.format(' —')}</w:p></w:ftr>"
    ).encode()


def core_xml(doc: Document, language: str) -> bytes:
    """Title, author, keywords and language; created and modified at midnight of the
    document's date, so the same input gives the same bytes."""
    stamp = f"{doc.date.isoformat()}T00:00:00Z"
    # Windows Explorer splits tags on the ASCII semicolon.
    keywords = ";".join(doc.keywords)
    return (
        f"{XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(doc.title)}</dc:title>"
        f"<dc:creator>{esc(doc.author or doc.signatory)}</dc:creator>"
        f"<cp:keywords>{esc(keywords)}</cp:keywords>"
        f"<dc:language>{language}</dc:language>"
        "<cp:lastModifiedBy>summary-gen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
