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
import functools
import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import yaml

from ..errors import DataError, Problem, UsageError
from ..model import (
    Location,
    Previous,
    Summary,
    ValidationError,
    check_consistency,
    data_warnings,
    validate,
)
from ..starter import sample_values_left
from .decode import decode_bytes, refuse_forbidden_characters, remove_invisible
from .defaults import (
    DEFAULTS_FILE,
    NOT_SHARED,
    PLACEHOLDERS,
    Defaults,
    merge_defaults,
    refused_keys,
)
from .limits import count_values, read_bounded, refuse_large
from .messages import problem_from_error, value_spot
from .readings import reading_notes
from .values import Fatal, Spot, ValueBuilder, Where, dotted
from .yaml_syntax import compose

if TYPE_CHECKING:
    from .sheets import SheetRow

__all__ = [
    "DEFAULTS_FILE",
    "Defaults",
    "LastYear",
    "defaults_for",
    "load_defaults",
    "load_mapping",
    "load_row",
    "load_summary",
    "load_text",
    "read_values",
]

LastYear = Union[Path, "SheetRow"]
"""Last year's data for a comparison: a data file (or a workbook holding this community's row),
or a row already read from last year's workbook (``--previous-dir``)."""


def load_summary(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
    defaults: Defaults | None = None,
    previous: LastYear | None = None,
    follow_previous: bool = True,
) -> tuple[Summary, list[Problem]]:
    """Read, parse and validate one data file. Returns the model and warnings (Problem objects).

    ``families`` are the template families the file's ``template`` may name (None: any name).
    ``writing_date`` is the date of writing a build would print where the file has no
    ``date`` (``--date`` or today), for the warning about a date far from the year.
    ``defaults``, ``previous`` and ``follow_previous``: see :func:`read_values`.

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
    return load_text(
        data,
        name,
        families=families,
        writing_date=writing_date,
        defaults=defaults,
        folder=file.parent,
        previous=previous,
        follow_previous=follow_previous,
    )


def load_text(
    data: bytes | str,
    file: str = "<data>",
    *,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
    defaults: Defaults | None = None,
    folder: Path | None = None,
    previous: LastYear | None = None,
    follow_previous: bool = True,
) -> tuple[Summary, list[Problem]]:
    """The same from bytes or text already in memory (tests, hypothesis, stdin).

    ``folder`` is where a ``previous`` path of the file is taken from (default: the current
    folder); the other keywords are :func:`read_values`'s."""
    if isinstance(data, bytes):
        refuse_large(len(data), file)
        text, warnings = decode_bytes(data, file)
    else:
        refuse_large(len(data.encode("utf-8", "surrogatepass")), file)
        text, warnings = data.removeprefix("\ufeff"), []
    read = _read_yaml(text, file)
    assert read is not None
    _root, builder, values, told = read
    return read_values(
        values,
        builder.where,
        file,
        problems=builder.problems,
        warnings=warnings + told,
        reported=builder.reported,
        families=families,
        writing_date=writing_date,
        defaults=defaults,
        folder=folder if folder is not None else Path(),
        previous=previous,
        follow_previous=follow_previous,
    )


