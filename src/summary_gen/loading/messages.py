"""The model's validation errors → located Chinese problems, with did-you-mean hints.

pydantic reports each error with its type (``missing``, ``extra_forbidden``, ``model_type``…)
and its key path; the positions the value builder kept map the path back to the line and column
of the key or the value in the file. The keys a part allows, and where a key belongs, are read
from the parts' fields (pydantic's ``model_fields``).
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args, get_origin

from ..errors import Problem
from ..model import Location, Summary, field_types
from ..model.parts import inner_part, key_homes
from .values import Spot, Where, dotted

__all__ = ["problem_from_error", "value_spot"]

_HAN = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"


def problem_from_error(error: Any, location: Location, where: dict[Location, Where]) -> Problem:
    """A validation error of pydantic's as a Problem, told where ``where`` (with an entry for
    the root, ``()``) says the value, its key or the nearest mapping around it is."""
    kind: str = error["type"]
    if kind == "missing":
        known = where.get(location)
        if known is not None and known.key is not None:  # written as `key:` with nothing after
            spot = known.key
            message = "缺少必填字段：这一项没有填写内容"
        else:
            parent = where.get(location[:-1]) or where[()]
            spot = parent.key or parent.value
            message = "缺少必填字段"
    elif kind == "extra_forbidden":  # a key the part does not have
        known = where.get(location)
        spot = (known.key or known.value) if known else value_spot(location, where)
        message = _unknown_key_message(location)
    else:
        spot = value_spot(location, where)
        message = _value_message(error, location)
    return Problem(*spot, dotted(location), message)


def value_spot(location: Location, where: dict[Location, Where]) -> Spot:
    """Where the value at ``location`` is, or the nearest value around it that ``where`` knows."""
    for size in range(len(location), -1, -1):
        known = where.get(location[:size])
        if known is not None:
            return known.value
    return where[()].value


def _value_message(error: Any, location: Location) -> str:
    kind: str = error["type"]
    given = error.get("input")
    if given is None and kind.endswith("_type"):
        return "不能为空"
    if kind in ("value_error", "assertion_error"):
        text = str(error.get("ctx", {}).get("error", ""))
        return text if re.search(_HAN, text) else "取值无效"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_type":
        return "应为文字" + _given(given)
    if kind == "list_type":
        if isinstance(given, str):
            return "应为列表：每项另起一行，以“- ”开头"
        return "应为列表" + _given(given)
    if kind == "model_type":  # a mapping expected
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
    elsewhere = [(name, home) for name, home in key_homes() if home != location[:-1]]
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
        return f" {dotted(home[:-1])} 的每一项里"
    return f" {dotted(home)} 下面"


def _part_at(location: Location) -> type | None:
    """The part of the model (a pydantic model) that reads the mapping at ``location``, if any."""
    part: type = Summary
    for key in location:
        if isinstance(key, int):
            continue  # the list's item part was taken at its key
        annotation = field_types(part).get(key)
        inner = inner_part(annotation)[0] if annotation is not None else None
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
