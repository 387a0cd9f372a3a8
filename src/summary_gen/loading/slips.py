"""Slips of a Chinese input method in the YAML itself, found before YAML reads the text.

A secretary types with the input method in Chinese mode, which gives a full-width colon
(``year：2025``), full-width spaces (``　　name: 城里社区``); and quotes a word at the start of a
value (``title: "美丽乡村"文艺汇演``), which YAML takes for the quotes of the whole value. YAML
then reports a confusing error, often on another line (``找不到冒号``). Each slip is named here,
with its line, its character and what to type instead, all of them at once:

* a full-width colon after a known key (``year：2020``): read as ``: ``, with a warning, for
  the meaning is beyond doubt. After any other word (``备注：无``) the colon is named only where
  YAML then fails, for it may belong to text;
* a value that starts with a straight quote and goes on after it: the quotes read as Chinese
  quotes (“美丽乡村”文艺汇演, what the typography would make of them), with a warning, where the
  value is then plain text; where it is not (a ``: `` or `` #`` in it), an error;
* full-width spaces in the indentation of a key or a list item: an error, as a full-width space
  may stand for one space or two, and YAML's structure is its indentation.

Lines inside a block of text (``|`` or ``>``) are text, not YAML, and are left alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem
from ..model.parts import key_homes

__all__ = ["Slips", "find_slips", "unshift", "unshift_problem"]

_KEY = "[A-Za-z_][A-Za-z0-9_]*"
# A word at the place of a key, then a full-width colon: year：2020, 备注：无.
_KEY_COLON = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s:：#\-\[\]{}'\"][^\s:：]*?)[ ]*：")
_FULL_WIDTH_INDENT = re.compile(f"[ \u3000]*\u3000[ \u3000]*(?={_KEY}[ ]*[:：]|-[ \u3000])")
_QUOTED_VALUE = re.compile(
    f"(?P<lead>[ ]*(?:-[ ]+)+|[ ]*(?:-[ ]+)*{_KEY}[ ]*:[ ]+)(?P<quote>[\"'])"
)
_BLOCK_START = re.compile(r"(?:^[ ]*-|:)[ ]+[|>][-+1-9]*[ ]*(?:#.*)?$")
_CHINESE_QUOTES = {'"': ("“", "”"), "'": ("‘", "’")}


@dataclass
class Slips:
    """What :func:`find_slips` found in a text."""

    text: str
    """The text with the certain slips mended, for YAML to read."""
    warnings: list[Problem] = field(default_factory=list)
    """The slips mended, each told where it is."""
    errors: list[Problem] = field(default_factory=list)
    """The slips that stop reading: told at once, all of them."""
    suspects: list[Problem] = field(default_factory=list)
    """Full-width colons after unknown words: told only where YAML cannot read the text."""
    shifts: dict[int, int] = field(default_factory=dict)
    """0-based line → the column after which a space was put in (``year：2025`` → ``year: 2025``),
    for YAML's positions to be told as the file has them."""


@functools.cache
def _known_keys() -> frozenset[str]:
    return frozenset(name for name, _ in key_homes())


def find_slips(text: str, file: str) -> Slips:
    """The input-method slips of ``text`` (see the module's docstring)."""
    found = Slips(text)
    lines = text.splitlines(keepends=True)  # YAML's line breaks; control characters are refused
    block_indent: int | None = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not stripped or indent > block_indent):
            continue  # a line of a block of text
        block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        lines[number] = _mend(line, number, found, file)
        if _BLOCK_START.search(lines[number].rstrip("\r\n\x85\u2028\u2029")):
            block_indent = indent
    found.text = "".join(lines)
    # A quote found after a mended colon was located in the mended line.
    found.warnings = [unshift_problem(p, found.shifts) for p in found.warnings]
    found.errors = [unshift_problem(p, found.shifts) for p in found.errors]
    return found


