"""The DOCX writer: a :class:`~summary_gen.document.Document` in the GB/T 9704-2012 layout.

A4, margins 37/35/28/26 mm, 22 lines of 28 characters, title in 小标宋 二号, body in 仿宋 三号,
page numbers ``— 1 —`` on alternating sides, signatory and date in the stamped (or unstamped)
layout. docs/docx-layout.md describes the layout, where each figure comes from and how the
writer is put together:

- ``layout``: the figures, derived from the body size and the page;
- ``fonts``: the font profiles (which face each element is set in);
- ``styles``: the styles as a table of data, and their merge into a reference document's;
- ``body``: ``document.xml``; ``parts``: settings, font table, footers, core properties;
- ``combined``: many documents in one (``build --combine``); ``house``: the reference
  document ``summary-gen reference`` writes;
- ``reference``: reading a user's reference document and carrying its parts;
- ``package``: parts, content types, relationship ids, and the zip.

Built for batches: the static parts are prepared once per process per font profile, reference
document and layout; each document only costs its ``document.xml`` and ``core.xml`` and a zip
with fixed timestamps and a fixed entry order, so the same input gives the same bytes. Nothing
here imports python-docx or lxml; a reference document is read with the standard library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ...document import Document
from ...errors import UsageError
from . import body, parts, styles
from .combined import TocEntry, combined_xml
from .fonts import FONT_PROFILES, FontProfile
from .house import reference_xml
from .layout import Layout
from .package import CORE, DOCUMENT, PART_KINDS, Package
from .reference import Carrier, Page, load_reference, reference_key

__all__ = [
    "FONT_PROFILES",
    "FontProfile",
    "Layout",
    "TocEntry",
    "check_reference",
    "combined_docx",
    "reference_docx",
    "to_docx",
]

GB_LAYOUT = Layout()
"""GB/T 9704's own figures: 三号 body on A4."""


class _Static(NamedTuple):
    package: Package
    context: body.Context
    page: Page
    references: tuple[tuple[str, str, str], ...]  # the section's headers and footers


@lru_cache(maxsize=8)
def _static(
    fonts: str, reference: tuple[str, int, int] | None, layout: Layout, extra: bool = False
) -> _Static:
    """The static parts for one font profile, one reference file (path, mtime, size) and one
    layout; ``extra``: with the styles of a combined file (styles.Style.extra)."""
    profile = FONT_PROFILES[fonts]
    ref = load_reference(Path(reference[0])) if reference else None
    page = ref.page if ref and ref.page else body.builtin_page(layout)
    ref_styles = ref.data(ref.styles) if ref else None
    if ref_styles is not None:
        styles_part, ids = styles.merge_styles(ref_styles, profile, layout, extra)
        # The house style decides the faces: runs carry no font names of ours.
        latin_rpr = styles.latin_run_fonts(None, layout)
    else:
        styles_part, ids = styles.styles_xml(profile, layout, extra)
        latin_rpr = styles.latin_run_fonts(profile, layout)
    ref_fonts = ref.data(ref.font_table) if ref else None
    if ref_fonts is not None:
        font_table = parts.merge_font_table(ref_fonts, profile)
    else:
        font_table = parts.font_table_xml(profile)

    pkg = Package()
    carrier = Carrier(pkg, ref) if ref else None
    # core.xml comes before document.xml in the zip but after it among the package's
    # relationships, as in every file written so far: registered first, related second.
    pkg.add(CORE, PART_KINDS["core-properties"][1])
    pkg.add_part("", "officeDocument", DOCUMENT)
    pkg.relate("", "core-properties", CORE)

    def add(kind: str, name: str, data: bytes | None, ref_name: str | None) -> str:
        """Our part, or the reference's (``ref_name``) with everything it reaches."""
        if carrier is not None and ref_name is not None:
            return carrier.add(DOCUMENT, kind, ref_name, name, data)
        return pkg.add_part(DOCUMENT, kind, name, data)

    add("styles", "word/styles.xml", styles_part, ref.styles if ref else None)
    settings = parts.settings_xml(profile.language, layout, ref.settings if ref else ())
    pkg.add_part(DOCUMENT, "settings", "word/settings.xml", settings)
    add("fontTable", "word/fontTable.xml", font_table, ref.font_table if ref else None)
    # The section's header and footer references; "default" is the odd pages' once settings
    # say evenAndOddHeaders. A reference's header or footer given for one kind of page only
    # is written for both, so that it shows on every page; without footers, ours.
    section: list[tuple[str, str, str]] = []
    for kind, given in (
        ("header", ref.headers if ref else ()),
        ("footer", ref.footers if ref else ()),
    ):
        by_type = dict(given)
        for number, page_type in enumerate(("default", "even"), 1):
            name = f"word/{kind}{number}.xml"
            if by_type:
                ref_name = by_type.get(page_type) or next(iter(by_type.values()))
                rid = add(kind, name, None, ref_name)
            elif kind == "footer":
                rid = add(kind, name, parts.footer_xml(ids["Footer"], number == 1, layout), None)
            else:
                continue
            section.append((f"{kind}Reference", page_type, rid))
    if ref and ref.numbering is not None:
        add("numbering", "word/numbering.xml", None, ref.numbering)
    if ref and ref.theme is not None:
        add("theme", "word/theme/theme1.xml", None, ref.theme)
    references = tuple(section)
    sect_pr = body.section_xml(page, references)
    context = body.Context(ids, latin_rpr, sect_pr, body.text_width(page, layout), layout)
    return _Static(pkg, context, page, references)


