"""The command line: Typer declarations only. Each command turns its options into one call of a
plain function and turns errors into a message on stderr and an exit code (cli.md):
0 done, 1 invalid data, 2 usage, 3 anything else."""

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import DEBUG_HINT, DataError, SummaryGenError, UsageError, internal_error

if TYPE_CHECKING:
    from .build import BuildOptions

__all__ = ["app", "main"]

app = typer.Typer(
    name="summary-gen",
    help="从一份 YAML 数据文件生成社区工作总结（Markdown / DOCX）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich costs a fifth of a second to import, more than a whole Markdown build.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="数据文件（.yaml/.yml），或包含数据文件的文件夹", show_default=False, metavar="PATH"
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="出错时显示 Python 调用栈（traceback）")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="只输出错误")]
Strict = Annotated[
    bool, typer.Option("--strict", help="把警告当作错误：有警告的文件不生成，退出码 1")
]
TemplateDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help="自定义模板文件夹，先于数据文件旁的 summary-gen-templates 和内置模板",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="成文日期 YYYY-MM-DD（数据文件中没有 date 时使用；默认今天）",
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template", metavar="NAME", help="模板名称（数据文件中没有 template 时使用；默认 kepu）"
    ),
]
Script = Annotated[
    str,
    typer.Option(
        "--script",
        metavar="simplified|traditional",
        help="输出的字形：simplified（简体，默认）或 traditional（繁体）",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summary-gen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出"),
    ] = None,
) -> None:
    """从一份 YAML 数据文件生成社区工作总结（Markdown / DOCX）。"""


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _fail(code: int) -> NoReturn:
    raise typer.Exit(code)


def _guarded(debug: bool, action: Callable[[], int]) -> NoReturn:
    """Run ``action`` and exit with its code; errors become messages, tracebacks need --debug."""
    try:
        code = action()
    except SummaryGenError as exc:
        if debug:
            raise
        if isinstance(exc, DataError):
            for problem in exc.problems:
                _say(str(problem))
        else:
            _say(f"错误：{exc}")
        _fail(exc.exit_code)
    except BrokenPipeError:
        # The reader went away (`preview x.yaml | head -1`): what it wanted it has; not a failure.
        _silence_stdout()
        _fail(0)
    except KeyboardInterrupt:
        _say("已中断")
        _fail(130)
    except Exception as exc:
        if debug:
            raise
        _say(internal_error(exc) + DEBUG_HINT)
        _fail(3)
    _fail(code)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit does not fail again
    on the closed pipe and print an error (the recipe of the ``signal`` module's docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will flush there
        pass


def _broken_pipe() -> None:
    """rich's hook for a closed stdout, which by default exits with 1: tell it as ours."""
    raise BrokenPipeError


def _expand(paths: list[Path]) -> list[Path]:
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


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    # Only YYYY-MM-DD: fromisoformat also reads 20210303 and 2021-W10-3 (Python 3.11).
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
        raise UsageError(f"--date 应写成 YYYY-MM-DD，例如 2021-03-03，而不是“{text}”")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date：“{text}”不是有效的日期") from None


@app.command()
def build(
    paths: Paths,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="输出文件（只能有一个输入）；- 表示输出到标准输出（仅 Markdown）",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", metavar="DIR", help="输出文件夹；默认与数据文件同一文件夹"),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "-f",
            "--format",
            metavar="md|docx",
            help="输出格式 md 或 docx，可重复（-f md -f docx）；默认 docx",
        ),
    ] = None,
    date: DateOption = None,
    template: TemplateOption = None,
    template_dir: TemplateDirs = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在且内容不同的输出文件")] = False,
    fonts: Annotated[
        str | None,
        typer.Option(
            "--fonts",
            metavar="gb|windows|traditional",
            help="DOCX 字体方案：gb（仿宋_GB2312 等国标字体名）、windows（仿宋、楷体等）"
            "或 traditional（繁体字体）；默认 gb，繁体输出时为 traditional",
        ),
    ] = None,
    unstamped: Annotated[
        bool,
        typer.Option("--unstamped", help="DOCX 落款用不加盖印章的版式（默认为加盖印章的版式）"),
    ] = False,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc", metavar="FILE", help="参考 DOCX：使用其页面设置和样式，代替内置版式"
        ),
    ] = None,
    appendix: Annotated[
        bool, typer.Option("--appendix", help="附上全年活动一览表（附件）")
    ] = False,
    script: Script = "simplified",
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, metavar="N", help="并行生成的进程数；默认为 CPU 核数"),
    ] = None,
    json_report: Annotated[
        bool,
        typer.Option("--json", help="在标准输出写一份 JSON 报告（输入、输出、状态、字数、错误）"),
    ] = False,
    strict: Strict = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """生成工作总结（默认 DOCX）。"""

    def run() -> int:
        from .build import BuildOptions, check_options, choose_formats, format_document, render_file

        inputs = _expand(paths)
        to_stdout = output is not None and str(output) == "-"
        if output is not None and len(inputs) != 1:
            raise UsageError("-o/--output 只能用于一个数据文件；多个文件请用 --out-dir")
        if output is not None and out_dir is not None:
            raise UsageError("-o/--output 与 --out-dir 不能同时使用")
        if to_stdout and json_report:
            raise UsageError("-o - 与 --json 不能同时使用：标准输出只能有一份内容")
        options = BuildOptions(
            formats=choose_formats(formats, output),
            output=None if output is None or to_stdout else output,
            out_dir=out_dir,
            date=_parse_date(date),
            template=template,
            template_dirs=tuple(template_dir or ()),
            force=force,
            fonts=fonts,
            stamped=not unstamped,
            reference=reference_doc,
            appendix=appendix,
            strict=strict,
            script=script,
        )
        check_options(options, inputs)
        if to_stdout:
            document, warnings = render_file(inputs[0], options)
            _tell_warnings(warnings, quiet)
            sys.stdout.buffer.write(format_document(document, "md", options))
            sys.stdout.flush()
            return 0
        return _build_and_report(inputs, options, jobs, json_report, quiet, debug)

    _guarded(debug, _json_errors(json_report, run))


