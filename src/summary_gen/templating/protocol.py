"""The line protocol between templates and the document, and the markers that keep data opaque.

A family's template writes the document as lines, each block starting with a marker:

    @title 创建科普示范社区工作总结
    @h1 领导重视，健全组织机构，把科普工作落到实处
    @p 成立了……
       ……continuation lines are joined to the block without a separator……

Blank lines are ignored, and so is the template's own whitespace wherever it touches Chinese
text or data (a space is kept only between two Latin letters or digits, as in ``GB/T 9704``), so
templates can be laid out and indented freely. Numerals of headings (一、 （一）) are added by the
renderer, so a section left out for lack of data does not leave a gap.

Every value a template prints goes through :func:`finalize`: ``None``, undefined names, lists and
raw quantities are template bugs and fail; text is wrapped in two control characters that a data
file can never contain (the loader refuses them). The parser treats wrapped text as opaque, so a
name like ``@h1 x`` or ``{{ 7*7 }}`` in the data can neither start a block nor be evaluated, and
the placeholder check looks only at what the template itself wrote.

This is the only module that knows the markers. The Chinese filters, which see both plain data
and text a template has already rendered, look at a text's ends through :func:`plain`,
:func:`strip_end` and :func:`drop_last`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jinja2

from ..errors import TemplateError
from ..text.quantity import Quantity

__all__ = [
    "MARKERS",
    "drop_last",
    "finalize",
    "parse_lines",
    "plain",
    "space_between_latin",
    "strip_end",
]


# Two control characters a data file can never contain (the loader refuses them).
USER_OPEN, USER_CLOSE = "\x02", "\x03"
_MARKS = USER_OPEN + USER_CLOSE


MARKERS = {"@title": "title", "@h1": "heading1", "@h2": "heading2", "@p": "paragraph"}


_MARKER_RE = re.compile(r"^(@title|@h1|@h2|@p)(?:\s+|$)")


# What must never reach a document from the template's own text.
_PLACEHOLDERS = re.compile(r"None|\?|？|\[\]|\{\{|\}\}|\{%|%\}|“”|‘’|\"\"|\(\)|（）|Undefined")


def finalize(value: Any) -> str:
    """What a template prints for ``value``: data text wrapped in the markers (see above)."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()  # an UndefinedError that names the missing name
    if value is None:
        raise TemplateError("模板输出了空值（None）：应先判断该字段是否存在")
    if isinstance(value, Quantity):
        raise TemplateError(f"模板直接输出了数量 {value}：应使用 qty 过滤器加单位")
    if isinstance(value, Mapping | list | tuple | set):
        raise TemplateError(f"模板直接输出了列表或字典：{value!r}")
    text = str(value)
    if USER_OPEN in text:  # already a mix of template text and wrapped data: keep as is
        return text
    if text == "":
        return ""
    return f"{USER_OPEN}{_one_line(text)}{USER_CLOSE}"


# Every boundary str.splitlines() splits at, not only \n.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])\s*")


def _one_line(text: str) -> str:
    """Data on one line: the parser splits the template's output into lines, and a line break
    inside a value (a YAML ``|`` block) would cut the wrapped text in two, letting its second
    line start a block of its own. Chinese joins the pieces without a space, Latin with one."""
    return _LINE_BREAK.sub(space_between_latin, text)


def space_between_latin(match: re.Match[str]) -> str:
    """What whitespace becomes in running text: a space between two Latin letters or digits,
    else nothing (Chinese is set without spaces)."""
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
    return " " if latin else ""


def parse_lines(text: str, name: str = "") -> list[tuple[str, str]]:
    """Parse the line protocol; wrapped data is opaque and its wrappers are removed."""
    blocks: list[list[str]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        match = _MARKER_RE.match(line)
        if match:
            blocks.append([MARKERS[match[1]], line[match.end() :]])
        elif blocks:
            blocks[-1][1] += line
        else:
            raise TemplateError(
                f"模板输出的第一行应以 @title、@h1、@h2 或 @p 开头：{_show(line)}", name
            )
    result = []
    for kind, body in blocks:
        _check_placeholders(body, name)
        clean = _drop_layout_space(body).replace(USER_OPEN, "").replace(USER_CLOSE, "").strip()
        if clean:
            result.append((kind, clean))
    return result


_WRAPPED = re.compile(f"({USER_OPEN}[^{USER_CLOSE}]*{USER_CLOSE})")


_LAYOUT_SPACE = re.compile(r"\s+")


def _drop_layout_space(body: str) -> str:
    """The template's own whitespace is layout (indentation inside a block, the line breaks of
    a set block), except a space between two Latin letters or digits. Data keeps its spaces."""
    parts = _WRAPPED.split(body)
    for index in range(0, len(parts), 2):  # the template's own text sits at even indexes
        parts[index] = _LAYOUT_SPACE.sub(space_between_latin, parts[index])
    return "".join(parts)


def _check_placeholders(body: str, name: str) -> None:
    own_text = _WRAPPED.sub("X", body)
    found = _PLACEHOLDERS.search(own_text)
    if found:
        raise TemplateError(f"模板输出中留有占位内容“{found[0]}”：{_show(body)}", name)


def _show(text: str) -> str:
    return text.replace(USER_OPEN, "").replace(USER_CLOSE, "")[:60]


# --- a text's ends, seen through the markers (for the Chinese filters) ----------------------


def plain(text: str) -> str:
    """``text`` as the reader will see it: without the markers that wrap its data."""
    return text.replace(USER_OPEN, "").replace(USER_CLOSE, "")


def strip_end(text: str, marks: str) -> str:
    """``text`` without the ``marks`` and spaces it ends with, whether they end the data or the
    template's own text; the markers stay, so what was data stays data."""
    tail = ""
    while text:
        last = text[-1]
        if last in _MARKS:
            tail = last + tail
        elif not (last in marks or last.isspace()):
            break
        text = text[:-1]
    return text + tail


def drop_last(text: str, count: int) -> str:
    """``text`` without its last ``count`` visible characters; the markers stay."""
    tail = ""
    while count and text:
        if text[-1] in _MARKS:
            tail = text[-1] + tail
        else:
            count -= 1
        text = text[:-1]
    return text + tail
