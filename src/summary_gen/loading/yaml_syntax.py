"""Text → YAML nodes with their positions, and YAML's syntax errors told in Chinese.

``yaml.compose`` gives nodes that know where they are in the file; the values are built from
them in :mod:`.values`, not by PyYAML's constructor, so no YAML 1.1 typing applies. The slips of
an input method (a full-width colon after a key…) are found first, by :mod:`.slips`.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import DataError, Problem
from .slips import find_slips, unshift, unshift_problem

__all__ = [
    "LOADER",
    "MERGE_TAG",
    "NULL_TAG",
    "SCALAR_TAGS",
    "TAG",
    "Position",
    "compose",
    "mark_position",
]

# libyaml's composer is several times faster and refuses deep nesting itself; PyYAML's own
# composer (a pure Python fallback) raises RecursionError instead, which is caught below.
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The loader every YAML the project reads goes through (its own files too)."""

TAG = "tag:yaml.org,2002:"
NULL_TAG, MERGE_TAG = TAG + "null", TAG + "merge"
SCALAR_TAGS = {TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
# `=` resolves implicitly to !!value and `<<` to !!merge; as values they are plain text.
SCALAR_TAGS |= {TAG + "value", MERGE_TAG}

Position = tuple[int, int]
"""Line and column, 1-based as editors count them."""

_TAB_MESSAGE = "第{line}行用了制表符（Tab）缩进，YAML 只能用空格缩进"
_MIXED_LIST = "列表与“键: 值”混在了同一层：列表项都应以“- ”开头，并且缩进一致"
_BAD_INDENT = "这一行的缩进或写法不对：同一层的键应左对齐；值以引号开头时，整个值都应在引号里"


def compose(text: str, file: str) -> tuple[yaml.MappingNode, list[Problem]]:
    """The root mapping of ``text``, and the warnings for the slips read on (a full-width colon
    after a key). Raises DataError for the slips that stop reading, all at once, or YAML's
    first syntax error."""
    slips = find_slips(text, file)
    if slips.errors:
        raise DataError(slips.errors)
    text = slips.text
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        problem = unshift_problem(_syntax_problem(exc, text, file), slips.shifts)
        # A full-width colon after a word on the line YAML stopped at (or the line before it,
        # where YAML looked for the colon) is the cause; one elsewhere may well be text.
        suspects = [s for s in slips.suspects if problem.line - 1 <= s.line <= problem.line]
        raise DataError(suspects or [problem]) from None
    except yaml.YAMLError:  # a ReaderError; the characters it refuses are caught above
        raise DataError([Problem(file, 0, 0, "", "文件里有无法读取的字符")]) from None
    except RecursionError:
        raise DataError([Problem(file, 0, 0, "", "嵌套层次太深，无法读取")]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == NULL_TAG):
        message = (
            "文件是空的（或只有注释）：至少要写 year 和 community.name；"
            "可以用 summary-gen init 生成一份样例"
        )
        raise DataError([Problem(file, 0, 0, "", message)])
    if not isinstance(root, yaml.MappingNode) or root.tag != TAG + "map":
        line, column = mark_position(root.start_mark)
        message = "文件顶层应是“键: 值”形式的数据，例如 year: 2020"
        raise DataError([Problem(file, line, column, "", message)])
    unshift(root, slips.shifts)
    return root, slips.warnings


# (what PyYAML or libyaml says, what we say, shown where the construct began); first match wins.
# Unclosed quotes and brackets, and a key without its colon, are best shown where they began.
_SYNTAX_MESSAGES: tuple[tuple[str, str, bool], ...] = (
    ("maximum nesting depth", "嵌套层次太深", False),
    (
        "single document",
        "文件里有不止一份 YAML 文档（用“---”分开）：一个数据文件只能写一份",
        False,
    ),
    (
        "undefined alias",
        "引用了没有定义的锚点：“*名称”之前要先用“&名称”定义；如果是文字，请加上引号",
        False,
    ),
    ("duplicate anchor", "锚点名称重复：同一个“&名称”只能定义一次", False),
    (
        "alphabetic or numeric",
        "“&”“*”在 YAML 里有特殊含义：如果是文字，请给整段加上引号",
        False,
    ),
    (
        "escape",
        "双引号里的反斜杠“\\”后面跟了无法识别的字符：反斜杠请写成“\\\\”，或改用单引号",
        False,
    ),
    ("end of stream", "引号没有配对：从这里开始的引号直到文件末尾都没有结束", True),
    ("block scalar", "“|”或“>”后面应直接换行，文字写在下面几行并缩进", False),
    (
        "mapping values are not allowed",
        "这里不能再写“键: 值”：可能是缩进不对，或者文字里有“: ”（冒号加空格），"
        "这样的文字请加上引号",
        False,
    ),
    (
        "sequence entries are not allowed",
        "这里不能开始列表：列表项“- ”应另起一行，并比上一级多缩进",
        False,
    ),
    (
        "could not find expected ':'",
        "找不到冒号：每一项应写成“键: 值”（冒号后留一个空格）；多行文字的续行要比键多缩进",
        True,
    ),
    ("expected ',' or ']'", "方括号“[”没有配对的“]”，或者其中的各项之间少了逗号", True),
    ("expected ',' or '}'", "花括号“{”没有配对的“}”，或者其中的各项之间少了逗号", True),
    ("'-' indicator", _MIXED_LIST, False),
    ("found '?'", _MIXED_LIST, False),
    ("expected key", _BAD_INDENT, False),
    ("<block end>", _BAD_INDENT, False),
    ("node content", "这里缺少内容：可能多写了符号，或者这段文字需要加上引号", False),
    ("document start", "文件结构不对：顶层只能写“键: 值”", False),
    ("tag", "“!”在 YAML 里表示标签：如果是文字，请给整段加上引号", False),
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """A YAML scanner, parser or composer error as a located Chinese problem."""
    problem = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    last = mark.line if mark else 0
    first = min(exc.context_mark.line, last) if exc.context_mark else last
    tab = _tab_indentation(text, first, last)
    if tab is not None or "tab character" in problem:
        line, column = tab if tab is not None else mark_position(mark)
        return Problem(file, line, column, "", _TAB_MESSAGE.format(line=line))
    line, column = mark_position(mark) if mark else (0, 0)
    for needle, message, at_context in _SYNTAX_MESSAGES:
        if needle in problem:
            if at_context and exc.context_mark:
                line, column = mark_position(exc.context_mark)
            return Problem(file, line, column, "", f"YAML 语法错误：{message}")
    if "cannot start any token" in problem and mark is not None:
        char = text[mark.index] if mark.index < len(text) else ""
        if char == "\t":
            message = "这里不能用制表符（Tab），请改用空格"
            return Problem(file, line, column, "", f"YAML 语法错误：{message}")
        if char:
            message = f"“{char}”不能出现在值的开头：这样的文字请整段加上引号"
            return Problem(file, line, column, "", f"YAML 语法错误：{message}")
    message = "格式不对：请检查这一行和上一行的缩进、冒号和引号"
    return Problem(file, line, column, "", f"YAML 语法错误：{message}")


def _tab_indentation(text: str, first: int, last: int) -> Position | None:
    """The tab in the indentation nearest above the error, within lines ``first``..``last``.

    Lines are 0-based, as YAML's marks count them; the span is that of the construct YAML was
    reading, so a tab in a text block far above is not blamed.
    """
    lines = text.splitlines()
    for number in range(min(last, len(lines) - 1), first - 1, -1):
        line = lines[number]
        indentation = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indentation and line.strip():
            return number + 1, indentation.index("\t") + 1
    return None


def mark_position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1
