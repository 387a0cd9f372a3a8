"""What the model made of values typed in another form than the canonical one, told back.

The model reads values as a secretary types them (:mod:`summary_gen.model.types`): ``1200户``,
``三百余``, ``1,200``, ``2025年3月15日``, ``健康教育、环保、消防``, and ``0`` for "none". Nothing
is changed silently: this module compares the values as typed with the summary read from them
and says, for each value read in another form, what was read and what it was taken as, with
the key path the loader locates (file:line:col). Text is never rewritten here: prose keeps its
三十年.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from ..model import Location, MonthDate, Summary, date_text
from ..model.types import CANONICAL_DATE, split_items
from ..text.quantity import Quantity, shown

__all__ = ["reading_notes"]


def reading_notes(summary: Summary, values: Any) -> list[tuple[Location, str]]:
    """Each value of ``values`` (the file's values, as the loader built them) that the model
    read in another form than the one typed, with its key path and what it was taken as."""
    found: list[tuple[Location, str]] = []
    _walk(summary, values, (), found)
    return found


def _walk(read: Any, typed: Any, location: Location, found: list[tuple[Location, str]]) -> None:
    if isinstance(read, BaseModel):
        if isinstance(typed, dict):
            for key, value in typed.items():
                if key in type(read).model_fields:
                    _walk(getattr(read, key), value, (*location, key), found)
    elif isinstance(read, list):
        _walk_list(read, typed, location, found)
    elif isinstance(typed, str):
        note = _scalar_note(read, typed)
        if note:
            found.append((location, note))


def _walk_list(read: list[Any], typed: Any, location: Location, found: list[Any]) -> None:
    if isinstance(typed, str):  # a list written as one text
        found.append((location, _parted(typed, read)))
    elif not isinstance(typed, list):
        return
    elif (read and isinstance(read[0], BaseModel)) or read == [_stripped(item) for item in typed]:
        for index, (item, value) in enumerate(zip(read, typed, strict=False)):
            _walk(item, value, (*location, index), found)
    else:  # some items were lists on one line
        for index, value in enumerate(typed):
            items = split_items(value) if isinstance(value, str) else None
            if items is not None and items != [value.strip()]:
                found.append(((*location, index), _parted(value, items)))


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _parted(typed: str, items: list[Any]) -> str:
    if items == [typed.strip()]:  # one name where a list is meant
        return f"“{shown(typed)}”读作只有一项的列表；列表的标准写法是每项另起一行，以“- ”开头"
    if len(items) == 1:  # a separator at the end
        return f"“{shown(typed)}”已读作“{items[0]}”"
    names = "".join(f"“{item}”" for item in items)
    return (
        f"“{shown(typed, 40)}”已分成 {len(items)} 项：{names}；"
        "列表的标准写法是每项另起一行，以“- ”开头"
    )


def _scalar_note(read: Any, typed: str) -> str | None:
    if read is None:  # a count of 0: the model reads it as none
        return f"“{shown(typed)}”读作“没有”：总结里不写这一项（也可以删去这一行）"
    if isinstance(read, Quantity):
        if not read.notes:
            return None
        return f"“{shown(typed)}”已读作 {read}：{'；'.join(read.notes)}"
    if isinstance(read, dt.date | MonthDate):
        if CANONICAL_DATE.fullmatch(typed.strip()):
            return None
        canonical = f"{read.year}-{read.month:02d}" + (f"-{read.day:02d}" if read.day else "")
        return f"“{shown(typed)}”已读作 {date_text(read)}；标准写法是 {canonical}"
    if isinstance(read, int) and typed.strip() != str(read):  # the year: 2020年
        return f"“{shown(typed)}”已读作 {read}：年份只写数字"
    return None
