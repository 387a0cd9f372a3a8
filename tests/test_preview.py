"""The terminal preview: Chinese wrapped by cell width with the 避头尾 rule, fitting 40 and 80
columns without colour, the figures table, warnings and the character count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from summary_gen.build import BuildOptions, load_and_render
from summary_gen.preview import INDENT, figure_rows, show_preview, wrap_cjk

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"
CLOSING = "，。、；：！？）》”"
OPENING = "（《“"


def draw(path: Path, width: int) -> str:
    summary, document, warnings = load_and_render(path, BuildOptions())
    console = Console(width=width, no_color=True, force_terminal=False)
    with console.capture() as capture:
        show_preview(console, summary, document, warnings)
    return capture.get()


# --- wrapping ----------------------------------------------------------------------------------


def test_wraps_by_cells_where_a_chinese_character_takes_two() -> None:
    assert wrap_cjk("一二三四五六七八九十", 8) == ["一二三四", "五六七八", "九十"]
    assert wrap_cjk("一二三四五六七八九十", 7) == ["一二三", "四五六", "七八九", "十"]


def test_a_closing_mark_never_starts_a_line() -> None:
    # 。 would start the second line: 三 goes down with it.
    assert wrap_cjk("一二三。四五", 6) == ["一二", "三。四", "五"]
    assert wrap_cjk("一二“三四", 6) == ["一二", "“三四"]  # nor an opening one end a line


def test_paragraph_indent_and_latin_words_kept_whole() -> None:
    assert wrap_cjk("开展Science Day活动", 16, indent=INDENT) == [
        "\u3000\u3000开展Science",
        "Day活动",
    ]


def test_a_word_longer_than_the_line_is_cut() -> None:
    assert wrap_cjk("abcdefghij", 4) == ["abcd", "efgh", "ij"]


TEXT = st.text(
    alphabet=st.sampled_from(list("科普社区活动居民一二三abcXYZ0123 ") + list(CLOSING + OPENING)),
    max_size=200,
)


@given(TEXT, st.integers(min_value=4, max_value=100))
def test_no_line_is_wider_than_the_width_and_no_text_is_lost(text: str, width: int) -> None:
    lines = wrap_cjk(text, width, indent=INDENT)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


# --- the preview -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80])
def test_preview_fits_the_terminal_and_shows_everything(width: int) -> None:
    text = draw(EXAMPLE, width)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "\x1b" not in text
    assert lines[0].strip() == "创建科普示范社区工作总结"
    flat = "".join("".join(text.split()))
    for heading in ("一、领导重视", "二、强化科教意识", "三、找准契机", "四、发动一切力量"):
        assert heading in flat
    # The paragraphs are all there, in order, whatever the width.
    _summary, document, _warnings = load_and_render(EXAMPLE, BuildOptions())
    body = "".join(block.text for block in document.body)
    assert "".join(body.split()) in flat.replace("\u3000", "")
    # The year's figures as a table, and the character count.
    assert "20场次以上" in text and "40000份" in text and "15000人次" in text
    assert "2020年全年数字" in text
    assert f"字数：{document.char_count()}" in lines[-1]
    assert lines.count("") >= 5  # blank lines between the parts


def test_preview_shows_warnings_and_says_when_there_are_no_figures() -> None:
    text = draw(MINIMAL, 40)
    assert "（数据文件中没有全年数字" in text
    assert "警告：生成的总结只有" in "".join(text.split())


def test_figure_rows_from_figures_and_extra() -> None:
    summary, _document, _warnings = load_and_render(EXAMPLE, BuildOptions())
    summary.figures.extra.clear()
    rows = figure_rows(summary)
    assert rows == [
        ("全年活动场次", "20场次以上"),
        ("发放宣传材料", "40000份"),
        ("接受咨询服务", "15000人次"),
        ("工作主题", "健康教育、计生、环保、消防、禁毒、暑期教育"),
    ]


def test_figure_rows_include_the_extra_figures(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(
        "year: 2020\ncommunity:\n  name: 城里社区\nfigures:\n  materials: 300余\n  extra:\n"
        "    - label: 绿化覆盖率\n      value: 38.5\n      unit: '%'\n"
        "    - label: 投入资金\n      value: 12.6万\n      unit: 元\n",
        encoding="utf-8",
    )
    summary, _document, _warnings = load_and_render(path, BuildOptions())
    assert figure_rows(summary) == [
        ("发放宣传材料", "300余份"),
        ("绿化覆盖率", "38.5%"),
        ("投入资金", "12.6万元"),
    ]


@pytest.mark.parametrize("columns", ["40", "80"])
def test_the_command_uses_the_terminal_width(columns: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": columns, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "summary_gen", "preview", str(EXAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert max(cell_len(line) for line in lines) == int(columns)
    assert "\x1b" not in proc.stdout


def test_pager_pages_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "80"}
    env["PAGER"] = f"cat > {paged}"
    command = [sys.executable, "-m", "summary_gen", "preview", str(EXAMPLE), "--pager"]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "创建科普示范社区工作总结" in proc.stdout  # a pipe: printed, no pager
    assert not paged.exists()
    env["FORCE_COLOR"] = "1"  # rich takes the pipe for a terminal
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "创建科普示范社区工作总结" in paged.read_text(encoding="utf-8")
    assert proc.stdout == ""


def test_invalid_data_is_reported_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2020\ncommunity:\n  name: X\n  househods: 3\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "summary_gen", "preview", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert f"{path}:4:3: community.househods" in proc.stderr