def read_values(
    values: Any,
    where: dict[Location, Where],
    file: str,
    *,
    problems: list[Problem],
    warnings: list[Problem],
    reported: Callable[[Location], bool] = lambda _location: False,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
    defaults: Defaults | None = None,
    folder: Path,
    previous: LastYear | None = None,
    follow_previous: bool = True,
) -> tuple[Summary, list[Problem]]:
    """Values as a data file gives them, each with where it is (``where`` has the root, ``()``),
    → the validated model and its warnings; ``problems`` are those found while reading them,
    ``reported`` says where one was already told (the model's complaint there is not).

    ``defaults`` are the shared values the file takes where it gives none. ``previous`` is
    last year's data from ``--previous-dir``, for a file that names none (a ``previous`` path
    is taken from ``folder``); ``follow_previous=False`` reads last year's file itself, whose
    own ``previous`` is not followed, and whose warnings are not worked out (only its figures
    are used). Raises DataError with every problem at once."""
    if defaults is not None:
        values, where = merge_defaults(values, where, defaults)
    named: str | None = None
    given = values.get("previous") if isinstance(values, dict) else None
    if isinstance(given, str):
        values = dict(values)
        named = values.pop("previous").strip()  # a path: read below, in its place
    elif given is not None:
        previous = None  # the file's own figures of last year win over --previous-dir's
    summary: Summary | None = None
    checkable: Summary | None = None
    try:
        summary = checkable = validate(values)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            location = tuple(error["loc"])
            if not reported(location):
                problems.append(problem_from_error(error, location, where))
        checkable = _valid_rest(values, [tuple(error["loc"]) for error in errors])
    family = values.get("template") if isinstance(values, dict) else None
    if isinstance(family, str) and not any(p.path == "template" for p in problems):
        unknown = _unknown_family(family, families)
        if unknown:
            problems.append(Problem(*value_spot(("template",), where), "template", unknown))
    if checkable is not None:
        for location, message in check_consistency(checkable):
            problems.append(Problem(*value_spot(location, where), dotted(location), message))
    last_year: Previous | None = None
    source = folder / named if named else previous
    if follow_previous and checkable is not None and source is not None:
        # A path the file names is told where it is; --previous-dir's, at the file as a whole.
        spot = value_spot(("previous",), where) if named else (where[()].value[0], 0, 0)
        last_year, found, notes = _last_year(source, checkable, spot, named is not None)
        problems += found
        warnings += notes
    if problems or summary is None:
        raise DataError(sorted(problems, key=lambda p: (p.file != file, p.line, p.column)))
    if last_year is not None:
        summary = summary.model_copy(update={"previous": last_year})
    if not follow_previous:  # last year's file: its figures are wanted, not its warnings
        return summary, warnings
    told = data_warnings(summary, written=writing_date) + sample_values_left(summary)
    for location, message in told + reading_notes(summary, values):
        warnings.append(Problem(*value_spot(location, where), dotted(location), message))
    return summary, warnings


def load_row(
    row: SheetRow,
    *,
    families: Collection[str] | None = None,
    writing_date: dt.date | None = None,
    defaults: Defaults | None = None,
    follow_previous: bool = True,
) -> tuple[Summary, list[Problem]]:
    """One row of a workbook (values read in the parent, :mod:`.sheets`) → the model, as a
    data file of its own would be; its ``previous`` path is taken from the workbook's folder,
    and last year's row (``--previous-dir``) comes with it."""
    return read_values(
        row.values,
        row.where,
        str(row),
        problems=list(row.problems),
        warnings=list(row.warnings),
        reported=row.reported,
        families=families,
        writing_date=writing_date,
        defaults=defaults,
        folder=row.book.parent,
        previous=row.previous,
        follow_previous=follow_previous,
    )


def _last_year(
    source: LastYear, this: Summary, spot: Spot, named: bool
) -> tuple[Previous | None, list[Problem], list[Problem]]:
    """Last year's figures from ``source``, checked against this year's summary (its year must
    be the year before, its community the same), with the problems and the warnings. ``spot``
    is where the file names it (``named``: the ``previous`` path), else the file itself: last
    year's data from ``--previous-dir``, whose absence is only a warning (a community new this
    year has none)."""
    from .sheets import SheetRow, is_workbook, row_named

    given = "" if named else "--previous-dir 中"
    shown = str(source)

    def missing(message: str) -> tuple[None, list[Problem], list[Problem]]:
        if named:
            return None, [Problem(*spot, "previous", message)], []
        return None, [], [Problem(*spot, "previous", f"{message}，未与上年比较")]

    try:
        if isinstance(source, SheetRow):
            last, _ = load_row(
                source, defaults=defaults_for(source.book.parent), follow_previous=False
            )
        elif not source.is_file():
            return missing(f"{given}找不到上年的数据文件 {source}")
        elif is_workbook(source):
            row = row_named(source, this.community.name)
            if row is None:
                return missing(f"{given}上年的工作簿 {source} 中没有“{this.community.name}”这一行")
            shown = str(row)
            last, _ = load_row(row, defaults=defaults_for(source.parent), follow_previous=False)
        else:
            last, _ = load_summary(
                source, defaults=defaults_for(source.parent), follow_previous=False
            )
    except UsageError as exc:
        return None, [Problem(*spot, "previous", f"{given}上年的数据文件无法读取：{exc}")], []
    except DataError as exc:
        message = f"{given}上年的数据文件 {shown} 有误（见上），未能与上年比较"
        return None, [*exc.problems, Problem(*spot, "previous", message)], []
    found = []
    if last.year != this.year - 1:
        found.append(
            f"{given}上年的数据文件 {shown} 是 {last.year} 年的，应为 {this.year - 1} 年的"
        )
    if last.community.name != this.community.name:
        found.append(
            f"{given}上年的数据文件 {shown} 是“{last.community.name}”的，"
            f"不是“{this.community.name}”的"
        )
    if found:
        return None, [Problem(*spot, "previous", message) for message in found], []
    return _figures_of(last), [], []


