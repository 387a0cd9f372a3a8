"""What each command does, as plain functions the command line calls with its options.

Each returns the command's exit code (docs/cli.md: 0 done, 1 invalid data, 2 usage, 3 anything else)
and raises :class:`~summary_gen.errors.SummaryGenError` for what stops it as a whole; the command
line turns that into a message and the code. Messages for people go to stderr; stdout carries
only a document asked for with ``-o -``, the schema, the list of families, or the ``--json``
report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import DataError, Problem, SummaryGenError, UsageError, internal_error

if TYPE_CHECKING:
    from .batch import Interrupted
    from .build import BuildOptions
    from .combine import CombineOptions
    from .output import WriteStatus
    from .sources import Source

__all__ = [
    "build",
    "expand_paths",
    "fonts",
    "init",
    "json_errors",
    "parse_date",
    "path_value",
    "preview",
    "print_schema",
    "reference",
    "say",
    "silence_stdout",
    "table",
    "templates",
    "validate",
]


def say(message: str) -> None:
    """A message for people, on stderr."""
    print(message, file=sys.stderr, flush=True)


def path_value(text: str) -> Path:
    """A path given on the command line; an empty one (a shell variable that was never set) is
    refused, for ``Path("")`` is the current folder and would build every file in it."""
    if not text:
        raise ValueError("不能是空字符串（多半是脚本里的变量没有赋值）")
    return Path(text)


_STDIN = {"-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"}


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder means its *.yaml and *.yml files, in name order. Anything else
    (missing, a FIFO, a device, a link that loops, standard input) is a usage error that says
    what it is."""
    from .output import file_kind

    inputs: list[Path] = []
    for path in paths:
        if str(path) in _STDIN:
            raise UsageError("不支持从标准输入读取数据文件，请给出文件路径")
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise UsageError(_unreachable(path, exc)) from None
        if stat.S_ISDIR(mode):
            inputs.extend(_data_files(path))
        elif stat.S_ISREG(mode):
            inputs.append(path)
        else:
            raise UsageError(f"{path}：这是{file_kind(mode)}，不是数据文件")
    return inputs


def _unreachable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{path}：符号链接形成了循环，找不到它指向的文件"
    if isinstance(exc, PermissionError):
        return f"没有权限访问：{path}"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return f"找不到文件：{path}（它是符号链接，指向的 {os.readlink(path)} 不存在）"
        return f"找不到文件：{path}"
    return f"无法访问 {path}：{exc.strerror or exc}"


def _data_files(folder: Path) -> list[Path]:
    from .loading import DEFAULTS_FILE

    # Only data files: the shared values beside them are no community's, and a workbook there
    # may be the year's table (summary-gen table), which is named on its own to be read.
    try:
        found = sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in {".yaml", ".yml"} and p.name != DEFAULTS_FILE and p.is_file()
        )
    except PermissionError:
        raise UsageError(f"没有权限读取文件夹：{folder}") from None
    except OSError as exc:
        raise UsageError(f"无法读取文件夹 {folder}：{exc.strerror or exc}") from None
    if not found:
        raise UsageError(f"{folder}：文件夹中没有 .yaml 或 .yml 数据文件")
    return found


def parse_date(text: str | None) -> dt.date | None:
    """The date of ``--date``, which must be written YYYY-MM-DD."""
    if text is None:
        return None
    # Only YYYY-MM-DD: fromisoformat also reads 20210303 and 2021-W10-3 (Python 3.11).
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
        raise UsageError(f"--date 应写成 YYYY-MM-DD，例如 2021-03-03，而不是“{text}”")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date：“{text}”不是有效的日期") from None


# --- build -------------------------------------------------------------------------------------


