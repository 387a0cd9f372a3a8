"""What a batch did, told three ways from one :class:`~summary_gen.batch.BatchReport`: plain
lines for scripts and logs, a JSON document (``--json``), and the labels the terminal table uses
(:mod:`summary_gen.preview` draws it). Prints nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Problem
from .output import WriteStatus

if TYPE_CHECKING:
    from .batch import BatchReport
    from .build import FileResult, OutputResult

__all__ = [
    "STATUS_LABELS",
    "file_status",
    "output_label",
    "report_json",
    "report_lines",
    "result_lines",
    "summary_line",
]


STATUS_LABELS = {
    "ok": "成功",
    "invalid": "数据有误",
    "failed": "失败",
    "kept": "未覆盖",
}
"""A file's status (:func:`file_status`) as told to a person."""


def file_status(result: FileResult) -> str:
    """``ok``, ``invalid`` (nothing written), ``kept`` (an output was changed since summary-gen
    wrote it, or is not its own: nothing written) or ``failed`` (a template or a write failed,
    the file could not be read, or its worker died)."""
    if result.exit_code == 0:
        return "ok"
    if result.problems and not result.error:
        return "invalid"
    if not result.error and any(out.status is WriteStatus.KEPT for out in result.outputs):
        return "kept"
    return "failed"


def output_label(out: OutputResult) -> str:
    """An output's status as told to a person, with where ``--force`` kept the changed file."""
    if out.kept_copy is not None:
        return f"{out.status.label}，改过的文件另存为 {out.kept_copy}"
    return out.status.label


def _problem_json(problem: Problem) -> dict[str, Any]:
    return asdict(problem)


def _error_problems(result: FileResult) -> list[Problem]:
    """Every error of one input as a Problem; an error that is not located names the file."""
    errors = list(result.problems)
    if result.error:
        errors.append(Problem(str(result.input), 0, 0, "", result.error))
    for out in result.outputs:
        if out.status is WriteStatus.KEPT:
            errors.append(Problem(str(out.path), 0, 0, "", out.status.label))
    return errors


def report_json(report: BatchReport) -> dict[str, Any]:
    """The report as one JSON-ready dictionary (``--json``): every input with its status,
    outputs, character count (字数), warnings and located errors."""
    return {
        "version": __version__,
        "exit_code": report.exit_code,
        "counts": {status: report.count(status) for status in STATUS_LABELS},
        "inputs": [
            {
                "file": str(result.input),
                "status": file_status(result),
                "chars": result.chars or None,
                "outputs": [
                    {
                        "path": str(out.path),
                        "format": out.format,
                        "status": out.status.value,
                        "kept_copy": None if out.kept_copy is None else str(out.kept_copy),
                    }
                    for out in result.outputs
                ],
                "warnings": [_problem_json(w) for w in result.warnings],
                "errors": [_problem_json(e) for e in _error_problems(result)],
            }
            for result in report.results
        ],
    }


def report_lines(report: BatchReport, *, quiet: bool = False) -> Iterator[str]:
    """The report as plain lines a script can grep: located errors as ``file:line:col: …``,
    warnings prefixed ``警告``, each output with its status, and a count when there were several
    inputs. ``quiet``: errors only."""
    for result in report.results:
        yield from result_lines(result, quiet=quiet)
    if not quiet and len(report.results) > 1:
        yield summary_line(report)


def result_lines(result: FileResult, *, quiet: bool = False, outputs: bool = True) -> Iterator[str]:
    """The plain lines of one input (see :func:`report_lines`). ``outputs=False`` leaves out the
    outputs that are in place (a table shows them), not those kept, which are failures, nor
    where ``--force`` kept a changed file."""
    for problem in result.problems:
        yield str(problem)
    if result.error:
        yield f"{result.input}：{result.error}"
    if not quiet:
        for warning in result.warnings:
            if warning not in result.problems:
                yield f"警告 {warning}"
    for out in result.outputs:
        told = outputs or out.kept_copy is not None
        if (told and not quiet) or out.status is WriteStatus.KEPT:
            yield f"{out.path}：{output_label(out)}"


def summary_line(report: BatchReport) -> str:
    """共 3 个数据文件：成功 2 个，数据有误 1 个……"""
    parts = [
        f"{label} {report.count(status)} 个"
        for status, label in STATUS_LABELS.items()
        if status == "ok" or report.count(status)
    ]
    return f"共 {len(report.results)} 个数据文件：{'，'.join(parts)}"
