"""Print pip constraints that pin every requirement of pyproject.toml to its floor.

``name>=X`` becomes ``name==X`` for the dependencies and the test extras, so that CI installs
the lowest versions the project declares and the floors stay true. A requirement without a
``>=`` floor is an error: every dependency must say which release it needs at least.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)")


def floors(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        assert match is not None, requirement
        name, specifiers = match.groups()
        floor = [s.strip()[2:].strip() for s in specifiers.split(",") if s.strip().startswith(">=")]
        if not floor:
            sys.exit(f"{pyproject}: {requirement!r} has no >= floor")
        pins.append(f"{name}=={floor[0]}")
    return pins


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print("\n".join(floors(root / "pyproject.toml")))
