"""Reading one data file: bytes → text → YAML nodes with positions → plain values → model.

Every problem is reported in Chinese with the file, line and column where it is, and all problems
of a file are reported at once (:class:`~summary_gen.errors.DataError`, exit code 1). Each step
is a module of its own: :mod:`.decode` (bytes → text), :mod:`.yaml_syntax` (text → nodes, and
YAML's syntax errors), :mod:`.values` (nodes → values, with their positions) and
:mod:`.messages` (the model's errors → located problems).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem, UsageError
from ..model import Location, Summary, ValidationError, check_consistency, data_warnings, validate
from ..starter import sample_values_left
from .decode import decode_bytes, refuse_forbidden_characters, remove_invisible
from .limits import count_values, read_bounded, refuse_large
from .messages import problem_from_error, value_position
from .readings import reading_notes
from .values import Fatal, ValueBuilder, dotted
from .yaml_syntax import compose

__all__ = ["load_mapping", "load_summary", "load_text"]


def load_summary(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
) -> tuple[Summary, list[Problem]]:
    """Read, parse and validate one data file. Returns the model and warnings (Problem objects).

    ``families`` are the template families the file's ``template`` may name (None: any name).
    ``writing_date`` is the date of writing a build would print where the file has no
    ``date`` (``--date`` or today), for the warning about a date far from the year.

    Raises DataError with ALL problems of the file at once (exit 1), UsageError if the file does
    not exist / is a directory / cannot be read (exit 2).
    """
    name = display_name if display_name is not None else os.fspath(path)
    file = Path(path)
    try:
        data = read_bounded(file, name)
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
    return load_text(data, name, families=families, writing_date=writing_date)


def load_text(
    data: bytes | str,
    file: str = "<data>",
    *,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
) -> tuple[Summary, list[Problem]]:
    """The same from bytes or text already in memory (tests, hypothesis, stdin)."""
    if isinstance(data, bytes):
        refuse_large(len(data), file)
        text, warnings = decode_bytes(data, file)
    else:
        refuse_large(len(data.encode("utf-8", "surrogatepass")), file)
        text, warnings = data.removeprefix("\ufeff"), []
    text, invisible = remove_invisible(text, file)
    warnings += invisible
    refuse_forbidden_characters(text, file)
    count_values(text, file)
    root, slips = compose(text, file)
    warnings += slips
    builder = ValueBuilder(file)
    try:
        values = builder.build_root(root)
    except Fatal as exc:
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
                problems.append(problem_from_error(error, location, builder.where, file))
        checkable = _valid_rest(values, [tuple(error["loc"]) for error in errors])
    family = values.get("template") if isinstance(values, dict) else None
    if isinstance(family, str) and not any(p.path == "template" for p in problems):
        unknown = _unknown_family(family, families)
        if unknown:
            line, column = value_position(("template",), builder.where)
            problems.append(Problem(file, line, column, "template", unknown))
    if checkable is not None:
        for location, message in check_consistency(checkable):
            line, column = value_position(location, builder.where)
            problems.append(Problem(file, line, column, dotted(location), message))
    if problems or summary is None:
        raise DataError(sorted(problems, key=lambda p: (p.line, p.column)))
    told = data_warnings(summary, written=writing_date) + sample_values_left(summary)
    for location, message in told + reading_notes(summary, values):
        line, column = value_position(location, builder.where)
        warnings.append(Problem(file, line, column, dotted(location), message))
    return summary, warnings + builder.warnings


def load_mapping(path: Path) -> dict[str, Any]:
    """A small YAML mapping in a format of the package's own (a template family's
    ``family.yaml``), read with a data file's defences: its size, its count of values, tags,
    aliases that expand beyond measure or contain themselves, deep nesting and duplicate keys
    are refused as in a data file, located. Values are typed as YAML types them (``announced:
    false`` is a boolean), since the format's authors write it as YAML. A file that is empty or
    only comments is an empty mapping.

    Raises DataError with the file's problems, UsageError or OSError where it cannot be read.
    """
    name = os.fspath(path)
    text, _warnings = decode_bytes(read_bounded(path, name), name)
    text, _warnings = remove_invisible(text, name)
    refuse_forbidden_characters(text, name)
    if count_values(text, name) == 0:
        return {}
    root, _slips = compose(text, name)  # a slip read on is no concern of a family file
    builder = ValueBuilder(name)
    try:
        builder.build_root(root)  # its text values are not used: only what it refuses
    except Fatal as exc:
        raise DataError([exc.problem]) from None
    if builder.problems:
        raise DataError(sorted(builder.problems, key=lambda p: (p.line, p.column)))
    values: dict[str, Any] = yaml.constructor.SafeConstructor().construct_document(root)
    return values


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


def _unknown_family(name: str, families: Collection[str] | None) -> str:
    """The message for a ``template`` that names no family, or ``""`` for a known one."""
    if families is None or name.strip() in families:
        return ""
    return f"未知的模板“{name.strip()}”，可用 {'、'.join(families)}"
