"""Starter data files for ``summary-gen init``: one commented file per template family."""

from __future__ import annotations

from .errors import UsageError
from .templating import BUILTIN_TEMPLATES

__all__ = ["starter_text"]

STARTER_NAME = "starter.yaml"


def starter_text(family: str) -> str:
    """The commented starter data file of ``family`` (``templates/<family>/starter.yaml``)."""
    path = BUILTIN_TEMPLATES / family / STARTER_NAME
    if not path.is_file():
        known = sorted(p.parent.name for p in BUILTIN_TEMPLATES.glob(f"*/{STARTER_NAME}"))
        raise UsageError(f"未知的模板“{family}”：可用 {'、'.join(known) or '（无）'}")
    return path.read_text(encoding="utf-8")
