"""Reading one data file: bytes → text → YAML nodes with positions → plain values → model.

Every problem is reported in Chinese with the file, line and column where it is, and all problems
of a file are reported at once (:class:`DataError`, exit code 1).

How the YAML is read, and why:

* ``yaml.compose`` gives nodes with their positions; values are built from the nodes here, not by
  PyYAML's constructor. Every scalar stays the text as typed (``010010``, ``no``, ``1e3`` and
  ``2020-01-01`` are not turned into numbers, booleans or dates); only ``~``, ``null`` and an empty
  value are None, and a key whose value is None counts as absent. The model then reads numbers,
  quantities and dates from the text.
* Only the standard tags are accepted; ``!!python/object``, ``!foo``, ``!!binary`` and merge keys
  (``<<``) are refused. Before any alias is expanded, the size of the expanded data is counted
  (each node once) and the nodes being counted are watched, so an alias bomb or a structure that
  contains itself fails at once with a message.
* A text that spans several lines is one paragraph: a line break next to a Chinese character or
  full-width punctuation disappears, one between Latin words becomes a space. Once YAML has folded
  the lines, a fold cannot be told from a typed space, so within such a text any space next to a
  Chinese character goes too (Chinese typesetting uses none).
* Every value then passes :func:`~summary_gen.typography.normalise` (half-width punctuation and
  straight quotes in Chinese text made full-width, full-width digits made half-width); each value
  it changed is told as a warning.
* Characters a Word document cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates)
  are refused wherever they appear; the template engine relies on that for its markers.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import functools
import os
import re
import types
from collections.abc import Sequence
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Union, get_args, get_origin

import yaml

from .checks import data_warnings
from .errors import DataError, Problem, UsageError
from .lazyre import LazyPattern
from .model import (
    Location,
    Summary,
    ValidationError,
    check_consistency,
    field_types,
    validate,
)
from .typography import excerpt_change, half_width_digits, normalise

__all__ = ["load_summary", "load_text"]

# libyaml's composer is several times faster and refuses deep nesting itself; PyYAML's own
# composer (a pure Python fallback) raises RecursionError instead, which is caught below.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NODE_LIMIT = 100_000
"""Values built from one file, aliases expanded; a real data file has a few hundred."""

DEPTH_LIMIT = 64
"""Nesting depth; the model needs six levels."""

_TAG = "tag:yaml.org,2002:"
_NULL, _MERGE = _TAG + "null", _TAG + "merge"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
# `=` resolves implicitly to !!value and `<<` to !!merge; as values they are plain text.
_SCALAR_TAGS |= {_TAG + "value", _MERGE}

# What a DOCX (XML 1.0) cannot hold, and what the template engine uses as markers (\x02, \x03).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_FORBIDDEN_SHOWN = 10

# Chinese, Japanese and Korean script, CJK and full-width punctuation, and the punctuation
# Chinese text shares with Latin (“”‘’…—·).
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7\U00020000-\U0003ffff"
)
_SPACE_NEAR_CJK = LazyPattern(f"(?<=[{_CJK}])\\s+|\\s+(?=[{_CJK}])")
_BREAK = re.compile(r"\s*[\n\r\u2028\u2029]\s*")
_HAN = LazyPattern(f"[{_CJK}]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_TAB_MESSAGE = "第{line}行用了制表符（Tab）缩进，YAML 只能用空格缩进"
_MIXED_LIST = "列表与“键: 值”混在了同一层：列表项都应以“- ”开头，并且缩进一致"
_BAD_INDENT = "这一行的缩进或写法不对：同一层的键应左对齐；值以引号开头时，整个值都应在引号里"

Position = tuple[int, int]


class _Where(NamedTuple):
    """Where a value sits in the file: its key (None for a list item or the root) and itself.
    One per value of the file: a tuple, the cheapest record to make."""

    key: Position | None
    value: Position


class _Fatal(Exception):
    """A problem after which reading cannot go on (alias bomb, loop, too deep)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_INVALID = object()
"""A value already reported as a problem: never given to the model as it is."""


