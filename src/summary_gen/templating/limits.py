"""What one render may cost: its time, and the size of what its template makes.

A template is a program, and one passed on by someone else (or written in a hurry) can loop for
hours (``{% for %}`` in ``{% for %}`` over ``range(100000)``) or fill the memory at once
(``'a'.center(999999999)``, ``'%0999999999d' % 1``, a text doubled with ``~`` forty times).

Time: a render has a deadline (:data:`RENDER_SECONDS`), checked at every step of a template's
loops and every call it makes, so a template that runs too long stops where it is, told with
its file and line. A template can repeat work only by looping or by calling (a macro that calls
itself), and no single operation runs long on values of bounded size, so this needs no signal:
it works alike on Windows, in any thread, and in a batch's worker processes.

Size: every text, list or mapping a template makes is at most :data:`MAX_SIZE` long, counted as
printing it would (:func:`weight`: a list of a thousand references to one long text is as long
as it prints), and so is a render's output. Where one operation could make far more than its
operands at once (a width, a count, a repeat, a join, a format), what it would make is worked
out before it runs; anything else is measured after, which costs at most twice the limit.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import jinja2.sandbox
from jinja2.exceptions import SecurityError

__all__ = [
    "MAX_POWER_BITS",
    "MAX_SIZE",
    "RENDER_SECONDS",
    "Formatter",
    "LimitExceeded",
    "check_call",
    "check_time",
    "checked",
    "concat",
    "deadline",
    "guard_filter",
    "printf",
    "refuse",
    "spend",
    "steps",
    "weight",
]

RENDER_SECONDS = 10.0
"""A render takes milliseconds; one that runs this long is stopped."""

MAX_SIZE = 1_000_000
"""Characters of a text (or of a list or mapping, as printed) and of a render's output; a
summary has some thousands."""

MAX_POWER_BITS = 100_000
"""Bits of a number a template computes (``10**30000`` has about this many)."""

_TOO_LARGE = f"模板生成的文本或列表过长（超过 {MAX_SIZE:,} 字），已停止"
_OUTPUT_TOO_LONG = f"模板输出的文字过长（超过 {MAX_SIZE:,} 字），已停止"


class LimitExceeded(SecurityError):
    """A render that ran too long or made something too large; the message says which."""


# The deadline of the render under way in this thread (None: not rendering), and how much the
# template has added to lists and mappings so far.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)
_spent: contextvars.ContextVar[list[int]] = contextvars.ContextVar("spent")


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound the render inside the block to ``seconds``."""
    token = _deadline.set(time.monotonic() + seconds)
    spent = _spent.set([0])
    try:
        yield
    finally:
        _spent.reset(spent)
        _deadline.reset(token)


def check_time() -> None:
    """Raise :class:`LimitExceeded` where the render under way is past its deadline."""
    end = _deadline.get()
    if end is not None and time.monotonic() > end:
        raise LimitExceeded(
            f"模板运行超过 {RENDER_SECONDS:g} 秒，已停止：可能有嵌套很深或很长的循环"
        )


def steps(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a template's loop, each one checking the deadline."""
    for item in iterable:
        check_time()
        yield item


def weight(value: Any, cap: int = MAX_SIZE) -> int:
    """About how many characters printing ``value`` takes, counted no further than past ``cap``
    (so that measuring costs no more than the limit). A reference is counted each time it
    appears, as printing repeats it; a number or another object counts as one."""
    total = 0
    pending = [value]
    while pending and total <= cap:
        item = pending.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item) + 1
            pending.extend(item)
        elif isinstance(item, dict):
            total += 2 * len(item) + 1
            pending.extend(item.keys())
            pending.extend(item.values())
        else:
            total += 1
    return total


def checked(value: Any) -> Any:
    """``value`` itself, or :class:`LimitExceeded` where it is too large."""
    if value is None or isinstance(value, int | bool):  # what most calls return
        return value
    refuse(len(value) if isinstance(value, str) else weight(value))
    return value


def spend(amount: int) -> None:
    """Count what a template adds to its lists and mappings (``append``, ``update``…): each
    addition is small, but a loop can repeat it until the lists print as gigabytes."""
    spent = _spent.get(None)
    if spent is None:
        return
    spent[0] += amount
    refuse(spent[0])


def concat(pieces: Iterable[str]) -> str:
    """A render's output (or a block's), refused as soon as it is too long."""
    if isinstance(pieces, list):  # a block's buffer, already made: measured at C speed
        refuse(sum(map(len, pieces)), _OUTPUT_TOO_LONG)
        return "".join(pieces)
    parts = []
    size = 0
    for piece in pieces:
        size += len(piece)
        refuse(size, _OUTPUT_TOO_LONG)
        parts.append(piece)
    return "".join(parts)


def refuse(size: int, message: str = _TOO_LARGE) -> None:
    """Raise :class:`LimitExceeded` where ``size`` characters are more than a render may make."""
    if size > MAX_SIZE:
        raise LimitExceeded(message)


# --- formatting --------------------------------------------------------------------------------

_PRINTF = re.compile(r"%(?:\(([^)]*)\))?[#0 +-]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.)", re.S)


