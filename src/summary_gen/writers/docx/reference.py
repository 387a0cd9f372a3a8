"""A user's reference document (``--reference-doc``): what its .docx contributes, read with the
standard library.

Its styles (with the numbering and theme they may point to), its font table, its page headers
and footers and the page setup of its last section replace ours; our styles and faces it lacks
are added to its parts (:func:`~.styles.merge_styles`, :func:`~.parts.merge_font_table`) by
:func:`insert_before_close`, on the bytes, so everything else in them survives untouched.

Each part is carried with everything its relationships reach (the fonts a font table embeds, the
picture bullets of a numbering part, a logo in a header, a theme's pictures), under the content
type the reference gives it, so that every ``r:id`` of the output resolves. A relationship that
cannot be carried (its target is missing, or has no content type) is dropped where the part's XML
does not use it; a part that uses one is left out as a whole, and ours stands in for it. The zip
is checked before anything is inflated: a file of more than :data:`MAX_FILE` bytes, more than
:data:`MAX_ENTRIES` entries, or entries that declare more than :data:`MAX_INFLATED` bytes in all
(a zip bomb) is refused; reading never inflates an entry beyond the size it declares.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from ...errors import UsageError
from .ooxml import W_NS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from .package import Package

__all__ = [
    "MAX_ENTRIES",
    "MAX_FILE",
    "MAX_INFLATED",
    "Carried",
    "Carrier",
    "Page",
    "Reference",
    "insert_before_close",
    "load_reference",
    "reference_key",
]

MAX_FILE = 64 * 1024 * 1024
"""A reference document is a page of styles: even one embedding four Chinese faces stays far
below this."""
MAX_ENTRIES = 10_000
MAX_INFLATED = 256 * 1024 * 1024
"""The sum of the sizes the zip's entries declare."""

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, .dot, WPS .wps
_SAVE_AS = (
    "请在 Word 或 WPS 中打开它，选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，"
    "再用另存的 .docx 文件"
)
_SETTINGS_KEPT = ("embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts")

