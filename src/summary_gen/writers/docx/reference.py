"""A user's reference document (``--reference-doc``): what its .docx contributes, read with the
standard library.

Its styles (with the numbering and theme they may point to), its font table and the page setup
of its last section replace ours; our styles and faces it lacks are added to its parts
(:func:`~.styles.merge_styles`, :func:`~.parts.merge_font_table`) by
:func:`insert_before_close`, on the bytes, so everything else in them survives untouched.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ...errors import UsageError
from .ooxml import W_NS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["Page", "Reference", "insert_before_close", "load_reference", "reference_key"]

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

Page = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""Page setup as (element, ((attribute, value), …)) pairs: pgSz, pgMar, cols, docGrid."""


class Reference(NamedTuple):
    """The parts a reference document contributes (None where it has none), and its page."""

    styles: bytes | None
    numbering: bytes | None
    theme: bytes | None
    font_table: bytes | None
    page: Page


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
    """Read a reference .docx; any failure is a usage error."""
    import xml.etree.ElementTree as ET  # only reference builds parse XML

    def rels_of(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
        """Relationship type (its last segment) → target part name, for one source part."""
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
        raise _unreadable(path, exc) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            main = rels_of(zf, "")["officeDocument"]
            parts = rels_of(zf, main)

            def part(kind: str) -> bytes | None:
                return zf.read(parts[kind]) if kind in parts else None

            body = ET.fromstring(zf.read(main)).find(f"{{{W_NS}}}body")
            styles = part("styles")
            if styles is not None:
                ET.fromstring(styles)  # refuse a broken styles part now, not in Word
            reference = Reference(
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
