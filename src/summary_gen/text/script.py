"""The Chinese script of the output: simplified (as rendered) or traditional (converted).

Conversion uses OpenCC's plain simplified→traditional table, ``s2t``: it maps characters and
phrases to the standard traditional forms and leaves the wording alone (社区→社區, 创建→創建,
提升→提升, 信息→信息). The Taiwan-phrase table ``s2twp`` rewrites words (社群, 建立, 資訊): that is
what broke the seed, and it is never used here.

OpenCC is imported the first time traditional output is asked for, never for a simplified build,
and its converter is built once per process (building it loads the dictionaries).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Literal

from ..document import Block, Document, Table
from ..errors import SummaryGenError, UsageError

__all__ = [
    "SCRIPTS",
    "Script",
    "check_script",
    "convert_document",
    "document_to_traditional",
    "to_traditional",
]

Script = Literal["simplified", "traditional"]
SCRIPTS: tuple[Script, ...] = ("simplified", "traditional")

# The file name works with every release of the official binding (older ones need the suffix).
_CONFIG = "s2t.json"


@functools.lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError as exc:
        raise SummaryGenError("繁体输出需要 opencc 包，请先安装：pip install opencc") from exc
    return opencc.OpenCC(_CONFIG).convert


def to_traditional(text: str) -> str:
    """``text`` in traditional characters (OpenCC ``s2t``); text without Chinese is unchanged."""
    if not text:
        return text
    return _converter()(text)


def _lines_to_traditional(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Convert the title as one text, so that a phrase broken across two lines is still read as
    a phrase, then cut it again where it was cut. ``s2t`` keeps the length of what it converts;
    should a phrase ever change length, each line is converted alone instead."""
    whole = to_traditional("".join(lines))
    if len(whole) != sum(map(len, lines)):
        return tuple(to_traditional(line) for line in lines)
    cut: list[str] = []
    start = 0
    for line in lines:
        cut.append(whole[start : start + len(line)])
        start += len(line)
    return tuple(cut)


def _table_to_traditional(table: Table) -> Table:
    return Table(
        title=to_traditional(table.title),
        header=tuple(map(to_traditional, table.header)),
        rows=tuple(tuple(map(to_traditional, row)) for row in table.rows),
    )


def document_to_traditional(document: Document) -> Document:
    """The whole document in traditional characters: title, headings and paragraphs, signatory,
    date, appendix, and the properties (author, keywords). The date itself is unchanged."""
    return dataclasses.replace(
        document,
        title_lines=_lines_to_traditional(document.title_lines),
        body=tuple(Block(block.kind, to_traditional(block.text)) for block in document.body),
        signatory=to_traditional(document.signatory),
        date_text=to_traditional(document.date_text),
        appendix=None if document.appendix is None else _table_to_traditional(document.appendix),
        author=to_traditional(document.author),
        keywords=tuple(map(to_traditional, document.keywords)),
    )


def check_script(script: str) -> None:
    """Refuse a script other than ``simplified`` and ``traditional`` (UsageError)."""
    if script not in SCRIPTS:
        raise UsageError(f"未知的字形“{script}”：可用 simplified（简体）、traditional（繁体）")


def convert_document(document: Document, script: str) -> Document:
    """``document`` in ``script`` (``simplified``: as rendered; ``traditional``: converted)."""
    check_script(script)
    return document_to_traditional(document) if script == "traditional" else document
