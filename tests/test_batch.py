"""Batch builds: many inputs, parallel workers, one bad file among good ones, collisions refused
before anything is written, safe output names, and nothing half-written when a write fails."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen import output
from summary_gen.batch import BatchReport, plan_batch, run_batch
from summary_gen.build import BuildOptions, build_file, format_document, render_file
from summary_gen.cli import app
from summary_gen.errors import UsageError
from summary_gen.output import RECORD_NAME
from summary_gen.report import file_status

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
BAD = "year: 2020\ncommunity:\n  name: 坏社区\n  househods: 300\n"
DATE = "2021-03-03"

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def community(folder: Path, stem: str, name: str, *, suffix: str = ".yaml") -> Path:
    """The example with another community's name, written as ``folder/stem+suffix``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}{suffix}"
    text = EXAMPLE.read_text(encoding="utf-8").replace("name: 城里社区", f"name: {name}")
    assert f"name: {name}" in text
    path.write_text(text, encoding="utf-8")
    return path


def names(folder: Path) -> list[str]:
    """The files in ``folder`` but the record of what summary-gen wrote there (temporaries, hidden
    too, are listed: none must be left)."""
    return sorted(p.name for p in folder.iterdir() if p.name != RECORD_NAME)


def expected_markdown(path: Path) -> bytes:
    """What a one-file build of ``path`` writes, computed in this process without the batch."""
    options = BuildOptions(formats=("md",))
    document, _ = render_file(path, options)
    return format_document(document, "md", options)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Three good data files and one bad one in a folder."""
    folder = tmp_path / "data"
    for stem, name in (("a", "东城社区"), ("b", "西城社区"), ("c", "南城社区")):
        community(folder, stem, name)
    (folder / "bad.yml").write_text(BAD, encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_file_does_not_stop_the_others(data: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    result = run("build", data, "--out-dir", out, "-f", "md", "-j", jobs)
    assert result.exit_code == 1
    assert names(out) == ["a.md", "b.md", "c.md"]
    for stem, name in (("a", "东城社区"), ("b", "西城社区"), ("c", "南城社区")):
        written = (out / f"{stem}.md").read_bytes()
        assert written == expected_markdown(data / f"{stem}.yaml")
        assert name in written.decode("utf-8")
    assert f"{data / 'bad.yml'}:4:3: community.househods：未知字段" in result.stderr
    assert "共 4 个数据文件：成功 3 个，数据有误 1 个" in result.stderr


def test_two_jobs_write_the_same_bytes_as_one(data: Path, tmp_path: Path) -> None:
    (data / "bad.yml").unlink()
    for index in range(5):  # enough inputs for several chunks per worker
        community(data, f"n{index}", f"第{index}社区")
    for jobs in ("1", "2"):
        args = ("build", data, "--out-dir", tmp_path / jobs, "-f", "md", "-f", "docx")
        result = run(*args, "--date", DATE, "-j", jobs)
        assert result.exit_code == 0, result.stderr
    one = {name: (tmp_path / "1" / name).read_bytes() for name in names(tmp_path / "1")}
    two = {name: (tmp_path / "2" / name).read_bytes() for name in names(tmp_path / "2")}
    assert len(one) == 16
    assert one == two


def test_colliding_outputs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    first = community(tmp_path / "a", "城里社区", "城里社区")
    second = community(tmp_path / "b", "城里社区", "另一个社区", suffix=".yml")
    good = community(tmp_path / "c", "东城", "东城社区")
    out = tmp_path / "out"
    result = run("build", good, first, second, "--out-dir", out, "-f", "md")
    assert result.exit_code == 2
    assert f"{first} 和 {second} 都会写入 {out / '城里社区.md'}" in result.stderr
    assert not out.exists()  # not even the good file's output


def test_outputs_that_differ_only_in_case_collide(tmp_path: Path) -> None:
    paths = [community(tmp_path / "a", "Town", "东城社区"), community(tmp_path, "town", "西城")]
    with pytest.raises(UsageError, match="都会写入"):
        plan_batch(paths, BuildOptions(formats=("md",), out_dir=tmp_path / "out"))


def test_the_same_file_named_twice_is_built_once(data: Path, tmp_path: Path) -> None:
    (data / "bad.yml").unlink()
    options = BuildOptions(formats=("md",), out_dir=tmp_path / "out")
    assert plan_batch([data / "a.yaml", data / "a.yaml", data / "b.yaml"], options) == [
        data / "a.yaml",
        data / "b.yaml",
    ]
    result = run("build", data, data / "a.yaml", "--out-dir", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert names(tmp_path / "out") == ["a.md", "b.md", "c.md"]


def test_output_names_are_sanitised_and_stay_in_the_output_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    inputs = [
        community(folder, "con", "东城社区"),
        community(folder, "a?b", "西城社区"),
        community(folder, " 南城 .", "南城社区"),
    ]
    out = tmp_path / "out"
    report = run_batch(inputs, BuildOptions(formats=("md",), out_dir=out), jobs=1)
    assert report.exit_code == 0
    assert names(out) == ["_con.md", "a_b.md", "南城.md"]
    for result in report.results:
        for out_result in result.outputs:
            assert out_result.path.parent == out


def test_a_failed_write_leaves_nothing_half_written(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data / "bad.yml").unlink()
    out = tmp_path / "out"
    out.mkdir()
    edited = out / "b.md"
    edited.write_text("秘书改过的版本\n", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(source: str, target: str | Path) -> None:
        if Path(target).name == "b.md":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing_replace)
    options = BuildOptions(formats=("md",), out_dir=out, force=True)
    report = run_batch(sorted(data.iterdir()), options, jobs=1)

    assert report.exit_code == 3
    assert [file_status(r) for r in report.results] == ["ok", "failed", "ok"]
    assert "无法写入" in report.results[1].error
    # The old file is whole, no temporary file is left, and the other files were written.
    assert edited.read_text(encoding="utf-8") == "秘书改过的版本\n"
    assert names(out) == ["a.md", "b.md", "c.md"]


def test_invalid_data_wins_over_a_kept_output(data: Path, tmp_path: Path) -> None:
    # A script testing for invalid data (exit 1) must not miss it behind a kept output (3).
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("秘书改过的版本\n", encoding="utf-8")
    result = run("build", data, "--out-dir", out, "-f", "md")
    assert result.exit_code == 1
    assert f"{out / 'a.md'}：已保留原文件" in result.stderr
    assert (out / "a.md").read_text(encoding="utf-8") == "秘书改过的版本\n"
    assert (out / "c.md").exists()


def test_identical_outputs_are_told_as_identical(data: Path, tmp_path: Path) -> None:
    (data / "bad.yml").unlink()
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md", "--date", DATE).exit_code == 0
    result = run("build", data, "--out-dir", out, "-f", "md", "--date", DATE, "-j", "2")
    assert result.exit_code == 0
    assert result.stderr.count("：未变化") == 3


def test_strict_turns_warnings_into_errors_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  location: 城区市中心\n", "  location: 城区市中心\n  population: 10\n"
    )
    text = text.replace(
        "    - name: 科普志愿者服务队\n", "    - name: 科普志愿者服务队\n      members: 30\n"
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"

    result = run("build", path, "--out-dir", out, "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert "警告" in result.stderr and "队伍人数（30）多于社区人口（10）" in result.stderr
    (out / "big.md").unlink()

    result = run("build", path, "--out-dir", out, "-f", "md", "--strict")
    assert result.exit_code == 1
    assert "organisation.teams[1].members：队伍人数（30）多于社区人口（10）" in result.stderr
    assert names(out) == []

    result = run("validate", path, "--strict")
    assert result.exit_code == 1
    assert "队伍人数（30）多于社区人口（10）" in result.stderr
    assert run("validate", path).exit_code == 0


def test_a_summary_far_shorter_than_usual_is_a_warning(tmp_path: Path) -> None:
    minimal = ROOT / "examples" / "minimal.yaml"
    options = BuildOptions(formats=("md",), out_dir=tmp_path, date=dt.date(2021, 3, 3))
    result = build_file(minimal, options)
    assert result.exit_code == 0
    assert 0 < result.chars < 800
    assert [(w.line, w.path) for w in result.warnings] == [(0, "")]
    assert result.warnings[0].message.startswith(f"生成的总结只有 {result.chars} 字，远短于")
    assert build_file(EXAMPLE, BuildOptions(formats=("md",), out_dir=tmp_path)).warnings == []


def test_an_internal_error_in_one_file_is_reported_and_the_others_built(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summary_gen.batch as batch

    def flaky(path: Path, options: BuildOptions, recorded: dict[Path, str]):
        if path.name == "b.yaml":
            raise ZeroDivisionError("division by zero")
        return build_file(path, options, recorded)

    monkeypatch.setattr(batch, "build_file", flaky)
    report: BatchReport = run_batch(
        sorted(data.glob("*.yaml")), BuildOptions(formats=("md",), out_dir=tmp_path), jobs=1
    )
    assert [file_status(r) for r in report.results] == ["ok", "failed", "ok"]
    assert report.results[1].error.startswith("内部错误：ZeroDivisionError")
    assert report.exit_code == 3


def test_compiled_templates_are_cached_and_a_broken_cache_is_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from summary_gen.templating.environment import environment

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    environment.cache_clear()
    try:
        expected = expected_markdown(EXAMPLE)
        cached = list((tmp_path / "tmp").glob("_jinja2-cache-*/summary-gen-*.cache"))
        assert cached  # one file per template, for the next process
        from jinja2.bccache import bc_magic

        for path in cached:  # right header, damaged body: the cache must not fail the build
            path.write_bytes(bc_magic + b"\x00garbage")
        environment.cache_clear()
        assert expected_markdown(EXAMPLE) == expected
    finally:
        environment.cache_clear()


def test_an_output_that_is_its_own_input_is_refused(tmp_path: Path) -> None:
    # `cp minimal.yaml m.md; build m.md -f md --force` would replace the data with the summary.
    data = tmp_path / "m.md"
    data.write_bytes((ROOT / "examples" / "minimal.yaml").read_bytes())
    before = data.read_bytes()
    result = run("build", data, "-f", "md", "--force")
    assert result.exit_code == 2
    assert f"输出文件 {data} 就是数据文件 {data}" in result.stderr
    assert data.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.md"]


def test_an_output_that_is_another_input_or_a_link_to_the_input_is_refused(
    tmp_path: Path,
) -> None:
    first = community(tmp_path, "a", "东城社区")
    second = community(tmp_path, "a.md", "西城社区", suffix="")
    # a.yaml writes a.md, which is the other input.
    with pytest.raises(UsageError, match=f"输出文件 {second} 就是数据文件 {second}"):
        plan_batch([first, second], BuildOptions(formats=("md",)))
    # -o through a link to the input.
    link = tmp_path / "link.md"
    link.symlink_to(first)
    before = first.read_bytes()
    result = run("build", first, "-o", link, "--force")
    assert result.exit_code == 2
    assert f"输出文件 {link} 就是数据文件 {first}" in result.stderr
    assert first.read_bytes() == before and link.is_symlink()


def test_a_link_to_an_input_is_an_input_of_its_own(tmp_path: Path) -> None:
    # Two names of one file: each is built under its own name, none is dropped unseen.
    source = community(tmp_path / "data", "东城", "东城社区")
    link = tmp_path / "data" / "东城链接.yaml"
    link.symlink_to(source)
    out = tmp_path / "out"
    result = run("build", source, link, "--out-dir", out, "-f", "md", "--date", DATE)
    assert result.exit_code == 0, result.stderr
    assert names(out) == ["东城.md", "东城链接.md"]
    # Where both names would write one output, that is refused as for any two inputs.
    other = tmp_path / "other"
    other.mkdir()
    (other / "东城.yaml").symlink_to(source)
    with pytest.raises(UsageError, match="都会写入"):
        plan_batch([source, other / "东城.yaml"], BuildOptions(formats=("md",), out_dir=out))
