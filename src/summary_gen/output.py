"""Writing outputs safely: atomic replacement, identical outputs left alone, edits kept.

A secretary may have edited last year's DOCX in Word; an output that exists and differs is never
overwritten without ``force``. A write goes to a temporary file in the same folder and is moved
into place with ``os.replace``, so an existing output is never left half-written or truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from enum import Enum
from pathlib import Path

from .errors import OutputError, UsageError

__all__ = ["WriteStatus", "output_name", "write_output"]


class WriteStatus(str, Enum):
    """What happened to one output path."""

    CREATED = "created"
    IDENTICAL = "identical"
    OVERWRITTEN = "overwritten"
    KEPT = "kept"  # exists, differs, no --force: counts as a failure

    @property
    def label(self) -> str:
        """The status as told to a person."""
        return _LABELS[self]


_LABELS = {
    WriteStatus.CREATED: "已生成",
    WriteStatus.IDENTICAL: "未变化",
    WriteStatus.OVERWRITTEN: "已覆盖",
    WriteStatus.KEPT: "已保留原文件（内容不同，未覆盖；要覆盖请加 --force）",
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


def write_output(path: Path, data: bytes, *, force: bool = False) -> WriteStatus:
    """Write ``data`` to ``path`` atomically, unless the same bytes are there already.

    An existing file with other content is kept (``WriteStatus.KEPT``) unless ``force``.
    Raises :class:`OutputError` when the file cannot be written.
    """
    existed = path.exists()
    if existed:
        if path.is_dir():
            raise OutputError(f"{path}：这是一个文件夹，无法写入")
        try:
            if path.read_bytes() == data:
                return WriteStatus.IDENTICAL
        except OSError as exc:
            raise OutputError(f"{path}：无法读取已有文件（{exc.strerror or exc}）") from exc
        if not force:
            return WriteStatus.KEPT
    _replace_atomically(path, data)
    return WriteStatus.OVERWRITTEN if existed else WriteStatus.CREATED


def _replace_atomically(path: Path, data: bytes) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if os.path.lexists(folder) and not folder.is_dir():  # a file, or a link that loops
            raise OutputError(f"{folder}：不是文件夹，无法在其中写入") from exc
        raise OutputError(f"{folder}：无法创建输出文件夹（{exc.strerror or exc}）") from exc
    tmp_name = ""
    try:
        # A short name: the output's own name may already be as long as the system allows.
        fd, tmp_name = tempfile.mkstemp(prefix=".sg-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        if path.exists():
            # Keep the permissions a user gave the file they are replacing.
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
    except OSError as exc:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise OutputError(f"{path}：无法写入（{exc.strerror or exc}）") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