Page = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""Page setup as (element, ((attribute, value), …)) pairs: pgSz, pgMar, cols, docGrid."""

Rel = tuple[str, str, str, bool]
"""(id, relationship type, target part name or address, external)."""

_Carry = Callable[[str | None], str | None]


class Carried(NamedTuple):
    """One part of the reference as it is carried: content type, bytes, relationships."""

    content_type: str
    data: bytes
    rels: tuple[Rel, ...]


class Reference(NamedTuple):
    """What a reference document contributes: the names (in :attr:`parts`) of its styles,
    numbering, theme and font table (None where it has none, or where one cannot be carried),
    its headers and footers by type (``default``, ``even``), its page setup, the settings that
    keep its embedded fonts, and every part these reach."""

    styles: str | None
    numbering: str | None
    theme: str | None
    font_table: str | None
    headers: tuple[tuple[str, str], ...]
    footers: tuple[tuple[str, str], ...]
    page: Page
    settings: tuple[str, ...]
    parts: dict[str, Carried]

    def data(self, name: str | None) -> bytes | None:
        return None if name is None else self.parts[name].data


def reference_key(reference: Path) -> tuple[str, int, int]:
    """What identifies a reference file's content for the per-process cache: an edited file
    (another modification time or size) is read again."""
    try:
        stat = reference.stat()
    except OSError as exc:
        raise _unreadable(reference, exc) from None
    return (str(reference.resolve()), stat.st_mtime_ns, stat.st_size)


def _unreadable(path: Path, exc: OSError) -> UsageError:
    if isinstance(exc, FileNotFoundError):
        return UsageError(f"参考文档不存在：{path}")
    return UsageError(f"参考文档无法读取：{path}（{exc.strerror or exc}）")


def load_reference(path: Path) -> Reference:
    """Read a reference .docx (or .dotx, .docm: Word takes them alike); any failure is a usage
    error that says what the file is and how to make a .docx of it."""
    import xml.etree.ElementTree as ET  # only reference builds parse XML

    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise UsageError(
                f"参考文档太大（{size // (1024 * 1024)} MB，最多 {MAX_FILE // (1024 * 1024)} MB）："
                f"{path}；参考文档只需要样式、页面设置和页眉页脚，请删去其中的正文和图片"
            )
        with path.open("rb") as file:
            head = file.read(8)
            if not zipfile.is_zipfile(file):
                raise UsageError(_not_docx(path, head))
            file.seek(0)
            with zipfile.ZipFile(file) as zf:
                _check_zip(zf, path)
                return _read(_Reader(zf, ET.fromstring))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except zipfile.BadZipFile as exc:
        raise UsageError(f"参考文档已损坏，无法使用：{path}（{exc}）") from None
    except (KeyError, ValueError, EOFError, zlib.error, ET.ParseError) as exc:
        raise UsageError(f"参考文档已损坏，无法使用：{path}（{exc}）") from None


def _not_docx(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        kind = "WPS 文字的 .wps 文件" if suffix == ".wps" else "Word 97-2003 格式的文档（.doc）"
        return f"参考文档是{kind}，不是 .docx：{path}；{_SAVE_AS}"
    if head.startswith(b"{\\rtf"):
        return f"参考文档是 RTF 文件，不是 .docx：{path}；{_SAVE_AS}"
    return f"参考文档不是有效的 DOCX 文件：{path}；如果它是别的格式的 Word 文档，{_SAVE_AS}"


def _check_zip(zf: zipfile.ZipFile, path: Path) -> None:
    """Refuse a zip bomb, an OpenDocument file and a zip that is no Word document, before any
    entry is inflated."""
    entries = zf.infolist()
    declared = sum(info.file_size for info in entries)
    if len(entries) > MAX_ENTRIES or declared > MAX_INFLATED:
        raise UsageError(
            f"参考文档有 {len(entries)} 个部件、解压后共 {declared // (1024 * 1024)} MB，"
            f"超出合理范围（最多 {MAX_ENTRIES} 个、{MAX_INFLATED // (1024 * 1024)} MB），"
            f"可能是恶意构造的压缩文件，未解压：{path}"
        )
    names = {info.filename for info in entries}
    if "mimetype" in names and "[Content_Types].xml" not in names:
        raise UsageError(f"参考文档是 OpenDocument 文件（.odt），不是 .docx：{path}；{_SAVE_AS}")
    if "[Content_Types].xml" not in names:
        raise UsageError(
            f"参考文档不是有效的 DOCX 文件：{path}（压缩包中没有 Word 文档）；{_SAVE_AS}"
        )


class _Reader:
    """The parts of one zip: bytes, content types and relationships."""

    def __init__(self, zf: zipfile.ZipFile, parse: Callable[[bytes], Element]) -> None:
        self.zf, self.parse = zf, parse
        self.names = {info.filename for info in zf.infolist()}
        types = parse(zf.read("[Content_Types].xml"))
        self.defaults = {
            d.get("Extension", "").lower(): d.get("ContentType", "")
            for d in types.iter(f"{{{_CT_NS}}}Default")
        }
        self.overrides = {
            o.get("PartName", "").lstrip("/").casefold(): o.get("ContentType", "")
            for o in types.iter(f"{{{_CT_NS}}}Override")
        }

    def content_type(self, name: str) -> str:
        found = self.overrides.get(name.casefold())
        if found is None:
            found = self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        return found

    def part_name(self, source: str, target: str) -> str | None:
        """The zip entry a relationship of ``source`` targets, if there is one."""
        folder = posixpath.dirname(source)
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        name = posixpath.normpath(name)
        for candidate in (name, unquote(name)):
            if candidate in self.names:
                return candidate
        return None

    def rels(self, source: str) -> list[tuple[str, str, str, bool, str | None]]:
        """(id, type, target as written, external, target part or None) of ``source``."""
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.names:
            return []
        found = []
        for rel in self.parse(self.zf.read(rels_name)).iter(f"{{{_REL_NS}}}Relationship"):
            rid, rtype, target = rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            name = None if external or not target else self.part_name(source, target)
            found.append((rid, rtype, target, external, name))
        return found


def _read(reader: _Reader) -> Reference:
    main = next(
        (name for _, rtype, _, _, name in reader.rels("") if rtype.endswith("/officeDocument")),
        None,
    )
    if main is None:
        raise KeyError("word/document.xml")
    by_id: dict[str, str] = {}
    by_type: dict[str, str] = {}
    for rid, rtype, _, external, name in reader.rels(main):
        if not external and name is not None:
            by_id[rid] = name
            by_type.setdefault(rtype.rsplit("/", 1)[-1], name)
    body = reader.parse(reader.zf.read(main)).find(f"{{{W_NS}}}body")
    carried: dict[str, Carried | None] = {}
    reading: set[str] = set()

    def carry(name: str | None) -> str | None:
        """``name`` if it can be carried with all it uses, after reading it and them."""
        if name is None or name == main:
            return None
        if name in reading:  # a cycle of relationships: the part is being read
            return name
        if name not in carried:
            reading.add(name)
            carried[name] = _carried(reader, name, carry)
            reading.discard(name)
        return name if carried[name] is not None else None

    roots = {kind: carry(by_type.get(kind)) for kind in ("styles", "numbering", "theme")}
    font_table = carry(by_type.get("fontTable"))
    settings_part = by_type.get("settings")
    settings_data = reader.zf.read(settings_part) if settings_part else b""
    headers, footers = _headers_and_footers(body, by_id, carry)
    if not _has_setting(settings_data, "evenAndOddHeaders"):
        # Word shows the odd pages' header and footer on even pages too: so do we.
        headers = tuple(item for item in headers if item[0] != "even")
        footers = tuple(item for item in footers if item[0] != "even")
    kept = _SETTINGS_KEPT if font_table else ()
    settings = tuple(tag for tag in kept if _has_setting(settings_data, tag))
    return Reference(
        styles=roots["styles"],
        numbering=roots["numbering"],
        theme=roots["theme"],
        font_table=font_table,
        headers=headers,
        footers=footers,
        page=_page_setup(body),
        settings=settings,
        parts={name: part for name, part in carried.items() if part is not None},
    )


def _carried(reader: _Reader, name: str, carry: _Carry) -> Carried | None:
    """One part with the relationships it can keep, or None where one it uses is lost."""
    content_type = reader.content_type(name)
    if not content_type:
        return None
    data = reader.zf.read(name)
    if content_type.endswith("xml"):
        reader.parse(data)  # a broken part: refused now, not in Word
    kept: list[Rel] = []
    for rid, rtype, target, external, target_name in reader.rels(name):
        if external:
            kept.append((rid, rtype, target, True))
        elif (carried := carry(target_name)) is not None:
            kept.append((rid, rtype, carried, False))
        elif re.search(rb"""=\s*["']""" + re.escape(rid.encode()) + rb"""["']""", data):
            return None  # its XML names a relationship that cannot be carried
    return Carried(content_type, data, tuple(kept))


