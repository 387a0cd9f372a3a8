"""Rebuilding (docs/cli.md, "重新生成"): summary-gen knows its own outputs. One it wrote and nobody
changed is replaced when the data changes; one changed since is kept (exit 3), and --force keeps
the changed copy beside it before replacing it; an identical one is left alone. The same for
-o FILE, --out-dir, batches, md and docx, and for an output folder that was moved or copied."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.output import RECORD_NAME, OutputRecord, WriteStatus, digest, write_outputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
BAD = "year: 2020\ncommunity:\n  name: 坏社区\n  househods: 300\n"
EDITED = "秘书在 Word 里改过的版本\n"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "城里社区.yaml"
    path.parent.mkdir()
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def fix_a_figure(path: Path) -> None:
    """The ordinary loop: a figure corrected in the data file."""
    text = path.read_text(encoding="utf-8")
    assert "count: 300余" in text
    path.write_text(text.replace("count: 300余", "count: 400余"), encoding="utf-8")


def edit(path: Path, text: str = EDITED, day: str = "2026-01-12") -> None:
    """An output changed after it was written, last modified on ``day`` (local time)."""
    path.write_text(text, encoding="utf-8")
    when = dt.datetime.fromisoformat(f"{day}T10:00").timestamp()
    os.utime(path, (when, when))


def lines(result) -> list[str]:
    return result.stderr.splitlines()


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_corrected_data_file_rebuilds_without_force(data: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    target = out / f"城里社区.{fmt}"
    assert run("build", data, "--out-dir", out, "-f", fmt).exit_code == 0
    first = target.read_bytes()
    fix_a_figure(data)
    result = run("build", data, "--out-dir", out, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert lines(result) == [f"{target}：已更新"]
    assert target.read_bytes() != first
    if fmt == "md":
        assert "400余册" in target.read_text(encoding="utf-8")
    # Built again unchanged: identical, left alone.
    stamp = target.stat().st_mtime_ns
    result = run("build", data, "--out-dir", out, "-f", fmt)
    assert lines(result) == [f"{target}：未变化"]
    assert target.stat().st_mtime_ns == stamp


def test_an_edited_output_is_kept_then_force_keeps_the_edit_beside_it(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    docx, md = out / "城里社区.docx", out / "城里社区.md"
    assert run("build", data, "--out-dir", out, "-f", "md", "-f", "docx").exit_code == 0
    edit(docx)
    fix_a_figure(data)

    result = run("build", data, "--out-dir", out, "-f", "md", "-f", "docx")
    assert result.exit_code == 3
    assert f"{docx}：已保留原文件：它在生成后被修改过" in result.stderr
    assert "--force" in result.stderr
    assert docx.read_text(encoding="utf-8") == EDITED
    # All or none: the Markdown is not updated beside a DOCX that was kept.
    assert f"{md}：未写入" in result.stderr
    assert "400余册" not in md.read_text(encoding="utf-8")

    result = run("build", data, "--out-dir", out, "-f", "md", "-f", "docx", "--force")
    assert result.exit_code == 0, result.stderr
    kept = out / "城里社区.已修改-2026-01-12.docx"
    assert lines(result) == [f"{md}：已更新", f"{docx}：已覆盖，改过的文件另存为 {kept}"]
    assert kept.read_text(encoding="utf-8") == EDITED
    assert docx.read_bytes()[:2] == b"PK"
    # The kept copy keeps the day of the edit.
    assert dt.date.fromtimestamp(kept.stat().st_mtime) == dt.date(2026, 1, 12)

    # Edited again on the same day: the earlier kept copy is never overwritten.
    edit(docx, "第二次修改\n")
    result = run("build", data, "--out-dir", out, "-f", "docx", "--force")
    assert result.exit_code == 0, result.stderr
    second = out / "城里社区.已修改-2026-01-12-2.docx"
    assert lines(result) == [f"{docx}：已覆盖，改过的文件另存为 {second}"]
    assert kept.read_text(encoding="utf-8") == EDITED
    assert second.read_text(encoding="utf-8") == "第二次修改\n"


def test_force_on_an_output_nobody_changed_keeps_no_copy(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md").exit_code == 0
    fix_a_figure(data)
    result = run("build", data, "--out-dir", out, "-f", "md", "--force")
    assert lines(result) == [f"{out / '城里社区.md'}：已更新"]
    assert sorted(p.name for p in out.iterdir()) == [RECORD_NAME, "城里社区.md"]


def test_a_file_summary_gen_did_not_write_is_kept(data: Path, tmp_path: Path) -> None:
    # No record of it: safe by default, as if it had been edited.
    out = tmp_path / "out"
    out.mkdir()
    (out / "城里社区.md").write_text(EDITED, encoding="utf-8")
    result = run("build", data, "--out-dir", out, "-f", "md", "--json")
    assert result.exit_code == 3
    entry = json.loads(result.stdout)["inputs"][0]
    assert entry["status"] == "kept"
    assert entry["outputs"][0]["status"] == "kept"
    assert (out / "城里社区.md").read_text(encoding="utf-8") == EDITED


def test_an_identical_file_unknown_to_the_record_is_taken_as_ours(
    data: Path, tmp_path: Path
) -> None:
    # Outputs of a version before the record, or a record deleted: identical bytes are ours.
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md").exit_code == 0
    (out / RECORD_NAME).unlink()
    assert lines(run("build", data, "--out-dir", out, "-f", "md")) == [
        f"{out / '城里社区.md'}：未变化"
    ]
    fix_a_figure(data)
    result = run("build", data, "--out-dir", out, "-f", "md")
    assert lines(result) == [f"{out / '城里社区.md'}：已更新"]


def test_a_damaged_record_knows_nothing(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md").exit_code == 0
    (out / RECORD_NAME).write_text("{not json", encoding="utf-8")
    fix_a_figure(data)
    assert run("build", data, "--out-dir", out, "-f", "md").exit_code == 3


def test_a_mixed_run_exits_1_and_the_json_tells_each_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    other = data.with_name("东城社区.yaml")
    other.write_text(data.read_text(encoding="utf-8").replace("城里社区", "东城社区"), "utf-8")
    assert run("build", data.parent, "--out-dir", out, "-f", "md").exit_code == 0
    edit(out / "城里社区.md")
    fix_a_figure(other)
    data.with_name("bad.yaml").write_text(BAD, encoding="utf-8")

    result = run("build", data.parent, "--out-dir", out, "-f", "md", "--json")
    assert result.exit_code == 1  # invalid data wins over the kept output's 3
    report = json.loads(result.stdout)
    assert report["exit_code"] == 1
    statuses = {Path(e["file"]).name: (e["status"], e["outputs"]) for e in report["inputs"]}
    assert statuses["bad.yaml"] == ("invalid", [])
    assert statuses["城里社区.yaml"][0] == "kept"
    assert statuses["东城社区.yaml"][0] == "ok"
    assert [o["status"] for o in statuses["东城社区.yaml"][1]] == ["updated"]


def test_a_moved_or_copied_output_folder_keeps_its_record(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md", "-f", "docx").exit_code == 0
    moved = tmp_path / "2020年总结"
    out.rename(moved)
    copied = tmp_path / "副本"
    shutil.copytree(moved, copied)
    edit(copied / "城里社区.docx")
    fix_a_figure(data)

    result = run("build", data, "--out-dir", moved, "-f", "md", "-f", "docx")
    assert result.exit_code == 0, result.stderr
    assert lines(result) == [
        f"{moved / '城里社区.md'}：已更新",
        f"{moved / '城里社区.docx'}：已更新",
    ]
    result = run("build", data, "--out-dir", copied, "-f", "md", "-f", "docx")
    assert result.exit_code == 3
    assert (copied / "城里社区.docx").read_text(encoding="utf-8") == EDITED


def test_output_file_option_follows_the_same_rules(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "报送" / "总结.docx"
    assert run("build", data, "-o", target).exit_code == 0
    fix_a_figure(data)
    assert lines(run("build", data, "-o", target)) == [f"{target}：已更新"]
    edit(target)
    data.write_text(data.read_text(encoding="utf-8").replace("400余", "500余"), "utf-8")
    assert run("build", data, "-o", target).exit_code == 3
    assert target.read_text(encoding="utf-8") == EDITED
    result = run("build", data, "-o", target, "--force")
    assert result.exit_code == 0
    assert (target.parent / "总结.已修改-2026-01-12.docx").read_text(encoding="utf-8") == EDITED


def test_a_parallel_batch_records_every_output_from_its_parent_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    savers = tmp_path / "savers"
    real_save = OutputRecord.save

    def save(self: OutputRecord) -> None:
        with open(savers, "a", encoding="utf-8") as file:  # the forked workers inherit this
            file.write(f"{os.getpid()}\n")
        real_save(self)

    monkeypatch.setattr(OutputRecord, "save", save)
    folder = tmp_path / "data"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for index in range(6):
        (folder / f"c{index}.yaml").write_text(text.replace("城里社区", f"第{index}社区"), "utf-8")
    out = tmp_path / "out"
    assert run("build", folder, "--out-dir", out, "-f", "md", "-j", "2").exit_code == 0
    record = json.loads((out / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["outputs"] == {
        f"c{i}.md": digest((out / f"c{i}.md").read_bytes()) for i in range(6)
    }
    for index in range(6):
        fix_a_figure(folder / f"c{index}.yaml")
    result = run("build", folder, "--out-dir", out, "-f", "md", "-j", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("：已更新") == 6
    assert set(savers.read_text(encoding="utf-8").split()) == {str(os.getpid())}


def test_the_record_merges_what_another_run_wrote_meanwhile(tmp_path: Path) -> None:
    ours, theirs = OutputRecord(), OutputRecord()
    assert ours.digests([tmp_path / "a.md"]) == {}
    theirs.note(tmp_path / "b.md", "b" * 64)
    theirs.save()
    ours.note(tmp_path / "a.md", "a" * 64)
    ours.save()
    assert ours.save_error(tmp_path / "a.md") is None
    assert OutputRecord().digests([tmp_path / "a.md", tmp_path / "b.md"]) == {
        tmp_path / "a.md": "a" * 64,
        tmp_path / "b.md": "b" * 64,
    }


def test_write_outputs_decides_from_the_record(tmp_path: Path) -> None:
    ours, edited, unknown, same = (
        tmp_path / f"{n}.md" for n in ("ours", "edited", "unknown", "same")
    )
    for path in (ours, edited, unknown, same):
        path.write_bytes(b"old")
    recorded = {ours: digest(b"old"), edited: digest(b"what we wrote")}
    assert [w.status for w in write_outputs([(ours, b"new")], recorded)] == [WriteStatus.UPDATED]
    assert [w.status for w in write_outputs([(edited, b"new")], recorded)] == [WriteStatus.KEPT]
    assert [w.status for w in write_outputs([(unknown, b"new")], {})] == [WriteStatus.KEPT]
    assert [w.status for w in write_outputs([(same, b"old")], {})] == [WriteStatus.IDENTICAL]
    assert edited.read_bytes() == unknown.read_bytes() == b"old"


def test_a_record_that_cannot_be_written_is_a_warning(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / RECORD_NAME).mkdir(parents=True)  # in the way of the record
    result = run("build", data, "--out-dir", out, "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert f"警告 {out / '城里社区.md'}: 无法更新生成记录" in result.stderr
    assert "下次生成时，它会被当作修改过的文件保留" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [RECORD_NAME, "城里社区.md"]  # no temporary
