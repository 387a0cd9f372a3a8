"""summary-gen: 从一份 YAML 数据文件生成社区工作总结。

For scripts that use it from Python, the steps the command line strings together::

    import summary_gen

    summary, warnings = summary_gen.load("城里社区.yaml")
    document = summary_gen.render(summary)
    text = summary_gen.to_markdown(document)
    data = summary_gen.to_docx(document)

Bad data raises :class:`DataError` with every located :class:`Problem` of the file; the other
errors are in :mod:`summary_gen.errors`. docs/contributing.md maps the code.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, OutputError, Problem, SummaryGenError, TemplateError, UsageError

if TYPE_CHECKING:
    from .document import Document
    from .model import Summary

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "OutputError",
    "Problem",
    "SummaryGenError",
    "TemplateError",
    "UsageError",
    "__version__",
    "load",
    "render",
    "to_docx",
    "to_markdown",
]

# The steps import their modules when called: `summary-gen --help` imports this package too.


def load(
    path: str | os.PathLike[str],
    *,
    template_dirs: Sequence[Path] = (),
    display_name: str | None = None,
    writing_date: dt.date | None = None,
) -> tuple[Summary, list[Problem]]:
    """Read and validate one data file: the model and the warnings about it.

    ``template_dirs`` are user template folders (as ``--template-dir``), searched with the
    ``summary-gen-templates`` folder beside the file for the families ``template`` may name.
    ``writing_date`` is the date of writing a build would print where the file has none.
    Raises :class:`DataError` (every problem of the file) or :class:`UsageError`.
    """
    from .loading import load_summary
    from .templating.families import family_names, template_dirs_for

    families = family_names(template_dirs_for(Path(path), template_dirs))
    return load_summary(
        path, display_name=display_name, families=families, writing_date=writing_date
    )


def render(
    summary: Summary,
    *,
    date: dt.date | None = None,
    template_dirs: Sequence[Path] = (),
    family: str | None = None,
    appendix: bool = False,
) -> Document:
    """The summary rendered with its template family: ``summary.template``, else ``family``,
    else kepu. ``date`` is the date of writing where the data has none (default today).
    Raises :class:`TemplateError`."""
    from .render import render as render_summary

    return render_summary(
        summary,
        date=date or dt.date.today(),
        template_dirs=template_dirs,
        family=family,
        appendix=appendix,
    )


def to_markdown(document: Document) -> str:
    """The document as Markdown text."""
    from .writers.markdown import to_markdown as markdown_of

    return markdown_of(document)


def to_docx(
    document: Document,
    *,
    fonts: str = "gb",
    stamped: bool = True,
    reference: Path | None = None,
) -> bytes:
    """The document as DOCX bytes in the GB/T 9704 layout (``fonts``: gb, windows or
    traditional; ``reference``: an office's own .docx whose styles replace ours)."""
    from .writers.docx import to_docx as docx_of

    return docx_of(document, fonts=fonts, stamped=stamped, reference=reference)
