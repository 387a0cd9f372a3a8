"""A batch that survives a bad day (issue 14, items 7 to 11): an input's outputs are all written or
none are; signals leave no worker running and no temporary behind; a worker killed by the OOM
killer costs its own input only; an output that is not a regular file is refused at once;
arguments a script gets wrong are told for what they are.

Real signals, FIFOs and killed processes are tried in subprocesses with timeouts, so that a
regression fails instead of hanging the suite."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summary_gen import batch, output
from summary_gen.batch import LOST
from summary_gen.build import BuildOptions, build_file
from summary_gen.cli import app
from summary_gen.output import RECORD_NAME, remove_stale_temporaries

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"

runner = CliRunner()
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux: signals, /proc, prctl")


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def communities(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for index in range(count):
        (folder / f"c{index}.yaml").write_text(text.replace("城里社区", f"第{index}社区"), "utf-8")
    return folder


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".sg-*.tmp"))


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != RECORD_NAME)


# --- 7. an input's outputs: all or none -------------------------------------------------------


def test_a_bad_reference_document_leaves_no_markdown(tmp_path: Path) -> None:
    reference = tmp_path / "单位模板.docx"
    reference.write_text("这不是 DOCX\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", EXAMPLE, "--out-dir", out, "-f", "md", "-f", "docx")
    result = run(*args, "--reference-doc", reference, "--json")
    # The reference is read once, before any input is built: a usage error for the whole run.
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert "参考文档不是有效的 DOCX 文件" in report["error"]
    assert not out.exists() or visible(out) == []


def test_a_full_disk_at_the_second_output_removes_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = output._temporary

    def full_disk(path: Path, data: bytes, *args, **kwargs) -> str:
        if path.suffix == ".docx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(output, "_temporary", full_disk)
    out = tmp_path / "out"
    result = run("build", EXAMPLE, "--out-dir", out, "-f", "md", "-f", "docx")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"{EXAMPLE}：{out / '城里社区.docx'}：无法写入（No space left on device）；"
        "为免只有一部分输出，城里社区.md 也未写入",
        f"{out / '城里社区.md'}：未写入：同一数据文件的输出要么全部写入，要么都不写",
        f"{out / '城里社区.docx'}：未写入：同一数据文件的输出要么全部写入，要么都不写",
    ]
    assert visible(out) == []  # no Markdown, no temporary


def test_a_replace_that_fails_puts_back_what_was_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "城里社区.yaml"
    data.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out"
    assert run("build", data, "--out-dir", out, "-f", "md", "-f", "docx").exit_code == 0
    (out / "城里社区.md").write_text("秘书改过的版本\n", encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in visible(out)}
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("count: 300余", "count: 400余"), encoding="utf-8")

    real_replace = os.replace

    def locked(source: str, target: str | Path) -> None:
        if Path(target).suffix == ".docx":  # open in Word on Windows, say
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", locked)
    result = run("build", data, "--out-dir", out, "-f", "md", "-f", "docx", "--force")
    assert result.exit_code == 3
    assert "无法写入（Permission denied）" in result.stderr
    # The edited Markdown was moved aside and replaced, then put back; its copy is gone.
    assert {name: (out / name).read_bytes() for name in visible(out)} == before
    monkeypatch.undo()
    # The record still describes what is there: the DOCX is ours and updated, the edit kept.
    result = run("build", data, "--out-dir", out, "-f", "docx")
    assert result.stderr.splitlines() == [f"{out / '城里社区.docx'}：已更新"]


# --- 8. signals ----------------------------------------------------------------------------------

# Every write waits a minute in fsync, while its temporary is in the output folder: a batch
# "running and writing for minutes".
SLOW_WRITES = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from summary_gen.cli import app
app(sys.argv[1:], prog_name="summary-gen")
"""


def slow_batch(data: Path, out: Path, jobs: int) -> subprocess.Popen[str]:
    """The batch in a process of its own, with its own temporary folder (``out``'s sibling
    ``tmp``), where a killed batch's journal can be seen."""
    (out.parent / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(out.parent / "tmp")}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            SLOW_WRITES,
            "build",
            data,
            "--out-dir",
            out,
            "-f",
            "md",
            "-j",
            str(jobs),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a job
    )


def wait_for_temporaries(proc: subprocess.Popen[str], out: Path, count: int) -> list[int]:
    """The pids of the writers once ``count`` temporaries are in ``out``."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        names = temporaries(out) if out.exists() else []
        if len(names) >= count:
            return [int(name.split("-")[1]) for name in names]
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"no temporaries appeared: {proc.communicate()[1]}")


def gone(pid: int) -> bool:
    """Not running: no such process, or a zombie nobody has reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@linux_only
