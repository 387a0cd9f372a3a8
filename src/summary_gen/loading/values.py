"""YAML nodes → plain values (text, lists, mappings), keeping where each value is in the file.

* Every scalar stays the text as typed (``010010``, ``no``, ``1e3`` and ``2020-01-01`` are not
  turned into numbers, booleans or dates); only ``~``, ``null`` and an empty value are None, and
  a key whose value is None counts as absent. The model then reads numbers, quantities and dates
  from the text.
* Only the standard tags are accepted; ``!!python/object``, ``!foo``, ``!!binary`` and merge keys
  (``<<``) are refused. Before any alias is expanded, the size of the expanded data is counted
  (each node once) and the nodes being counted are watched, so an alias bomb or a structure that
  contains itself fails at once with a message.
* A text that spans several lines is one paragraph: a line break next to a Chinese character or
  full-width punctuation disappears, one between Latin words becomes a space. Once YAML has folded
  the lines, a fold cannot be told from a typed space, so within such a text any space next to a
  Chinese character goes too (Chinese typesetting uses none).
* Every value then passes :func:`~summary_gen.text.typography.normalise` (half-width punctuation
  and straight quotes in Chinese text made full-width, full-width digits made half-width); each
  value it changed is told as a warning.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from ..errors import Problem
from ..model import Location
from ..text.typography import excerpt_change, half_width_digits, normalise
from .decode import FORBIDDEN, forbidden_message
from .yaml_syntax import MERGE_TAG, NULL_TAG, SCALAR_TAGS, TAG, Position, mark_position

__all__ = [
    "DEPTH_LIMIT",
    "INVALID",
    "NODE_LIMIT",
    "Fatal",
    "Spot",
    "ValueBuilder",
    "Where",
    "dotted",
    "typeset",
]

NODE_LIMIT = 20_000
"""Values built from one file, aliases expanded; a real data file has a few hundred (the
richest bundled example about 350)."""

DEPTH_LIMIT = 64
"""Nesting depth; the model needs six levels."""

# Chinese, Japanese and Korean script, CJK and full-width punctuation, and the punctuation
# Chinese text shares with Latin (“”‘’…—·).
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7\U00020000-\U0003ffff"
)
_SPACE_NEAR_CJK = f"(?<=[{_CJK}])\\s+|\\s+(?=[{_CJK}])"
_BREAK = re.compile(r"\s*[\n\r\u2028\u2029]\s*")


Spot = tuple[str, int, int]
"""A place a problem is told at: the file, and the line and column in it (0 where a line means
nothing: a cell of a workbook is named in the file part, ``街道.xlsx:社区!D5``). The file is part
of the place because the values of one data file may come from several: the file itself, the
shared values (summary-gen-defaults.yaml), the sheets of a workbook."""


class Where(NamedTuple):
    """Where a value sits: its key (None for a list item or the root) and itself. One per value
    of the file: a tuple, the cheapest record to make."""

    key: Spot | None
    value: Spot


class Fatal(Exception):
    """A problem after which reading cannot go on (alias bomb, loop, too deep)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


INVALID = object()
"""A value already reported as a problem: never given to the model as it is."""


