"""Shared values: ``summary-gen-defaults.yaml`` beside the data files, or ``--defaults FILE``.

A street office writes its street, the date of writing, the signatory's pattern or the template
once, and every data file (or row of a workbook) in that folder takes them unless it says
otherwise: the data file wins. Mappings are merged key by key (a file that gives
``community.location`` still takes the shared ``community.street``); a text or a list the file
gives replaces the shared one whole. Each value keeps where it was written, so a problem with a
shared value is told in the shared file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..model import Location
from .values import Where, dotted

__all__ = ["DEFAULTS_FILE", "NOT_SHARED", "Defaults", "merge_defaults", "refused_keys"]

DEFAULTS_FILE = "summary-gen-defaults.yaml"
"""The shared values looked for beside the data files."""

NOT_SHARED: dict[Location, str] = {
    ("community", "name"): "每个社区的名称各不相同",
    ("previous",): "上年的数字每个社区各不相同",
}
"""Keys a shared file may not give, and why: a file that forgot its own would silently take
another community's."""

PLACEHOLDERS: dict[str, Any] = {"year": "2000", "community": {"name": "社区"}}
"""What a shared file is checked with where it gives no year or name of its own: values of the
model's required keys, which never reach a document (every data file has its own name)."""


@dataclass(frozen=True, slots=True)
class Defaults:
    """The values of a shared file, with where each one is in it."""

    file: str
    values: dict[str, Any]
    where: dict[Location, Where]


def merge_defaults(
    values: Any, where: dict[Location, Where], defaults: Defaults
) -> tuple[Any, dict[Location, Where]]:
    """``values`` with every shared value they do not give, and ``where`` with those values'
    places in the shared file. Neither argument is changed."""
    if not isinstance(values, dict):
        return values, where
    taken: list[Location] = []
    merged = _merged(values, defaults.values, (), taken)
    if not taken:
        return values, where
    places = dict(where)
    for location, place in defaults.where.items():
        if any(location[: len(key)] == key for key in taken):
            places[location] = place
    return merged, places


def _merged(
    own: dict[str, Any], shared: dict[str, Any], at: Location, taken: list[Location]
) -> dict[str, Any]:
    result = dict(own)
    for key, value in shared.items():
        if value is None:  # a value the shared file's reader refused, already told there
            continue
        mine = result.get(key)
        if mine is None:
            result[key] = value
            taken.append((*at, key))
        elif isinstance(mine, dict) and isinstance(value, dict):
            result[key] = _merged(mine, value, (*at, key), taken)
    return result


def refused_keys(defaults: Defaults) -> list[Problem]:
    """The keys a shared file gives that it may not (:data:`NOT_SHARED`), located in it."""
    found = []
    for location, why in NOT_SHARED.items():
        value: Any = defaults.values
        for key in location:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            place = defaults.where[location]
            message = (
                f"{why}，不能写在共用的 {defaults.file} 里：请写在各自的数据文件（或工作簿的行）里"
            )
            found.append(Problem(*(place.key or place.value), dotted(location), message))
    return found
