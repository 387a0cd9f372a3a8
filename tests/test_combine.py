"""``build --combine``: one file for a whole street. Each summary a section of its own that starts
on an odd page with page numbers from 1; an optional cover and table of contents whose page
numbers come from a LibreOffice layout (a fake one here, the real one where installed)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from docx_parts import W, part, raw_parts, text_of
from fakes import fake_soffice, only_on_path, pages_of
from summary_gen.build import BuildOptions, format_document, render_file
from summary_gen.cli import app
from summary_gen.combine import start_pages

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Given in this order; by name (pinyin) they are 城里 (c), 桃溪 (t), 新华 (x).
INPUTS = [EXAMPLES / "生态社区.yaml", EXAMPLES / "城里社区.yaml", EXAMPLES / "六好社区.yaml"]
NAMES = {"生态社区": "桃溪社区", "城里社区": "城里社区", "六好社区": "新华社区"}
COVER = "兴安街道2020年社区工作总结汇编"
runner = CliRunner()


def build(*args: object) -> object:
    return runner.invoke(app, ["build", *map(str, args)], env={"SOURCE_DATE_EPOCH": "1614729600"})


def sections(data: bytes) -> list:
    """Each section's properties, in order (the last is the body's)."""
    body = part(data, "word/document.xml").find(f"{W}body")
    return [*body.findall(f".//{W}pPr/{W}sectPr"), body.find(f"{W}sectPr")]


def attr(el, path: str, name: str = "val") -> str | None:
    found = el.find(path.replace("w:", W))
    return None if found is None else found.get(W + name)


def toc_entries(data: bytes) -> list[tuple[str, str, str]]:
    """(text, page number, link anchor) of each line of the table of contents."""
    body = part(data, "word/document.xml").find(f"{W}body")
    entries = []
    for p in body.iter(f"{W}p"):
        link = p.find(f"{W}hyperlink")
        if link is not None:
            number = "".join(t.text or "" for r in p.findall(f"{W}r") for t in r.iter(f"{W}t"))
            entries.append((text_of(link), number, link.get(W + "anchor")))
    return entries


def test_start_pages_skip_to_the_next_odd_page() -> None:
    # Cover, blank back, contents: 3 pages; then summaries of 1, 4, 3 and 2 pages.
    assert start_pages(3, [1, 4, 3, 2]) == [5, 7, 11, 15]
    assert start_pages(1, [2, 2]) == [3, 5]


def test_each_summary_is_a_section_on_an_odd_page_with_page_numbers_from_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_on_path(monkeypatch, tmp_path / "bin")  # no LibreOffice: no page numbers in the contents
    target = tmp_path / "街道汇编.docx"
    result = build(*INPUTS, "--combine", target, "--cover", COVER, "--toc")
    assert result.exit_code == 0, result.output
    assert f"{target}：已生成" in result.stderr
    assert "目录中没有页码" in result.stderr
    data = target.read_bytes()
    cover, contents, *summaries = sections(data)
    assert len(summaries) == len(INPUTS)
    # Cover and contents: no header, no footer, so no page number.
    for sect in (cover, contents):
        assert sect.find(f"{W}footerReference") is None and sect.find(f"{W}headerReference") is None
    assert attr(contents, "w:type") == "oddPage"
    for i, sect in enumerate(summaries):
        assert attr(sect, "w:type") == "oddPage"
        assert attr(sect, "w:pgNumType", "start") == "1"
        kinds = {ref.get(W + "type") for ref in sect.findall(f"{W}footerReference")}
        assert kinds == ({"default", "even"} if i == 0 else set())  # the later ones inherit
    reader = docx.Document(io.BytesIO(data))
    assert reader.paragraphs[6].text == COVER and reader.paragraphs[6].style.name == "Title"
    assert reader.settings.odd_and_even_pages_header_footer
    # The contents: one linked entry per summary, in the order given, each to a bookmark on its
    # summary's first line; no page number is known without a layout.
    entries = toc_entries(data)
    titles = [render_file(path, BuildOptions()).__getitem__(0).title for path in INPUTS]
    assert [number for _, number, _ in entries] == ["", "", ""]
    assert [text for text, _, _ in entries] == [
        t if NAMES[p.stem] in t else NAMES[p.stem] + t for p, t in zip(INPUTS, titles, strict=True)
    ]
    body = part(data, "word/document.xml")
    marks = {b.get(W + "name"): b for b in body.iter(f"{W}bookmarkStart")}
    assert {anchor for _, _, anchor in entries} == set(marks)
    names = raw_parts(data)
    assert "word/styles.xml" in names
    styles = {s.get(W + "styleId") for s in part(data, "word/styles.xml").iter(f"{W}style")}
    assert {"TOCHeading", "TOC1"} <= styles


def test_the_contents_give_each_summary_its_first_page_from_the_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_soffice(monkeypatch, tmp_path / "bin")
    target = tmp_path / "街道汇编.docx"
    result = build(*INPUTS, "--combine", target, "--cover", COVER, "--toc")
    assert result.exit_code == 0, result.output
    # One LibreOffice process laid out the front matter and every summary.
    (command,) = [json.loads(line) for line in log.read_text().splitlines()]
    laid_out = [Path(arg) for arg in command if arg.endswith(".docx")]
    assert len(laid_out) == 1 + len(INPUTS)
    options = BuildOptions()
    singles = [format_document(render_file(p, options)[0], "docx", options) for p in INPUTS]
    front = 1  # the fake gives the dozen paragraphs of cover and contents one page
    expected = start_pages(front, [pages_of(d) for d in singles])
    numbers = [int(number) for _, number, _ in toc_entries(target.read_bytes())]
    assert numbers == expected


def test_by_name_the_summaries_come_in_pinyin_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_on_path(monkeypatch, tmp_path / "bin")
    target = tmp_path / "汇编.md"
    result = build(*INPUTS, "--combine", target, "--toc", "--order", "name")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    order = [text.index(f"{name}位于") for name in ("城里社区", "桃溪社区", "新华社区")]
    assert order == sorted(order)
    contents = text.split("\n\n# ", 2)[0]
    assert contents.startswith("# 目录\n\n1. 城里社区")
    assert "3. 新华社区" in contents


def test_markdown_has_one_section_per_summary(tmp_path: Path) -> None:
    target = tmp_path / "汇编.md"
    result = build(*INPUTS, "--combine", target, "--cover", COVER)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"# {COVER}\n\n# ")
    for path in INPUTS:
        single = format_document(render_file(path, BuildOptions())[0], "md", BuildOptions())
        assert single.decode() in text
    assert "目录" not in text


def test_a_combined_file_is_rebuilt_as_any_output_and_kept_once_edited(tmp_path: Path) -> None:
    data = tmp_path / "城里社区.yaml"
    data.write_bytes(INPUTS[1].read_bytes())
    target = tmp_path / "汇编.md"
    assert build(INPUTS[0], data, "--combine", target).exit_code == 0
    data.write_text(data.read_text(encoding="utf-8").replace("2021-03-03", "2021-03-05"), "utf-8")
    result = build(INPUTS[0], data, "--combine", target)
    assert result.exit_code == 0, result.output
    assert f"{target}：已更新" in result.stderr
    assert "2021年3月5日" in target.read_text(encoding="utf-8")
    # Edited by hand: kept, and --force keeps the edited copy beside the new one.
    target.write_text(target.read_text(encoding="utf-8") + "\n秘书加的一段。\n", "utf-8")
    data.write_text(data.read_text(encoding="utf-8").replace("2021-03-05", "2021-03-06"), "utf-8")
    result = build(INPUTS[0], data, "--combine", target)
    assert result.exit_code == 3
    assert "秘书加的一段" in target.read_text(encoding="utf-8")
    assert build(INPUTS[0], data, "--combine", target, "--force").exit_code == 0
    (kept,) = tmp_path.glob("汇编.已修改-*.md")
    assert "秘书加的一段" in kept.read_text(encoding="utf-8")
    assert "秘书加的一段" not in target.read_text(encoding="utf-8")


def test_one_invalid_file_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2020\ncommunity:\n  name: 城里社区\n  househods: 300\n", encoding="utf-8")
    target = tmp_path / "汇编.docx"
    result = build(INPUTS[0], bad, "--combine", target, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [entry["status"] for entry in report["inputs"]] == ["ok", "invalid"]
    assert report["combined"] is None
    assert not target.exists()


def test_combine_options_that_do_not_go_together_are_usage_errors(tmp_path: Path) -> None:
    target = tmp_path / "汇编.docx"
    for args, message in (
        (("--cover", COVER), "只用于 --combine"),
        (("--combine", target, "-o", tmp_path / "x.docx"), "不能与 -o/--output 或 --out-dir"),
        (("--combine", target, "-f", "md"), "格式由后缀决定"),
        (("--combine", tmp_path / "汇编.txt"), "后缀应为 .docx、.pdf 或 .md"),
        (("--combine", target, "--order", "size"), "未知的顺序"),
    ):
        result = build(INPUTS[0], *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, args
    assert list(tmp_path.iterdir()) == []


def test_a_combined_pdf_goes_through_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(monkeypatch, tmp_path / "bin")
    target = tmp_path / "汇编.pdf"
    result = build(*INPUTS, "--combine", target, "--json")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert json.loads(result.stdout)["combined"]["status"] == "created"
    again = build(*INPUTS, "--combine", target, "--json")
    assert json.loads(again.stdout)["combined"]["status"] == "identical"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed",
)
def test_real_layout_the_contents_pages_are_where_each_summary_starts(tmp_path: Path) -> None:
    from summary_gen.pdf import convert, find_soffice

    docx_target = tmp_path / "汇编.docx"
    result = build(*INPUTS, "--combine", docx_target, "--cover", COVER, "--toc")
    assert result.exit_code == 0, result.output
    numbers = [int(number) for _, number, _ in toc_entries(docx_target.read_bytes())]
    (pdf,) = convert([docx_target.read_bytes()], find_soffice() or "soffice")
    assert isinstance(pdf, bytes)
    target = tmp_path / "汇编.pdf"
    target.write_bytes(pdf)

    def page_text(number: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(target), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout

    for path, number in zip(INPUTS, numbers, strict=True):
        assert number % 2 == 1
        text = page_text(number).replace(" ", "").replace("\n", "")
        assert f"{NAMES[path.stem]}位于" in text, path
        assert "— 1 —" in page_text(number) or "—1—" in page_text(number).replace(" ", "")
