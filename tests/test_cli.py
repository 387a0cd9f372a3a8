"""The command line as a user and a shell script meet it: outputs, messages, exit codes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from summary_gen import __version__
from summary_gen.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "城里社区.yaml"
MINIMAL = ROOT / "examples" / "minimal.yaml"
SCRIPT = Path(sys.executable).with_name("summary-gen")

runner = CliRunner()

BAD = "year: 2020\ncommunity:\n  name: 城里社区\n  househods: 300\n"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"summary-gen {__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summary_gen", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"summary-gen {__version__}"


def test_build_writes_markdown_next_to_the_chosen_folder(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "城里社区.md"
    assert out.read_text(encoding="utf-8").startswith("# 创建科普示范社区工作总结\n")
    assert "已生成" in result.stderr
    assert result.stdout == ""


def test_build_to_stdout_writes_no_file(tmp_path: Path) -> None:
    copy = tmp_path / "c.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    result = run("build", copy, "-o", "-", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# 创建科普示范社区工作总结\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_output_option_writes_that_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "总结.md"
    result = run("build", MINIMAL, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_invalid_data_exit_1_located_message_and_no_output(bad_file: Path, tmp_path: Path) -> None:
    result = run("build", bad_file, "--out-dir", tmp_path / "out", "-f", "md")
    assert result.exit_code == 1
    assert f"{bad_file}:4:3: community.househods：未知字段，是不是 households？" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(bad_file: Path) -> None:
    result = run("build", bad_file, "-f", "md", "--debug")
    assert result.exit_code != 0
    assert result.exception is not None


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "找不到文件" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert run("build", EXAMPLE, "--no-such-option").exit_code == 2


def test_output_with_two_inputs_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, MINIMAL, "-o", tmp_path / "x.md")
    assert result.exit_code == 2
    assert "只能用于一个数据文件" in result.stderr


def test_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", MINIMAL, "--out-dir", tmp_path, "--date", "2021/3/3")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_date_option_applies_where_the_file_has_none(tmp_path: Path) -> None:
    result = run("build", MINIMAL, "-o", "-", "--date", "2021-03-03")
    assert result.exit_code == 0, result.stderr
    assert "2021年3月3日" in result.stdout
    # The example's own date (2021-03-03) wins over the option.
    result = run("build", EXAMPLE, "-o", "-", "--date", "2022-01-05")
    assert "2021年3月3日" in result.stdout
    assert "2022年1月5日" not in result.stdout


def test_existing_different_output_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "城里社区.md"
    target.write_text("秘书改过的版本\n", encoding="utf-8")
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md")
    assert result.exit_code == 3
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "秘书改过的版本\n"
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md", "--force")
    assert result.exit_code == 0
    (kept,) = tmp_path.glob("城里社区.已修改-*.md")
    assert f"{target}：已覆盖，改过的文件另存为 {kept}" in result.stderr
    assert kept.read_text(encoding="utf-8") == "秘书改过的版本\n"
    assert target.read_text(encoding="utf-8").startswith("# 创建科普示范社区工作总结")


def test_identical_output_is_left_alone(tmp_path: Path) -> None:
    assert run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md").exit_code == 0
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md")
    assert result.exit_code == 0
    assert "未变化" in result.stderr


def test_a_folder_builds_its_data_files_and_reports_the_bad_one(
    tmp_path: Path, bad_file: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "城里社区.yaml").write_bytes(EXAMPLE.read_bytes())
    (data / "bad.yml").write_text(BAD, encoding="utf-8")
    (data / "notes.txt").write_text("not data", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", data, "--out-dir", out, "-f", "md")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [".summary-gen.json", "城里社区.md"]
    assert "bad.yml:4:3:" in result.stderr


def test_validate_reports_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("year: 二〇二〇\ncommunity:\n  name: 城里社区\n  househods: 3\n", "utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{path}:1:7: year：")
    assert lines[1].startswith(f"{path}:4:3: community.househods：未知字段")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.yaml"]


def test_validate_accepts_the_examples() -> None:
    result = run("validate", EXAMPLE, MINIMAL)
    assert result.exit_code == 0, result.stderr
    assert "数据有效" in result.stderr


def test_init_writes_a_commented_file_that_validates_and_builds(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    assert run("init", data).exit_code == 0
    text = data.read_text(encoding="utf-8")
    assert "# 社区名称" in text or "社区名称（必填）" in text
    assert run("validate", data).exit_code == 0
    result = run("build", data, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "城南社区" in result.stdout
    # An existing file is not overwritten without --force.
    data.write_text("year: 2020\n", encoding="utf-8")
    result = run("init", data)
    assert result.exit_code == 3
    assert data.read_text(encoding="utf-8") == "year: 2020\n"
    assert run("init", data, "--force").exit_code == 0
    assert data.read_text(encoding="utf-8") == text


def test_init_with_an_unknown_template_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x.yaml", "--template", "nosuch")
    assert result.exit_code == 2
    assert "kepu" in result.stderr


def test_markdown_build_does_not_import_python_docx(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from summary_gen.cli import app\n"
        f"try:\n    app([r'build', r'{EXAMPLE}', '-o', '-', '-f', 'md'])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "print('docx' in sys.modules, 'lxml' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "False False"


def test_docx_is_the_default_format(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out-dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".summary-gen.json", "城里社区.docx"]
    assert (tmp_path / "城里社区.docx").read_bytes()[:2] == b"PK"


def test_both_formats_say_the_same_thing(tmp_path: Path) -> None:
    import docx

    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md", "-f", "docx")
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "城里社区.md").read_text(encoding="utf-8")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "城里社区.docx")).paragraphs]
    body = [p for p in paragraphs if p.strip()]
    md_lines = [line.lstrip("# ") for line in markdown.splitlines() if line.strip()]
    assert body == md_lines


def test_output_suffix_picks_the_format(tmp_path: Path) -> None:
    result = run("build", MINIMAL, "-o", tmp_path / "总结.docx")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "总结.docx").read_bytes()[:2] == b"PK"
    result = run("build", MINIMAL, "-o", tmp_path / "总结.txt")
    assert result.exit_code == 2
    assert ".md、.docx 或 .pdf" in result.stderr
    result = run("build", MINIMAL, "-o", "-", "-f", "docx")
    assert result.exit_code == 2


def test_unknown_font_profile_is_a_usage_error_before_anything_is_written(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "md", "-f", "docx", "--fonts", "x")
    assert result.exit_code == 2
    assert "gb" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_standard_input_is_refused_clearly() -> None:
    for command in ("build", "validate", "preview"):
        result = run(command, "-")
        assert result.exit_code == 2, command
        assert "不支持从标准输入读取数据文件，请给出文件路径" in result.stderr


@pytest.mark.parametrize("value", ["20210303", "2021-W10-3", "2021-3-3", "2021-03-03T10:00"])
def test_date_option_is_strictly_yyyy_mm_dd(tmp_path: Path, value: str) -> None:
    # Python 3.11's fromisoformat reads the first two; a secretary meant neither.
    result = run("build", MINIMAL, "--out-dir", tmp_path, "-f", "md", "--date", value)
    assert result.exit_code == 2
    assert f"--date 应写成 YYYY-MM-DD，例如 2021-03-03，而不是“{value}”" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_date_option_that_does_not_exist(tmp_path: Path) -> None:
    result = run("build", MINIMAL, "-o", "-", "--date", "2021-02-30")
    assert result.exit_code == 2
    assert "--date：“2021-02-30”不是有效的日期" in result.stderr


def test_date_option_before_the_year_is_refused(tmp_path: Path) -> None:
    # The rule of the file's own date (not before 1 January of the year), for the option.
    result = run("build", MINIMAL, "--out-dir", tmp_path, "-f", "md", "--date", "2019-12-31")
    assert result.exit_code == 2
    assert "成文日期（2019年12月31日）早于总结年度 2020 年的1月1日" in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = run("preview", MINIMAL, "--date", "2019-12-31")
    assert result.exit_code == 2
    # Where the file has its own date, the option is not used and not checked.
    assert run("build", EXAMPLE, "-o", "-", "--date", "2019-12-31").exit_code == 0


def test_a_date_of_writing_far_from_the_year_is_a_warning(tmp_path: Path) -> None:
    result = run("build", MINIMAL, "-o", "-", "--date", "2026-11-29")
    assert result.exit_code == 0
    assert (
        # minimal.yaml: a comment, then `year: 2020` on line 2.
        f"警告 {MINIMAL}:2:7: year：成文日期 2026年11月29日 与总结年度 2020 年相隔较远："
        "是否忘了写 date？"
    ) in result.stderr
    assert "相隔较远" not in run("build", MINIMAL, "-o", "-", "--date", "2021-03-03").stderr


def test_today_far_from_the_year_is_a_warning_at_build_and_validate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 2020 summary without a date, built on 29 November 2026, would carry that date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")  # 2026-11-29 00:00 UTC
    expected = "成文日期 2026年11月29日 与总结年度 2020 年相隔较远：是否忘了写 date？"
    assert expected in run("build", MINIMAL, "-o", "-").stderr
    result = run("validate", MINIMAL)
    assert result.exit_code == 0 and expected in result.stderr
    assert run("validate", MINIMAL, "--strict").exit_code == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1614729600")  # 2021-03-03
    assert "相隔较远" not in run("validate", MINIMAL).stderr


def test_out_dir_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    result = run("build", MINIMAL, "--out-dir", afile, "-f", "md")
    assert result.exit_code == 2
    assert f"--out-dir {afile}：这是一个文件，不是文件夹" in result.stderr
    assert afile.read_text(encoding="utf-8") == "x"


def test_init_given_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path} 是文件夹：请给出要写入的数据文件名" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_with_a_user_starter_that_is_not_utf8(tmp_path: Path) -> None:
    family = tmp_path / "tpl" / "mine"
    family.mkdir(parents=True)
    (family / "summary.j2").write_text("@title 我的\n", encoding="utf-8")
    (family / "starter.yaml").write_bytes("year: 2020\n# 注释\n".encode("gbk"))
    args = ("--template", "mine", "--template-dir", tmp_path / "tpl")
    result = run("init", tmp_path / "data.yaml", *args)
    assert result.exit_code == 3
    assert f"{family / 'starter.yaml'}: 样例数据文件不是 UTF-8 编码" in result.stderr
    assert "内部错误" not in result.stderr
    assert not (tmp_path / "data.yaml").exists()


TEMPLATE_NOPE = "year: 2020\ntemplate: nope\ncommunity:\n  name: 城里社区\n"


def test_an_unknown_family_in_the_file_is_invalid_data(tmp_path: Path) -> None:
    data = tmp_path / "tn.yaml"
    data.write_text(TEMPLATE_NOPE, encoding="utf-8")
    expected = f"{data}:2:11: template：未知的模板“nope”，可用 kepu、liuhao、shengtai"
    for args in (("validate",), ("build", "-f", "md"), ("preview",)):
        result = run(*args, data)
        assert result.exit_code == 1, args
        assert expected in result.stderr.splitlines(), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tn.yaml"]
    # A family of the user's own is known, from --template-dir or beside the data file.
    family = tmp_path / "tpl" / "nope"
    family.mkdir(parents=True)
    (family / "summary.j2").write_text("@title 我的总结\n@p 正文。\n", encoding="utf-8")
    assert run("validate", data, "--template-dir", tmp_path / "tpl").exit_code == 0
    result = run("build", data, "-o", "-", "--template-dir", tmp_path / "tpl")
    assert result.exit_code == 0, result.stderr
    (tmp_path / "tpl").rename(tmp_path / "summary-gen-templates")
    assert run("validate", data).exit_code == 0


def test_an_unknown_family_option_is_a_usage_error_before_building(tmp_path: Path) -> None:
    for command in (("build", "--out-dir", tmp_path, "-f", "md"), ("preview",)):
        result = run(*command, MINIMAL, "--template", "nope")
        assert result.exit_code == 2, command
        assert "--template：未知的模板“nope”，可用 kepu、liuhao、shengtai" in result.stderr
    assert list(tmp_path.iterdir()) == []
    family = tmp_path / "tpl" / "mine"
    family.mkdir(parents=True)
    (family / "summary.j2").write_text("@title 我的总结\n@p 正文。\n", encoding="utf-8")
    args = ("-o", "-", "--template", "mine", "--template-dir", tmp_path / "tpl")
    result = run("build", MINIMAL, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# 我的总结")


# Help, usage errors and completion: what typer and Click print themselves reads in Chinese, and
# help wraps at 80 columns (CJK characters two cells wide) without breaking a word.

COMMANDS = (
    "build",
    "validate",
    "table",
    "init",
    "templates",
    "schema",
    "preview",
    "reference",
    "fonts",
)
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this|Error|Try |No such|Missing|Invalid|"
    r"required|(?<![-\w])default|Possible|Did you mean|Got unexpected|requires|shell\."
)


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def declared_words(command: tuple[str, ...]) -> set[str]:
    """Every option name and every word of every help text of a command, as it declares them."""
    click_command = typer.main.get_command(app)
    if command:
        click_command = click_command.commands[command[0]]
    with click_command.make_context("summary-gen", [], resilient_parsing=True) as ctx:
        params = click_command.get_params(ctx)
    words = {param.metavar for param in params if param.param_type_name == "argument"}
    words.update(
        name for param in params if param.param_type_name == "option" for name in param.opts
    )
    words.update(word for param in params if param.help for word in param.help.split())
    return words


@pytest.mark.parametrize("command", [(), *((name,) for name in COMMANDS)], ids=str)
def test_help_fits_80_columns_and_breaks_no_word(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    too_wide = [line for line in lines if cells(line) > 80]
    assert not too_wide
    # rich breaks lines only at spaces; a word too long for its column it crops with "…".
    assert "…" not in result.stdout
    for word in declared_words(command):
        whole = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        assert any(whole.search(line) for line in lines), word
    assert not ENGLISH.search(result.stdout)


def test_help_headings_and_typer_options_are_chinese() -> None:
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout
    assert "用法：summary-gen [选项] 命令 [参数]..." in top
    for text in ("─ 选项 ─", "─ 命令 ─", "显示本帮助并退出", "--install-completion"):
        assert text in top
    assert "为当前 shell 安装命令补全" in top
    assert "--show-completion" in top
    build = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "80"}).stdout
    assert "用法：summary-gen build [选项] {PATH}..." in build
    for text in ("─ 参数 ─", "[必填]", "[默认：simplified]", "N [x>=1]"):
        assert text in build


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "--bogus"), "没有这个选项：--bogus；是不是 --jobs？"),
        (
            ("build", EXAMPLE, "--forse"),
            "没有这个选项：--forse；是不是 --force、--order 或 --fonts？",
        ),
        (("build", EXAMPLE, "-x"), "没有这个选项：-x"),
        (("--bogus",), "没有这个选项：--bogus"),
        (("build",), "缺少参数 PATH"),
        (("build", EXAMPLE, "-j", "0"), "-j/--jobs 的值“0”应不小于 1"),
        (("build", EXAMPLE, "-j", "two"), "-j/--jobs 的值“two”应为整数"),
        (("build", EXAMPLE, "-o"), "选项 -o 后面缺少值"),
        (("build", EXAMPLE, "--force=yes"), "选项 --force 不接受值"),
        (("schema", "extra"), "多余的参数：extra"),
        (("buidl", EXAMPLE), "没有这个命令：buidl；是不是 build？"),
    ],
    ids=[
        "unknown",
        "did-you-mean",
        "short",
        "before-command",
        "missing",
        "range",
        "integer",
        "needs-value",
        "takes-no-value",
        "extra",
        "command",
    ],
)
def test_usage_errors_are_chinese_with_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "用法：summary-gen" in result.stderr
    assert "请运行 summary-gen" in result.stderr and "-h 查看帮助。" in result.stderr
    assert "─ 错误 ─" in result.stderr
    assert not ENGLISH.search(result.stderr)


def test_an_unknown_format_is_a_chinese_usage_error(tmp_path: Path) -> None:
    result = run("build", EXAMPLE, "--out-dir", tmp_path, "-f", "odt")
    assert result.exit_code == 2
    assert "未知的输出格式“odt”：可用 md、docx、pdf" in result.stderr
    assert list(tmp_path.iterdir()) == []


# Whatever the user's locale says, and however summary-gen is started.
NOT_CHINESE = {"LANG": "C", "LC_ALL": "C", "LC_MESSAGES": "C", "LANGUAGE": "en", "COLUMNS": "80"}


def test_python_dash_m_is_chinese_in_any_locale() -> None:
    env = {**os.environ, **NOT_CHINESE}
    command = [sys.executable, "-m", "summary_gen", "build"]
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, env=env)
    assert helped.returncode == 0
    assert "─ 选项 ─" in helped.stdout and "显示本帮助并退出" in helped.stdout
    failed = subprocess.run([*command, "--bogus"], capture_output=True, text=True, env=env)
    assert failed.returncode == 2
    assert "没有这个选项：--bogus" in failed.stderr and "─ 错误 ─" in failed.stderr


@pytest.mark.skipif(not SCRIPT.exists(), reason="no summary-gen script beside this python")
def test_the_console_script_is_chinese_in_any_locale() -> None:
    env = {**os.environ, **NOT_CHINESE}
    result = subprocess.run([SCRIPT, "--help"], capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert "用法：summary-gen [选项] 命令 [参数]..." in result.stdout
    assert not ENGLISH.search(result.stdout)


def test_completion_scripts_for_the_named_shell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # typer detects the shell; its own switch for tests makes the shell an explicit value, read
    # when the command is built (before CliRunner sets its env).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    bash = run("--show-completion", "bash")
    assert bash.exit_code == 0
    assert "_SUMMARY_GEN_COMPLETE=complete_bash" in bash.stdout
    assert "complete -o default -F _summary_gen_completion summary-gen" in bash.stdout
    zsh = run("--show-completion", "zsh")
    assert zsh.exit_code == 0
    assert zsh.stdout.startswith("#compdef summary-gen")
    helped = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    assert "为指定的 shell" in helped.stdout and "显示指定 shell" in helped.stdout
    monkeypatch.setenv("HOME", str(tmp_path))
    installed = run("--install-completion", "bash")
    assert installed.exit_code == 0
    script = tmp_path / ".bash_completions" / "summary-gen.sh"
    assert "_SUMMARY_GEN_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_completes_command_names() -> None:
    env = {
        "_SUMMARY_GEN_COMPLETE": "complete_bash",
        "COMP_WORDS": "summary-gen va",
        "COMP_CWORD": "1",
    }
    result = runner.invoke(app, [], env=env, prog_name="summary-gen")
    assert result.stdout.split() == ["validate"]


CATALOG = ROOT / "src" / "summary_gen" / "locale" / "zh_CN" / "LC_MESSAGES" / "summary_gen"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
def test_the_shipped_catalog_is_compiled_from_its_source() -> None:
    compiled = subprocess.run(
        ["msgfmt", "--check-format", "-o", "-", CATALOG.with_suffix(".po")],
        capture_output=True,
        check=True,
    ).stdout
    assert compiled == CATALOG.with_suffix(".mo").read_bytes()
