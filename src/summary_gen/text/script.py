"""The Chinese script of the output: simplified (as rendered) or traditional (converted).

Conversion uses OpenCC's plain simplified→traditional table, ``s2t``: it maps characters and
phrases to the standard traditional forms and leaves the wording alone (社区→社區, 创建→創建,
提升→提升, 信息→信息). The Taiwan-phrase table ``s2twp`` rewrites words (社群, 建立, 資訊): that is
what broke the seed, and it is never used here.

``s2t`` gets some words of community work wrong: its phrase 金发 (blond hair) takes the 发 of
资金发放, which prints 資金髮放, and so do 头发, 长发 and 理发 in 带头发挥, 成长发展, 治理发展. A
dictionary of our own, ``s2t_phrases.txt`` beside this module, gives those phrases their right
form; OpenCC takes user dictionaries in its configuration, so the converter is built from
OpenCC's own ``s2t.json`` with our dictionary in front of its phrase table, both at the place
where OpenCC cuts the text into phrases (``segmentation``, in releases before 1.4) and where it
converts them (``conversion_chain``): at each place the longest phrase of ours that matches wins,
and OpenCC's tables convert the rest as before.

OpenCC is imported the first time traditional output is asked for, never for a simplified build,
and its converter is built once per process (building it loads the dictionaries).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

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

# OpenCC's configuration we start from; the file name works with every release of the official
# binding (older ones need the suffix).
_CONFIG = "s2t.json"

PHRASES = Path(__file__).with_name("s2t_phrases.txt")
"""Our phrases, each with its traditional form (see the module's docstring)."""


def phrases() -> dict[str, str]:
    """The entries of :data:`PHRASES`: simplified phrase → traditional phrase."""
    entries: dict[str, str] = {}
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            simplified, traditional = line.split("\t")
            entries[simplified] = traditional
    return entries


@functools.lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError as exc:
        raise SummaryGenError("繁体输出需要 opencc 包，请先安装：pip install opencc") from exc
    # Where the official binding keeps its configurations and dictionaries, in every release.
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    config = _absolute_files(json.loads((share / _CONFIG).read_text(encoding="utf-8")), share)
    # The binding reads a configuration from a file only, and every dictionary as it builds
    # the converter: the files are needed for that moment alone.
    with tempfile.TemporaryDirectory(prefix="summary-gen-opencc-") as folder:
        ours = Path(folder) / "phrases.txt"
        # OpenCC's own text format, without our comments (older releases refuse them).
        ours.write_text("".join(f"{s}\t{t}\n" for s, t in phrases().items()), encoding="utf-8")
        path = Path(folder) / _CONFIG
        config = _put_first(config, {"type": "text", "file": str(ours)})
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        return opencc.OpenCC(str(path)).convert


def _absolute_files(config: dict[str, Any], share: Path) -> dict[str, Any]:
    """OpenCC's configuration with each dictionary file named by its full path: the
    configuration is read from another folder, where OpenCC would not find them."""

    def absolute(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: str(share / value) if key == "file" else absolute(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [absolute(item) for item in node]
        return node

    converted: dict[str, Any] = absolute(config)
    return converted


def _put_first(config: dict[str, Any], ours: dict[str, str]) -> dict[str, Any]:
    """``config`` with the dictionary ``ours`` consulted before OpenCC's own where the text is
    cut into phrases and where the first conversion step converts them (s2t has one step)."""

    def first(dictionary: dict[str, Any]) -> dict[str, Any]:
        return {"type": "group", "match_policy": "short_circuit", "dicts": [ours, dictionary]}

    config = dict(config)
    chain = list(config["conversion_chain"])
    chain[0] = {**chain[0], "dict": first(chain[0]["dict"])}
    config["conversion_chain"] = chain
    if "segmentation" in config:
        config["segmentation"] = {
            **config["segmentation"],
            "dict": first(config["segmentation"]["dict"]),
        }
    return config


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