def _mend(line: str, number: int, found: Slips, file: str) -> str:
    """The line with its certain slips mended; each slip is recorded in ``found``."""
    spaces = _FULL_WIDTH_INDENT.match(line)
    if spaces:
        column = spaces.group().index("\u3000") + 1
        message = (
            "行首用了全角空格“　”缩进：YAML 只能用半角空格缩进。"
            "请删去这些全角空格，改用半角空格（切换到英文输入法后按空格键）"
        )
        found.errors.append(Problem(file, number + 1, column, "", message))
        return line
    colon = _KEY_COLON.match(line)
    if colon:
        key, at = colon["key"], colon.end() - 1
        if key in _known_keys():
            after = line[at + 1 : at + 2]
            spaced = after in ("", " ", "\t", "\r", "\n")
            line = line[:at] + (":" if spaced else ": ") + line[at + 1 :]
            if not spaced:
                found.shifts[number] = at
            message = f"“{key}”后面是全角冒号“：”，已按“{key}: ”读入；请改成半角冒号加一个空格"
            found.warnings.append(Problem(file, number + 1, at + 1, "", message))
        else:
            message = f"“{key}”后面是全角冒号“：”：键后面应写半角冒号加一个空格，如“{key}: ”"
            found.suspects.append(Problem(file, number + 1, at + 1, "", message))
    return _mend_quotes(line, number, found, file)


def _mend_quotes(line: str, number: int, found: Slips, file: str) -> str:
    value = _QUOTED_VALUE.match(line)
    if not value:
        return line
    quote, start = value["quote"], value.end() - 1
    end = _closing_quote(line, start)
    if end is None:
        return line  # a quoted text over several lines, or not closed: YAML tells it
    body = line[end + 1 :].rstrip("\r\n\x85\u2028\u2029")
    if not body.strip() or (body[0] in " \t" and body.lstrip().startswith("#")):
        return line  # the quotes hold the whole value
    inner = line[start + 1 : end]
    opening, closing = _CHINESE_QUOTES[quote]
    mended = f"{opening}{inner}{closing}{body}"
    where = (number + 1, start + 1)
    plain = inner and not re.search(r"[\\\"']", inner) and not re.search(r": | #|:$|\t", mended)
    if plain:
        message = (
            f"值以直引号 {quote} 开头、引号后面还有文字，已读作 {mended.strip()}："
            f"YAML 把开头的引号当作整个值的引号，请改用中文引号 {opening}{closing}"
        )
        found.warnings.append(Problem(file, *where, "", message))
        return line[:start] + mended + line[len(line.rstrip("\r\n\x85\u2028\u2029")) :]
    other = "'" if quote == '"' else '"'
    message = (
        f"值以直引号 {quote} 开头、引号后面还有文字“{body.strip()[:20]}”：YAML 把开头的引号当作"
        f"整个值的引号。请改用中文引号 {opening}{closing}，或把整个值放进 {other}…{other} 里"
    )
    found.errors.append(Problem(file, *where, "", message))
    return line


def _closing_quote(line: str, start: int) -> int | None:
    """The index of the quote that closes the one at ``start``: in double quotes a backslash
    escapes, in single quotes '' is a quote."""
    quote, index = line[start], start + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def unshift(root: Any, shifts: dict[int, int]) -> None:
    """Move the positions of YAML's nodes back to the columns the file has, where a space was
    put in after a full-width colon. libyaml's marks cannot be changed: a node that needs it
    gets a new one."""
    if not shifts:
        return
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _unshifted(node.start_mark, shifts)
        node.end_mark = _unshifted(node.end_mark, shifts)
        if isinstance(node.value, list):
            for child in node.value:
                pending.extend(child if isinstance(child, tuple) else (child,))


def _unshifted(mark: Any, shifts: dict[int, int]) -> Any:
    at = shifts.get(mark.line)
    if at is None or mark.column <= at:
        return mark
    return yaml.Mark(mark.name, mark.index, mark.line, mark.column - 1, None, 0)


def unshift_problem(problem: Problem, shifts: dict[int, int]) -> Problem:
    """A problem located in the mended text, located in the file (lines 1-based)."""
    at = shifts.get(problem.line - 1)
    if at is None or problem.column - 1 <= at:
        return problem
    return dataclasses.replace(problem, column=problem.column - 1)
