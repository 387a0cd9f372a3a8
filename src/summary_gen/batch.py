"""Many data files → many outputs and one report. Prints nothing.

Every output path is planned before anything is written, so two inputs that would write the same
file are refused up front. The files are then built in parallel processes, a chunk of inputs per
task so that a batch of hundreds is not dominated by sending work back and forth; each worker
imports the heavy modules once and keeps its compiled templates and prepared DOCX parts for the
whole batch. One bad file never stops the others: its :class:`~summary_gen.build.FileResult` says
what went wrong, and the report's exit code says what a script most needs to know (docs/cli.md):
1 if a file was invalid, else 3 if an output failed or was kept, else 0.

A bad day does not leave a mess either: a worker killed under an input (the OOM killer) costs
that input only, the batch goes on in a new pool; a signal stops the workers at once (and they
die with their parent even if it is killed outright), every temporary is removed on the way out,
and the output folders' records are written by this process alone, as results come in.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .build import BuildOptions, FileResult, build_file, plan_outputs, told_as
from .errors import DEBUG_HINT, Problem, UsageError, internal_error
from .output import (
    OutputRecord,
    check_output_path,
    ensure_inside,
    left_behind,
    remove_stale_temporaries,
)
from .report import file_status

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from .sources import Source

__all__ = [
    "LOST",
    "BatchReport",
    "Interrupted",
    "default_jobs",
    "plan_batch",
    "run_batch",
    "stop_on_signals",
]


MAX_CHUNK = 16
"""Inputs per task at most: enough to amortise a round trip, few enough for a smooth progress."""


@dataclass
class BatchReport:
    """What happened to every input of one batch, in the order the inputs were given."""

    results: list[FileResult]

    @property
    def exit_code(self) -> int:
        """1 if a file was invalid (a script testing for invalid data must never miss it), else
        3 if an output failed or was kept, else 2 if a file could not be read, else 0."""
        codes = [result.exit_code for result in self.results]
        return 1 if 1 in codes else max(codes, default=0)

    def count(self, status: str) -> int:
        """How many inputs ended with ``status`` (a key of :data:`~summary_gen.report.STATUS_LABELS`)."""
        return sum(1 for result in self.results if file_status(result) == status)


def default_jobs() -> int:
    """Parallel builds when ``-j`` is not given: one per core."""
    return os.cpu_count() or 1


def plan_batch(inputs: Sequence[Source], options: BuildOptions) -> list[Source]:
    """The inputs to build, each once, after checking what they would write.

    A path named twice (a folder and a file in it) is built once. Two names of one file (a
    symbolic link beside its target) are two inputs: each writes under its own name, and where
    they would write the same path that is refused as for any two inputs. Raises
    :class:`~summary_gen.errors.UsageError` (exit 2), before anything is written, when two
    inputs would write the same path, or an output would replace an input.
    """
    from .build import source_file
    from .sources import source_key

    unique: list[Source] = []
    seen: set[tuple[str, int]] = set()
    for source in inputs:
        known = source_key(source)  # not realpath: a link is a name of its own, see above
        if known not in seen:
            seen.add(known)
            unique.append(source)
    inside = _identities([source_file(source) for source in unique])
    owners: dict[str, tuple[Source, Path]] = {}
    clashes: list[str] = []
    for path in unique:
        for _fmt, target in plan_outputs(path, options):
            if options.out_dir is not None:
                ensure_inside(options.out_dir, target)
            check_output_path(target)  # a FIFO or a device: refused before anything is written
            identity = _identity(target)  # None: not there yet, so no input it could replace
            replaced = inside.get(identity) if identity is not None else None
            if replaced is not None:
                raise UsageError(
                    f"输出文件 {target} 就是数据文件 {replaced}，生成会覆盖数据，未写入任何文件："
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


class Interrupted(KeyboardInterrupt):
    """A signal that ends the batch (SIGINT, SIGTERM, SIGHUP), raised in the main thread so that
    every ``finally`` runs: workers stopped, temporaries removed, the record saved."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as shells tell a command ended by it (130 for Ctrl-C)."""
        return 128 + self.signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (and Ctrl-C) raise :class:`Interrupted`; a
    second signal is ignored while the first one's clean-up runs. The old handlers come back
    after. Only the main thread can set handlers: elsewhere this does nothing."""
    import signal

    signums = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):  # not on Windows
        signums.append(signal.SIGHUP)

    def interrupt(signum: int, _frame: object) -> None:
        for other in signums:
            signal.signal(other, signal.SIG_IGN)
        raise Interrupted(signum)

    try:
        previous = {s: signal.signal(s, interrupt) for s in signums}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@dataclass(frozen=True, slots=True)
class _Task:
    """One input to build: its place in the batch, and what the record says about its outputs."""

    index: int
    source: Source
    recorded: dict[Path, str]


LOST = "生成这个数据文件的进程意外终止（多半是内存不足，被系统结束），没有生成完"
"""The error of an input whose worker died under it (the OOM killer, a kill -9)."""


def run_batch(
    inputs: Sequence[Source],
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
    internal error. Raises UsageError when outputs collide, and :class:`Interrupted` (or any
    exception) only after the workers are stopped and the record saved.

    This process alone reads and writes the output folders' records: each task carries what
    the record says about its outputs, and each result what was written.
    """
    todo = plan_batch(inputs, options)
    targets = [[target for _, target in plan_outputs(path, options)] for path in todo]
    folders = list(dict.fromkeys(target.parent for paths in targets for target in paths))
    remove_stale_temporaries(folders)
    record = OutputRecord()
    tasks = [_Task(i, path, record.digests(targets[i])) for i, path in enumerate(todo)]
    workers = max(1, min(jobs or default_jobs(), len(todo)))
    results: dict[int, FileResult] = {}

    def note(result: FileResult) -> None:
        for out in result.outputs:
            if out.digest:
                record.note(out.path, out.digest)

    def collect(task: _Task, result: FileResult) -> None:
        results[task.index] = result
        note(result)
        if on_result is not None:
            on_result(result)

    save = record.save
    try:
        if workers == 1:
            if on_start is not None:
                on_start(len(todo))
            for task in tasks:
                collect(task, _build_one(task.source, options, debug, task.recorded))
                save()
        else:
            _build_in_pools(tasks, options, workers, debug, collect, save, on_start)
        ordered = [results[index] for index in range(len(todo))]
        if "pdf" in options.formats:  # every PDF by one LibreOffice, then each input's outputs
            from .pdf import finish_pdfs

            finish_pdfs(ordered, options)
            for result in ordered:
                note(result)
    finally:
        save()
        remove_stale_temporaries(folders)  # those of a worker that died
    report = BatchReport(ordered)
    for result in report.results:  # an output the record could not take is told
        for out in result.outputs:
            reason = record.save_error(out.path) if out.digest else None
            if reason is not None:
                message = f"无法更新生成记录（{reason}）：下次生成时，它会被当作修改过的文件保留"
                result.warnings.append(Problem(str(out.path), 0, 0, "", message))
    return report