def load_summary(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    template_dirs: Sequence[Path] = (),
    writing_date: dt.date | None = None,
) -> tuple[Summary, list[Problem]]:
    """Read, parse and validate one data file. Returns the model and warnings (Problem objects).

    ``template_dirs`` are the user template folders given on the command line; with the
    ``summary-gen-templates`` folder beside the file they say which families ``template`` may
    name. ``writing_date`` is the date of writing a build would print where the file has no
    ``date`` (``--date`` or today), for the warning about a date far from the year.

    Raises DataError with ALL problems of the file at once (exit 1), UsageError if the file does
    not exist / is a directory / cannot be read (exit 2).
    """
    name = display_name if display_name is not None else os.fspath(path)
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"找不到文件：{name}") from None
    except IsADirectoryError:
        raise UsageError(f"{name} 是文件夹，不是数据文件") from None
    except PermissionError:
        raise UsageError(f"没有权限读取文件：{name}") from None
    except OSError as exc:
        if file.is_dir():  # Windows reports a folder as PermissionError or OSError
            raise UsageError(f"{name} 是文件夹，不是数据文件") from None
        raise UsageError(f"无法读取文件 {name}：{exc.strerror or exc}") from None
    from .families import template_dirs_for

    return load_text(
        data,
        name,
        template_dirs=template_dirs_for(file, template_dirs),
        writing_date=writing_date,
    )


def load_text(
    data: bytes | str,
    file: str = "<data>",
    *,
    template_dirs: Sequence[Path] = (),
    writing_date: dt.date | None = None,
) -> tuple[Summary, list[Problem]]:
    """The same from bytes or text already in memory (tests, hypothesis, stdin). The families
    ``template`` may name are the built-in ones and those in ``template_dirs``."""
    if isinstance(data, bytes):
        text, warnings = _decode(data, file)
    else:
        text, warnings = data.removeprefix("\ufeff"), []
    _refuse_forbidden_characters(text, file)
    root = _compose(text, file)
    builder = _Builder(file)
    try:
        values = builder.build_root(root)
    except _Fatal as exc:
        raise DataError([exc.problem]) from None
    problems = builder.problems
    summary: Summary | None = None
    checkable: Summary | None = None
    try:
        summary = checkable = validate(values)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            location = tuple(error["loc"])
            if not builder.reported(location):
                problems.append(_problem_from_error(error, location, builder.where, file))
        checkable = _valid_rest(values, [tuple(error["loc"]) for error in errors])
    family = values.get("template") if isinstance(values, dict) else None
    if isinstance(family, str) and not any(p.path == "template" for p in problems):
        unknown = _unknown_family(family, template_dirs)
        if unknown:
            line, column = _value_position(("template",), builder.where)
            problems.append(Problem(file, line, column, "template", unknown))
    if checkable is not None:
        for location, message in check_consistency(checkable):
            line, column = _value_position(location, builder.where)
            problems.append(Problem(file, line, column, _dotted(location), message))
    if problems or summary is None:
        raise DataError(sorted(problems, key=lambda p: (p.line, p.column)))
    for location, message in data_warnings(summary, written=writing_date):
        line, column = _value_position(location, builder.where)
        warnings.append(Problem(file, line, column, _dotted(location), message))
    return summary, warnings + builder.warnings


def _valid_rest(values: Any, locations: list[Location], rounds: int = 3) -> Summary | None:
    """The file without its invalid parts, validated again, so that the cross-field checks run
    on what is valid and a user sees every problem of the file at once. ``None`` where leaving
    parts out does not give a valid file (a required value is itself wrong)."""
    rest = copy.deepcopy(values)
    for _ in range(rounds):
        for location in locations:
            _drop(rest, location)
        try:
            return validate(rest)
        except ValidationError as exc:
            locations = [tuple(error["loc"]) for error in exc.errors(include_url=False)]
    return None


def _drop(values: Any, location: Location) -> None:
    """Remove the value at ``location``, or else the nearest entry of a mapping that holds it.
    A list loses no single item, only all of them: the items that stay keep the indices the
    file gives them, which the messages name."""
    while location:
        key, parent = location[-1], _at(values, location[:-1])
        if isinstance(key, str) and isinstance(parent, dict) and key in parent:
            del parent[key]
            return
        location = location[:-1]


def _at(values: Any, location: Location) -> Any:
    for key in location:
        try:
            values = values[key]
        except (KeyError, IndexError, TypeError):
            return None
    return values