def _figures_of(last: Summary) -> Previous:
    """The figures a summary compares with, as last year's data file gives them (a count of the
    activities listed is no figure: only ``figures.events`` as written)."""
    return Previous(
        events=last.figures.events,
        materials=last.figures.materials,
        consultations=last.figures.consultations,
        extra=last.figures.extra,
        households=last.community.households,
        population=last.community.population,
        volunteers=last.participation.volunteers,
    )


def load_defaults(path: Path) -> Defaults:
    """The shared values of ``path``, checked on their own: each key must be one a data file
    may give and each value of its type (every problem located in this file). Raises DataError
    or UsageError (the file cannot be read)."""
    name = os.fspath(path)
    try:
        data = read_bounded(path, name)  # with a data file's defences (loading/limits.py)
    except OSError as exc:
        raise UsageError(f"无法读取共用值文件 {name}：{exc.strerror or exc}") from None
    read = _read_yaml(decode_bytes(data, name)[0], name)
    assert read is not None
    _root, builder, values, _warnings = read
    defaults = Defaults(name, values, builder.where)
    problems = builder.problems + refused_keys(defaults)
    # Checked with the model's required keys filled in where the file has none of its own.
    probe, _ = merge_defaults(values, builder.where, Defaults(name, PLACEHOLDERS, {}))
    try:
        validate(probe)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            location = tuple(error["loc"])
            refused = any(location[: len(key)] == key for key in NOT_SHARED)
            if not builder.reported(location) and not refused:
                problems.append(problem_from_error(error, location, builder.where))
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.line, p.column)))
    return defaults


def defaults_for(folder: Path, given: Path | None = None) -> Defaults | None:
    """The shared values for the data files of ``folder``: ``given`` (``--defaults``), else the
    :data:`DEFAULTS_FILE` there, else None. Read once per process for as long as the file is
    unchanged."""
    path = given if given is not None else folder / DEFAULTS_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        if given is not None:
            raise UsageError(f"--defaults：找不到共用值文件 {given}") from None
        return None
    except OSError as exc:
        raise UsageError(f"无法读取共用值文件 {path}：{exc.strerror or exc}") from None
    return _defaults(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _defaults(path: Path, _mtime: int, _size: int) -> Defaults:
    return load_defaults(path)


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
    # Its warnings (a slip read on…) are no concern of a family file, nor its text values:
    # only what the reading refuses.
    read = _read_yaml(decode_bytes(read_bounded(path, name), name)[0], name, empty_ok=True)
    if read is None:
        return {}
    root, builder, _values, _warnings = read
    if builder.problems:
        raise DataError(sorted(builder.problems, key=lambda p: (p.line, p.column)))
    values: dict[str, Any] = yaml.constructor.SafeConstructor().construct_document(root)
    return values


def _read_yaml(
    text: str, name: str, *, empty_ok: bool = False
) -> tuple[yaml.MappingNode, ValueBuilder, Any, list[Problem]] | None:
    """Decoded text → its root node, the builder that read it (its problems, places and what
    it refused), the values and the warnings, with the data file's defences: invisible and
    forbidden characters, the count of values, YAML's syntax and slips. None where
    ``empty_ok`` and the text holds no value (else an empty file is a DataError)."""
    text, warnings = remove_invisible(text, name)
    refuse_forbidden_characters(text, name)
    if count_values(text, name) == 0 and empty_ok:
        return None
    root, slips = compose(text, name)
    builder = ValueBuilder(name)
    try:
        values = builder.build_root(root)
    except Fatal as exc:
        raise DataError([exc.problem]) from None
    return root, builder, values, warnings + slips + builder.warnings


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
