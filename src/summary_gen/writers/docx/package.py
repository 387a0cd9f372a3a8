"""The package: the zip a .docx is, with its content types and relationships.

:class:`Package` registers parts (with their content types), media (under a default content
type for their extension) and relationships (handing out their ids), then writes
``[Content_Types].xml`` and every ``_rels/*.rels`` part itself. A header, a picture or a second
footer is therefore one call plus a reference in ``document.xml`` to the id it returns (see
docs/docx-layout.md).

Prepared once per process: a part may be registered without its bytes, which each document then
supplies (``document.xml``, ``core.xml``); everything else is written once, on the first
:meth:`Package.to_zip`, after which the package is closed for registration. The zip has fixed
timestamps and a fixed entry order, so the same parts always give the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping

from .ooxml import XML_DECL, esc

__all__ = ["CORE", "DOCUMENT", "PART_KINDS", "Package"]

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"

_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

PART_KINDS: dict[str, tuple[str, str]] = {
    "officeDocument": (f"{_OFFICE_REL}/officeDocument", f"{_WML}.document.main+xml"),
    "core-properties": (
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "application/vnd.openxmlformats-package.core-properties+xml",
    ),
    "styles": (f"{_OFFICE_REL}/styles", f"{_WML}.styles+xml"),
    "settings": (f"{_OFFICE_REL}/settings", f"{_WML}.settings+xml"),
    "fontTable": (f"{_OFFICE_REL}/fontTable", f"{_WML}.fontTable+xml"),
    "numbering": (f"{_OFFICE_REL}/numbering", f"{_WML}.numbering+xml"),
    "header": (f"{_OFFICE_REL}/header", f"{_WML}.header+xml"),
    "footer": (f"{_OFFICE_REL}/footer", f"{_WML}.footer+xml"),
    "theme": (f"{_OFFICE_REL}/theme", "application/vnd.openxmlformats-officedocument.theme+xml"),
    "image": (f"{_OFFICE_REL}/image", ""),  # media: a default content type by extension
}
"""Kind of part → (relationship type, content type)."""

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: fixed, so builds repeat


class Package:
    """Parts, content types and relationships of one kind of document, then its zips."""

    def __init__(self) -> None:
        self._parts: dict[str, bytes | None] = {}  # name → bytes (None: given per document)
        self._overrides: dict[str, str] = {}  # name → content type
        self._defaults = {
            "rels": "application/vnd.openxmlformats-package.relationships+xml",
            "xml": "application/xml",
        }
        # source part ("" for the package itself) → [(id, relationship type, target part)]; an
        # external target (a web address) is kept apart, never checked as a part
        self._rels: dict[str, list[tuple[str, str, str]]] = {}
        self._external: set[tuple[str, str]] = set()  # (source, id) of external targets
        self._entries: tuple[tuple[str, bytes | None], ...] | None = None

    # --- Registering -------------------------------------------------------------------------

    def add(self, name: str, content_type: str, data: bytes | None = None) -> None:
        """Register a part under its own content type; without ``data`` it comes per zip."""
        self._register(name, data)
        self._overrides[name] = content_type

    def relate(self, source: str, kind: str, target: str) -> str:
        """A relationship of ``kind`` (a key of :data:`PART_KINDS`) from ``source`` (a part
        name, or "" for the package) to the part ``target``; returns its id (rId1, rId2… in
        each source)."""
        rels = self._rels.setdefault(source, [])
        taken = {rid for rid, _, _ in rels}
        number = len(rels) + 1
        while f"rId{number}" in taken:  # beside ids carried from a reference document
            number += 1
        return self.relate_as(source, f"rId{number}", PART_KINDS[kind][0], target)

    def relate_as(
        self, source: str, rid: str, rel_type: str, target: str, *, external: bool = False
    ) -> str:
        """A relationship with its id and type given, as a part carried from another package
        names them in its XML; ``external``: ``target`` is an address, not a part."""
        self._check_open()
        rels = self._rels.setdefault(source, [])
        if any(rid == taken for taken, _, _ in rels):
            raise ValueError(f"relationship {rid} of {source or 'the package'} given twice")
        rels.append((rid, rel_type, target))
        if external:
            self._external.add((source, rid))
        return rid

    def free_name(self, name: str) -> str:
        """``name``, or ``name`` with a number before its extension where a part holds it."""
        taken = {n.casefold() for n in self._parts}  # zip readers may fold case
        stem, ext = posixpath.splitext(name)
        number = 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}{number}{ext}"
        return name

    def add_part(self, source: str, kind: str, name: str, data: bytes | None = None) -> str:
        """Register a part of a known kind and relate ``source`` to it; returns the id."""
        self.add(name, PART_KINDS[kind][1], data)
        return self.relate(source, kind, name)

    def add_media(
        self, source: str, name: str, data: bytes, content_type: str | None = None
    ) -> str:
        """Register an image (``word/media/image1.png``) and relate ``source`` to it; returns
        the id. Its content type is the default for its extension, guessed from the extension
        unless given."""
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        if content_type is None:
            import mimetypes  # only a document with a picture needs it

            content_type = mimetypes.MimeTypes().types_map[True].get("." + ext)
            if content_type is None:
                raise ValueError(f"no content type known for {name}: give one")
        self._register(name, data)
        if self._defaults.setdefault(ext, content_type) != content_type:
            self._overrides[name] = content_type  # the extension already means another type
        return self.relate(source, "image", name)

    def _register(self, name: str, data: bytes | None) -> None:
        self._check_open()
        if name in self._parts:
            raise ValueError(f"part {name} registered twice")
        self._parts[name] = data

    def _check_open(self) -> None:
        if self._entries is not None:
            raise RuntimeError("the package is already being written")

    # --- Writing -----------------------------------------------------------------------------

    def content_types_xml(self) -> bytes:
        """``[Content_Types].xml``: the defaults by extension, then each part's own type in the
        order the relationships reach the parts (depth first)."""
        defaults = "".join(
            f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in self._defaults.items()
        )
        overrides = "".join(
            f'<Override PartName="/{name}" ContentType="{self._overrides[name]}"/>'
            for name in self._reached()
            if name in self._overrides
        )
        return f'{XML_DECL}<Types xmlns="{_CT_NS}">{defaults}{overrides}</Types>'.encode()

    def rels_xml(self, source: str) -> bytes:
        """The relationships part of ``source``: targets in its folder relative to it, others
        from the package's root (``/docProps/core.xml``)."""
        folder = posixpath.dirname(source)
        prefix = f"{folder}/" if folder else ""

        def target_of(name: str) -> str:
            return name[len(prefix) :] if name.startswith(prefix) else f"/{name}"

        def rel(rid: str, rtype: str, target: str) -> str:
            if (source, rid) in self._external:
                return (
                    f'<Relationship Id="{esc(rid)}" Type="{esc(rtype)}" Target="{esc(target)}" '
                    'TargetMode="External"/>'
                )
            return f'<Relationship Id="{esc(rid)}" Type="{esc(rtype)}" Target="{esc(target_of(target))}"/>'

        body = "".join(rel(*entry) for entry in self._rels[source])
        return f'{XML_DECL}<Relationships xmlns="{_REL_NS}">{body}</Relationships>'.encode()

    def to_zip(self, per_document: Mapping[str, bytes]) -> bytes:
        """The package's zip, with ``per_document`` giving the parts registered without bytes.

        Entry order: ``[Content_Types].xml``, the package's relationships, then the parts in the
        order they were registered, each followed by its own relationships part.
        """
        if self._entries is None:
            self._entries = self._seal()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self._entries:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0  # else it records the platform that built the file
                info.external_attr = 0
                zf.writestr(info, per_document[name] if data is None else data)
        return buf.getvalue()

    def _seal(self) -> tuple[tuple[str, bytes | None], ...]:
        for source, rels in self._rels.items():
            for rid, _, target in rels:
                if target not in self._parts and (source, rid) not in self._external:
                    raise ValueError(f"relationship to {target}, which is not a part")
        unreached = set(self._parts) - set(self._reached())
        if unreached:  # Word would never read it, and it would have no content type
            raise ValueError(f"no relationship reaches {', '.join(sorted(unreached))}")
        entries: list[tuple[str, bytes | None]] = [
            ("[Content_Types].xml", self.content_types_xml())
        ]
        for source in ("", *self._parts):
            if source:
                entries.append((source, self._parts[source]))
            if source in self._rels:
                folder, base = posixpath.split(source)
                entries.append(
                    (posixpath.join(folder, "_rels", base + ".rels"), self.rels_xml(source))
                )
        return tuple(entries)

    def _reached(self) -> list[str]:
        """Every part reached through the relationships from the package, depth first."""
        seen: dict[str, None] = {}

        def visit(source: str) -> None:
            for rid, _, target in self._rels.get(source, ()):
                if target not in seen and (source, rid) not in self._external:
                    seen[target] = None
                    visit(target)

        visit("")
        return list(seen)