def _unknown_family(name: str, template_dirs: Sequence[Path]) -> str:
    """The message for a ``template`` that names no family, or ``""`` for a known one."""
    from .families import family_names  # the template machinery only for a file that names one

    known = family_names(template_dirs)
    if name.strip() in known:
        return ""
    return f"未知的模板“{name.strip()}”，可用 {'、'.join(known)}"


# --- bytes → text ---------------------------------------------------------------------------


def _decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 with a warning."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break
            note = "文件是 UTF-16（“Unicode”）编码，已正确读取；建议用“UTF-8”编码另存"
            return text, [Problem(file, 0, 0, "", note)]
    if _looks_like_utf16(data):
        message = (
            "文件是没有字节顺序标记（BOM）的 UTF-16 编码，无法可靠读取："
            "请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
        )
        raise DataError([Problem(file, 0, 0, "", message)])
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if not has_bom and not _mostly_utf8(body):
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            note = "文件不是 UTF-8 编码，已按 GBK 读取；建议用“UTF-8”编码另存"
            return text, [Problem(file, 0, 0, "", note)]
    line = body.count(b"\n", 0, utf8_error.start) + 1
    line_start = body.rfind(b"\n", 0, utf8_error.start) + 1
    column = len(body[line_start : utf8_error.start].decode("utf-8", "replace")) + 1
    byte = f"0x{body[utf8_error.start]:02X}"
    if has_bom or _mostly_utf8(body):
        what = f"文件是 UTF-8 编码，但这里有无法识别的字节（{byte}），可能混入了其他编码的文字或文件已损坏"
    else:
        what = f"文件编码无法识别：既不是 UTF-8，也不是 GBK（这里的字节是 {byte}）"
    message = f"{what}；请用记事本或 WPS 打开文件，“另存为”时编码选“UTF-8”"
    raise DataError([Problem(file, line, column, "", message)])


