"""Writing outputs safely: atomic, all or none per input, and knowing summary-gen's own outputs.

Every write goes to a temporary file in the output's folder and is moved into place with
``os.replace``, so an existing output is never left half-written or truncated. The temporary's
name carries the writer's process id (``.sg-<pid>-<random>.tmp``): a later build tells the
leftover of a killed writer from the file of one still running, and removes it
(:func:`remove_stale_temporaries`).

summary-gen remembers what it wrote. Each output folder holds a small hidden record,
``.summary-gen.json``, mapping each output's name to the SHA-256 of the bytes summary-gen last
wrote there (:class:`OutputRecord`); it lives beside the outputs, so it moves and is copied with
the folder. When an input is built again, each of its outputs is (:func:`write_outputs`):

- identical to the new bytes: left alone (未变化);
- what summary-gen last wrote there: replaced (已更新), no ``--force`` needed;
- anything else (edited in Word or WPS, written by something else, or unknown to the record):
  kept and counted as a failure, or with ``--force`` replaced after the changed copy is kept
  beside it under a name that says so (``城里社区.已修改-2026-01-12.docx``).

An input's outputs are written all or none: every format is written to its temporary first and
then moved into place; a failure, a kept output or an interruption (any exception, including
the one a signal raises) removes what this call wrote and puts back what it replaced.

Only the process that runs the batch reads and writes the record (parallel workers would race
on it); a worker is told what the record says about its outputs and reports what it wrote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import signal
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import OutputError, UsageError

__all__ = [
    "RECORD_NAME",
    "OutputRecord",
    "WriteStatus",
    "Written",
    "check_output_path",
    "digest",
    "file_kind",
    "left_behind",
    "output_name",
    "remove_stale_temporaries",
    "write_output",
    "write_outputs",
]

RECORD_NAME = ".summary-gen.json"
"""The record of what summary-gen wrote, one per output folder."""

_RECORD_NOTE = (
    "summary-gen 在这里记下它写入本文件夹的每个输出文件的 SHA-256，用来分辨输出是否在生成后被修改过。"
    "请不要编辑；删除它后，已有的输出会被当作修改过的文件保留。"
)


class WriteStatus(str, Enum):
    """What happened to one output path."""

    CREATED = "created"
    IDENTICAL = "identical"
    UPDATED = "updated"  # what summary-gen last wrote there, replaced by the new output
    OVERWRITTEN = "overwritten"  # changed since; --force replaced it, the changed copy kept beside
    KEPT = "kept"  # changed since it was written, or not ours; no --force: counts as a failure
    NOT_WRITTEN = "not-written"  # another output of the same input failed or was kept

    @property
    def label(self) -> str:
        """The status as told to a person."""
        return _LABELS[self]


_LABELS = {
    WriteStatus.CREATED: "已生成",
    WriteStatus.IDENTICAL: "未变化",
    WriteStatus.UPDATED: "已更新",
    WriteStatus.OVERWRITTEN: "已覆盖",
    WriteStatus.KEPT: (
        "已保留原文件：它在生成后被修改过（或不是 summary-gen 生成的），未覆盖；"
        "要覆盖请加 --force，改过的文件会先另存一份"
    ),
    WriteStatus.NOT_WRITTEN: "未写入：同一数据文件的输出要么全部写入，要么都不写",
}

# Windows reserves these names whatever the suffix; a street office may copy outputs there.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def output_name(stem: str, suffix: str) -> str:
    """A safe file name from an input's stem: no folder parts, no reserved or hidden names."""
    name = _UNSAFE.sub("_", stem).strip(" .")
    if not name or _RESERVED.match(name):
        name = f"_{name}"
    return f"{name}{suffix}"


def digest(data: bytes) -> str:
    """The SHA-256 of ``data``, as the record keeps it."""
    return hashlib.sha256(data).hexdigest()


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, as told to a person."""
    kinds = (
        (stat.S_ISDIR, "文件夹"),
        (stat.S_ISFIFO, "命名管道（FIFO）"),
        (stat.S_ISCHR, "字符设备"),
        (stat.S_ISBLK, "块设备"),
        (stat.S_ISSOCK, "套接字"),
    )
    return next((name for test, name in kinds if test(mode)), "特殊文件")


def check_output_path(path: Path) -> None:
    """Refuse at once (exit 2) an existing output that is not a regular file: a FIFO would block
    the build for ever, ``/dev/zero`` would be read without end, a folder cannot be replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # not there yet, or not reachable: the write will tell
        return
    if not stat.S_ISREG(mode):
        raise UsageError(f"{path}：这是{file_kind(mode)}，不是普通文件，不能用作输出文件")