def build(
    paths: Sequence[Path],
    settings: BuildOptions,
    *,
    output: Path | None = None,
    formats: Sequence[str] | None = None,
    jobs: int | None = None,
    json_report: bool = False,
    quiet: bool = False,
    debug: bool = False,
    combine: CombineOptions | None = None,
) -> int:
    """``summary-gen build``: one document to stdout (``-o -``), or a batch of files with its
    report: a progress bar and a table on a terminal, plain lines otherwise (or with ``-q``,
    or ``NO_COLOR``), and the JSON report on stdout with ``--json``; with ``combine``, one
    file of them all (:func:`build_combined`).

    ``settings`` are the build's options but for the formats and ``-o``, which the formats
    asked for and ``output`` (a file, or ``-`` for stdout) decide.
    """
    from .build import check_options, choose_formats, format_document, render_file
    from .sources import open_sources

    inputs = expand_paths(paths)
    if combine is not None:
        return build_combined(inputs, settings, combine, output, formats, json_report, quiet)
    to_stdout = output is not None and str(output) == "-"
    if output is not None and len(inputs) != 1:
        raise UsageError("-o/--output 只能用于一个数据文件；多个文件请用 --out-dir")
    if output is not None and settings.out_dir is not None:
        raise UsageError("-o/--output 与 --out-dir 不能同时使用")
    if to_stdout and json_report:
        raise UsageError("-o - 与 --json 不能同时使用：标准输出只能有一份内容")
    options = dataclasses.replace(
        settings,
        formats=choose_formats(list(formats) if formats else None, output),
        output=None if to_stdout else output,
    )
    check_options(options, inputs)
    sources = open_sources(inputs, options.previous_dir)
    if output is not None and len(sources) > 1:
        raise UsageError(
            f"-o/--output 只能用于一个社区的数据，{inputs[0]} 里有 {len(sources)} 个：请用 --out-dir"
        )
    if to_stdout:
        document, warnings = render_file(sources[0], options)
        _tell_warnings(warnings, quiet)
        sys.stdout.buffer.write(format_document(document, "md", options))
        sys.stdout.flush()
        return 0
    return _build_and_report(sources, options, jobs, json_report, quiet, debug)


def _build_and_report(
    inputs: list[Source],
    options: BuildOptions,
    jobs: int | None,
    json_report: bool,
    quiet: bool,
    debug: bool,
) -> int:
    from .batch import Interrupted, run_batch, stop_on_signals
    from .report import report_json, report_lines

    drawn = sys.stderr.isatty() and not quiet and not os.environ.get("NO_COLOR")
    try:
        with stop_on_signals():
            if drawn:
                from .preview import batch_progress, make_console, print_report

                console = make_console(stderr=True)
                with batch_progress(console) as (start, advance):
                    report = run_batch(
                        inputs, options, jobs=jobs, debug=debug, on_start=start, on_result=advance
                    )
            else:
                report = run_batch(inputs, options, jobs=jobs, debug=debug)
    except Interrupted as exc:
        return _interrupted(exc, json_report)
    if not json_report:
        if drawn:
            print_report(console, report)
        else:
            for line in report_lines(report, quiet=quiet):
                say(line)
    if json_report:
        try:
            _write_json(report_json(report))
        except BrokenPipeError:
            # Nobody reads the report any more; the builds happened, and their code still says
            # how they went (a script with `set -o pipefail` sees a bad file).
            silence_stdout()
    return report.exit_code


def build_combined(
    inputs: list[Path],
    settings: BuildOptions,
    request: CombineOptions,
    output: Path | None,
    formats: Sequence[str] | None,
    json_report: bool,
    quiet: bool,
) -> int:
    """``build --combine FILE``: every input in one file, told as a batch plus that file."""
    from .build import check_options
    from .combine import combine, combined_format, report_json
    from .report import report_lines
    from .sources import open_sources

    fmt = combined_format(request.target)
    if output is not None or settings.out_dir is not None:
        raise UsageError(
            "--combine 不能与 -o/--output 或 --out-dir 同时使用：合并文件就写到它给出的路径"
        )
    if formats and set(formats) != {fmt}:
        raise UsageError(f"--combine {request.target} 的格式由后缀决定（{fmt}），不必再用 -f")
    options = dataclasses.replace(settings, formats=(fmt,))
    check_options(options, inputs)
    done = combine(open_sources(inputs, options.previous_dir), options, request)
    if json_report:
        _write_json(report_json(done))
        return done.exit_code
    for line in report_lines(done.report, quiet=quiet):
        say(line)
    if done.output is None:
        say(f"{request.target}：有数据文件未能生成，未写入合并文件")
    else:
        if not quiet:
            for warning in done.warnings:
                say(f"警告 {request.target}: {warning}")
        say(f"{done.output.path}：{done.output.status.label}")
    return done.exit_code


