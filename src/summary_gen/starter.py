"""Starter data files for ``summary-gen init``: one commented file per template family; and the
warning for a data file that still holds a built-in starter's sample values."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .errors import TemplateError, UsageError
from .model import Location, Summary
from .templating.families import BUILTIN_TEMPLATES, find_family, list_families

__all__ = ["sample_values_left", "starter_text"]

SAMPLE_FILE = "data.yaml"
"""The data file a starter's comments name (``summary-gen validate data.yaml``); ``init``
writes the name of the file it writes instead."""


def starter_text(family: str, template_dirs: Iterable[Path] = (), file: str = SAMPLE_FILE) -> str:
    """The commented starter data file of ``family`` (``<family>/starter.yaml``), from the
    user's template folders first, then the built-in templates, its opening comments naming
    ``file``, the file it is written to.

    Raises UsageError for an unknown family, TemplateError (exit 3, naming the file) for a
    starter file that cannot be read or is not UTF-8."""
    dirs = tuple(template_dirs)
    found = find_family(family, dirs)  # a family that has a starter, or None
    path = found.starter if found is not None else None
    if path is None:
        known = sorted({f.name for f in list_families(dirs) if f.starter is not None})
        raise UsageError(f"未知的模板“{family}”：可用 {'、'.join(known) or '（无）'}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(
            "样例数据文件不是 UTF-8 编码：请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”",
            str(path),
        ) from None
    except OSError as exc:
        raise TemplateError(f"无法读取样例数据文件（{exc.strerror or exc}）", str(path)) from None
    return _naming(text, file)


def _naming(text: str, file: str) -> str:
    """``text`` with the commands in its opening comments run on ``file``."""
    shown = f'"{file}"' if any(char.isspace() for char in file) else file
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            break
        lines[index] = line.replace(SAMPLE_FILE, shown)
    return "".join(lines)


# The values that name a community and its people: a real file shares one of them with a
# sample by chance (城北街道 is a common name), two hardly ever.
_IDENTITY: tuple[tuple[Location, str], ...] = (
    (("community", "name"), "社区名称"),
    (("community", "street"), "所属街道"),
    (("organisation", "leading_group", "leader"), "组长"),
    (("signatory",), "落款"),
)


def sample_values_left(summary: Summary) -> list[tuple[Location, str]]:
    """A warning where ``summary`` still has two or more of a built-in starter's names (the
    file ``init`` wrote, not yet filled in), located at the first of them."""
    mine = [value for value in (_at(summary, loc) for loc, _ in _IDENTITY) if value]
    for path, text in _starter_texts().items():
        # A starter whose text holds fewer than two of these names cannot hold them as its
        # sample values: most files are told so without parsing any starter.
        if sum(str(value) in text for value in mine) < 2:
            continue
        left = [
            (location, what, value)
            for location, what, value in _sample(path)
            if _at(summary, location) == value
        ]
        if len(left) >= 2:
            names = "、".join(f"{what}“{value}”" for _, what, value in left)
            message = (
                f"{names}还是 summary-gen init 样例里的内容，会写进总结：请改成你们社区的实际情况"
            )
            return [(left[0][0], message)]
    return []


@functools.cache
def _starter_texts() -> dict[Path, str]:
    """The text of each built-in starter, by its path (our own files, read once)."""
    paths = sorted(BUILTIN_TEMPLATES.glob("*/starter.yaml"))
    return {path: path.read_text(encoding="utf-8") for path in paths}


@functools.cache
def _sample(path: Path) -> tuple[tuple[Location, str, str], ...]:
    """The names of the built-in starter at ``path``, read with the safe loader."""
    # libyaml's loader where PyYAML has it, as PyYAML advises: the pure-Python parser spends
    # some 20 ms on the starters.
    from .loading.yaml_syntax import LOADER

    data = yaml.load(_starter_texts()[path], Loader=LOADER)
    names = ((loc, what, _at(data, loc)) for loc, what in _IDENTITY)
    return tuple((loc, what, value) for loc, what, value in names if value)


def _at(value: Any, location: Location) -> Any:
    for key in location:
        value = value.get(key) if isinstance(value, dict) else getattr(value, str(key), None)
    return value