@pytest.mark.parametrize(
    ("signum", "code", "group", "jobs"),
    [
        (signal.SIGTERM, 143, False, 2),
        (signal.SIGHUP, 129, True, 2),
        (signal.SIGINT, 130, True, 2),
        (signal.SIGTERM, 143, False, 1),  # no pool: the process itself is writing
    ],
)
def test_a_signal_stops_the_workers_and_leaves_no_temporary(
    tmp_path: Path, signum: int, code: int, group: bool, jobs: int
) -> None:
    # SIGHUP (a closed terminal) and Ctrl-C reach the whole process group, SIGTERM the parent.
    data, out = communities(tmp_path / "data", 4), tmp_path / "out"
    proc = slow_batch(data, out, jobs=jobs)
    workers = wait_for_temporaries(proc, out, jobs)
    assert (proc.pid in workers) == (jobs == 1)
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 10, "the workers were left to finish their chunks"
    assert proc.returncode == code, stderr
    assert "已中断" in stderr
    assert all(gone(pid) for pid in workers)
    assert temporaries(out) == []


@linux_only
def test_workers_die_with_a_parent_killed_outright(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    data, out = communities(tmp_path / "data", 4), tmp_path / "out"
    proc = slow_batch(data, out, jobs=2)
    workers = wait_for_temporaries(proc, out, 2)
    proc.kill()
    proc.communicate(timeout=30)
    assert wait_until(lambda: all(gone(pid) for pid in workers))
    assert wait_until(lambda: temporaries(out) == [])
    # The killed batch could not remove its journal; the next batch with workers does.
    (journal,) = (tmp_path / "tmp").glob("summary-gen-journal-*")
    assert journal.name.startswith(f"summary-gen-journal-{proc.pid}-")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    assert run("build", data, "--out-dir", out, "-f", "md", "-j", "2").exit_code == 0
    assert not journal.exists()


@linux_only
def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    data, out = communities(tmp_path / "data", 1), tmp_path / "out"
    proc = slow_batch(data, out, jobs=1)  # the build runs in the process that is killed
    wait_for_temporaries(proc, out, 1)
    proc.kill()
    proc.communicate(timeout=30)
    assert len(temporaries(out)) == 1  # SIGKILL: nobody could remove it
    result = run("build", data / "c0.yaml", "--out-dir", out, "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert visible(out) == ["c0.md"]


@pytest.mark.skipif(os.name != "posix", reason="a writer's pid is probed on POSIX only")
def test_stale_temporaries_are_told_by_their_writer(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(dead.stdout)
    names = {
        "dead": f".sg-{dead_pid}-abcdefgh.tmp",
        "alive": f".sg-{os.getpid()}-abcdefgh.tmp",
        "old": ".sg-abcdefgh.tmp",  # no pid (an earlier version), a day old
        "recent": ".sg-ijklmnop.tmp",
        "other": ".sg-notes.txt",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(tmp_path / names["old"], (day_ago, day_ago))
    remove_stale_temporaries([tmp_path, tmp_path / "missing"])
    left = {key for key, name in names.items() if (tmp_path / name).exists()}
    assert left == {"alive", "recent", "other"}


# --- 9. a worker killed by the OOM killer ---------------------------------------------------------


def oom_killed(path: Path, options: BuildOptions, recorded: dict[Path, str]):
    if path.name == "c5.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    return build_file(path, options, recorded)


@linux_only
def test_a_worker_killed_under_one_input_costs_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setattr(batch, "build_file", oom_killed)  # the forked workers inherit it
    # Chunks of four: c4, built before c5 in its chunk, has its result only in the journal.
    monkeypatch.setattr(batch, "_chunks", lambda tasks, workers: [tasks[:4], tasks[4:8], tasks[8:]])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    data, out = communities(tmp_path / "data", 10), tmp_path / "out"

    result = run("build", data, "--out-dir", out, "-f", "md", "-j", "2", "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["counts"] == {"ok": 9, "invalid": 0, "failed": 1, "kept": 0}
    by_file = {Path(e["file"]).name: e for e in report["inputs"]}
    assert len(by_file) == 10
    assert by_file["c5.yaml"]["errors"][0]["message"] == LOST
    for index in (0, 1, 2, 3, 4, 6, 7, 8, 9):
        entry = by_file[f"c{index}.yaml"]
        assert [o["status"] for o in entry["outputs"]] == ["created"], entry
    assert visible(out) == [f"c{i}.md" for i in (0, 1, 2, 3, 4, 6, 7, 8, 9)]
    assert temporaries(out) == []
    assert list((tmp_path / "tmp").glob("summary-gen-journal-*")) == []  # removed
    record = json.loads((out / RECORD_NAME).read_text(encoding="utf-8"))["outputs"]
    assert sorted(record) == visible(out)


# --- 10. outputs that are not files ---------------------------------------------------------------


def cli(*args: object, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "summary_gen", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@linux_only
def test_an_output_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "总结.md"
    os.mkfifo(fifo)
    (tmp_path / "zero.docx").symlink_to("/dev/zero")
    (tmp_path / "full.md").symlink_to("/dev/full")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "城里社区.md")
    for args, kind in (
        (("-o", fifo), "命名管道（FIFO）"),
        (("-o", tmp_path / "zero.docx"), "字符设备"),
        (("-o", tmp_path / "full.md"), "字符设备"),
        (("--out-dir", out, "-f", "md"), "命名管道（FIFO）"),
    ):
        started = time.monotonic()
        proc = cli("build", EXAMPLE, *args)
        assert time.monotonic() - started < 10
        assert proc.returncode == 2, proc.stderr
        assert f"这是{kind}，不是普通文件，不能用作输出文件" in proc.stderr
    assert not (out / RECORD_NAME).exists()


def test_an_output_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "城里社区.md").mkdir()
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md")
    assert result.exit_code == 2
    assert "这是文件夹，不是普通文件" in result.stderr


# --- 11. arguments a script gets wrong ------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "validate", "preview"])
def test_an_empty_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # `summary-gen build "$DATA"` with DATA unset must not build every file of the folder.
    communities(tmp_path, 1)
    monkeypatch.chdir(tmp_path)
    result = run(command, "")
    assert result.exit_code == 2
    assert "PATH 的值无效：不能是空字符串（多半是脚本里的变量没有赋值）" in result.stderr
    assert visible(tmp_path) == ["c0.yaml"]
    result = run("build", EXAMPLE, "--out-dir", "")
    assert result.exit_code == 2
    assert "--out-dir 的值无效：不能是空字符串" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("build", str(EXAMPLE)),
        ("validate", str(EXAMPLE)),
        ("preview", str(EXAMPLE)),
        ("templates",),
    ],
)
def test_a_template_folder_that_is_missing_or_a_file_is_a_usage_error(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    result = run(*command, "--template-dir", tmp_path / "没有这个")
    assert result.exit_code == 2
    assert f"--template-dir {tmp_path / '没有这个'}：找不到这个文件夹" in result.stderr
    result = run(*command, "--template-dir", EXAMPLE)
    assert result.exit_code == 2
    assert f"--template-dir {EXAMPLE}：这不是文件夹" in result.stderr


@linux_only
def test_inputs_that_are_not_data_files_are_told_as_what_they_are(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "循环.yaml"
    loop.symlink_to(loop)
    dangling = tmp_path / "断链.yaml"
    dangling.symlink_to(tmp_path / "已删除.yaml")
    for path, message in (
        (fifo, f"{fifo}：这是命名管道（FIFO），不是数据文件"),
        ("/dev/null", "/dev/null：这是字符设备，不是数据文件"),
        ("/dev/stdin", "不支持从标准输入读取数据文件"),
        (loop, f"{loop}：符号链接形成了循环"),
        (
            dangling,
            f"找不到文件：{dangling}（它是符号链接，指向的 {tmp_path / '已删除.yaml'} 不存在）",
        ),
    ):
        proc = cli("build", path, "-f", "md", "--out-dir", tmp_path / "out")
        assert proc.returncode == 2, (path, proc.stderr)
        assert message in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


def test_an_unreadable_input_or_folder_gets_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, whom no permission stops: the refusals are simulated.
    secret = communities(tmp_path / "secret", 1)
    real_stat, real_iterdir = os.stat, Path.iterdir

    def stat(path, *args, **kwargs):
        if Path(path) == secret / "c0.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    def iterdir(self: Path):
        if self == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = run("validate", secret / "c0.yaml")
    assert result.exit_code == 2
    assert f"没有权限访问：{secret / 'c0.yaml'}" in result.stderr
    result = run("validate", secret)
    assert result.exit_code == 2
    assert f"没有权限读取文件夹：{secret}" in result.stderr