def _interrupted(exc: Interrupted, json_report: bool) -> int:
    """A batch stopped by a signal: its workers are stopped and its temporaries removed; what
    was written is whole and recorded, the inputs not yet built were not written."""
    import signal

    name = "Ctrl-C" if exc.signum == signal.SIGINT else signal.Signals(exc.signum).name
    message = f"已中断（{name}）：已写入的输出完整，尚未生成的文件没有写入"
    say(message)
    if json_report:
        _write_error_json(exc.exit_code, message)
    return exc.exit_code


def json_errors(json_report: bool, action: Callable[[], int]) -> int:
    """With --json, an error that stops the whole command is a JSON report too, so that a
    script always finds one document on stdout."""
    if not json_report:
        return action()
    try:
        return action()
    except SummaryGenError as exc:
        problems = exc.problems if isinstance(exc, DataError) else []
        message = "\n".join(map(str, problems)) or str(exc)
        _write_error_json(exc.exit_code, message)
        raise
    except BrokenPipeError:
        raise  # no reader left to read a report
    except Exception as exc:
        # A bug: the script still finds one document, and the command line tells it on stderr.
        _write_error_json(3, internal_error(exc))
        raise


def _write_error_json(exit_code: int, message: str) -> None:
    """The JSON report of a command stopped as a whole: its error, and no input done."""
    _write_json({"version": __version__, "exit_code": exit_code, "error": message, "inputs": []})


