"""Many data files → many outputs and one report. Prints nothing.

Every output path is planned before anything is written, so two inputs that would write the same
file are refused up front. The files are then built in parallel processes, a chunk of inputs per
task so that a batch of hundreds is not dominated by sending work back and forth; each worker
imports the heavy modules once and keeps its compiled templates and prepared DOCX parts for the
whole batch. One bad file never stops the others: its :class:`~summary_gen.build.FileResult` says
what went wrong, and the report's exit code says the worst that happened (docs/cli.md): 3 if an output
failed or was kept, else 1 if a file was invalid, else 0.
"""

from __future__ import annotations

import math
import os
import sys
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuildOptions, FileResult, build_file, plan_outputs
from .errors import DEBUG_HINT, UsageError, internal_error
from .output import ensure_inside
from .report import file_status

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["BatchReport", "default_jobs", "plan_batch", "run_batch"]


MAX_CHUNK = 16
"""Inputs per task at most: enough to amortise a round trip, few enough for a smooth progress."""


@dataclass
class BatchReport:
    """What happened to every input of one batch, in the order the inputs were given."""

    results: list[FileResult]

    @property
    def exit_code(self) -> int:
        """3 if an output failed or was kept, else 2 if a file could not be read, else 1 if a
        file was invalid, else 0."""
        return max((result.exit_code for result in self.results), default=0)

    def count(self, status: str) -> int:
        """How many inputs ended with ``status`` (a key of :data:`~summary_gen.report.STATUS_LABELS`)."""
        return sum(1 for result in self.results if file_status(result) == status)


def default_jobs() -> int:
    """Parallel builds when ``-j`` is not given: one per core."""
    return os.cpu_count() or 1


def plan_batch(inputs: Sequence[Path], options: BuildOptions) -> list[Path]:
    """The inputs to build, each once, after checking what they would write.

    A path named twice (a folder and a file in it) is built once. Two names of one file (a
    symbolic link beside its target) are two inputs: each writes under its own name, and where
    they would write the same path that is refused as for any two inputs. Raises
    :class:`~summary_gen.errors.UsageError` (exit 2), before anything is written, when two
    inputs would write the same path, or an output would replace an input.
    """
    unique: list[Path] = []
    seen: set[str] = set()
    for path in inputs:
        key = os.path.abspath(path)  # not realpath: a link is a name of its own, see above
        if key not in seen:
            seen.add(key)
            unique.append(path)
    inside = _identities(unique)
    owners: dict[str, tuple[Path, Path]] = {}
    clashes: list[str] = []
    for path in unique:
        for _fmt, target in plan_outputs(path, options):
            if options.out_dir is not None:
                ensure_inside(options.out_dir, target)
            identity = _identity(target)  # None: not there yet, so no input it could replace
            source = inside.get(identity) if identity is not None else None
            if source is not None:
                raise UsageError(
                    f"输出文件 {target} 就是数据文件 {source}，生成会覆盖数据，未写入任何文件："
                    "请用 -o 另给一个输出文件名，或用 --out-dir"
                )
            key = _path_key(target)
            if key in owners:
                first, _ = owners[key]
                clashes.append(f"{first} 和 {path} 都会写入 {target}")
            else:
                owners[key] = (path, target)
    if clashes:
        raise UsageError(
            "两个数据文件会生成同一个输出文件，未写入任何文件：\n"
            + "\n".join(clashes)
            + "\n请给其中一个数据文件改名，或分别用不同的 --out-dir 生成"
        )
    return unique


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of an existing file, which every name of it shares."""
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat.st_dev, stat.st_ino


def _identities(paths: Sequence[Path]) -> dict[tuple[int, int], Path]:
    found: dict[tuple[int, int], Path] = {}
    for path in paths:
        identity = _identity(path)
        if identity is not None:
            found.setdefault(identity, path)
    return found


def _path_key(path: Path) -> str:
    # Outputs are often copied to Windows shares, where 城里社区.md and 城里社区.MD are one file,
    # and macOS may spell a name in decomposed Unicode: refuse what would clash anywhere.
    absolute = os.path.normcase(os.path.abspath(path))
    return unicodedata.normalize("NFC", absolute).casefold()


def run_batch(
    inputs: Sequence[Path],
    options: BuildOptions,
    *,
    jobs: int | None = None,
    debug: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Plan, then build every input; never raises for a bad file.

    ``jobs`` processes build in parallel (default: one per core); with one job or one input the
    build runs in this process. ``on_start(total)`` is called once the workers are running (so
    that a progress display starts no thread before they are forked), ``on_result`` once per
    input as it finishes, in completion order. ``debug`` adds the traceback to the message of an
    internal error. Raises UsageError when outputs collide.
    """
    todo = plan_batch(inputs, options)
    workers = max(1, min(jobs or default_jobs(), len(todo)))
    results: dict[int, FileResult] = {}

    def collect(index: int, result: FileResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    if workers == 1:
        if on_start is not None:
            on_start(len(todo))
        for index, path in enumerate(todo):
            collect(index, _build_one(path, options, debug))
    else:
        from concurrent.futures import as_completed  # a one-file build needs no pool

        _prepare(options)  # imported before the fork, the workers inherit the modules
        with _pool(workers, options) as pool:
            try:
                futures = {
                    pool.submit(_build_chunk, [todo[i] for i in chunk], options, debug): chunk
                    for chunk in _chunks(len(todo), workers)
                }
                if on_start is not None:
                    on_start(len(todo))
                for future in as_completed(futures):
                    for index, result in zip(futures[future], future.result(), strict=True):
                        collect(index, result)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    ordered = [results[index] for index in range(len(todo))]
    if "pdf" in options.formats:
        from .pdf import finish_pdfs

        finish_pdfs(ordered, options)
    return BatchReport(ordered)


def _chunks(total: int, workers: int) -> list[list[int]]:
    """Indexes of the inputs, cut into about eight tasks per worker of at most MAX_CHUNK."""
    size = max(1, min(MAX_CHUNK, math.ceil(total / (workers * 8))))
    return [list(range(start, min(start + size, total))) for start in range(0, total, size)]


def _pool(workers: int, options: BuildOptions) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = None
    # fork starts a worker in a millisecond with every module already imported; spawn (the
    # default elsewhere) re-imports them, which the initializer does once per worker.
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_prepare, initargs=(options,)
    )


def _prepare(options: BuildOptions) -> None:
    """Import what building needs, once per process."""
    from . import loading, render  # noqa: F401
    from .writers import markdown  # noqa: F401

    if {"docx", "pdf"} & set(options.formats):
        from .writers import docx  # noqa: F401


def _build_chunk(paths: list[Path], options: BuildOptions, debug: bool) -> list[FileResult]:
    return [_build_one(path, options, debug) for path in paths]


def _build_one(path: Path, options: BuildOptions, debug: bool) -> FileResult:
    try:
        return build_file(path, options)
    except Exception as exc:  # a bug must not stop the other files of the batch
        detail = "\n" + traceback.format_exc() if debug else DEBUG_HINT
        return FileResult(input=path, error=internal_error(exc) + detail, exit_code=3)
