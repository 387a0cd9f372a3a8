"""Telling what happened: plain lines a script can grep, one JSON document on stdout with --json,
and the tool working when its output goes to pipes rather than a terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
BAD = "year: 2020\ncommunity:\n  name: 坏社区\n  househods: 300\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a shell script runs it: a separate process, stdout and stderr piped."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update({"PYTHONPATH": str(ROOT / "src"), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "summary_gen", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        check=False,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "城里社区.yaml").write_bytes(EXAMPLE.read_bytes())
    (folder / "minimal.yaml").write_bytes((ROOT / "examples" / "minimal.yaml").read_bytes())
    (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
    return folder


def test_plain_report_one_greppable_line_per_event(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # minimal.yaml has no date: --date keeps today's (far from 2020) out of the warnings.
    result = run("build", data, "--out-dir", out, "-f", "md", "--date", "2021-03-03")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 5, lines
    assert (
        lines[0] == f"{data / 'bad.yaml'}:4:3: community.househods：未知字段，是不是 households？"
    )
    assert lines[1].startswith(f"警告 {data / 'minimal.yaml'}: 生成的总结只有")
    assert lines[2:] == [
        f"{out / 'minimal.md'}：已生成",
        f"{out / '城里社区.md'}：已生成",
        "共 3 个数据文件：成功 2 个，数据有误 1 个",
    ]
    assert not ANSI.search(result.stderr)


def test_quiet_reports_only_errors(data: Path, tmp_path: Path) -> None:
    result = run("build", data, "--out-dir", tmp_path / "out", "-f", "md", "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data / 'bad.yaml'}:4:3: community.househods：未知字段，是不是 households？"
    ]
    (data / "bad.yaml").unlink()
    result = run("build", data, "--out-dir", tmp_path / "out", "-f", "md", "-q")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_json_report_is_the_only_thing_on_stdout(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--out-dir", out, "-f", "md", "-f", "docx", "--date", "2021-03-03", "--json")
    result = run("build", data, *args)
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["exit_code"] == 1
    assert report["counts"] == {"ok": 2, "invalid": 1, "failed": 0, "kept": 0}
    by_file = {Path(entry["file"]).name: entry for entry in report["inputs"]}
    assert list(by_file) == ["bad.yaml", "minimal.yaml", "城里社区.yaml"]

    bad = by_file["bad.yaml"]
    assert bad["status"] == "invalid"
    assert bad["outputs"] == []
    assert bad["chars"] is None
    assert bad["errors"] == [
        {
            "file": str(data / "bad.yaml"),
            "line": 4,
            "column": 3,
            "path": "community.househods",
            "message": "未知字段，是不是 households？",
        }
    ]

    good = by_file["城里社区.yaml"]
    assert good["status"] == "ok"
    assert good["errors"] == [] and good["warnings"] == []
    assert good["outputs"] == [
        {"path": str(out / "城里社区.md"), "format": "md", "status": "created", "kept_copy": None},
        {
            "path": str(out / "城里社区.docx"),
            "format": "docx",
            "status": "created",
            "kept_copy": None,
        },
    ]
    markdown = (out / "城里社区.md").read_text(encoding="utf-8")
    assert good["chars"] > 1000
    # 字数 counts the text's non-space characters, Markdown marks aside.
    assert good["chars"] == len("".join(re.sub(r"[#\\]", "", markdown).split()))

    short = by_file["minimal.yaml"]
    assert [w["message"][:8] for w in short["warnings"]] == ["生成的总结只有 "]
    # Chinese stays readable in the report (ensure_ascii=False).
    assert "未知字段" in result.stdout


def test_json_report_tells_kept_outputs_as_errors(tmp_path: Path) -> None:
    (tmp_path / "城里社区.md").write_text("秘书改过的版本\n", encoding="utf-8")
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md", "--json")
    assert result.exit_code == 3
    entry = json.loads(result.stdout)["inputs"][0]
    assert entry["status"] == "kept"
    assert entry["outputs"][0]["status"] == "kept"
    assert entry["errors"][0]["file"] == str(tmp_path / "城里社区.md")
    assert "--force" in entry["errors"][0]["message"]


def test_json_report_of_a_refused_batch(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "同名.yaml").write_bytes(EXAMPLE.read_bytes())
    result = run("build", tmp_path / "a", tmp_path / "b", "--out-dir", tmp_path / "out", "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["exit_code"] == 2
    assert "都会写入" in report["error"]
    assert report["inputs"] == []


def test_json_and_markdown_on_stdout_cannot_be_combined() -> None:
    result = run("build", EXAMPLE, "-o", "-", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["exit_code"] == 2


def test_works_with_pipes_instead_of_a_terminal(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cli("build", data, "--out-dir", out, "-f", "md", "--json", "-j", "2")
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["counts"]["ok"] == 2
    assert proc.stderr == ""

    proc = cli("build", data, "--out-dir", out, "-f", "md")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert not ANSI.search(proc.stderr)
    assert "━" not in proc.stderr and "┃" not in proc.stderr  # no bar, no table
    assert f"{out / '城里社区.md'}：未变化" in proc.stderr.splitlines()

    proc = cli("preview", EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    assert not ANSI.search(proc.stdout)
    assert proc.stdout.splitlines()[0].strip() == "创建科普示范社区工作总结"


def test_a_shell_loop_over_years_reports_only_the_failing_ones(tmp_path: Path) -> None:
    # The "done when": for y in 2021 2022 2023; do summary-gen build data/$y/ ... -q
    for year in ("2021", "2022", "2023"):
        folder = tmp_path / "data" / year
        folder.mkdir(parents=True)
        (folder / "城里社区.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "data" / "2022" / "bad.yaml").write_text(BAD, encoding="utf-8")
    script = (
        "for y in 2021 2022 2023; do "
        f'"{sys.executable}" -m summary_gen build data/$y/ --out-dir out/$y -q '
        '|| echo "failed $y"; done'
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        ["sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env, check=False
    )
    assert proc.stdout == "failed 2022\n"
    assert proc.stderr.splitlines() == [
        "data/2022/bad.yaml:4:3: community.househods：未知字段，是不是 households？"
    ]
    for year in ("2021", "2022", "2023"):
        assert (tmp_path / "out" / year / "城里社区.docx").read_bytes()[:2] == b"PK"


def test_no_color_is_respected_on_a_terminal(tmp_path: Path) -> None:
    minimal = ROOT / "examples" / "minimal.yaml"
    # FORCE_COLOR makes rich draw as on a terminal although the output is a pipe.
    coloured = cli("preview", minimal, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert re.search(r"\x1b\[[0-9;]*3[0-7]m", coloured.stdout)  # the warning in yellow
    plain = cli("preview", minimal, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.returncode == 0
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", plain.stdout)
    assert ANSI.sub("", plain.stdout) == ANSI.sub("", coloured.stdout)


@pytest.mark.parametrize(
    "args", [["--help"], ["build", str(EXAMPLE), "-o", "-", "-f", "md"], ["build", "--help"]]
)
def test_help_and_a_markdown_build_import_no_docx_and_the_build_no_rich(args: list[str]) -> None:
    # typer draws help with rich, as it intends; a build that draws nothing needs no rich.
    heavy = {"docx", "lxml"} if "--help" in args else {"rich", "docx", "lxml"}
    code = (
        "import sys\n"
        "from summary_gen.cli import app\n"
        f"try:\n    app({args!r})\n"
        "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r})\n"
        "print(heavy, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_json_report_even_for_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summary_gen.batch

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("意外")

    monkeypatch.setattr(summary_gen.batch, "run_batch", broken)
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md", "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["exit_code"] == 3
    assert report["error"] == "内部错误：RuntimeError: 意外"
    assert report["inputs"] == []
    assert "内部错误：RuntimeError: 意外" in result.stderr


def test_json_report_for_an_out_dir_link_that_loops(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = run("build", EXAMPLE, "--out-dir", loop, "-f", "md", "--json")
    assert result.exit_code == 2
    assert "符号链接形成了循环" in json.loads(result.stdout)["error"]


def closed_stdout(*args: object) -> subprocess.CompletedProcess[str]:
    """The command with a stdout nobody reads any more, as `… | head -1` leaves it once head
    has exited: the read end is closed before the command starts, so its first write fails."""
    read, write = os.pipe()
    os.close(read)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1614729600"}
        return subprocess.run(
            [sys.executable, "-m", "summary_gen", *map(str, args)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [
        ["preview", EXAMPLE],
        ["build", EXAMPLE, "-o", "-", "-f", "md"],
        ["schema"],
        ["templates"],
    ],
    ids=["preview", "build -o -", "schema", "templates"],
)
def test_a_reader_that_went_away_is_no_failure(args: list[object]) -> None:
    proc = closed_stdout(*args)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_json_to_a_reader_that_went_away_keeps_the_exit_code(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = closed_stdout("build", data / "城里社区.yaml", "--out-dir", out, "-f", "md", "--json")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (out / "城里社区.md").is_file()
    # The builds happened and their code still tells a bad file, report or no report.
    proc = closed_stdout("build", data, "--out-dir", out, "-f", "md", "--json")
    assert (proc.returncode, proc.stderr) == (1, "")
