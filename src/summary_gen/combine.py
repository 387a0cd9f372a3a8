"""One file for a whole street (``build --combine``): every input's summary in one DOCX, PDF or
Markdown file, with an optional cover and table of contents.

Every input is rendered first; if one is invalid, nothing is written. In a DOCX or PDF each
summary starts on an odd page with its own page numbers from — 1 — (writers/docx/combined.py);
the table of contents lists each summary with the page of the file where it starts. Those pages
are known only from a layout: where LibreOffice is installed, the cover with the table of
contents and each summary are laid out by it (one process for all), their page counts give the
starting pages; elsewhere the entries have no page number, and a warning says so. Markdown has
one section per summary and a list of them for a table of contents.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .build import FileResult, OutputResult
from .errors import SummaryGenError, UsageError

if TYPE_CHECKING:
    from .batch import BatchReport
    from .build import BuildOptions
    from .document import Document
    from .sources import Source

__all__ = [
    "ORDERS",
    "CombineOptions",
    "combine",
    "combined_format",
    "report_json",
    "start_pages",
]

ORDERS = ("given", "name")
"""``given``: the order of the inputs (a folder's files by name); ``name``: by community name."""

_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md"}
_TOC_HEADING = "目录"


@dataclass(frozen=True, slots=True)
class CombineOptions:
    """``--combine FILE``, ``--cover``, ``--toc`` and ``--order``."""

    target: Path
    cover: str = ""
    toc: bool = False
    order: str = "given"


@dataclass
class Combined:
    """What a combined build did: each input's result, and the combined file's."""

    report: BatchReport
    output: OutputResult | None = None
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def exit_code(self) -> int:
        from .output import WriteStatus

        kept = self.output is not None and self.output.status is WriteStatus.KEPT
        return max(self.report.exit_code, 3 if kept else 0)


def combined_format(target: Path) -> str:
    """The format of a combined file, from its suffix."""
    fmt = _SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise UsageError(f"--combine {target}：合并文件的后缀应为 .docx、.pdf 或 .md")
    return fmt


def combine(inputs: Sequence[Source], options: BuildOptions, request: CombineOptions) -> Combined:
    """Render every input, then write them as one file; nothing is written if one fails."""
    from .batch import BatchReport
    from .build import load_and_render, told_as
    from .output import OutputRecord, write_outputs

    if request.order not in ORDERS:
        raise UsageError(
            f"--order：未知的顺序“{request.order}”，可用 given（按给出的顺序）、name（按名称）"
        )
    results: list[FileResult] = []
    rendered: list[tuple[str, Document]] = []
    for source in inputs:
        result = FileResult(input=told_as(source))
        try:
            summary, document, result.warnings = load_and_render(source, options)
            result.chars = document.char_count()
            rendered.append((summary.community.name, document))
        except SummaryGenError as exc:
            result.failed(exc)
        results.append(result)
    done = Combined(BatchReport(results))
    if done.report.exit_code:
        return done  # one summary missing: no file for the street
    if request.order == "name":
        # GB 2312 puts its 3755 common characters in the order of their pinyin.
        rendered.sort(key=lambda item: item[0].encode("gb18030"))
    documents = [document for _, document in rendered]
    labels = [_label(name, document, options.script) for name, document in rendered]
    fmt = combined_format(request.target)
    if fmt == "md":
        from .writers.markdown import combined_markdown

        cover = _script(request.cover, options.script)
        toc = labels if request.toc else None
        data = combined_markdown(
            documents, cover=cover, toc=toc, heading=_heading(options)
        ).encode()
    else:
        data = _combined_docx(documents, labels, options, request, done.warnings)
        if fmt == "pdf":
            from .pdf import is_current

            # Made of this very DOCX: left as it is (converting again gives other bytes).
            data = (
                request.target.read_bytes() if is_current(request.target, data) else _to_pdf(data)
            )
    # The street's file is an output as any other: replaced once its inputs change, unless it
    # was edited since (then kept, or with --force kept beside the new one).
    record = OutputRecord()
    (written,) = write_outputs(
        [(request.target, data)], record.digests([request.target]), force=options.force
    )
    if written.digest:
        record.note(request.target, written.digest)
        record.save()
    done.output = OutputResult(
        request.target, fmt, written.status, written.digest, written.kept_copy
    )
    return done


def _script(text: str, script: str) -> str:
    if script == "traditional" and text:
        from .text.script import to_traditional

        return to_traditional(text)
    return text


def _heading(options: BuildOptions) -> str:
    return _script(_TOC_HEADING, options.script)


def _label(name: str, document: Document, script: str) -> str:
    """A table of contents entry: the title, with the community's name before it where the
    title does not say it (城里社区创建科普示范社区工作总结)."""
    name = _script(name, script)
    return document.title if name in document.title else f"{name}{document.title}"


def _combined_docx(
    documents: list[Document],
    labels: list[str],
    options: BuildOptions,
    request: CombineOptions,
    warnings: list[str],
) -> bytes:
    from .build import docx_fonts, format_document
    from .pdf import convert, find_soffice, page_count
    from .text.zh import split_title
    from .writers.docx import TocEntry, combined_docx

    fonts = docx_fonts(options)
    cover = split_title(_script(request.cover, options.script)) if request.cover else ()
    settings: dict[str, Any] = {
        "fonts": fonts,
        "stamped": options.stamped,
        "reference": options.reference,
    }
    title = _script(request.cover, options.script) or _heading(options)
    toc = None
    if request.toc:
        toc = [TocEntry(label) for label in labels]
        soffice = find_soffice()
        if soffice is None:
            warnings.append(
                "本机没有 LibreOffice，目录中没有页码（页码要排版后才知道）；装上 LibreOffice "
                "后重新生成，或在 Word、WPS 中手工填写"
            )
        else:
            # The front matter with a page number of three digits in each entry, as wide as
            # the real ones will be, then each summary alone: laid out by one process.
            front = combined_docx(
                [], title=title, cover=cover, toc=[TocEntry(x, 999) for x in labels],
                heading=_heading(options), **settings,
            )  # fmt: skip
            singles = [format_document(document, "docx", options) for document in documents]
            pdfs = convert([front, *singles], soffice)
            failed = next((pdf for pdf in pdfs if isinstance(pdf, str)), None)
            if failed is None:
                counts = [page_count(pdf) for pdf in pdfs if isinstance(pdf, bytes)]
                starts = start_pages(counts[0], counts[1:])
                toc = [TocEntry(label, page) for label, page in zip(labels, starts, strict=True)]
            else:
                warnings.append(f"LibreOffice 排版失败，目录中没有页码：{failed}")
    return combined_docx(
        documents, title=title, cover=cover, toc=toc, heading=_heading(options), **settings
    )


def start_pages(front: int, pages: Sequence[int]) -> list[int]:
    """The page of the file where each document starts: after ``front`` pages of cover and
    contents, each on the next odd page (a blank page fills in where one ends on an odd
    page), ``pages`` being how many each has."""
    starts = []
    page = front + 1
    for count in pages:
        if page % 2 == 0:
            page += 1
        starts.append(page)
        page += count
    return starts


def _to_pdf(docx: bytes) -> bytes:
    from .pdf import convert, require_soffice, tied_to_source

    (pdf,) = convert([docx], require_soffice())
    if isinstance(pdf, str):
        raise SummaryGenError(f"无法转换为 PDF：{pdf}")
    return tied_to_source(pdf, docx)


def report_json(done: Combined) -> dict[str, Any]:
    """The ``--json`` report of a combined build: every input as in a batch, and the file."""
    from .report import report_json as batch_json

    data = batch_json(done.report)
    data["exit_code"] = done.exit_code
    data["combined"] = (
        None
        if done.output is None
        else {
            "path": str(done.output.path),
            "format": done.output.format,
            "status": done.output.status.value,
            "warnings": done.warnings,
        }
    )
    return data