# --- the record ----------------------------------------------------------------------------------


class OutputRecord:
    """What summary-gen last wrote in each output folder, read once per folder and saved by
    merging this run's changes into what is on disk (another run may have written beside us)."""

    def __init__(self) -> None:
        self._known: dict[Path, dict[str, str]] = {}
        self._changes: dict[Path, dict[str, str]] = {}
        self._errors: dict[Path, str] = {}

    def digests(self, paths: Iterable[Path]) -> dict[Path, str]:
        """The recorded SHA-256 of each of ``paths`` that the record knows."""
        found: dict[Path, str] = {}
        for path in paths:
            known = self._folder(path.parent).get(path.name)
            if known is not None:
                found[path] = known
        return found

    def note(self, path: Path, sha256: str) -> None:
        """``path`` now holds bytes of this SHA-256 that summary-gen wrote (or would write)."""
        folder = _folder_key(path.parent)
        self._folder(path.parent)[path.name] = sha256
        self._changes.setdefault(folder, {})[path.name] = sha256

    def save(self) -> None:
        """Write the changed folders' records. A folder whose record cannot be written keeps its
        changes for the next call; :meth:`save_error` tells why."""
        for folder, changes in list(self._changes.items()):
            entries = {**_read_record(folder), **changes}
            text = json.dumps(
                {"summary-gen": 1, "note": _RECORD_NOTE, "outputs": dict(sorted(entries.items()))},
                ensure_ascii=False,
                indent=1,
            )
            try:
                # No fsync: a record lost to a power cut only makes the outputs unknown, and kept.
                _replace_atomically(folder / RECORD_NAME, text.encode("utf-8"), sync=False)
            except OutputError as exc:
                self._errors[folder] = str(exc)
                continue
            del self._changes[folder]
            self._errors.pop(folder, None)

    def save_error(self, path: Path) -> str | None:
        """Why the last :meth:`save` could not record ``path``'s folder, if it could not (its
        outputs are then unknown to the next build, which keeps them: safe)."""
        return self._errors.get(_folder_key(path.parent))

    def _folder(self, folder: Path) -> dict[str, str]:
        key = _folder_key(folder)
        if key not in self._known:
            self._known[key] = _read_record(key)
        return self._known[key]


def _folder_key(folder: Path) -> Path:
    return Path(os.path.abspath(folder))