class ValueBuilder:
    """Builds plain values from nodes, keeping where each value is and what went wrong."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # what was changed in the text, told to the user
        self.where: dict[Location, Where] = {}
        self._reported: set[Location] = set()
        self._sizes: dict[int, int] = {}  # expanded size of each collection node, by id
        self._open: set[int] = set()  # ids of the collections being measured: a loop's witness
        self._distinct = 0  # nodes measured, each once: the file's own size, aliases not expanded

    def _spot(self, mark: Any) -> Spot:
        return (self.file, *mark_position(mark))

    def reported(self, location: Location) -> bool:
        """Whether a problem was already reported at this location or one containing it."""
        return any(location[:size] in self._reported for size in range(len(location) + 1))

    def _problem(
        self, location: Location, position: Position, message: str, *, covers: bool = True
    ) -> object:
        """Report a problem; ``covers`` hides the model's complaints at and under ``location``."""
        self.problems.append(Problem(self.file, *position, dotted(location), message))
        if covers:
            self._reported.add(location)
        return INVALID

    def build_root(self, root: yaml.MappingNode) -> Any:
        """The values of the whole file. Raises Fatal for an alias bomb, a loop, deep nesting."""
        self._measure(root, 0)
        self.where[()] = Where(None, self._spot(root.start_mark))
        return self._build(root, (), 0)

    def _measure(self, node: yaml.Node, depth: int) -> int:
        """How many values ``node`` makes once its aliases are expanded, without expanding them.

        A node shared through aliases is measured once (memo by id), so an alias bomb costs as
        little as it looks; a node met again while it is still being measured contains itself.
        """
        if depth > DEPTH_LIMIT:
            raise Fatal(Problem(self.file, *mark_position(node.start_mark), "", "嵌套层次太深"))
        if isinstance(node, yaml.ScalarNode):
            self._distinct += 1
            return 1
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in self._open:
            message = "从这里开始的内容通过引用（“*名称”）包含了它自己，形成了无限循环"
            raise Fatal(Problem(self.file, *mark_position(node.start_mark), "", message))
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
            raise Fatal(Problem(self.file, *mark_position(node.start_mark), "", message))
        self._sizes[id(node)] = size
        return size

    def _build(self, node: yaml.Node, location: Location, depth: int) -> Any:
        """The value of ``node`` (str, None, list or dict), or INVALID once reported."""
        position = mark_position(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in SCALAR_TAGS:
                return self._problem(location, position, _tag_message(node.tag))
            return self._scalar(node, location, position)
        expected = TAG + ("seq" if isinstance(node, yaml.SequenceNode) else "map")
        if node.tag != expected:
            return self._problem(location, position, _tag_message(node.tag))
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, location, depth)
        assert isinstance(node, yaml.MappingNode)  # the only other kind PyYAML's composer makes
        return self._mapping(node, location, depth)

    def _scalar(self, node: yaml.ScalarNode, location: Location, position: Position) -> Any:
        if node.tag == NULL_TAG:
            return None
        text: str = node.value
        bad = FORBIDDEN.search(text)  # from an escape such as "\x02"; raw ones are refused earlier
        if bad:
            return self._problem(location, position, forbidden_message(bad.group()))
        if node.start_mark.line != node.end_mark.line or _BREAK.search(text):
            text = one_paragraph(text)
        return self._typeset(text, location, position)

    def _typeset(self, text: str, location: Location, position: Position) -> str:
        """The text with Chinese punctuation made right, told as a warning when it changed.

        Every scalar passes here: numbers, quantities and dates have no mark next to a Chinese
        character, so :func:`normalise` leaves them as typed.
        """
        fixed, message = typeset(text)
        if message:
            self.warnings.append(Problem(self.file, *position, dotted(location), message))
        return fixed

    def _sequence(self, node: yaml.SequenceNode, location: Location, depth: int) -> Any:
        items = []
        for index, item in enumerate(node.value):
            child = (*location, index)
            self.where[child] = Where(None, self._spot(item.start_mark))
            value = self._build(item, child, depth + 1)
            # A reported item keeps its place (as None, whose complaint is hidden) so that the
            # indices of the items after it still match the file.
            items.append(None if value is INVALID else value)
        return items

    def _mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> Any:
        values: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_position = mark_position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                message = "键应是文字，不能是列表或“键: 值”"
                self._problem(location, key_position, message, covers=False)
                continue
            if key_node.tag == MERGE_TAG:
                message = "不支持合并键“<<”：请把要合并的内容直接写出来"
                self._problem(location, key_position, message)
                continue
            if key_node.tag not in SCALAR_TAGS:
                self._problem(location, key_position, _tag_message(key_node.tag), covers=False)
                continue
            if key_node.tag == NULL_TAG:
                message = "键不能为空：冒号前应写字段名"
                self._problem(location, key_position, message, covers=False)
                continue
            key: str = key_node.value
            child = (*location, key)
            bad = FORBIDDEN.search(key)
            if bad:
                self._problem(child, key_position, forbidden_message(bad.group()))
                continue
            if key in first_lines:
                message = f"重复的字段，第{first_lines[key]}行已经写过"
                self._problem(child, key_position, message)
                continue
            first_lines[key] = key_position[0]
            self.where[child] = Where((self.file, *key_position), self._spot(value_node.start_mark))
            value = self._build(value_node, child, depth + 1)
            if value is not None and value is not INVALID:  # `key:` alone counts as absent
                values[key] = value
        return values


def typeset(text: str) -> tuple[str, str]:
    """``text`` with Chinese punctuation made right and full-width digits half-width, and what
    was changed, told as a warning says it ("" where nothing was)."""
    fixed = normalise(text)
    if fixed == text:
        return text, ""
    before, after = excerpt_change(text, fixed)
    digits = half_width_digits(text)
    if digits == text:
        what = "已规范中文标点"
    elif fixed == digits:
        what = "已把全角数字改为半角"
    else:
        what = "已规范中文标点，并把全角数字改为半角"
    return fixed, f"{what}：“{before}”→“{after}”"


def _tag_message(tag: str) -> str:
    shown = "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag
    return f"不支持 YAML 标签“{shown}”：数据文件里只能写文字、数字、列表和“键: 值”"


def one_paragraph(text: str) -> str:
    """A text typed over several lines as one paragraph (see the module's docstring)."""
    text = re.sub(_SPACE_NEAR_CJK, "", text.strip())
    return _BREAK.sub(" ", text)


def dotted(location: Location) -> str:
    """``("activities", 2, "date")`` → ``activities[2].date``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
