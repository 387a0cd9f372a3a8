"""Building one data file: load → render → format → write. Prints nothing; returns what happened.

The command line strings these together; a batch (many files, many processes) calls
:func:`build_file` once per input, so everything here is per file and side-effect free except
the writes themselves.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .errors import DataError, OutputError, Problem, SummaryGenError, UsageError
from .output import OutputRecord, WriteStatus, output_name, write_outputs

if TYPE_CHECKING:
    from .loading.sheets import SheetRow
    from .model import Summary
    from .sources import Source

__all__ = [
    "FORMATS",
    "BuildOptions",
    "FileResult",
    "OutputResult",
    "build_file",
    "check_options",
    "check_template_dirs",
    "choose_formats",
    "format_document",
    "load_and_render",
    "load_source",
    "plan_outputs",
    "render_file",
    "source_file",
    "today",
    "told_as",
]

FORMATS = {"md": ".md", "docx": ".docx", "pdf": ".pdf"}


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line asked for; defaults are those of ``summary-gen build``."""

    formats: tuple[str, ...] = ("docx",)
    output: Path | None = None
    out_dir: Path | None = None
    date: dt.date | None = None
    template: str | None = None
    template_dirs: tuple[Path, ...] = ()
    force: bool = False
    fonts: str | None = None  # a profile of fonts.FONT_PROFILES; None: the script's own
    stamped: bool = True
    reference: Path | None = None
    appendix: bool = False
    strict: bool = False  # warnings are errors: the file counts as invalid, nothing is written
    script: str = "simplified"  # or "traditional": the whole document converted (script.py)
    defaults: Path | None = None  # --defaults: shared values for every input, else each folder's
    previous_dir: Path | None = None  # --previous-dir: last year's data files, by name


@dataclass(frozen=True, slots=True)
class OutputResult:
    """One output file and what happened to it."""

    path: Path
    format: str
    status: WriteStatus
    digest: str = ""  # the SHA-256 of what summary-gen wrote (or found identical), for the record
    kept_copy: Path | None = None  # where --force kept the changed file it replaced


