"""The command line: Typer declarations only. Each command turns its options into one call of a
plain function and turns errors into a message on stderr and an exit code (cli.md):
0 done, 1 invalid data, 2 usage, 3 anything else."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import DataError, SummaryGenError, UsageError

__all__ = ["app", "main"]

app = typer.Typer(
    name="summary-gen",
    help="从一份 YAML 数据文件生成社区工作总结（Markdown / DOCX）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[
    list[Path],
    typer.Argument(help="数据文件（.yaml/.yml），或包含数据文件的文件夹", show_default=False),
]
Debug = Annotated[bool, typer.Option("--debug", help="出错时显示 Python 调用栈（traceback）")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="只输出错误")]
TemplateDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        help="自定义模板文件夹，先于数据文件旁的 summary-gen-templates 和内置模板",
    ),
]
Script = Annotated[
    str,
    typer.Option("--script", help="输出的字形：simplified（简体，默认）或 traditional（繁体）"),
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
    except KeyboardInterrupt:
        _say("已中断")
        _fail(130)
    except Exception as exc:
        if debug:
            raise
        _say(f"内部错误：{type(exc).__name__}: {exc}（加 --debug 查看详情）")
        _fail(3)
    _fail(code)


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder means its *.yaml and *.yml files, in name order."""
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() in {".yaml", ".yml"} and p.is_file()
            )
            if not found:
                raise UsageError(f"{path}：文件夹中没有 .yaml 或 .yml 数据文件")
            inputs.extend(found)
        elif path.is_file() or str(path) == "-":
            inputs.append(path)
        else:
            raise UsageError(f"找不到文件：{path}")
    return inputs


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date 应写成 YYYY-MM-DD，例如 2021-03-03，而不是“{text}”") from None


@app.command()
def build(
    paths: Paths,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="输出文件（只能有一个输入）；- 表示输出到标准输出（仅 Markdown）"
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="输出文件夹；默认与数据文件同一文件夹"),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "-f", "--format", help="输出格式 md 或 docx，可重复（-f md -f docx）；默认 md"
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="成文日期 YYYY-MM-DD（数据文件中没有 date 时使用；默认今天）"),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", help="模板名称（数据文件中没有 template 时使用；默认 kepu）"),
    ] = None,
    template_dir: Annotated[
        list[Path] | None,
        typer.Option("--template-dir", help="自定义模板文件夹，先于内置模板查找"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在且内容不同的输出文件")] = False,
    fonts: Annotated[
        str | None,
        typer.Option(
            "--fonts",
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
        typer.Option("--reference-doc", help="参考 DOCX：使用其页面设置和样式，代替内置版式"),
    ] = None,
    appendix: Annotated[
        bool, typer.Option("--appendix", help="附上全年活动一览表（附件）")
    ] = False,
    script: Script = "simplified",
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """生成工作总结（默认 DOCX）。"""

    def run() -> int:
        from .build import FORMATS, BuildOptions, build_file, format_document, render_file

        inputs = _expand(paths)
        to_stdout = output is not None and str(output) == "-"
        chosen = tuple(dict.fromkeys(formats or ["docx"]))
        for fmt in chosen:
            if fmt not in FORMATS:
                raise UsageError(f"未知的输出格式“{fmt}”：可用 {'、'.join(FORMATS)}")
        if output is not None:
            if len(inputs) != 1:
                raise UsageError("-o/--output 只能用于一个数据文件；多个文件请用 --out-dir")
            if out_dir is not None:
                raise UsageError("-o/--output 与 --out-dir 不能同时使用")
            # With -o the suffix decides; -o - is Markdown on stdout.
            suffix = "md" if to_stdout else output.suffix.lower().lstrip(".")
            if suffix not in FORMATS:
                raise UsageError(f"{output}：无法从后缀判断输出格式，请用 .md 或 .docx")
            if formats and set(chosen) != {suffix}:
                raise UsageError(f"-o {output} 只能输出 {suffix} 格式")
            chosen = (suffix,)
        if "docx" in chosen:
            from .fonts import FONT_PROFILES

            if fonts is not None and fonts not in FONT_PROFILES:
                raise UsageError(f"未知的字体方案“{fonts}”：可用 {'、'.join(FONT_PROFILES)}")
            if reference_doc is not None and not reference_doc.is_file():
                raise UsageError(f"找不到参考文档：{reference_doc}")
        _check_script(script)
        options = BuildOptions(
            formats=chosen,
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
            script=script,
        )
        if to_stdout:
            document, warnings = render_file(inputs[0], options)
            _tell_warnings(warnings, quiet)
            sys.stdout.buffer.write(format_document(document, "md", options))
            sys.stdout.flush()
            return 0
        exit_code = 0
        for path in inputs:
            result = build_file(path, options)
            _tell_warnings(result.warnings, quiet)
            for problem in result.problems:
                _say(str(problem))
            if result.error:
                _say(f"{path}：{result.error}")
            for out in result.outputs:
                if not quiet or out.status.value == "kept":
                    _say(f"{out.path}：{out.status.label}")
            exit_code = max(exit_code, result.exit_code)
        return exit_code

    _guarded(debug, run)


@app.command()
def validate(paths: Paths, quiet: Quiet = False, debug: Debug = False) -> None:
    """检查数据文件，不写任何文件。"""

    def run() -> int:
        from .loader import load_summary

        exit_code = 0
        for path in _expand(paths):
            try:
                _summary, warnings = load_summary(path)
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
    file: Annotated[Path, typer.Argument(help="要写入的数据文件")] = Path("data.yaml"),
    template: Annotated[str, typer.Option("--template", help="模板名称")] = "kepu",
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


def _check_script(script: str) -> None:
    from .script import SCRIPTS

    if script not in SCRIPTS:
        raise UsageError(f"未知的字形“{script}”：可用 simplified（简体）、traditional（繁体）")


def _tell_warnings(warnings: list, quiet: bool) -> None:
    if not quiet:
        for warning in warnings:
            _say(f"警告 {warning}")


def main() -> None:
    """Entry point of the ``summary-gen`` console script."""
    app()