def _headers_and_footers(
    body: Element | None, by_id: dict[str, str], carry: _Carry
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The headers and footers of the last section by type (default, even): a section that
    names none of a type takes the previous section's, as in Word. (First-page ones, which
    only a section with a distinct first page shows, are not carried.)"""
    found: dict[str, dict[str, str]] = {"headerReference": {}, "footerReference": {}}
    if body is not None:
        # Sections end in a paragraph's properties, the last in the body's (never those of a
        # tracked change, which hold the old values).
        w = f"{{{W_NS}}}"
        for sect in [*body.findall(f".//{w}pPr/{w}sectPr"), *body.findall(f"{w}sectPr")]:
            for tag, refs in found.items():
                for ref in sect.iter(f"{{{W_NS}}}{tag}"):
                    kind = ref.get(f"{{{W_NS}}}type", "default")
                    name = by_id.get(ref.get(f"{{{_R_NS}}}id", ""))
                    if kind in ("default", "even") and name is not None:
                        refs[kind] = name
    result = []
    for refs in found.values():
        kept = ((kind, carry(name)) for kind, name in sorted(refs.items()))
        result.append(tuple((kind, name) for kind, name in kept if name is not None))
    return result[0], result[1]


def _has_setting(settings: bytes, tag: str) -> bool:
    """Whether the settings part holds the element ``tag``, on (no ``w:val`` that says off)."""
    found = re.search(rb"<(?:\w+:)?" + tag.encode() + rb"(\s[^>]*)?/?>", settings)
    return found is not None and not re.search(rb'val="(0|false|off)"', found[1] or b"")


def _page_setup(body: Element | None) -> Page:
    """Page size, margins, columns and grid of the body's final section, as attribute lists."""
    sect = None if body is None else body.find(f"{{{W_NS}}}sectPr")
    if sect is None:
        return ()
    prefix = f"{{{W_NS}}}"
    found = []
    for tag in ("pgSz", "pgMar", "cols", "docGrid"):
        el = sect.find(prefix + tag)
        if el is not None:
            attrs = tuple(
                (k[len(prefix) :], v) for k, v in sorted(el.attrib.items()) if k.startswith(prefix)
            )
            found.append((tag, attrs))
    return tuple(found)


class Carrier:
    """Registers a reference's parts in a package: each with its relationships (their ids as the
    part's XML names them) and, once each, the parts they reach, under free names."""

    def __init__(self, pkg: Package, ref: Reference) -> None:
        self.pkg, self.parts = pkg, ref.parts
        self.names: dict[str, str] = {}  # the reference's part name → the name in the package

    def add(
        self, source: str, kind: str, name: str, as_name: str, data: bytes | None = None
    ) -> str:
        """Register the reference's part ``name`` as ``as_name`` (or a free name like it),
        related from ``source`` as ``kind``, with ``data`` in place of its bytes if given;
        returns the relationship id. A part added twice (a header for odd and even pages) is
        two parts that share what they reach."""
        as_name = self.pkg.free_name(as_name)
        part = self.parts[name]
        rid = self.pkg.add_part(source, kind, as_name, part.data if data is None else data)
        self.names.setdefault(name, as_name)
        self._relate(name, as_name)
        return rid

    def _relate(self, name: str, as_name: str) -> None:
        for rid, rtype, target, external in self.parts[name].rels:
            if not external and target not in self.parts:
                continue  # back to a part of a cycle that was left out after all: dropped
            if not external and target not in self.names:
                child = self.parts[target]
                self.names[target] = self.pkg.free_name(target)
                self.pkg.add(self.names[target], child.content_type, child.data)
                self._relate(target, self.names[target])
            self.pkg.relate_as(
                as_name, rid, rtype, target if external else self.names[target], external=external
            )


def insert_before_close(part: bytes, root: str, xml: str) -> bytes:
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
        xml = re.sub(r"<w:(style|font) ", rf'<w:\1 xmlns:w="{W_NS}" ', xml)
    return part[: close.start()] + xml.encode() + part[close.start() :]
