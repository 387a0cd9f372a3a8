"""Every bundled example (``examples/*.yaml``), rendered to Markdown and compared with its
committed expected output ``tests/golden/<name>.md``; 城里社区 also with the appendix.

After a deliberate change of the prose, regenerate with ``pytest --update-golden`` and read the
diff line by line before committing it. A new example needs nothing here: run
``pytest --update-golden`` once and read its new golden file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import EXAMPLES, GOLDEN
from summary_gen.loading import load_summary
from summary_gen.render import render
from summary_gen.writers.markdown import to_markdown

# The date of writing for an example that has none of its own (minimal.yaml).
DATE = dt.date(2021, 1, 15)

# golden file: (data file, with the appendix)
CASES = {f"{example.stem}.md": (example, False) for example in sorted(EXAMPLES.glob("*.yaml"))}
CASES["城里社区-附件.md"] = (EXAMPLES / "城里社区.yaml", True)


@pytest.mark.parametrize("golden", list(CASES))
def test_example_matches_its_golden_file(golden: str, update_golden: bool) -> None:
    source, appendix = CASES[golden]
    summary, warnings = load_summary(source)
    assert [str(w) for w in warnings] == []  # the examples are clean data
    markdown = to_markdown(render(summary, date=DATE, appendix=appendix))
    expected_path: Path = GOLDEN / golden
    if update_golden:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(markdown, encoding="utf-8", newline="\n")
    assert expected_path.exists(), f"{golden} 不存在：运行 pytest --update-golden 生成"
    assert markdown == expected_path.read_text(encoding="utf-8")


def test_every_golden_file_belongs_to_an_example() -> None:
    # A golden file left behind by a removed or renamed example would test nothing.
    assert sorted(path.name for path in GOLDEN.glob("*.md")) == sorted(CASES)


def test_rendering_is_deterministic() -> None:
    summary, _ = load_summary(EXAMPLES / "城里社区.yaml")
    first = to_markdown(render(summary, date=DATE, appendix=True))
    assert to_markdown(render(summary, date=DATE, appendix=True)) == first
