"""Errors and warnings that summary-gen reports to people.

Every error carries what a user needs to find the problem: the file, and where it applies the
line, column and key path. Each error class maps to one exit code of the command line contract
(docs/cli.md): 1 invalid data, 2 usage, 3 anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEBUG_HINT",
    "DataError",
    "OutputError",
    "Problem",
    "SummaryGenError",
    "TemplateError",
    "UsageError",
    "internal_error",
]

DEBUG_HINT = "（加 --debug 查看详情）"
"""Follows the message of an internal error where no traceback is shown."""


def internal_error(exc: BaseException) -> str:
    """A bug as told to the user: ``内部错误：KeyError: 'x'``."""
    return f"内部错误：{type(exc).__name__}: {exc}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem (or warning) in a data file.

    ``line`` and ``column`` are 1-based, as editors count; 0 means unknown.
    ``path`` is the dotted key path (``community.households``, ``activities[2].date``) or ``""``
    when the problem concerns the file as a whole.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        if self.path:
            return f"{where}: {self.path}：{self.message}"
        return f"{where}: {self.message}"


class SummaryGenError(Exception):
    """Base of every error that is reported as a message, never as a traceback."""

    exit_code = 3


class DataError(SummaryGenError):
    """A data file cannot be read or is invalid: all its problems at once."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(SummaryGenError):
    """The command line asks for something impossible: a missing file, a bad option value."""

    exit_code = 2


class TemplateError(SummaryGenError):
    """A template failed: syntax error, undefined name, forbidden access, placeholder left."""

    exit_code = 3

    def __init__(self, message: str, template: str = "", line: int = 0) -> None:
        self.template = template
        self.line = line
        where = (
            f"{template}:{line}: " if template and line else (f"{template}: " if template else "")
        )
        super().__init__(f"{where}{message}")


class OutputError(SummaryGenError):
    """An output could not be written, or exists and differs (kept without ``--force``)."""

    exit_code = 3
