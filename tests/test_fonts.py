"""``summary-gen fonts``: which faces of a profile this computer has, what stands in for the
others, which profile fits. The font list is a fake ``fc-list`` (tests/fakes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fakes import fake_fc_list
from summary_gen.cli import app
from summary_gen.fontcheck import check_profile, is_installed, parse_fc_list
from summary_gen.writers.docx.fonts import FONT_PROFILES

runner = CliRunner()

# What fc-list lists on a PC with the faces of a stock Chinese Windows copied over.
WINDOWS_FONTS = [
    "FangSong,仿宋\t/usr/share/fonts/win/simfang.ttf",
    "KaiTi,楷体\t/usr/share/fonts/win/simkai.ttf",
    "SimHei,黑体\t/usr/share/fonts/win/simhei.ttf",
    "SimSun,宋体,NSimSun,新宋体\t/usr/share/fonts/win/simsun.ttc",
    "Times New Roman\t/usr/share/fonts/win/times.ttf",
    "Noto Sans CJK SC,Noto Sans CJK SC Regular\t/usr/share/fonts/opentype/noto/NotoSansCJK.ttc",
]


def test_fc_list_lines_give_every_family_and_the_file_stem() -> None:
    names = set(parse_fc_list(["SimSun,宋体,NSimSun\t/x/simsun.ttc", "Liberation Serif\t/y/l.ttf"]))
    assert {"simsun", "宋体", "nsimsun", "liberationserif", "l"} <= names
    # A face is found under any of its names, without case or spaces.
    assert is_installed("宋体", {"simsun"})
    assert is_installed("Times New Roman", {"timesnewroman"})
    assert not is_installed("仿宋_GB2312", {"仿宋", "fangsong"})


def test_the_windows_faces_are_all_there_the_gb_ones_fall_back() -> None:
    names = set(parse_fc_list(WINDOWS_FONTS))
    assert all(s.installed for s in check_profile(FONT_PROFILES["windows"], names))
    gb = {s.face: s for s in check_profile(FONT_PROFILES["gb"], names)}
    assert not gb["仿宋_GB2312"].installed
    assert (gb["仿宋_GB2312"].fallback, gb["仿宋_GB2312"].fallback_installed) == ("仿宋", True)
    assert (gb["方正小标宋简体"].fallback, gb["方正小标宋简体"].fallback_installed) == (
        "宋体",
        True,
    )
    assert gb["黑体"].installed and gb["黑体"].roles == ("一级标题",)
    assert gb["宋体"].roles == ("页码",)


def test_fonts_tells_each_face_and_recommends_the_profile_that_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_fc_list(monkeypatch, tmp_path / "bin", WINDOWS_FONTS)
    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("字体方案 gb")
    body = next(line for line in lines if "仿宋_GB2312" in line)
    assert "正文：未安装，Word 和 WPS 会改用“仿宋”（已安装）" in body
    assert any("黑体" in line and "一级标题：已安装" in line for line in lines)
    assert "可以用 --fonts windows" in result.stdout
    assert "中文 Windows 自带宋体、仿宋、黑体、楷体" in result.stdout
    windows = runner.invoke(app, ["fonts", "--fonts", "windows"])
    assert "方案 windows 的字体都已安装" in windows.stdout


def test_fonts_on_a_computer_without_chinese_faces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_fc_list(monkeypatch, tmp_path / "bin", ["DejaVu Sans\t/d/DejaVuSans.ttf"])
    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0
    assert "也未安装），再用系统默认的中文字体" in result.stdout
    assert "本机没有装齐任何一个方案的字体" in result.stdout


def test_an_unknown_profile_is_a_usage_error() -> None:
    result = runner.invoke(app, ["fonts", "--fonts", "mac"])
    assert result.exit_code == 2
    assert "未知的字体方案“mac”" in result.stderr
