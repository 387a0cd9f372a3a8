"""WordprocessingML names and the few fragments every part of the writer shares.

The writer builds its XML as strings: one escaping function for text and attribute values, the
namespaces of a part's root element, and the run properties that name faces and sizes.
"""

from __future__ import annotations

import re

__all__ = ["W_NS", "W_ROOT_NS", "XML_DECL", "esc", "rfonts", "size"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_ROOT_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

# Characters XML 1.0 cannot hold at all: dropped rather than refused, they carry no text.
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Text as XML character data or attribute value (quotes included)."""
    if _ILLEGAL_XML_RE.search(text):
        text = _ILLEGAL_XML_RE.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def rfonts(latin: str, east_asian: str) -> str:
    """``w:rFonts`` naming every slot explicitly: no theme font can creep in."""
    latin, east_asian = esc(latin), esc(east_asian)
    return (
        f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asian}" w:hAnsi="{latin}" w:cs="{latin}"/>'
    )


def size(half_points: int) -> str:
    """The size of Latin and complex-script text alike (``w:sz`` and ``w:szCs``)."""
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
