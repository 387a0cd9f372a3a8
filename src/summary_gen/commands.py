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
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import DataError, Problem, SummaryGenError, UsageError, internal_error

if TYPE_CHECKING:
    from .build import BuildOptions

__all__ = [
    "build",
    "expand_paths",
    "init",
    "json_errors",
    "parse_date",
    "preview",
    "print_schema",
    "say",
    "silence_stdout",
    "templates",
    "validate",
]


def say(message: str) -> None:
    """A message for people, on stderr."""
    print(message, file=sys.stderr, flush=True)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder means its *.yaml and *.yml files, in name order."""
    inputs: list[Path] = []
    for path in paths:
        if str(path) == "-":
            raise UsageError("不支持从标准输入读取数据文件，请给出文件路径")
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in {".yaml", ".yml"} and p.is_file()
            )
            if not found:
                raise UsageError(f"{path}：文件夹中没有 .yaml 或 .yml 数据文件")
            inputs.extend(found)
        elif path.is_file():
            inputs.append(path)
        else:
            raise UsageError(f"找不到文件：{path}")
    return inputs


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
) -> int:
    """``summary-gen build``: one document to stdout (``-o -``), or a batch of files with its
    report: a progress bar and a table on a terminal, plain lines otherwise (or with ``-q``,
    or ``NO_COLOR``), and the JSON report on stdout with ``--json``.

    ``settings`` are the build's options but for the formats and ``-o``, which the formats
    asked for and ``output`` (a file, or ``-`` for stdout) decide.
    """
    from .build import check_options, choose_formats, format_document, render_file

    inputs = expand_paths(paths)
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
    if to_stdout:
        document, warnings = render_file(inputs[0], options)
        _tell_warnings(warnings, quiet)
        sys.stdout.buffer.write(format_document(document, "md", options))
        sys.stdout.flush()
        return 0
    return _build_and_report(inputs, options, jobs, json_report, quiet, debug)


def _build_and_report(
    inputs: list[Path],
    options: BuildOptions,
    jobs: int | None,
    json_report: bool,
    quiet: bool,
    debug: bool,
) -> int:
    from .batch import run_batch
    from .report import report_json, report_lines

    drawn = sys.stderr.isatty() and not quiet and not os.environ.get("NO_COLOR")
    if drawn:
        from .preview import batch_progress, make_console, print_report

        console = make_console(stderr=True)
        with batch_progress(console) as (start, advance):
            report = run_batch(
                inputs, options, jobs=jobs, debug=debug, on_start=start, on_result=advance
            )
        if not json_report:
            print_report(console, report)
    else:
        report = run_batch(inputs, options, jobs=jobs, debug=debug)
        if not json_report:
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
        _write_json(
            {"version": __version__, "exit_code": exc.exit_code, "error": message, "inputs": []}
        )
        raise
    except BrokenPipeError:
        raise  # no reader left to read a report
    except Exception as exc:
        # A bug: the script still finds one document, and the command line tells it on stderr.
        _write_json(
            {"version": __version__, "exit_code": 3, "error": internal_error(exc), "inputs": []}
        )
        raise


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


def validate(
    paths: Sequence[Path],
    template_dirs: Sequence[Path] = (),
    *,
    strict: bool = False,
    quiet: bool = False,
) -> int:
    """``summary-gen validate``: every problem of every file, and whether each is valid."""
    from .build import today
    from .loading import load_summary
    from .templating.families import family_names, template_dirs_for

    exit_code = 0
    for path in expand_paths(paths):
        try:
            families = family_names(template_dirs_for(path, template_dirs))
            # Today is the date a build would print where the file has none.
            _summary, warnings = load_summary(path, families=families, writing_date=today())
            if strict and warnings:
                raise DataError(warnings)
        except DataError as exc:
            for problem in exc.problems:
                say(str(problem))
            exit_code = max(exit_code, exc.exit_code)
            continue
        _tell_warnings(warnings, quiet)
        if not quiet:
            say(f"{path}：数据有效")
    return exit_code


def preview(path: Path, options: BuildOptions, *, pager: bool = False) -> int:
    """``summary-gen preview``: the summary drawn in the terminal."""
    from .build import check_options, load_and_render
    from .preview import make_console, show_preview

    inputs = expand_paths([path])
    if len(inputs) != 1:
        raise UsageError(f"{path}：预览一次只能用一个数据文件")
    check_options(options, inputs)
    summary, document, warnings = load_and_render(inputs[0], options)
    console = make_console()
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    show_preview(console, summary, document, warnings, pager=pager)
    return 0


def _broken_pipe() -> None:
    """rich's hook for a closed stdout, which by default exits with 1: tell it as ours."""
    raise BrokenPipeError


# --- init, templates, schema -------------------------------------------------------------------


def init(
    file: Path, template: str, template_dirs: Sequence[Path] = (), *, force: bool = False
) -> int:
    """``summary-gen init``: a commented starter data file, and the schema beside it."""
    from .output import WriteStatus, write_output
    from .schema import SCHEMA_FILE, modeline, schema_text
    from .starter import starter_text
    from .templating.families import template_dirs_in

    if file.is_dir():
        raise UsageError(f"{file} 是文件夹：请给出要写入的数据文件名，例如 {file / 'data.yaml'}")
    dirs = template_dirs_in(file.parent, template_dirs)
    text = modeline(SCHEMA_FILE) + starter_text(template, dirs)
    status = write_output(file, text.encode("utf-8"), force=force)
    say(f"{file}：{status.label}")
    if status is WriteStatus.KEPT:
        return 3
    # The schema the first line points at, for the editor; generated, so always current.
    schema_path = file.parent / SCHEMA_FILE
    schema_status = write_output(schema_path, schema_text().encode("utf-8"), force=True)
    say(f"{schema_path}：{schema_status.label}")
    return 0


def templates(template_dirs: Sequence[Path] = ()) -> int:
    """``summary-gen templates``: each family's name, description and source, in columns."""
    from .templating.families import list_families, template_dirs_in

    families = list_families(template_dirs_in(Path(), template_dirs))
    shown = [(f.name, f.description or "（无说明）", f.source) for f in families]
    width = max((len(name) for name, _, _ in shown), default=0)
    text_width = max((_display_width(text) for _, text, _ in shown), default=0)
    for name, text, source in shown:
        gap = " " * (text_width - _display_width(text) + 2)
        print(f"{name:<{width}}  {text}{gap}{source}")
    # A broken family.yaml is told, located, after the list of all the others.
    broken = [family.problem for family in families if family.problem]
    for problem in broken:
        say(problem)
    return 3 if broken else 0


def _display_width(text: str) -> int:
    """Columns on a terminal: Chinese characters and full-width punctuation take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_schema() -> int:
    """``summary-gen schema``: the JSON Schema of the data file on stdout."""
    from .schema import schema_text

    # Bytes, as for -o -: UTF-8 whatever the console's code page (a redirect to a file).
    sys.stdout.buffer.write(schema_text().encode("utf-8"))
    sys.stdout.flush()
    return 0