def printf(text: str, args: Any) -> None:
    """Refuse ``text % args`` where it would be too long: each width and precision is bounded,
    ``*`` is refused, and the values are weighed as each conversion prints them."""
    values = args if isinstance(args, tuple) else (args,)
    position = 0
    size = len(text)
    for match in _PRINTF.finditer(text):
        key, width, precision, kind = match.groups()
        if kind == "%":
            continue
        if "*" in (width, precision):
            raise LimitExceeded("模板的“%”格式不能用“*”从参数取宽度")
        size += int(width or 0) + int(precision or 0)
        if key is not None and isinstance(args, Mapping):
            size += weight(args.get(key, ""))
        elif position < len(values):
            size += weight(values[position])
            position += 1
        refuse(size)


_SPEC_NUMBER = re.compile(r"\d+")


class Formatter(jinja2.sandbox.SandboxedFormatter):
    """``str.format`` as the sandbox runs it, with each field's width and precision bounded
    and the text refused as soon as it grows too long (``'{0}' * 300000`` repeats one value)."""

    def __init__(self, env: jinja2.Environment, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self.size = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        # Every number in the spec counts: fill, width and precision alike.
        refuse(sum(int(n) for n in _SPEC_NUMBER.findall(format_spec)) + weight(value))
        text = super().format_field(value, format_spec)
        self.size += len(text)
        refuse(self.size)
        return text


# --- calls -------------------------------------------------------------------------------------


def _width(args: tuple[Any, ...], index: int = 0) -> int:
    value = args[index] if len(args) > index else 0
    return value if isinstance(value, int) else 0


def _replaced(text: str | bytes, args: tuple[Any, ...]) -> int:
    old, new = (*args, "", "")[:2]
    count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
    if not isinstance(old, str | bytes) or not isinstance(new, str | bytes):
        return len(text)
    times = len(text) + 1 if not old else text.count(old)  # type: ignore[arg-type]
    if count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, len(new) - len(old))


def _tabs(text: str | bytes) -> int:
    return text.count("\t") if isinstance(text, str) else text.count(b"\t")


def _translated(text: str | bytes, args: tuple[Any, ...]) -> int:
    table = args[0] if args else None
    if isinstance(table, Mapping):
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        return len(text) * max(1, longest)
    return len(text)


# Methods of str and bytes whose result can be far longer than the text and their arguments:
# what each would make.
_TEXT_METHODS: dict[str, Callable[[Any, tuple[Any, ...]], int]] = {
    "center": lambda s, a: _width(a),
    "ljust": lambda s, a: _width(a),
    "rjust": lambda s, a: _width(a),
    "zfill": lambda s, a: _width(a),
    "expandtabs": lambda s, a: len(s) + _tabs(s) * _width((*a, 8)),
    "replace": _replaced,
    "translate": _translated,
}


def check_call(obj: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a call of a text method that would make too long a text; the arguments to call
    it with (a ``join``'s items, gathered to be measured)."""
    method = getattr(obj, "__name__", "")
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str | bytes):
        return args
    predict = _TEXT_METHODS.get(method)
    if predict is not None:
        refuse(predict(owner, args))
    elif method == "join" and args:
        items = list(args[0])
        refuse(len(owner) * len(items) + sum(weight(item) for item in items))
        args = (items, *args[1:])
    return args


# --- filters -----------------------------------------------------------------------------------


def _indented(a: dict[str, Any]) -> int:
    width, text = a["width"], str(a["s"])
    indent = len(width) if isinstance(width, str) else (width if isinstance(width, int) else 0)
    return len(text) + (text.count("\n") + 1) * indent


def _wrapped(a: dict[str, Any]) -> int:
    text, width = str(a["s"]), a["width"]
    lines = len(text) // max(1, width if isinstance(width, int) else 1) + text.count("\n") + 1
    return len(text) + lines * len(a["wrapstring"] or "\n")


def _filled(count: Any, fill_with: Any) -> int:
    """What ``slice`` or ``batch`` adds: ``count`` lists (of slices) or fillers (of a batch)."""
    count = count if isinstance(count, int) else 0
    return count * (1 + weight(fill_with)) if fill_with is not None or count > MAX_SIZE else 0


def _formatted(a: dict[str, Any]) -> int:
    printf(str(a["value"]), a["kwargs"] or a["args"])
    return 0


# Jinja's filters whose result can be far longer than their arguments: what each would make,
# from its arguments by their names (the same in every Jinja 3).
_FILTERS: dict[str, Callable[[dict[str, Any]], int]] = {
    "center": lambda a: _width((a["width"],)),
    "indent": _indented,
    "format": _formatted,
    "join": lambda a: len(str(a["d"])) * len(a["value"]) if hasattr(a["value"], "__len__") else 0,
    "replace": lambda a: _replaced(
        str(a["s"]), (str(a["old"]), str(a["new"]), -1 if a["count"] is None else a["count"])
    ),
    "wordwrap": _wrapped,
    "slice": lambda a: _filled(a["slices"], a["fill_with"]),
    "batch": lambda a: _filled(a["linecount"], a["fill_with"]),
}


def guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (the filter ``name``) with its result measured, and where its arguments
    can make it far larger, what it would make worked out first."""
    predict = _FILTERS.get(name)
    signature = inspect.signature(function) if predict is not None else None

    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_time()  # a filter such as sort can take a while on a long list
        if predict is not None and signature is not None:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                pass  # wrong arguments: the filter itself says so
            else:
                bound.apply_defaults()
                refuse(predict(bound.arguments))
        return checked(function(*args, **kwargs))

    guarded.__dict__.update(getattr(function, "__dict__", {}))  # Jinja's pass_context…
    guarded.__name__ = guarded.__qualname__ = getattr(function, "__name__", name)
    guarded.__doc__ = function.__doc__
    return guarded
