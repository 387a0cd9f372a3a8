"""The inputs of a command → the data they hold, each a source of one document.

A YAML data file is one source. A workbook or CSV file (:mod:`summary_gen.loading.sheets`) is
read here, once, in the process that runs the command, and gives a source for each of its rows;
what is wrong with the workbook as a whole (or with a row of a list that belongs to no
community) is a source of its own that builds nothing and tells its problems, so that a batch
reports it as it reports an invalid data file, and the other rows still build.

With ``--previous-dir``, last year's workbook of the same name is read here too, and each row
goes to its worker with last year's row of its community.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard, Union

from .errors import Problem

if TYPE_CHECKING:
    from .loading.sheets import SheetRow

__all__ = ["Source", "Unreadable", "is_row", "open_sources", "source_key"]

_DATA_SUFFIXES = (".yaml", ".yml")
"""A data file's: read as one source without importing the workbook reader (nor zipfile)."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """The problems of a workbook that belong to none of its rows (all of them where none of
    its rows could be read): built, it writes nothing and reports them (exit code 1)."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def parent(self) -> Path:
        return self.path.parent

    @property
    def stem(self) -> str:
        return self.path.stem

    def __str__(self) -> str:
        return str(self.path)


Source = Union[Path, "SheetRow", Unreadable]
"""One document's data: a data file, a row of a workbook, or what is wrong with a workbook."""


def is_row(source: object) -> TypeGuard[SheetRow]:
    """Whether ``source`` is a row of a workbook; a build of data files alone never imports the
    workbook reader to say no (a row exists only once it is imported)."""
    sheets = sys.modules.get("summary_gen.loading.sheets")
    return sheets is not None and isinstance(source, sheets.SheetRow)


def open_sources(paths: Sequence[Path], previous_dir: Path | None = None) -> list[Source]:
    """The sources of ``paths`` (files, as :func:`~summary_gen.commands.expand_paths` gives
    them), in their order; a workbook's rows in the order of its sheet."""
    sources: list[Source] = []
    for path in paths:
        if path.suffix.lower() in _DATA_SUFFIXES:
            sources.append(path)
            continue
        from .loading.sheets import is_workbook, read_book

        if not is_workbook(path):
            sources.append(path)
            continue
        rows, problems = read_book(path)
        if previous_dir is not None:
            rows = _with_last_year(rows, previous_dir / path.name)
        sources.extend(rows)
        if problems:
            sources.append(Unreadable(path, tuple(problems)))
    return sources


def _with_last_year(rows: list[SheetRow], last_book: Path) -> list[SheetRow]:
    """Each row with last year's row of its community, read here once; where last year's
    workbook is missing, broken or has no such row, with that workbook's path instead, which
    the loader tells (as a warning: a new community has no last year)."""
    from .loading.sheets import read_book

    found: dict[str, SheetRow] = {}
    if last_book.is_file():
        found = {row.name: row for row in read_book(last_book)[0] if row.name}
    return [dataclasses.replace(row, previous=found.get(row.name, last_book)) for row in rows]


def source_key(source: Source) -> tuple[str, int]:
    """What tells two sources apart: a file's absolute path, a row's workbook and row."""
    import os

    if isinstance(source, Path):
        return os.path.abspath(source), 0
    if isinstance(source, Unreadable):
        return os.path.abspath(source.path), -1
    return os.path.abspath(source.book), source.row
