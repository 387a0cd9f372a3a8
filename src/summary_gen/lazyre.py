"""Regular expressions compiled on first use.

A character class spanning the CJK blocks (and the supplementary planes) takes milliseconds to
compile; a module holding a dozen of them would add tens of milliseconds to every start, though
most texts never reach the rules that need them. A :class:`LazyPattern` compiles when first used.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiles on the first method call."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Only attributes the instance lacks get here: search, sub, fullmatch, finditer…
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)