@app.command()
def validate(
    paths: Paths,
    template_dir: TemplateDirs = None,
    strict: Strict = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """检查数据文件，不写任何文件。"""

    def run() -> int:
        from .build import today
        from .loader import load_summary

        exit_code = 0
        for path in _expand(paths):
            try:
                # Today is the date a build would print where the file has none.
                _summary, warnings = load_summary(
                    path, template_dirs=tuple(template_dir or ()), writing_date=today()
                )
                if strict and warnings:
                    raise DataError(warnings)
            except DataError as exc:
                for problem in exc.problems:
                    _say(str(problem))
                exit_code = max(exit_code, exc.exit_code)
                continue
            _tell_warnings(warnings, quiet)
            if not quiet:
                _say(f"{path}：数据有效")
        return exit_code

    _guarded(debug, run)


@app.command()
def init(
    file: Annotated[Path, typer.Argument(help="要写入的数据文件", metavar="FILE")] = Path(
        "data.yaml"
    ),
    template: Annotated[
        str,
        typer.Option(
            "--template", metavar="NAME", help="模板名称（summary-gen templates 列出可用的）"
        ),
    ] = "kepu",
    template_dir: TemplateDirs = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    debug: Debug = False,
) -> None:
    """写出一份带中文注释的数据文件，可直接检查和生成。"""

    def run() -> int:
        from .families import template_dirs_in
        from .output import WriteStatus, write_output
        from .schema import SCHEMA_FILE, modeline, schema_text
        from .starter import starter_text

        if file.is_dir():
            raise UsageError(
                f"{file} 是文件夹：请给出要写入的数据文件名，例如 {file / 'data.yaml'}"
            )
        dirs = template_dirs_in(file.parent, template_dir or ())
        text = modeline(SCHEMA_FILE) + starter_text(template, dirs)
        status = write_output(file, text.encode("utf-8"), force=force)
        _say(f"{file}：{status.label}")
        if status is WriteStatus.KEPT:
            return 3
        # The schema the first line points at, for the editor; generated, so always current.
        schema_path = file.parent / SCHEMA_FILE
        schema_status = write_output(schema_path, schema_text().encode("utf-8"), force=True)
        _say(f"{schema_path}：{schema_status.label}")
        return 0

    _guarded(debug, run)


@app.command()
def templates(template_dir: TemplateDirs = None, debug: Debug = False) -> None:
    """列出模板族：名称、说明，以及来源（内置或用户模板文件夹）。"""

    def run() -> int:
        from .families import list_families, template_dirs_in

        families = list_families(template_dirs_in(Path(), template_dir or ()))
        shown = [(f.name, f.description or "（无说明）", f.source) for f in families]
        width = max((len(name) for name, _, _ in shown), default=0)
        text_width = max((_display_width(text) for _, text, _ in shown), default=0)
        for name, text, source in shown:
            gap = " " * (text_width - _display_width(text) + 2)
            typer.echo(f"{name:<{width}}  {text}{gap}{source}")
        return 0

    _guarded(debug, run)


def _display_width(text: str) -> int:
    """Columns on a terminal: Chinese characters and full-width punctuation take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@app.command()
def schema(debug: Debug = False) -> None:
    """输出数据文件的 JSON Schema（供编辑器补全键名、检查错误）。"""

    def run() -> int:
        from .schema import schema_text

        # Bytes, as for -o -: UTF-8 whatever the console's code page (a redirect to a file).
        sys.stdout.buffer.write(schema_text().encode("utf-8"))
        sys.stdout.flush()
        return 0

    _guarded(debug, run)


@app.command()
def preview(
    path: Annotated[
        Path, typer.Argument(help="数据文件（.yaml/.yml）", show_default=False, metavar="PATH")
    ],
    date: DateOption = None,
    template: TemplateOption = None,
    template_dir: TemplateDirs = None,
    script: Script = "simplified",
    pager: Annotated[bool, typer.Option("--pager", help="内容较长时分页显示（终端中）")] = False,
    debug: Debug = False,
) -> None:
    """在终端中预览工作总结：标题、各部分、全年数字、警告和字数。"""

    def run() -> int:
        from .build import BuildOptions, check_options, load_and_render
        from .preview import make_console, show_preview

        inputs = _expand([path])
        if len(inputs) != 1:
            raise UsageError(f"{path}：预览一次只能用一个数据文件")
        options = BuildOptions(
            formats=("md",),
            date=_parse_date(date),
            template=template,
            template_dirs=tuple(template_dir or ()),
            script=script,
        )
        check_options(options, inputs)
        summary, document, warnings = load_and_render(inputs[0], options)
        console = make_console()
        console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
        show_preview(console, summary, document, warnings, pager=pager)
        return 0

    _guarded(debug, run)


def _build_and_report(
    inputs: list[Path],
    options: "BuildOptions",
    jobs: int | None,
    json_report: bool,
    quiet: bool,
    debug: bool,
) -> int:
    """Run the batch and tell what happened: a progress bar and a table on a terminal, plain
    lines otherwise (or with -q, or NO_COLOR), and the JSON report on stdout with --json."""
    from .batch import report_json, report_lines, run_batch

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
                _say(line)
    if json_report:
        try:
            _write_json(report_json(report))
        except BrokenPipeError:
            # Nobody reads the report any more; the builds happened, and their code still says
            # how they went (a script with `set -o pipefail` sees a bad file).
            _silence_stdout()
    return report.exit_code


def _json_errors(json_report: bool, action: Callable[[], int]) -> Callable[[], int]:
    """With --json, an error that stops the whole command is a JSON report too, so that a
    script always finds one document on stdout."""
    if not json_report:
        return action

    def guarded() -> int:
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
            # A bug: the script still finds one document, and _guarded tells it on stderr.
            _write_json(
                {"version": __version__, "exit_code": 3, "error": internal_error(exc), "inputs": []}
            )
            raise

    return guarded


def _write_json(data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _tell_warnings(warnings: list, quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            _say(f"警告 {warning}")


def main() -> None:
    """Entry point of the ``summary-gen`` console script."""
    app()
