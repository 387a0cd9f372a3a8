"""``-f pdf``: every PDF of a run through one LibreOffice process, a clear message where there is
none, a warning for faces LibreOffice replaced, the same PDF for the same DOCX. A fake
``soffice`` stands in (tests/fakes.py); one test converts with the real one where installed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docx_parts import make_doc
from fakes import fake_fc_list, fake_soffice, only_on_path
from summary_gen.cli import app
from summary_gen.pdf import convert, is_current, page_count, pdf_fonts, source_id, tied_to_source
from summary_gen.writers.docx import to_docx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()

ALL_GB_FONTS = [
    "方正小标宋简体,FZXiaoBiaoSong-B05S\t/usr/share/fonts/FZXBSJW.TTF",
    "仿宋_GB2312\t/usr/share/fonts/仿宋_GB2312.ttf",
    "楷体_GB2312\t/usr/share/fonts/楷体_GB2312.ttf",
    "黑体,SimHei\t/usr/share/fonts/simhei.ttf",
    "宋体,SimSun,新宋体,NSimSun\t/usr/share/fonts/simsun.ttc",
    "Times New Roman\t/usr/share/fonts/times.ttf",
]


def build(*args: object) -> object:
    return runner.invoke(app, ["build", *map(str, args)])


def calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_without_libreoffice_a_pdf_says_how_to_install_it_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_on_path(monkeypatch, tmp_path / "bin")
    out = tmp_path / "out"
    result = build(EXAMPLES[0], "--out-dir", out, "-f", "md", "-f", "pdf")
    assert result.exit_code == 2
    assert "生成 PDF 需要 LibreOffice" in result.stderr
    assert "apt install libreoffice-writer" in result.stderr
    assert not out.exists()  # not even the Markdown
    # Without -f pdf nothing needs LibreOffice.
    assert build(EXAMPLES[0], "--out-dir", out, "-f", "md").exit_code == 0


def test_every_pdf_of_a_batch_goes_through_one_libreoffice_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_soffice(monkeypatch, tmp_path / "bin")
    out = tmp_path / "out"
    result = build(*EXAMPLES, "--out-dir", out, "-f", "pdf", "-f", "docx", "-j", "2", "--json")
    assert result.exit_code == 0, result.output
    (command,) = calls(log)
    assert command[:2] == ["--headless", "--norestore"]
    assert any(arg.startswith("-env:UserInstallation=file://") for arg in command)  # private
    assert "IsSkipEmptyPages" in command[command.index("--convert-to") + 1]
    assert len([arg for arg in command if arg.endswith(".docx")]) == len(EXAMPLES)
    report = json.loads(result.stdout)
    for entry in report["inputs"]:
        formats = {o["format"]: o for o in entry["outputs"]}
        assert set(formats) == {"docx", "pdf"}
        pdf = Path(formats["pdf"]["path"])
        assert pdf.read_bytes().startswith(b"%PDF")
        docx = Path(formats["docx"]["path"]).read_bytes()
        assert page_count(pdf.read_bytes()) >= 1
        assert pdf.stem == Path(entry["file"]).stem and docx.startswith(b"PK")


def test_a_pdf_made_of_the_same_docx_is_left_alone_unconverted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_soffice(monkeypatch, tmp_path / "bin")
    out = tmp_path / "out"
    assert build(EXAMPLES[0], "--out-dir", out, "-f", "pdf").exit_code == 0
    first = (out / f"{EXAMPLES[0].stem}.pdf").read_bytes()
    result = build(EXAMPLES[0], "--out-dir", out, "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    assert "未变化" in result.stderr
    assert (out / f"{EXAMPLES[0].stem}.pdf").read_bytes() == first
    assert len(calls(log)) == 1  # nothing was converted the second time


def test_a_pdf_carries_the_digest_of_its_docx_and_the_document_date(tmp_path: Path) -> None:
    def pdf(stamp: str, key: str) -> bytes:
        return (
            f"%PDF-1.6\n<</CreationDate(D:{stamp}Z')>>\ntrailer\n<</ID [ <{key}>\n<{key}> ]\n"
            f"/DocChecksum /{key}\n>>\n%%EOF\n"
        ).encode()

    docx = to_docx(make_doc())
    one = tied_to_source(pdf("20240101120000", "A" * 32), docx)
    two = tied_to_source(pdf("20250607080910", "B" * 32), docx)
    assert one == two
    assert b"(D:20210303000000Z')" in one  # make_doc's date
    assert len(one) == len(pdf("20240101120000", "A" * 32))  # the offsets still hold
    path = tmp_path / "a.pdf"
    path.write_bytes(one)
    assert is_current(path, docx)
    assert not is_current(path, to_docx(make_doc(appendix=False)))
    # A PDF editor that saves it gives the second half of the identifier a new value.
    path.write_bytes(one.replace(source_id(docx) + b"> ]", b"C" * 32 + b"> ]"))
    assert not is_current(path, docx)


def test_a_face_that_is_not_installed_is_a_warning_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_fc_list(monkeypatch, tmp_path / "bin", ALL_GB_FONTS[2:])  # no 小标宋, no 仿宋_GB2312
    fake_soffice(monkeypatch, tmp_path / "bin")
    out = tmp_path / "out"
    result = build(EXAMPLES[0], "--out-dir", out, "-f", "pdf")
    assert result.exit_code == 0
    (warning,) = [line for line in result.stderr.splitlines() if "本机没有字体" in line]
    assert "本机没有字体 仿宋_GB2312、方正小标宋简体，" in warning
    assert "FakeSerif" in warning  # what the PDF was set in instead
    assert "summary-gen fonts" in warning


def test_no_warning_where_every_face_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_fc_list(monkeypatch, tmp_path / "bin", ALL_GB_FONTS)
    fake_soffice(monkeypatch, tmp_path / "bin")
    result = build(EXAMPLES[0], "--out-dir", tmp_path / "out", "-f", "pdf")
    assert result.exit_code == 0
    assert "本机没有字体" not in result.stderr


def test_a_failed_conversion_is_a_failed_file_with_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(monkeypatch, tmp_path / "bin", fail=True)
    out = tmp_path / "out"
    result = build(EXAMPLES[0], "--out-dir", out, "-f", "pdf", "--json")
    assert result.exit_code == 3
    (entry,) = json.loads(result.stdout)["inputs"]
    assert entry["status"] == "failed"
    assert "无法转换为 PDF" in entry["errors"][0]["message"]
    assert "source file could not be loaded" in entry["errors"][0]["message"]
    assert not (out / f"{EXAMPLES[0].stem}.pdf").exists()


def test_fonts_and_pages_of_a_pdf() -> None:
    pdf = (
        b"<</Type/Pages/Count 2>><</Type/Page/Parent 3 0 R>><</Type /Page>>"
        b"<</FontName/ABCDEF+NotoSerifCJKsc-Regular>><</FontName /LiberationSerif>>"
    )
    assert page_count(pdf) == 2
    assert pdf_fonts(pdf) == ["LiberationSerif", "NotoSerifCJKsc-Regular"]


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_real_libreoffice_converts_and_embeds_the_fonts(tmp_path: Path) -> None:
    from summary_gen.pdf import find_soffice

    soffice = find_soffice()
    assert soffice is not None
    docx = to_docx(make_doc())
    first, second = convert([docx, docx], soffice)
    assert isinstance(first, bytes) and isinstance(second, bytes)
    assert page_count(first) >= 2  # text and appendix
    assert b"/FontFile" in first  # the fonts are embedded
    assert pdf_fonts(first)
    # One process, two files: the fonts' subset prefixes differ, the identifier does not.
    for i, pdf in enumerate((first, second)):
        path = tmp_path / f"{i}.pdf"
        path.write_bytes(tied_to_source(pdf, docx))
        assert is_current(path, docx)
        assert b"/CreationDate(D:20210303000000" in path.read_bytes()


def test_a_failed_conversion_writes_none_of_that_inputs_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(monkeypatch, tmp_path / "bin", fail=True)
    out = tmp_path / "out"
    result = build(EXAMPLES[0], "--out-dir", out, "-f", "md", "-f", "pdf", "--json")
    assert result.exit_code == 3
    (entry,) = json.loads(result.stdout)["inputs"]
    assert {o["format"]: o["status"] for o in entry["outputs"]} == {
        "md": "not-written",
        "pdf": "not-written",
    }
    assert "其他输出也未写入" in entry["errors"][0]["message"]
    assert not out.exists() or sorted(p.name for p in out.iterdir() if p.name[0] != ".") == []


def test_a_pdf_of_changed_data_is_updated_as_the_other_outputs_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(monkeypatch, tmp_path / "bin")
    data = tmp_path / "城里社区.yaml"
    data.write_bytes((ROOT / "examples" / "城里社区.yaml").read_bytes())
    out = tmp_path / "out"
    assert build(data, "--out-dir", out, "-f", "md", "-f", "pdf").exit_code == 0
    first = (out / "城里社区.pdf").read_bytes()
    data.write_text(data.read_text(encoding="utf-8").replace("2021-03-03", "2021-03-05"), "utf-8")
    result = build(data, "--out-dir", out, "-f", "md", "-f", "pdf", "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["inputs"]
    assert {o["format"]: o["status"] for o in entry["outputs"]} == {
        "md": "updated",
        "pdf": "updated",
    }
    assert (out / "城里社区.pdf").read_bytes() != first
