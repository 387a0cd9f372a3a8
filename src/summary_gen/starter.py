"""Starter data files for ``summary-gen init``: one commented file per template family."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import TemplateError, UsageError
from .templating.families import find_family, list_families

__all__ = ["starter_text"]


def starter_text(family: str, template_dirs: Iterable[Path] = ()) -> str:
    """The commented starter data file of ``family`` (``<family>/starter.yaml``), from the
    user's template folders first, then the built-in templates.

    Raises UsageError for an unknown family, TemplateError (exit 3, naming the file) for a
    starter file that cannot be read or is not UTF-8."""
    dirs = tuple(template_dirs)
    found = find_family(family, dirs)  # a family that has a starter, or None
    path = found.starter if found is not None else None
    if path is None:
        known = sorted({f.name for f in list_families(dirs) if f.starter is not None})
        raise UsageError(f"未知的模板“{family}”：可用 {'、'.join(known) or '（无）'}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(
            "样例数据文件不是 UTF-8 编码：请用记事本或 WPS 打开，“另存为”时编码选“UTF-8”",
            str(path),
        ) from None
    except OSError as exc:
        raise TemplateError(f"无法读取样例数据文件（{exc.strerror or exc}）", str(path)) from None