@dataclass
class FileResult:
    """The outcome of building one input (a data file, or a row of a workbook)."""

    input: Path | SheetRow
    outputs: list[OutputResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: str = ""
    exit_code: int = 0
    chars: int = 0
    # With PDF asked for, nothing is written yet: the outputs as (format, target, bytes), a
    # PDF's bytes being the DOCX it is made of, and what the record says about them. The batch
    # converts every PDF in one LibreOffice process at its end, then writes each input's
    # outputs together (pdf.finish_pdfs).
    pending: tuple[list[tuple[str, Path, bytes]], dict[Path, str]] | None = None

    def failed(self, error: SummaryGenError) -> None:
        """Tell why this input could not be built: a data error's located problems, any other
        error's message; and the exit code it stands for."""
        if isinstance(error, DataError):
            self.problems = error.problems
        else:
            self.error = str(error)
        self.exit_code = error.exit_code


def choose_formats(asked: list[str] | None, output: Path | None) -> tuple[str, ...]:
    """The formats to write: those asked for (default DOCX); with ``-o`` the suffix decides,
    and ``-o -`` means Markdown on stdout. Raises UsageError for an impossible choice."""
    chosen = tuple(dict.fromkeys(asked or ["docx"]))
    for fmt in chosen:
        if fmt not in FORMATS:
            raise UsageError(f"未知的输出格式“{fmt}”：可用 {'、'.join(FORMATS)}")
    if output is None:
        return chosen
    suffix = "md" if str(output) == "-" else output.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UsageError(f"{output}：无法从后缀判断输出格式，请用 .md、.docx 或 .pdf")
    if asked and set(chosen) != {suffix}:
        raise UsageError(f"-o {output} 只能输出 {suffix} 格式")
    return (suffix,)


def check_options(options: BuildOptions, inputs: Sequence[Source] = ()) -> None:
    """Refuse, before anything is built, the options that would fail every file.

    ``--template`` must name a family known to every folder of ``inputs`` (the user families
    of ``--template-dir`` and of the ``summary-gen-templates`` folder beside the data files
    count); ``--out-dir`` must not be a file; the shared values (``--defaults``, or each
    folder's ``summary-gen-defaults.yaml``) must be valid, for every file would take them
    (DataError, located in the shared file); ``--previous-dir`` must be a folder.
    """
    from .loading import defaults_for
    from .text.script import check_script

    check_template_dirs(options.template_dirs)
    for folder in dict.fromkeys(source.parent for source in inputs) or {Path(): None}:
        defaults_for(folder, options.defaults)
    if options.previous_dir is not None and not options.previous_dir.is_dir():
        raise UsageError(f"--previous-dir {options.previous_dir}：找不到这个文件夹")
    if options.template is not None:
        _check_family(options.template, options.template_dirs, inputs)
    if options.out_dir is not None and options.out_dir.exists() and not options.out_dir.is_dir():
        raise UsageError(f"--out-dir {options.out_dir}：这是一个文件，不是文件夹")
    check_script(options.script)
    if "pdf" in options.formats:
        from .pdf import require_soffice

        require_soffice()
    if {"docx", "pdf"} & set(options.formats):
        from .writers.docx import check_reference
        from .writers.docx.fonts import FONT_PROFILES

        if options.fonts is not None and options.fonts not in FONT_PROFILES:
            raise UsageError(f"未知的字体方案“{options.fonts}”：可用 {'、'.join(FONT_PROFILES)}")
        if options.reference is not None and not options.reference.is_file():
            raise UsageError(f"找不到参考文档：{options.reference}")
        if options.reference is not None:
            # Once, not once for every file it would fail; prepared for the profile the
            # builds use, so that the workers forked after this inherit it.
            check_reference(options.reference, docx_fonts(options))


def check_template_dirs(folders: Sequence[Path]) -> None:
    """Refuse a ``--template-dir`` that is missing or not a folder: ignoring it would build with
    other templates than the user meant."""
    for folder in folders:
        if not folder.exists():
            raise UsageError(f"--template-dir {folder}：找不到这个文件夹")
        if not folder.is_dir():
            raise UsageError(f"--template-dir {folder}：这不是文件夹")


def _check_family(name: str, given: Sequence[Path], inputs: Sequence[Source]) -> None:
    from .templating.families import family_names, template_dirs_in

    folders = dict.fromkeys(path.parent for path in inputs) or {Path(): None}
    for folder in folders:
        known = family_names(template_dirs_in(folder, given))
        if name not in known:
            raise UsageError(f"--template：未知的模板“{name}”，可用 {'、'.join(known)}")


def today() -> dt.date:
    """Today, or the day ``SOURCE_DATE_EPOCH`` names, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def render_file(source: Source, options: BuildOptions) -> tuple[Document, list[Problem]]:
    """Load, validate and render one data file (or row of a workbook); the warnings include
    those about the rendered text. Raises DataError (with the warnings as errors under
    ``strict``), UsageError or TemplateError."""
    _summary, document, warnings = load_and_render(source, options)
    return document, warnings


def load_source(
    source: Source, options: BuildOptions, template_dirs: Sequence[Path] | None = None
) -> tuple[Summary, list[Problem]]:
    """The model of one source, with the shared values of its folder (or ``--defaults``) and
    last year's data (its own ``previous``, else ``--previous-dir``'s file of the same name).
    ``template_dirs`` give the families its ``template`` may name (default: ``--template-dir``,
    then the ``summary-gen-templates`` folder beside the data file)."""
    from .loading import defaults_for, load_row, load_summary
    from .sources import Unreadable
    from .templating.families import family_names, template_dirs_for

    if isinstance(source, Unreadable):
        raise DataError(list(source.problems))
    if template_dirs is None:
        template_dirs = template_dirs_for(source_file(source), options.template_dirs)
    written = options.date or today()  # where the file has no date of its own
    families = family_names(template_dirs)
    defaults = defaults_for(source.parent, options.defaults)
    if isinstance(source, Path):
        last = options.previous_dir / source.name if options.previous_dir is not None else None
        return load_summary(
            source, families=families, writing_date=written, defaults=defaults, previous=last
        )
    return load_row(source, families=families, writing_date=written, defaults=defaults)


def load_and_render(
    source: Source, options: BuildOptions
) -> tuple[Summary, Document, list[Problem]]:
    """:func:`render_file`, also giving the model, for views that show its figures (preview)."""
    from .model import document_warnings, early_writing_date
    from .render import render
    from .templating.families import template_dirs_for
    from .text.script import convert_document

    written = options.date or today()  # where the file has no date of its own
    # --template-dir, then the summary-gen-templates folder beside the data file
    template_dirs = template_dirs_for(source_file(source), options.template_dirs)
    summary, warnings = load_source(source, options, template_dirs)
    if summary.date is None and options.date is not None:
        early = early_writing_date(options.date, summary.year)
        if early is not None:
            raise UsageError(f"--date：{early}")
    document = render(
        summary,
        date=written,
        template_dirs=template_dirs,
        family=options.template,
        appendix=options.appendix,
    )
    document = convert_document(document, options.script)  # OpenCC only for traditional
    warnings = [*warnings, *document_warnings(document, str(source))]
    if options.strict and warnings:
        raise DataError(warnings)
    return summary, document, warnings


def format_document(document: Document, fmt: str, options: BuildOptions) -> bytes:
    """The document as the bytes of one output format."""
    if fmt == "md":
        from .writers.markdown import to_markdown

        return to_markdown(document).encode("utf-8")
    from .writers.docx import to_docx  # only when DOCX is asked for

    return to_docx(
        document, fonts=docx_fonts(options), stamped=options.stamped, reference=options.reference
    )


def docx_fonts(options: BuildOptions) -> str:
    """The font profile of the DOCX: ``--fonts``, else the one of the script (traditional
    faces for ``--script traditional``)."""
    from .writers.docx.fonts import SCRIPT_PROFILES

    return options.fonts or SCRIPT_PROFILES.get(options.script, "gb")


def source_file(source: Source) -> Path:
    """The file a source was read from (a workbook for its rows)."""
    from .sources import Unreadable

    if isinstance(source, Path):
        return source
    return source.path if isinstance(source, Unreadable) else source.book


def told_as(source: Source) -> Path | SheetRow:
    """What a result names as its input: the source, or the workbook of an unreadable one."""
    from .sources import Unreadable

    return source.path if isinstance(source, Unreadable) else source


def plan_outputs(source: Source, options: BuildOptions) -> list[tuple[str, Path]]:
    """Where each output of ``source`` goes: ``-o`` as given, else the input's stem (a row's:
    its community's name) in its folder or in ``--out-dir``; nowhere for an unreadable one,
    nor for a row whose problems are known from the workbook (two rows of one community would
    otherwise be refused as two inputs writing one file, and the other rows not built)."""
    from .sources import Unreadable, is_row

    if isinstance(source, Unreadable) or (is_row(source) and source.problems):
        return []
    if options.output is not None:
        return [(options.formats[0], options.output)]
    folder = options.out_dir if options.out_dir is not None else source.parent
    return [(fmt, folder / output_name(source.stem, FORMATS[fmt])) for fmt in options.formats]


def write_all(
    result: FileResult,
    made: Sequence[tuple[str, Path, bytes]],
    recorded: Mapping[Path, str],
    *,
    force: bool,
) -> None:
    """Write the outputs of one input, all or none, and tell them in ``result``."""
    try:
        written = write_outputs([(target, data) for _, target, data in made], recorded, force=force)
    except OutputError as exc:  # nothing of this input was written (write_outputs undid it)
        result.outputs = [OutputResult(t, fmt, WriteStatus.NOT_WRITTEN) for fmt, t, _ in made]
        result.error = str(exc)
        result.exit_code = max(result.exit_code, exc.exit_code)
        return
    result.outputs = [
        OutputResult(w.path, fmt, w.status, w.digest, w.kept_copy)
        for (fmt, _, _), w in zip(made, written, strict=True)
    ]
    if any(w.status is WriteStatus.KEPT for w in written):
        result.exit_code = max(result.exit_code, 3)


def build_file(
    source: Source, options: BuildOptions, recorded: Mapping[Path, str] | None = None
) -> FileResult:
    """Build every output of one input, all or none. Never raises for bad data or a failed
    write: the result says what happened. Nothing is written for a file whose data is invalid.

    ``recorded`` is what the output folders' records say about this input's outputs (the SHA-256
    summary-gen last wrote there); None reads the records. The caller updates the records from
    the result's digests (a batch's workers must not write them: :mod:`summary_gen.output`).
    """
    result = FileResult(input=told_as(source))
    planned = plan_outputs(source, options)
    try:
        document, result.warnings = render_file(source, options)
        result.chars = document.char_count()
        # Every format is made before anything is written: a bad reference document must not
        # leave the Markdown written while the DOCX failed. A PDF is made of the DOCX.
        made = [
            (fmt, target, format_document(document, "docx" if fmt == "pdf" else fmt, options))
            for fmt, target in planned
        ]
        if recorded is None:
            recorded = OutputRecord().digests(target for _, target, _ in made)
        if any(fmt == "pdf" for fmt, _, _ in made):
            result.pending = (made, dict(recorded))
        else:
            write_all(result, made, recorded, force=options.force)
    except SummaryGenError as exc:
        result.failed(exc)
    return result