def _read_record(folder: Path) -> dict[str, str]:
    """A folder's record; a missing, unreadable or damaged one knows nothing (safe: every
    output there is then kept)."""
    try:
        data = json.loads((folder / RECORD_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        return {}
    return {k: v for k, v in outputs.items() if isinstance(k, str) and isinstance(v, str)}


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`write_outputs` did with one output."""

    path: Path
    status: WriteStatus
    digest: str = ""  # the SHA-256 of our bytes now there, for the record; "" if none
    kept_copy: Path | None = None  # OVERWRITTEN: where the changed file was kept


@dataclass
class _Plan:
    path: Path
    data: bytes
    status: WriteStatus
    old: bytes | None = None
    old_stat: os.stat_result | None = None
    temporary: str = ""
    kept_copy: Path | None = None
    moved: bool = False


def write_outputs(
    items: Sequence[tuple[Path, bytes]], recorded: Mapping[Path, str], *, force: bool = False
) -> list[Written]:
    """Write each ``(path, bytes)`` of one input, all or none (see the module's docstring).

    ``recorded`` is the record's SHA-256 for the paths it knows. If any output would be kept,
    nothing is written: the others are told as not written (or identical). Raises
    :class:`OutputError` when an output cannot be written, after removing what this call wrote.
    """
    plans = [_plan(path, data, recorded.get(path), force) for path, data in items]
    if any(plan.status is WriteStatus.KEPT for plan in plans):
        return [_unwritten(plan) for plan in plans]
    todo = [plan for plan in plans if plan.status is not WriteStatus.IDENTICAL]
    current = None
    try:
        for current in todo:
            current.temporary = _temporary(current.path, current.data, current.old_stat)
        for current in todo:
            if current.status is WriteStatus.OVERWRITTEN:
                _keep_copy(current)
        for current in todo:
            with _signals_held():  # moved and noted as one step, for _undo
                os.replace(current.temporary, current.path)
                current.moved = True
    except BaseException as exc:  # a signal too: a half set of outputs must not stay
        _undo(todo)
        if isinstance(exc, OSError) and current is not None:
            others = [p.path.name for p in plans if p is not current]
            also = f"；为免只有一部分输出，{'、'.join(others)} 也未写入" if others else ""
            raise OutputError(f"{current.path}：无法写入（{_reason(exc)}）{also}") from exc
        raise
    return [Written(p.path, p.status, digest(p.data), p.kept_copy) for p in plans]


def _plan(path: Path, data: bytes, recorded: str | None, force: bool) -> _Plan:
    old, old_stat = _existing(path)
    if old is None:
        return _Plan(path, data, WriteStatus.CREATED)
    if old == data:
        status = WriteStatus.IDENTICAL
    elif recorded is not None and recorded == digest(old):
        status = WriteStatus.UPDATED
    else:
        status = WriteStatus.OVERWRITTEN if force else WriteStatus.KEPT
    return _Plan(path, data, status, old, old_stat)


def _unwritten(plan: _Plan) -> Written:
    if plan.status in (WriteStatus.KEPT, WriteStatus.IDENTICAL):
        sha = digest(plan.data) if plan.status is WriteStatus.IDENTICAL else ""
        return Written(plan.path, plan.status, sha)
    return Written(plan.path, WriteStatus.NOT_WRITTEN)


def _existing(path: Path) -> tuple[bytes | None, os.stat_result | None]:
    """The bytes and status of the file at ``path``, or (None, None) where there is none.

    Opened without blocking and checked once open: a FIFO or a device put there after the
    batch was planned is refused, never read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return None, None  # nothing there; a folder in the way is told when writing
        if os.path.isdir(path):  # Windows cannot open a folder
            raise OutputError(f"{path}：这是一个文件夹，无法写入") from None
        raise OutputError(f"{path}：无法读取已有文件（{_reason(exc)}）") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}：这是一个文件夹，无法写入")
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(f"{path}：这是{file_kind(info.st_mode)}，不是普通文件，无法写入")
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        try:
            return file.read(), info
        except OSError as exc:
            raise OutputError(f"{path}：无法读取已有文件（{_reason(exc)}）") from exc


def _keep_copy(plan: _Plan) -> None:
    """Keep the changed file beside it, under a name no earlier copy has: ``名.已修改-日期.后缀``,
    the date being the day it was last changed. Noted in ``plan`` as soon as it exists, so that
    an undo removes a copy left half written."""
    assert plan.old is not None and plan.old_stat is not None
    day = dt.date.fromtimestamp(plan.old_stat.st_mtime).isoformat()
    stem, suffix = plan.path.stem, plan.path.suffix
    for number in range(1, 1000):
        extra = "" if number == 1 else f"-{number}"
        candidate = plan.path.with_name(f"{stem}.已修改-{day}{extra}{suffix}")
        try:
            with _signals_held():
                copy = open(candidate, "xb")  # noqa: SIM115  never replaces an earlier kept copy
                plan.kept_copy = candidate
        except FileExistsError:
            continue
        with copy:
            copy.write(plan.old)
            copy.flush()
            os.fsync(copy.fileno())
        with contextlib.suppress(OSError):
            os.utime(candidate, ns=(plan.old_stat.st_atime_ns, plan.old_stat.st_mtime_ns))
            os.chmod(candidate, plan.old_stat.st_mode & 0o7777)
        return
    raise OSError(errno.EEXIST, "已有太多另存的修改版本")


def _undo(plans: Sequence[_Plan]) -> None:
    """Put things back as they were before :func:`write_outputs`: temporaries removed, created
    outputs removed, replaced ones restored (then their kept copy is not needed)."""
    for plan in plans:
        with contextlib.suppress(OSError, OutputError):
            if not plan.moved:
                if plan.temporary:
                    os.unlink(plan.temporary)
            elif plan.old is None or plan.old_stat is None:
                os.unlink(plan.path)
            else:
                _replace_atomically(plan.path, plan.old, mode=plan.old_stat)
                os.utime(plan.path, ns=(plan.old_stat.st_atime_ns, plan.old_stat.st_mtime_ns))
        if plan.kept_copy is not None and (not plan.moved or _holds(plan.path, plan.old)):
            with contextlib.suppress(OSError):
                os.unlink(plan.kept_copy)


def _holds(path: Path, data: bytes | None) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_output(path: Path, data: bytes, *, force: bool = False) -> WriteStatus:
    """Write one file that is not a build's output (``init``'s data file, the schema beside it)
    atomically, unless the same bytes are there already; an existing file with other content
    is kept (``WriteStatus.KEPT``) unless ``force`` (``WriteStatus.OVERWRITTEN``).
    Raises :class:`OutputError` when the file cannot be written."""
    old, old_stat = _existing(path)
    if old == data:
        return WriteStatus.IDENTICAL
    if old is not None and not force:
        return WriteStatus.KEPT
    _replace_atomically(path, data, mode=old_stat)
    return WriteStatus.CREATED if old is None else WriteStatus.OVERWRITTEN


def _replace_atomically(
    path: Path, data: bytes, *, mode: os.stat_result | None = None, sync: bool = True
) -> None:
    temporary = ""
    try:
        temporary = _temporary(path, data, mode, sync=sync)
        os.replace(temporary, path)
    except BaseException as exc:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}：无法写入（{_reason(exc)}）") from exc
        raise


def _temporary(path: Path, data: bytes, mode: os.stat_result | None, *, sync: bool = True) -> str:
    """``data`` in a new temporary file in ``path``'s folder, with the permissions ``path`` has
    (or would get); returns its name. Raises OSError (OutputError for a folder in the way)."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if os.path.lexists(folder) and not folder.is_dir():  # a file, or a link that loops
            raise OutputError(f"{folder}：不是文件夹，无法在其中写入") from exc
        raise OutputError(f"{folder}：无法创建输出文件夹（{_reason(exc)}）") from exc
    # A short name: the output's own name may already be as long as the system allows. The pid
    # tells a later build whether the writer is still running (remove_stale_temporaries).
    name = ""
    try:
        with _signals_held():
            fd, name = tempfile.mkstemp(
                prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder
            )
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            if sync:
                os.fsync(tmp.fileno())
        # Keep the permissions a user gave the file being replaced.
        os.chmod(name, mode.st_mode & 0o7777 if mode is not None else 0o666 & ~_umask())
    except BaseException:
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name)
        raise
    return name


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP while a file is created (or moved) and noted: the
    exception a signal raises (batch.py) must never fall between the two, leaving a file that
    no clean-up knows of. A signal that came meanwhile is raised when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- temporaries left by a killed writer ----------------------------------------------------------

_TEMP_PREFIX = ".sg-"
_TEMP_NAME = re.compile(r"^\.sg-(?:(\d+)-)?[^.]*\.tmp$")
_STALE_AFTER = 24 * 3600
"""A temporary lives for the milliseconds of one write: one a day old is stale whoever wrote it
(its pid may have been given to another process since)."""


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Remove, from each folder, the temporaries of ours whose writer is no longer running
    (killed by SIGKILL, a power cut): the next build in a folder cleans what a dead one left."""
    now = time.time()
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                pid = int(match.group(1)) if match.group(1) else None
                if left_behind(pid, entry.stat(follow_symlinks=False).st_mtime, now):
                    os.unlink(entry.path)


def left_behind(pid: int | None, mtime: float, now: float) -> bool:
    """Whether a file of ours, written by process ``pid`` (None: unknown) and last changed at
    ``mtime``, was left by a writer that is gone: it is not running, or the file is a day old."""
    return now - mtime > _STALE_AFTER or (pid is not None and not _running(pid))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) is no probe on Windows: only the age tells there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


# --- paths ---------------------------------------------------------------------------------------


def ensure_inside(folder: Path, path: Path) -> Path:
    """``path`` if it lies inside ``folder``; a name must never escape ``--out-dir``."""
    try:
        inside = _resolved(path).is_relative_to(_resolved(folder))
    except (OSError, RuntimeError) as exc:  # a symbolic link that loops, an unreadable folder
        raise UsageError(f"{path}：无法确定输出路径（{_reason(exc)}）") from None
    if not inside:
        raise UsageError(f"{path}：输出路径不在输出文件夹 {folder} 之内")
    return path


def _resolved(path: Path) -> Path:
    """``path`` with its links resolved; raises where a link loops.

    Up to Python 3.12 ``resolve()`` raises RuntimeError on a loop; from 3.13 on it leaves the
    looping link in its result instead, so a link still found there is told as a loop.
    """
    resolved = path.resolve()
    for part in (resolved, *resolved.parents):
        if part.is_symlink():
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(part))
    return resolved


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "符号链接形成了循环"
    return getattr(exc, "strerror", None) or str(exc)