def _write_json(data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _tell_warnings(warnings: Sequence[Problem], quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            say(f"警告 {warning}")


def silence_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit does not fail again
    on the closed pipe and print an error (the recipe of the ``signal`` module's docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will flush there
        pass


# --- validate, preview ---------------------------------------------------------------------------


def validate(paths: Sequence[Path], options: BuildOptions, *, quiet: bool = False) -> int:
    """``summary-gen validate``: every problem of every file (and of every row of a
    workbook), and whether each is valid. ``options`` give the template folders, ``--strict``,
    the shared values and last year's folder, as a build would take them."""
    from .build import check_options, load_source
    from .sources import open_sources

    inputs = expand_paths(paths)
    check_options(options, inputs)
    exit_code = 0
    for source in open_sources(inputs, options.previous_dir):
        try:
            # Today is the date a build would print where the file has none.
            _summary, warnings = load_source(source, options)
            if options.strict and warnings:
                raise DataError(warnings)
        except DataError as exc:
            for problem in exc.problems:
                say(str(problem))
            exit_code = max(exit_code, exc.exit_code)
            continue
        _tell_warnings(warnings, quiet)
        if not quiet:
            say(f"{source}：数据有效")
    return exit_code


def preview(
    path: Path, options: BuildOptions, *, pager: bool = False, community: str | None = None
) -> int:
    """``summary-gen preview``: the summary drawn in the terminal; of a workbook, the row of
    ``community`` (which may be left out where it has only one)."""
    from .build import check_options, load_and_render
    from .preview import make_console, show_preview

    inputs = expand_paths([path])
    if len(inputs) != 1:
        raise UsageError(f"{path}：预览一次只能用一个数据文件")
    check_options(options, inputs)
    source = _one_source(inputs[0], options, community)
    summary, document, warnings = load_and_render(source, options)
    console = make_console()
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    show_preview(console, summary, document, warnings, pager=pager)
    return 0


def _one_source(path: Path, options: BuildOptions, community: str | None) -> Source:
    """The one source of ``path`` a preview shows: a data file, or the row of ``community``."""
    from .sources import is_row, open_sources

    sources = open_sources([path], options.previous_dir)
    rows = [source for source in sources if is_row(source)]
    if community is not None:
        if not rows and len(sources) == 1 and not isinstance(sources[0], Path):
            return sources[0]  # the workbook cannot be read: its problems are told
        found = [row for row in rows if row.name == community]
        if not found:
            names = "、".join(row.name for row in rows if row.name) or "（没有）"
            raise UsageError(f"{path} 中没有社区“{community}”；有：{names}")
        return found[0]
    if len(rows) > 1:
        names = "、".join(row.name or f"第{row.row}行" for row in rows[:10])
        more = f"等 {len(rows)} 个" if len(rows) > 10 else ""
        raise UsageError(
            f"{path} 里有 {len(rows)} 个社区（{names}{more}）：预览一次只能看一个，"
            "请用 --community 指定，如 --community " + (rows[0].name or "社区名称")
        )
    return sources[0]


def _broken_pipe() -> None:
    """rich's hook for a closed stdout, which by default exits with 1: tell it as ours."""
    raise BrokenPipeError


# --- init, templates, schema -------------------------------------------------------------------


def init(
    file: Path, template: str, template_dirs: Sequence[Path] = (), *, force: bool = False
) -> int:
    """``summary-gen init``: a commented starter data file, and the schema beside it."""
    from .build import check_template_dirs
    from .output import WriteStatus, write_output
    from .schema import SCHEMA_FILE, modeline, schema_text
    from .starter import starter_text
    from .templating.families import template_dirs_in

    check_template_dirs(template_dirs)
    if file.is_dir():
        raise UsageError(f"{file} 是文件夹：请给出要写入的数据文件名，例如 {file / 'data.yaml'}")
    from .loading.sheets import is_workbook

    dirs = template_dirs_in(file.parent, template_dirs)
    if file.suffix.lower() == ".xlsx":
        return _init_workbook(file, template, dirs, force=force)
    if is_workbook(file):  # a YAML text under a spreadsheet's name would not read back
        raise UsageError(
            f"{file}：init 写出 .yaml 数据文件或 .xlsx 工作簿；CSV 可以在 Excel 中由工作簿另存得到"
        )
    text = modeline(SCHEMA_FILE) + starter_text(template, dirs, str(file))
    status = _write_file(file, text.encode("utf-8"), force=force)
    if status is WriteStatus.KEPT:
        return 3
    say(f"{file}：{status.label}")
    # The schema the first line points at, for the editor; generated, so always current.
    schema_path = file.parent / SCHEMA_FILE
    schema_status = write_output(schema_path, schema_text().encode("utf-8"), force=True)
    say(f"{schema_path}：{schema_status.label}")
    return 0


def _init_workbook(file: Path, template: str, dirs: Sequence[Path], *, force: bool) -> int:
    """``summary-gen init 街道.xlsx``: the workbook to fill in, one row per community, with the
    family's starter data as its example row."""
    import yaml

    from .build import today
    from .output import WriteStatus
    from .starter import starter_text
    from .templating.families import family_names
    from .workbook import starter_workbook

    sample = yaml.safe_load(starter_text(template, dirs))  # our own starter, or the user's
    if not isinstance(sample, dict):
        raise UsageError(f"模板“{template}”的样例数据文件不是“键: 值”形式，无法写成工作簿")
    sample.setdefault("template", template)
    data = starter_workbook(sample, family_names(dirs), today())
    status = _write_file(file, data, force=force)
    if status is WriteStatus.KEPT:
        return 3
    say(f"{file}：{status.label}")
    say(f"在 Excel 或 WPS 中填写后：summary-gen validate {file}，再 summary-gen build {file}")
    return 0


def table(
    paths: Sequence[Path], options: BuildOptions, output: Path | None, *, quiet: bool = False
) -> int:
    """``summary-gen table``: the year's table of every community (a row of a workbook, or a
    data file) as .xlsx or .csv, or CSV on stdout with ``-o -``. Nothing is written where a
    community's data is invalid: a table sent up must be whole."""
    from .build import check_options, load_source, today
    from .output import WriteStatus
    from .sources import open_sources
    from .table import to_csv, to_xlsx, year_table

    if output is None:
        raise UsageError(
            "请用 -o 给出汇总表的文件名，如 -o 汇总.xlsx（或 -o 汇总.csv，-o - 输出到标准输出）"
        )
    to_stdout = str(output) == "-"
    suffix = ".csv" if to_stdout else output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{output}：汇总表要用 .xlsx 或 .csv 后缀")
    inputs = expand_paths(paths)
    check_options(options, inputs)
    summaries = []
    exit_code = 0
    for source in open_sources(inputs, options.previous_dir):
        try:
            summary, warnings = load_source(source, options)
        except DataError as exc:
            for problem in exc.problems:
                say(str(problem))
            exit_code = exc.exit_code
            continue
        _tell_warnings(warnings, quiet)
        summaries.append(summary)
    if exit_code:
        say(f"{output}：有数据有误，未写入汇总表")
        return exit_code
    table_data = year_table(summaries)
    data = to_csv(table_data) if suffix == ".csv" else to_xlsx(table_data, today())
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    status = _write_file(output, data, force=options.force)
    if status is WriteStatus.KEPT:
        return 3
    if not quiet:
        say(f"{output}：{status.label}（{len(summaries)} 个社区）")
    return 0


def _write_file(path: Path, data: bytes, *, force: bool) -> WriteStatus:
    """Write a file a command makes (``write_output``'s rules), telling the user where an
    existing one that differs is kept."""
    from .output import WriteStatus, write_output

    status = write_output(path, data, force=force)
    if status is WriteStatus.KEPT:
        say(f"{path}：已存在，内容不同，未覆盖（要覆盖请加 --force）")
    return status


def templates(template_dirs: Sequence[Path] = ()) -> int:
    """``summary-gen templates``: each family's name, description and source, in columns."""
    from .build import check_template_dirs
    from .templating.families import list_families, template_dirs_in
    from .text.typography import display_width

    check_template_dirs(template_dirs)
    families = list_families(template_dirs_in(Path(), template_dirs))
    shown = [(f.name, f.description or "（无说明）", f.source) for f in families]
    width = max((len(name) for name, _, _ in shown), default=0)
    text_width = max((display_width(text) for _, text, _ in shown), default=0)
    for name, text, source in shown:
        gap = " " * (text_width - display_width(text) + 2)
        print(f"{name:<{width}}  {text}{gap}{source}")
    # A broken family.yaml is told, located, after the list of all the others.
    broken = [family.problem for family in families if family.problem]
    for problem in broken:
        say(problem)
    return 3 if broken else 0


def reference(file: Path, fonts: str = "gb", *, force: bool = False) -> int:
    """``summary-gen reference``: the reference document with every style, to restyle."""
    from .build import today
    from .output import WriteStatus
    from .writers.docx import FONT_PROFILES, reference_docx

    if file.suffix.lower() != ".docx":
        raise UsageError(f"{file}：参考文档要用 .docx 后缀，例如 公文样式.docx")
    if fonts not in FONT_PROFILES:
        raise UsageError(f"未知的字体方案“{fonts}”：可用 {'、'.join(FONT_PROFILES)}")
    status = _write_file(file, reference_docx(today(), fonts=fonts), force=force)
    if status is WriteStatus.KEPT:  # most likely the office's restyled copy: never replaced
        return 3
    say(f"{file}：{status.label}")
    say(f"在 Word 或 WPS 中修改其中的样式（样式名不要改）后保存，生成时加上 --reference-doc {file}")
    return 0


def fonts(profile: str = "gb") -> int:
    """``summary-gen fonts``: which faces of a profile are installed here, and what fits."""
    from .fontcheck import installed_names, report_lines
    from .writers.docx.fonts import FONT_PROFILES

    if profile not in FONT_PROFILES:
        raise UsageError(f"未知的字体方案“{profile}”：可用 {'、'.join(FONT_PROFILES)}")
    for line in report_lines(profile, installed_names()):
        print(line)
    return 0


def print_schema() -> int:
    """``summary-gen schema``: the JSON Schema of the data file on stdout."""
    from .schema import schema_text

    # Bytes, as for -o -: UTF-8 whatever the console's code page (a redirect to a file).
    sys.stdout.buffer.write(schema_text().encode("utf-8"))
    sys.stdout.flush()
    return 0