def _prepared(fonts: str, reference: Path | None, layout: Layout, extra: bool = False) -> _Static:
    if fonts not in FONT_PROFILES:
        choices = "、".join(FONT_PROFILES)
        raise UsageError(f"未知的字体方案：{fonts}（可选：{choices}）")
    key = reference_key(reference) if reference is not None else None
    return _static(fonts, key, layout, extra)


def check_reference(reference: Path, fonts: str) -> None:
    """Read a reference document now, prepared for the font profile ``fonts`` as the builds
    will use it (once per process): a usage error for one that is missing, no .docx, or a zip
    bomb, before anything is built."""
    _prepared(fonts, reference, GB_LAYOUT)


def to_docx(
    doc: Document,
    *,
    fonts: str = "gb",
    stamped: bool = True,
    reference: Path | None = None,
    layout: Layout = GB_LAYOUT,
) -> bytes:
    """The document as DOCX bytes in the GB/T 9704 layout.

    ``fonts`` names a profile of :data:`FONT_PROFILES` (``gb``, ``windows`` or
    ``traditional``); ``stamped`` chooses the signature layout for a sealed document (the
    default) or an unsealed one; ``reference`` is a user's own .docx whose styles, page setup,
    headers and footers replace the built-in ones; ``layout`` changes the figures (another body
    size, say). The same arguments always give the same bytes.

    Raises :class:`~summary_gen.errors.UsageError` for an unknown profile or a reference file
    that is missing or not a usable .docx.
    """
    st = _prepared(fonts, reference, layout)
    return st.package.to_zip(
        {
            CORE: parts.core_xml(doc, FONT_PROFILES[fonts].language),
            DOCUMENT: body.document_xml(doc, st.context, stamped),
        }
    )


def combined_docx(
    docs: Sequence[Document],
    *,
    title: str,
    cover: tuple[str, ...] = (),
    toc: Sequence[TocEntry] | None = None,
    heading: str = "目录",
    fonts: str = "gb",
    stamped: bool = True,
    reference: Path | None = None,
    layout: Layout = GB_LAYOUT,
) -> bytes:
    """Many documents in one DOCX (see :mod:`.combined`): ``title`` for its properties,
    ``cover`` the cover's title lines (none: no cover), ``toc`` one entry per document (None:
    no table of contents) under ``heading``; the other arguments as for :func:`to_docx`."""
    st = _prepared(fonts, reference, layout, extra=True)
    dates = [doc.date for doc in docs]
    about = Document((title,), (), "", max(dates, default=dt.date(1980, 1, 1)), "")
    xml = combined_xml(
        docs, st.context, stamped, st.page, st.references, cover=cover, toc=toc, heading=heading
    )
    return st.package.to_zip(
        {CORE: parts.core_xml(about, FONT_PROFILES[fonts].language), DOCUMENT: xml}
    )


def reference_docx(date: dt.date, *, fonts: str = "gb") -> bytes:
    """The reference document of ``summary-gen reference`` (see :mod:`.house`): every style
    we use, in the profile ``fonts``, dated ``date``."""
    st = _prepared(fonts, None, GB_LAYOUT, extra=True)
    about = Document(("公文样式",), (), "summary-gen", date, "")
    return st.package.to_zip(
        {
            CORE: parts.core_xml(about, FONT_PROFILES[fonts].language),
            DOCUMENT: reference_xml(st.context, FONT_PROFILES[fonts]),
        }
    )