def _build_in_pools(
    tasks: list[_Task],
    options: BuildOptions,
    workers: int,
    debug: bool,
    collect: Callable[[_Task, FileResult], None],
    save: Callable[[], None],
    on_start: Callable[[int], None] | None,
) -> None:
    """Build ``tasks`` in a pool of workers; a pool that breaks (a worker killed by the OOM
    killer) does not end the batch.

    When a worker dies, the pool fails every task not yet collected, among them those of
    chunks half done. So each worker keeps a journal (:func:`_note`): an input as it starts,
    its result as it ends. After a break the results the journal has are taken as they are;
    each input that was under way is built again alone, in a pool of its own, where dying again
    proves it the cause (it is told as lost); the inputs not started go to a new pool."""
    import shutil
    import tempfile

    _prepare(options)  # imported before the fork, the workers inherit the modules
    _remove_stale_journals()
    try:
        journal: str | None = tempfile.mkdtemp(prefix=f"{_JOURNAL_PREFIX}{os.getpid()}-")
    except OSError:  # no temporary folder: each input of a broken pool is then built alone
        journal = None
    try:
        pending = tasks
        while pending:
            left = _run_pool(pending, options, workers, debug, journal, collect, save, on_start)
            on_start = None
            under_way, rest = _recover(left, journal, collect)
            # A pool that broke with no input under way (a worker died starting): each alone.
            for task in under_way or rest:
                alone = _run_pool([task], options, 1, debug, journal, collect, save, None)
                still_under_way, not_started = _recover(alone, journal, collect)
                if still_under_way or not_started:
                    collect(task, FileResult(input=told_as(task.source), error=LOST, exit_code=3))
            pending = rest if under_way else []
    finally:
        if journal is not None:
            shutil.rmtree(journal, ignore_errors=True)


_JOURNAL_PREFIX = "summary-gen-journal-"


def _remove_stale_journals() -> None:
    """Remove the journals of batches whose process was killed outright (SIGKILL), which
    could not remove their own: the next batch cleans them, as it does temporaries."""
    import shutil
    import tempfile
    import time

    now = time.time()
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(_JOURNAL_PREFIX) :].split("-", 1)[0]
        if entry.name.startswith(_JOURNAL_PREFIX) and pid.isdigit():
            with contextlib.suppress(OSError):
                if left_behind(int(pid), entry.stat(follow_symlinks=False).st_mtime, now):
                    shutil.rmtree(entry.path)


def _recover(
    left: list[_Task], journal: str | None, collect: Callable[[_Task, FileResult], None]
) -> tuple[list[_Task], list[_Task]]:
    """After a pool broke: collect the results its journal has for ``left``; returns the
    tasks that were under way and those not started."""
    if not left:
        return [], []
    done, started = _read_journal(journal)
    under_way: list[_Task] = []
    rest: list[_Task] = []
    for task in left:
        if task.index in done:
            collect(task, done[task.index])
        else:
            (under_way if task.index in started else rest).append(task)
    return under_way, rest