def _looks_like_utf16(data: bytes) -> bool:
    """Whether ``data`` is UTF-16 text without a BOM: keys, digits and punctuation are ASCII, so
    every other byte is NUL, all on one side. UTF-8 and GBK text has no NUL at all."""
    nuls = data.count(0)
    if nuls < max(2, len(data) // 8):
        return False
    even = data[0::2].count(0)
    return max(even, nuls - even) >= nuls * 0.9


def _mostly_utf8(data: bytes) -> bool:
    """Whether undecodable bytes are a few slips in a UTF-8 file rather than another encoding.

    GBK text almost never forms valid multi-byte UTF-8 sequences, and UTF-8 text with a broken
    byte or two is full of them; decoding such a file as GBK would garble every Chinese character.
    """
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    sound = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return sound > broken


def _refuse_forbidden_characters(text: str, file: str) -> None:
    found = list(_FORBIDDEN.finditer(text))
    if not found:
        return
    # Only the shown ones are located: locating one splits the text before it into lines.
    shown = [_forbidden_problem(text, m.start(), m.group(), file) for m in found[:_FORBIDDEN_SHOWN]]
    if len(found) > _FORBIDDEN_SHOWN:
        rest = len(found) - _FORBIDDEN_SHOWN
        last = _forbidden_problem(text, found[-1].start(), found[-1].group(), file)
        more = f"另有 {rest} 处同样的字符未列出；这可能不是文本文件"
        shown.append(Problem(file, last.line, last.column, "", more))
    raise DataError(shown)


def _forbidden_problem(text: str, index: int, char: str, file: str) -> Problem:
    lines = _LINE_BREAK.split(text[:index])  # counted as YAML counts them, as its marks are
    return Problem(file, len(lines), len(lines[-1]) + 1, "", _forbidden_message(char))


def _forbidden_message(char: str) -> str:
    return f"有不可见的控制字符 U+{ord(char):04X}，Word 文档无法保存它，请删除"


# --- text → nodes ---------------------------------------------------------------------------


def _compose(text: str, file: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, text, file)]) from None
    except yaml.YAMLError:  # a ReaderError; the characters it refuses are caught above
        raise DataError([Problem(file, 0, 0, "", "文件里有无法读取的字符")]) from None
    except RecursionError:
        raise DataError([Problem(file, 0, 0, "", "嵌套层次太深，无法读取")]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
        message = (
            "文件是空的（或只有注释）：至少要写 year 和 community.name；"
            "可以用 summary-gen init 生成一份样例"
        )
        raise DataError([Problem(file, 0, 0, "", message)])
    if not isinstance(root, yaml.MappingNode) or root.tag != _TAG + "map":
        line, column = _position(root.start_mark)
        message = "文件顶层应是“键: 值”形式的数据，例如 year: 2020"
        raise DataError([Problem(file, line, column, "", message)])
    return root


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
        line, column = tab if tab is not None else _position(mark)
        return Problem(file, line, column, "", _TAB_MESSAGE.format(line=line))
    line, column = _position(mark) if mark else (0, 0)
    for needle, message, at_context in _SYNTAX_MESSAGES:
        if needle in problem:
            if at_context and exc.context_mark:
                line, column = _position(exc.context_mark)
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


def _position(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


# --- nodes → values -------------------------------------------------------------------------


class _Builder:
    """Builds plain values from nodes, keeping where each value is and what went wrong."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # what was changed in the text, told to the user
        self.where: dict[Location, _Where] = {}
        self._reported: set[Location] = set()
        self._sizes: dict[int, int] = {}  # expanded size of each collection node, by id
        self._open: set[int] = set()  # ids of the collections being measured: a loop's witness
        self._distinct = 0  # nodes measured, each once: the file's own size, aliases not expanded

    def reported(self, location: Location) -> bool:
        """Whether a problem was already reported at this location or one containing it."""
        return any(location[:size] in self._reported for size in range(len(location) + 1))

    def _problem(
        self, location: Location, position: Position, message: str, *, covers: bool = True
    ) -> object:
        """Report a problem; ``covers`` hides the model's complaints at and under ``location``."""
        self.problems.append(Problem(self.file, *position, _dotted(location), message))
        if covers:
            self._reported.add(location)
        return _INVALID

    def build_root(self, root: yaml.MappingNode) -> Any:
        """The values of the whole file. Raises _Fatal for an alias bomb, a loop, deep nesting."""
        self._measure(root, 0)
        self.where[()] = _Where(None, _position(root.start_mark))
        return self._build(root, (), 0)

    def _measure(self, node: yaml.Node, depth: int) -> int:
        """How many values ``node`` makes once its aliases are expanded, without expanding them.

        A node shared through aliases is measured once (memo by id), so an alias bomb costs as
        little as it looks; a node met again while it is still being measured contains itself.
        """
        if depth > DEPTH_LIMIT:
            raise _Fatal(Problem(self.file, *_position(node.start_mark), "", "嵌套层次太深"))
        if isinstance(node, yaml.ScalarNode):
            self._distinct += 1
            return 1
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in self._open:
            message = "从这里开始的内容通过引用（“*名称”）包含了它自己，形成了无限循环"
            raise _Fatal(Problem(self.file, *_position(node.start_mark), "", message))
        self._open.add(id(node))
        self._distinct += 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = [part for pair in node.value for part in pair]
        size = 1 + sum(self._measure(child, depth + 1) for child in children)
        self._open.discard(id(node))
        if size > NODE_LIMIT:
            if self._distinct > NODE_LIMIT:  # as large as written: no alias is to blame
                message = f"文件太大：超过 {NODE_LIMIT} 项（一份数据文件通常只有几百项）"
            else:
                message = (
                    f"从这里开始的内容经引用（“*名称”）展开后超过 {NODE_LIMIT} 项，"
                    "文件可能是恶意构造的（“十亿笑”攻击）"
                )
            raise _Fatal(Problem(self.file, *_position(node.start_mark), "", message))
        self._sizes[id(node)] = size
        return size

    def _build(self, node: yaml.Node, location: Location, depth: int) -> Any:
        """The value of ``node`` (str, None, list or dict), or _INVALID once reported."""
        position = _position(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                return self._problem(location, position, _tag_message(node.tag))
            return self._scalar(node, location, position)
        expected = _TAG + ("seq" if isinstance(node, yaml.SequenceNode) else "map")
        if node.tag != expected:
            return self._problem(location, position, _tag_message(node.tag))
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, location, depth)
        return self._mapping(node, location, depth)

    def _scalar(self, node: yaml.ScalarNode, location: Location, position: Position) -> Any:
        if node.tag == _NULL:
            return None
        text: str = node.value
        bad = _FORBIDDEN.search(text)  # from an escape such as "\x02"; raw ones are refused earlier
        if bad:
            return self._problem(location, position, _forbidden_message(bad.group()))
        if node.start_mark.line != node.end_mark.line or _BREAK.search(text):
            text = _one_paragraph(text)
        return self._typeset(text, location, position)

    def _typeset(self, text: str, location: Location, position: Position) -> str:
        """The text with Chinese punctuation made right, told as a warning when it changed.

        Every scalar passes here: numbers, quantities and dates have no mark next to a Chinese
        character, so :func:`normalise` leaves them as typed.
        """
        fixed = normalise(text)
        if fixed != text:
            before, after = excerpt_change(text, fixed)
            digits = half_width_digits(text)
            if digits == text:
                what = "已规范中文标点"
            elif fixed == digits:
                what = "已把全角数字改为半角"
            else:
                what = "已规范中文标点，并把全角数字改为半角"
            message = f"{what}：“{before}”→“{after}”"
            self.warnings.append(Problem(self.file, *position, _dotted(location), message))
        return fixed

    def _sequence(self, node: yaml.SequenceNode, location: Location, depth: int) -> Any:
        items = []
        for index, item in enumerate(node.value):
            child = (*location, index)
            self.where[child] = _Where(None, _position(item.start_mark))
            value = self._build(item, child, depth + 1)
            # A reported item keeps its place (as None, whose complaint is hidden) so that the
            # indices of the items after it still match the file.
            items.append(None if value is _INVALID else value)
        return items

    def _mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> Any:
        values: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_position = _position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                message = "键应是文字，不能是列表或“键: 值”"
                self._problem(location, key_position, message, covers=False)
                continue
            if key_node.tag == _MERGE:
                message = "不支持合并键“<<”：请把要合并的内容直接写出来"
                self._problem(location, key_position, message)
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self._problem(location, key_position, _tag_message(key_node.tag), covers=False)
                continue
            if key_node.tag == _NULL:
                message = "键不能为空：冒号前应写字段名"
                self._problem(location, key_position, message, covers=False)
                continue
            key: str = key_node.value
            child = (*location, key)
            bad = _FORBIDDEN.search(key)
            if bad:
                self._problem(child, key_position, _forbidden_message(bad.group()))
                continue
            if key in first_lines:
                message = f"重复的字段，第{first_lines[key]}行已经写过"
                self._problem(child, key_position, message)
                continue
            first_lines[key] = key_position[0]
            self.where[child] = _Where(key_position, _position(value_node.start_mark))
            value = self._build(value_node, child, depth + 1)
            if value is not None and value is not _INVALID:  # `key:` alone counts as absent
                values[key] = value
        return values


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return f"不支持 YAML 标签“{shown}”：数据文件里只能写文字、数字、列表和“键: 值”"


def _one_paragraph(text: str) -> str:
    """A text typed over several lines as one paragraph (see the module's docstring)."""
    text = _SPACE_NEAR_CJK.sub("", text.strip())
    return _BREAK.sub(" ", text)


# --- model errors → problems ----------------------------------------------------------------


def _problem_from_error(
    error: Any, location: Location, where: dict[Location, _Where], file: str
) -> Problem:
    kind: str = error["type"]
    if kind == "missing":
        known = where.get(location)
        if known is not None and known.key is not None:  # written as `key:` with nothing after
            line, column = known.key
            message = "缺少必填字段：这一项没有填写内容"
        else:
            parent = where.get(location[:-1]) or where[()]
            line, column = parent.key or parent.value
            message = "缺少必填字段"
    elif kind == "unexpected_keyword_argument":  # a key the part does not have
        known = where.get(location)
        line, column = (known.key or known.value) if known else _value_position(location, where)
        message = _unknown_key_message(location)
    else:
        line, column = _value_position(location, where)
        message = _value_message(error, location)
    return Problem(file, line, column, _dotted(location), message)


def _value_position(location: Location, where: dict[Location, _Where]) -> Position:
    for size in range(len(location), -1, -1):
        known = where.get(location[:size])
        if known is not None:
            return known.value
    return (0, 0)


def _value_message(error: Any, location: Location) -> str:
    kind: str = error["type"]
    given = error.get("input")
    if given is None and kind.endswith("_type"):
        return "不能为空"
    if kind in ("value_error", "assertion_error"):
        text = str(error.get("ctx", {}).get("error", ""))
        return text if _HAN.search(text) else "取值无效"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_type":
        return "应为文字" + _given(given)
    if kind == "list_type":
        if isinstance(given, str):
            return "应为列表：每项另起一行，以“- ”开头"
        return "应为列表" + _given(given)
    if kind == "dataclass_type":
        part = _part_at(location)
        keys = f"（可写：{'、'.join(field_types(part))}）" if part else ""
        return f"应为一组“键: 值”{keys}" + _given(given)
    if kind == "literal_error":
        choices = _literal_choices(location)
        return f"应为以下之一：{'、'.join(choices)}" if choices else "取值不在允许的范围内"
    return "取值无效"  # numbers and dates are read by the model's own functions: value_error


def _given(value: object) -> str:
    if isinstance(value, list):
        return "，这里写成了列表"
    if isinstance(value, dict):
        return "，这里写成了“键: 值”"
    return ""


def _unknown_key_message(location: Location) -> str:
    import difflib  # only needed for a mistake

    key = str(location[-1])
    part = _part_at(location[:-1])
    allowed = list(field_types(part)) if part else []
    # A key of another level (households at the top) is told where it belongs.
    elsewhere = [(name, home) for name, home in _all_fields() if home != location[:-1]]
    for name, home in elsewhere:
        if name == key and name not in allowed:
            return f"未知字段：{key} 应写在{_level(home)}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"未知字段，是不是 {close[0]}？"
    close = difflib.get_close_matches(key, [name for name, _ in elsewhere], n=1, cutoff=0.75)
    if close:
        home = next(home for name, home in elsewhere if name == close[0])
        return f"未知字段，是不是写在{_level(home)}的 {close[0]}？"
    if allowed:
        return f"未知字段；这里可以写：{'、'.join(allowed)}"
    return "未知字段"


def _level(home: Location) -> str:
    """Where a mapping is, in words: 最外层, community 下面, organisation.teams 的每一项里."""
    if not home:
        return "最外层"
    if isinstance(home[-1], int):
        return f" {_dotted(home[:-1])} 的每一项里"
    return f" {_dotted(home)} 下面"


@functools.cache
def _all_fields() -> tuple[tuple[str, Location], ...]:
    """Every field of the data file with the key path of its mapping (list items shown as 0)."""
    fields: list[tuple[str, Location]] = []
    pending: list[tuple[type, Location]] = [(Summary, ())]
    while pending:
        part, location = pending.pop(0)
        for name, annotation in field_types(part).items():
            fields.append((name, location))
            inner, in_list = _inner_part(annotation)
            if inner is not None:
                pending.append((inner, (*location, name, 0) if in_list else (*location, name)))
    return tuple(fields)


def _part_at(location: Location) -> type | None:
    """The part of the model (a dataclass) that reads the mapping at ``location``, if any."""
    part: type = Summary
    for key in location:
        if isinstance(key, int):
            continue  # the list's item part was taken at its key
        annotation = field_types(part).get(key)
        inner = _inner_part(annotation)[0] if annotation is not None else None
        if inner is None:
            return None
        part = inner
    return part


def _literal_choices(location: Location) -> tuple[str, ...]:
    parent = _part_at(location[:-1])
    annotation = field_types(parent).get(str(location[-1])) if parent and location else None
    for option in (annotation, *get_args(annotation)):
        if get_origin(option) is Literal:
            return tuple(str(choice) for choice in get_args(option))
    return ()


def _inner_part(annotation: Any) -> tuple[type | None, bool]:
    """The part inside ``X``, ``X | None`` or ``list[X]``, and whether it is a list's item.
    A scalar type (``Annotated``, read by a function of its own) has none."""
    if isinstance(annotation, type) and is_dataclass(annotation):
        return annotation, False
    origin = get_origin(annotation)
    if origin is list:
        inner, _ = _inner_part(get_args(annotation)[0])
        return inner, True
    if origin is Union or origin is types.UnionType:
        for option in get_args(annotation):
            inner, in_list = _inner_part(option)
            if inner is not None:
                return inner, in_list
    return None, False


def _dotted(location: Location) -> str:
    """``("activities", 2, "date")`` → ``activities[2].date``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
