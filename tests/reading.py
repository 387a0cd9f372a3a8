"""Reading a rendered document as a careful reader would: helpers shared by the render tests."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from summary_gen.document import Document
from summary_gen.model import validate
from summary_gen.render import render

DATE = dt.date(2021, 1, 15)

# What must never reach a reader: placeholders, template syntax, line-protocol markers, doubled
# or clashing punctuation, the data wrappers, half-width punctuation between Chinese characters.
FORBIDDEN = re.compile(
    r"None|\?|？|“”|\[\]|\{\{|\}\}|\{%|%\}|（）|Undefined|@|[\x00-\x1f]"
    r"|[，。；：、]{2}|[\u4e00-\u9fff][,:;][\u4e00-\u9fff]|^[，。；：、]"
)


def make(data: dict[str, Any], **options: Any) -> Document:
    """Render ``data`` (a data file as a dict), written on :data:`DATE` unless told otherwise."""
    options.setdefault("date", DATE)
    return render(validate(data), **options)


def headings(doc: Document, kind: str = "heading1") -> list[str]:
    return [b.text for b in doc.body if b.kind == kind]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.body if b.kind == "paragraph"]


def all_text(doc: Document) -> str:
    return "\n".join([doc.title, *(b.text for b in doc.body), doc.signatory, doc.date_text])


def assert_reads_clean(doc: Document) -> None:
    """No placeholder or stray mark anywhere; paragraphs end as sentences end; headings are
    numbered 一、二、… without a gap and carry no full stop."""
    for text in [*doc.title_lines, *(b.text for b in doc.body), doc.signatory, doc.date_text]:
        found = FORBIDDEN.search(text)
        assert found is None, f"{found[0]!r} in {text!r}"
    texts = paragraphs(doc)
    if doc.appendix is not None:  # the attachment note ends the body, without a full stop
        assert texts.pop() == doc.appendix.title
    for text in texts:
        assert text[-1] in "。：！”", f"paragraph ends badly: {text!r}"
    numbers = [h.split("、")[0] for h in headings(doc)]
    assert numbers == ["一二三四五六七八九"[i] for i in range(len(numbers))]
    for text in headings(doc) + headings(doc, "heading2"):
        assert not text.endswith("。"), text
