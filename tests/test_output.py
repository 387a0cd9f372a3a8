"""Atomic writes: identical outputs left alone, edited outputs kept, failures leave no trace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summary_gen.errors import OutputError, UsageError
from summary_gen.output import WriteStatus, ensure_inside, output_name, write_output


def test_creates_then_identical_then_kept_then_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "out" / "城里社区.md"
    assert write_output(target, b"one") is WriteStatus.CREATED
    assert target.read_bytes() == b"one"
    assert write_output(target, b"one") is WriteStatus.IDENTICAL
    assert write_output(target, b"two") is WriteStatus.KEPT
    assert target.read_bytes() == b"one"
    assert write_output(target, b"two", force=True) is WriteStatus.OVERWRITTEN
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["城里社区.md"]


def test_failed_replace_keeps_the_old_file_whole_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(b"edited by the secretary")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="无法写入"):
        write_output(target, b"new text", force=True)
    assert target.read_bytes() == b"edited by the secretary"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_folder_in_the_way_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()
    with pytest.raises(OutputError, match="文件夹"):
        write_output(tmp_path / "a.md", b"x")


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("城里社区", "城里社区.md"),
        ("../../etc/passwd", "_.._etc_passwd.md"),
        ("a/b", "a_b.md"),
        ("con", "_con.md"),
        ("LPT1", "_LPT1.md"),
        ("..", "_.md"),
        ('a:b*c?"<>|', "a_b_c_____.md"),
    ],
)
def test_output_names_cannot_escape_their_folder(stem: str, expected: str) -> None:
    assert output_name(stem, ".md") == expected


def test_a_name_as_long_as_the_system_allows_is_written(tmp_path: Path) -> None:
    # 84 Chinese characters are 252 bytes in UTF-8: with ".md", the longest name Linux allows.
    # The temporary file beside it must not be named after it, or its name is too long.
    name = "关" * 84 + ".md"
    assert len(name.encode("utf-8")) == 255
    target = tmp_path / name
    assert write_output(target, b"text") is WriteStatus.CREATED
    assert target.read_bytes() == b"text"
    assert write_output(target, b"other", force=True) is WriteStatus.OVERWRITTEN
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_folder_link_that_loops_is_a_usage_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(UsageError, match="符号链接形成了循环"):
        ensure_inside(loop, loop / "a.md")
    with pytest.raises(UsageError, match="符号链接形成了循环"):
        ensure_inside(tmp_path, loop / "a.md")


def test_links_are_followed_to_tell_inside_from_outside(tmp_path: Path) -> None:
    # A loop is told by the link left in the resolved path (Python 3.13): a link that resolves
    # must not be taken for one.
    (tmp_path / "real").mkdir()
    (tmp_path / "elsewhere").mkdir()
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / "real")
    (tmp_path / "real" / "away").symlink_to(tmp_path / "elsewhere")
    assert ensure_inside(linked, linked / "a.md") == linked / "a.md"
    assert ensure_inside(tmp_path / "real", linked / "a.md") == linked / "a.md"
    with pytest.raises(UsageError, match="不在输出文件夹"):
        ensure_inside(linked, linked / "away" / "a.md")


def test_a_file_or_a_loop_where_the_folder_should_be_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for folder in ("file", "loop"):
        with pytest.raises(OutputError, match="不是文件夹，无法在其中写入"):
            write_output(tmp_path / folder / "a.md", b"x")
