"""The command line: Typer declarations only. Each command turns its options into one call of a
plain function and turns errors into a message on stderr and an exit code (docs/cli.md):
0 done, 1 invalid data, 2 usage, 3 anything else."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__, commands
from .build import BuildOptions
from .cli_zh import Command, Group
from .errors import DEBUG_HINT, DataError, SummaryGenError, UsageError, internal_error

__all__ = ["app", "main"]

app = typer.Typer(
    name="summary-gen",
    cls=Group,
    help="从一份 YAML 数据文件生成社区工作总结（Markdown / DOCX）。",
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="数据文件（.yaml/.yml）、工作簿 .xlsx 或 CSV，或包含数据文件的文件夹",
        show_default=False,
        metavar="PATH",
        parser=commands.path_value,
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="出错时显示 Python 调用栈（traceback）")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="只输出错误")]
Strict = Annotated[
    bool, typer.Option("--strict", help="警告按错误处理：退出码 1，有警告的文件不生成")
]
TemplateDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--template-dir",
        metavar="DIR",
        parser=commands.path_value,
        help="自定义模板文件夹，先于数据文件旁的 summary-gen-templates 和内置模板",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="YYYY-MM-DD",
        help="成文日期（数据文件中没有 date 时使用；默认今天）",
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template", metavar="NAME", help="模板名称（数据文件中没有 template 时使用；默认 kepu）"
    ),
]
Defaults = Annotated[
    Path | None,
    typer.Option(
        "--defaults",
        metavar="FILE",
        parser=commands.path_value,
        help="共用值：没写的值取自这份 YAML 文件（默认用数据文件旁的那份）",
    ),
]
PreviousDir = Annotated[
    Path | None,
    typer.Option(
        "--previous-dir",
        metavar="DIR",
        parser=commands.path_value,
        help="上年数据的文件夹，与其中同名文件比较",
    ),
]
Script = Annotated[
    str,
    typer.Option(
        "--script",
        metavar="SCRIPT",
        help="输出的字形：simplified 为简体（默认），traditional 为繁体",
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


def _exit(code: int) -> NoReturn:
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
                commands.say(str(problem))
        else:
            commands.say(f"错误：{exc}")
        _exit(exc.exit_code)
    except BrokenPipeError:
        # The reader went away (`preview x.yaml | head -1`): what it wanted it has; not a failure.
        commands.silence_stdout()
        _exit(0)
    except KeyboardInterrupt:
        commands.say("已中断")
        _exit(130)
    except Exception as exc:
        if debug:
            raise
        commands.say(internal_error(exc) + DEBUG_HINT)
        _exit(3)
    _exit(code)


@app.command(cls=Command)
def build(
    paths: Paths,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            parser=commands.path_value,
            help="输出文件（只能有一个输入）；- 表示输出到标准输出（仅 Markdown）",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            parser=commands.path_value,
            help="输出文件夹；默认与数据文件同一文件夹",
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "-f",
            "--format",
            metavar="md|docx|pdf",
            help="输出格式 md、docx 或 pdf（用 LibreOffice 转换），可重复（-f md -f docx）；默认 docx",
        ),
    ] = None,
    date: DateOption = None,
    template: TemplateOption = None,
    template_dir: TemplateDirs = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="覆盖被改过的输出（改过的先另存一份）"),
    ] = False,
    fonts: Annotated[
        str | None,
        typer.Option(
            "--fonts",
            metavar="FONTS",
            help="DOCX 字体方案：gb 为仿宋_GB2312 等国标字体名，windows 为仿宋、楷体等，"
            "traditional 为繁体字体；默认 gb，繁体输出时为 traditional",
        ),
    ] = None,
    unstamped: Annotated[
        bool,
        typer.Option("--unstamped", help="DOCX 落款用不加盖印章的版式（默认加盖）"),
    ] = False,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE",
            parser=commands.path_value,
            help="参考 DOCX：使用它的页面设置和样式",
        ),
    ] = None,
    appendix: Annotated[
        bool, typer.Option("--appendix", help="附上全年活动一览表（附件）")
    ] = False,
    combine: Annotated[
        Path | None,
        typer.Option(
            "--combine",
            metavar="FILE",
            help="合并成一个文件（.docx、.pdf 或 .md），每份总结从奇数页开始、页码从 1 起",
        ),
    ] = None,
    cover: Annotated[
        str | None,
        typer.Option("--cover", metavar="TITLE", help="合并文件的封面标题；不给则没有封面"),
    ] = None,
    toc: Annotated[
        bool,
        typer.Option("--toc", help="合并文件加目录，列出各份的起始页"),
    ] = False,
    order: Annotated[
        str,
        typer.Option(
            "--order",
            metavar="given|name",
            help="合并的顺序：given 按给出的顺序（默认），name 按社区名称",
        ),
    ] = "given",
    script: Script = "simplified",
    defaults: Defaults = None,
    previous_dir: PreviousDir = None,
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
        request = None
        if combine is not None:
            from .combine import CombineOptions

            request = CombineOptions(combine, cover or "", toc, order)
        elif cover is not None or toc or order != "given":
            raise UsageError("--cover、--toc 和 --order 只用于 --combine")
        settings = BuildOptions(
            out_dir=out_dir,
            date=commands.parse_date(date),
            template=template,
            template_dirs=tuple(template_dir or ()),
            force=force,
            fonts=fonts,
            stamped=not unstamped,
            reference=reference_doc,
            appendix=appendix,
            strict=strict,
            script=script,
            defaults=defaults,
            previous_dir=previous_dir,
        )
        return commands.build(
            paths,
            settings,
            output=output,
            formats=formats,
            jobs=jobs,
            json_report=json_report,
            quiet=quiet,
            debug=debug,
            combine=request,
        )

    _guarded(debug, lambda: commands.json_errors(json_report, run))


@app.command(cls=Command)
def validate(
    paths: Paths,
    template_dir: TemplateDirs = None,
    defaults: Defaults = None,
    previous_dir: PreviousDir = None,
    strict: Strict = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """检查数据文件，不写任何文件。"""

    def run() -> int:
        options = BuildOptions(
            formats=(),
            template_dirs=tuple(template_dir or ()),
            strict=strict,
            defaults=defaults,
            previous_dir=previous_dir,
        )
        return commands.validate(paths, options, quiet=quiet)

    _guarded(debug, run)


@app.command(cls=Command)
def table(
    paths: Paths,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            parser=commands.path_value,
            help="汇总表（.xlsx 或 .csv）；- 表示 CSV 输出到标准输出",
        ),
    ] = None,
    template_dir: TemplateDirs = None,
    defaults: Defaults = None,
    previous_dir: PreviousDir = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖被改过的汇总表（改过的先另存一份）")
    ] = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """各社区全年数字的汇总表（含与上年比较），每个社区一行。"""

    def run() -> int:
        options = BuildOptions(
            formats=(),
            template_dirs=tuple(template_dir or ()),
            force=force,
            defaults=defaults,
            previous_dir=previous_dir,
        )
        return commands.table(paths, options, output, quiet=quiet)

    _guarded(debug, run)


@app.command(cls=Command)
def init(
    file: Annotated[
        Path,
        typer.Argument(
            help="要写入的数据文件（.yaml），或要填写的工作簿（.xlsx）",
            metavar="FILE",
            parser=commands.path_value,
        ),
    ] = Path("data.yaml"),
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
    _guarded(debug, lambda: commands.init(file, template, tuple(template_dir or ()), force=force))


@app.command(cls=Command)
def templates(template_dir: TemplateDirs = None, debug: Debug = False) -> None:
    """列出模板族：名称、说明，以及来源（内置或用户模板文件夹）。"""
    _guarded(debug, lambda: commands.templates(tuple(template_dir or ())))


FontsOption = Annotated[
    str,
    typer.Option("--fonts", metavar="FONTS", help="字体方案：gb（默认）、windows 或 traditional"),
]


@app.command(cls=Command)
def reference(
    file: Annotated[Path, typer.Argument(help="要写入的参考文档（.docx）", metavar="FILE")] = Path(
        "公文样式.docx"
    ),
    fonts: FontsOption = "gb",
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
    debug: Debug = False,
) -> None:
    """写出参考文档：用到的每个样式都在其中，在 Word 或 WPS 中改好后用 --reference-doc。"""
    _guarded(debug, lambda: commands.reference(file, fonts, force=force))


@app.command(cls=Command)
def fonts(fonts: FontsOption = "gb", debug: Debug = False) -> None:
    """查看本机装了字体方案中的哪些字体，缺的由什么代替，哪个方案合适。"""
    _guarded(debug, lambda: commands.fonts(fonts))


@app.command(cls=Command)
def schema(debug: Debug = False) -> None:
    """输出数据文件的 JSON Schema（供编辑器补全键名、检查错误）。"""
    _guarded(debug, commands.print_schema)


@app.command(cls=Command)
def preview(
    path: Annotated[
        Path,
        typer.Argument(
            help="数据文件（.yaml/.yml）、工作簿（.xlsx）或 CSV",
            show_default=False,
            metavar="PATH",
            parser=commands.path_value,
        ),
    ],
    community: Annotated[
        str | None,
        typer.Option("--community", metavar="NAME", help="要预览工作簿中的哪个社区"),
    ] = None,
    date: DateOption = None,
    template: TemplateOption = None,
    template_dir: TemplateDirs = None,
    defaults: Defaults = None,
    previous_dir: PreviousDir = None,
    script: Script = "simplified",
    pager: Annotated[bool, typer.Option("--pager", help="内容较长时分页显示（终端中）")] = False,
    debug: Debug = False,
) -> None:
    """在终端中预览工作总结：标题、各部分、全年数字、警告和字数。"""

    def run() -> int:
        options = BuildOptions(
            formats=("md",),
            date=commands.parse_date(date),
            template=template,
            template_dirs=tuple(template_dir or ()),
            script=script,
            defaults=defaults,
            previous_dir=previous_dir,
        )
        return commands.preview(path, options, pager=pager, community=community)

    _guarded(debug, run)


def main() -> None:
    """Entry point of the ``summary-gen`` console script."""
    app()