def _read_journal(journal: str | None) -> tuple[dict[int, FileResult], set[int]]:
    """Every worker's journal: the results it has, and the inputs that were started."""
    import pickle

    done: dict[int, FileResult] = {}
    started: set[int] = set()
    if journal is None:
        return done, started
    for name in os.listdir(journal):
        with open(os.path.join(journal, name), "rb") as file:
            data = file.read()
        offset = 0
        while offset + 4 <= len(data):
            size = int.from_bytes(data[offset : offset + 4], "little")
            if offset + 4 + size > len(data):
                break  # the worker died writing it
            index, result = pickle.loads(data[offset + 4 : offset + 4 + size])
            offset += 4 + size
            if result is None:
                started.add(index)
            else:
                done[index] = result
    return done, started


def _run_pool(
    tasks: list[_Task],
    options: BuildOptions,
    workers: int,
    debug: bool,
    journal: str | None,
    collect: Callable[[_Task, FileResult], None],
    save: Callable[[], None],
    on_start: Callable[[int], None] | None,
) -> list[_Task]:
    """Build ``tasks`` in one pool; returns those not collected because the pool broke."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    left = {task.index: task for task in tasks}
    with _pool(workers, options, journal) as pool:
        try:
            futures = {
                pool.submit(_build_chunk, chunk, options, debug): chunk
                for chunk in _chunks(tasks, workers)
            }
            if on_start is not None:
                on_start(len(tasks))
            for future in as_completed(futures):
                try:
                    built = future.result()
                except BrokenProcessPool:
                    continue  # every task left fails alike; the journal sorts them out
                for task, result in zip(futures[future], built, strict=True):
                    del left[task.index]
                    collect(task, result)
                save()
        except BaseException:
            _stop_workers(pool)
            raise
    return list(left.values())


def _chunks(tasks: list[_Task], workers: int) -> list[list[_Task]]:
    """The tasks, cut into about eight chunks per worker of at most MAX_CHUNK."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (workers * 8))))
    return [tasks[start : start + size] for start in range(0, len(tasks), size)]


def _pool(workers: int, options: BuildOptions, journal: str | None) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = None
    # fork starts a worker in a millisecond with every module already imported; spawn (the
    # default elsewhere) re-imports them, which the initializer does once per worker.
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(options, journal, os.getpid()),
    )


def _stop_workers(pool: Executor) -> None:
    """Stop the workers now: ``shutdown`` alone lets each finish its chunk, which in a large
    batch takes minutes. They leave through their SIGTERM handler, removing their temporaries."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    for process in multiprocessing.active_children():  # the pool's workers are our only children
        process.terminate()
    pool.shutdown(wait=True)


_journal: BinaryIO | None = None
"""A worker's journal (see :func:`_build_in_pools`), one file per worker: no lock to share."""


def _start_worker(options: BuildOptions, journal: str | None, parent: int) -> None:
    """A worker's set-up: it dies with its parent, leaves cleanly on SIGTERM, and leaves
    Ctrl-C and a closed terminal (sent to the whole process group) to its parent, which stops
    the workers itself."""
    import signal

    global _journal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _leave)
    _die_with_parent(parent)
    if journal is not None:
        # Unbuffered: each entry is one write, on disk (in the page cache) when the worker dies.
        _journal = open(os.path.join(journal, str(os.getpid())), "ab", buffering=0)  # noqa: SIM115
    _prepare(options)


def _note(index: int, result: FileResult | None) -> None:
    """An entry of the worker's journal: ``index`` started (None) or its result."""
    import pickle

    if _journal is not None:
        data = pickle.dumps((index, result))
        _journal.write(len(data).to_bytes(4, "little") + data)


def _leave(signum: int, _frame: object) -> None:
    # An exception, so that the build's finally blocks remove its temporaries and undo a half
    # written input; _build_chunk then ends the process. A second SIGTERM (the pool terminates
    # its workers again once it sees one gone) must not cut that clean-up short.
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel send SIGTERM to this worker when its parent dies, even by
    SIGKILL (prctl PR_SET_PDEATHSIG); a parent already gone ends it at once."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(128 + signal.SIGTERM)


def _prepare(options: BuildOptions) -> None:
    """Import what building needs, once per process."""
    from . import loading, render  # noqa: F401
    from .writers import markdown  # noqa: F401

    if {"docx", "pdf"} & set(options.formats):
        from .writers import docx  # noqa: F401


def _build_chunk(tasks: list[_Task], options: BuildOptions, debug: bool) -> list[FileResult]:
    built = []
    try:
        for task in tasks:
            _note(task.index, None)
            built.append(_build_one(task.source, options, debug, task.recorded))
            _note(task.index, built[-1])
    except SystemExit as exc:  # SIGTERM: the build's clean-up has run; the pool must not go on
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    return built


def _build_one(
    source: Source, options: BuildOptions, debug: bool, recorded: dict[Path, str]
) -> FileResult:
    try:
        return build_file(source, options, recorded)
    except Exception as exc:  # a bug must not stop the other files of the batch
        detail = "\n" + traceback.format_exc() if debug else DEBUG_HINT
        return FileResult(input=told_as(source), error=internal_error(exc) + detail, exit_code=3)
