"""The reference document: the one ``summary-gen reference`` writes, and what a user's reference
brings into the output (styles, page, headers, footers, embedded fonts, pictures), carried so
that every relationship resolves; zip bombs and files that are no .docx refused with a message.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from lxml import etree

from docx_parts import (
    W,
    content_types,
    make_doc,
    paragraphs,
    part,
    raw_parts,
    relationships,
    style,
    style_of,
    text_of,
)
from summary_gen.errors import UsageError
from summary_gen.writers.docx import reference_docx, to_docx
from summary_gen.writers.docx.house import USES
from summary_gen.writers.docx.layout import Layout
from summary_gen.writers.docx.reference import MAX_ENTRIES, MAX_FILE
from summary_gen.writers.docx.styles import style_table

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL_ATTRS = {"id", "embed", "link", "pict", "relid", "dm", "lo", "qs", "cs"}


def png(width: int = 40, height: int = 20) -> bytes:
    """A small valid PNG, written by hand (no imaging library in the tests)."""
    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def dangling_ids(data: bytes) -> list[tuple[str, str]]:
    """(part, id) of every relationship id an XML part names that its relationships lack."""
    parts = raw_parts(data)
    missing = []
    for name, content in parts.items():
        if not name.endswith(".xml") or name.startswith("[") or "_rels/" in name:
            continue
        folder, base = name.rsplit("/", 1) if "/" in name else ("", name)
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        ids = set()
        if rels_name in parts:
            ids = {r.get("Id") for r in etree.fromstring(parts[rels_name])}
        for el in etree.fromstring(content).iter():
            for attr, value in el.attrib.items():
                qname = etree.QName(attr)
                named = qname.namespace == R_ID[1:-1] and qname.localname in _REL_ATTRS
                if named and value not in ids:
                    missing.append((name, value))
    return missing


def rewrite(path: Path, changes: dict[str, bytes | None]) -> Path:
    """The zip at ``path`` with parts replaced, added or (None) removed."""
    parts = raw_parts(path.read_bytes())
    for name, data in changes.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def house(tmp_path: Path) -> Path:
    path = tmp_path / "公文样式.docx"
    path.write_bytes(reference_docx(dt.date(2021, 3, 3)))
    return path


def with_header(path: Path, text: str = "兴安街道办事处") -> Path:
    """The reference with a header that holds a picture (a logo) and ``text``."""
    ref = docx.Document(str(path))
    header = ref.sections[0].header
    header.is_linked_to_previous = False
    run = header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(png()), height=Mm(4))
    header.paragraphs[0].add_run(text)
    ref.save(str(path))
    return path


def embedding_a_font(path: Path) -> Path:
    """The reference with 仿宋_GB2312 embedded in its font table, as Word does."""
    parts = raw_parts(path.read_bytes())
    table = parts["word/fontTable.xml"].decode()
    embed = '<w:embedRegular r:id="rId1" w:fontKey="{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}"/>'
    table = re.sub(
        r'(<w:font w:name="仿宋_GB2312">.*?)(</w:font>)', rf"\1{embed}\2", table, count=1
    )
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "<Default ",
            '<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/><Default ',
            1,
        )
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/font" '
        'Target="fonts/font1.odttf"/></Relationships>'
    )
    settings = (
        parts["word/settings.xml"]
        .decode()
        .replace(
            '<w:zoom w:percent="100"/>',
            '<w:zoom w:percent="100"/><w:embedTrueTypeFonts/><w:saveSubsetFonts/>',
        )
    )
    return rewrite(
        path,
        {
            "word/fontTable.xml": table.encode(),
            "word/_rels/fontTable.xml.rels": rels.encode(),
            "word/fonts/font1.odttf": b"\x00\x01\x00\x00" + bytes(4000),
            "[Content_Types].xml": types.encode(),
            "word/settings.xml": settings.encode(),
        },
    )


def embedding_everything(path: Path) -> Path:
    """The reference with a picture bullet in its numbering and a picture in its theme, each
    related from its part, as Word writes them."""
    parts = raw_parts(path.read_bytes())
    rel = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/image" Target="{}"/></Relationships>'
    )
    numbering = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:numbering {NS}>"
        '<w:numPicBullet w:numPicBulletId="0"><w:pict><v:shape id="_x0000_i1025" '
        'style="width:9pt;height:9pt"><v:imagedata r:id="rId1" o:title=""/></v:shape></w:pict>'
        '</w:numPicBullet><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:numFmt w:val="bullet"/><w:lvlPicBulletId w:val="0"/><w:lvlText w:val="\uf0b7"/>'
        "</w:lvl></w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    theme = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="t">'
        '<a:themeElements><a:clrScheme name="c"/><a:fontScheme name="f"/>'
        '<a:fmtScheme name="s"><a:bgFillStyleLst><a:blipFill><a:blip r:embed="rId1"/>'
        "</a:blipFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
    )
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "</Types>",
        '<Default Extension="png" ContentType="image/png"/>'
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.theme+xml"/></Types>',
    )
    doc_rels = (
        parts["word/_rels/document.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/numbering" Target="numbering.xml"/><Relationship Id="rId91" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" '
            'Target="theme/theme1.xml"/></Relationships>',
        )
    )
    return rewrite(
        path,
        {
            "word/numbering.xml": numbering.encode(),
            "word/_rels/numbering.xml.rels": rel.format("media/bullet.png").encode(),
            "word/media/bullet.png": png(8, 8),
            "word/theme/theme1.xml": theme.encode(),
            "word/theme/_rels/theme1.xml.rels": rel.format("../media/fill.png").encode(),
            "word/media/fill.png": png(4, 4),
            "[Content_Types].xml": types.encode(),
            "word/_rels/document.xml.rels": doc_rels.encode(),
        },
    )


NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def assert_valid_package(data: bytes) -> None:
    """Every r:id resolves, every relationship reaches a part, every part has a type."""
    assert dangling_ids(data) == []
    names = set(raw_parts(data))
    assert {target for _, _, target in relationships(data)} <= names
    defaults, overrides = content_types(data)
    for name in names - {"[Content_Types].xml"}:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name


# --- summary-gen reference ----------------------------------------------------------------------


def test_the_reference_document_has_every_style_named_as_word_names_them(house: Path) -> None:
    data = house.read_bytes()
    styles = part(data, "word/styles.xml")
    names = {
        s.get(W + "styleId"): s.find(f"{W}name").get(W + "val") for s in styles.iter(f"{W}style")
    }
    table = style_table(Layout())
    assert names == {row.key: row.name for row in table}  # the extra styles too
    assert {"Title", "heading 1", "heading 2", "Body Text", "Signature", "Date"} <= set(
        names.values()
    )
    assert {"附件标识", "表格文字", "footer", "toc 1", "TOC Heading"} <= set(names.values())
    # Every style we use is described, each paragraph style by a paragraph set in it.
    assert set(USES) == {"Normal"} | {row.key for row in table if not row.default}
    described: dict[str, list[str]] = {}
    for p in paragraphs(data):
        described.setdefault(style_of(p) or "", []).append(text_of(p))
    for row in table:
        if row.type == "paragraph" and row.key != "Footer":
            assert any(USES[row.key][1] in text for text in described[row.key]), row.key
    table_text = "".join(text_of(p) for p in paragraphs(data) if style_of(p) == "TableText")
    assert all(USES[key][0] in table_text for key in USES)
    # Its page numbers and its page are ours.
    assert {"word/footer1.xml", "word/footer2.xml"} <= set(raw_parts(data))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert abs(section.top_margin.mm - 37) < 0.1
    assert_valid_package(data)


def test_building_with_the_written_reference_keeps_the_built_in_layout(house: Path) -> None:
    plain = to_docx(make_doc())
    styled = to_docx(make_doc(), reference=house)
    assert [(style_of(p), text_of(p)) for p in paragraphs(styled)] == [
        (style_of(p), text_of(p)) for p in paragraphs(plain)
    ]
    for key in ("Normal", "Title", "Heading1", "Heading2", "BodyText", "Signature", "Date"):
        assert etree.tostring(style(styled, key)) == etree.tostring(style(plain, key)), key
    for name in ("word/footer1.xml", "word/footer2.xml"):
        assert raw_parts(styled)[name] == raw_parts(plain)[name]

    def section(data: bytes) -> list[tuple[str, dict[str, str]]]:
        sect = part(data, "word/document.xml").find(f"{W}body/{W}sectPr")
        return [(el.tag, dict(el.attrib)) for el in sect]

    assert section(styled) == section(plain)


# --- Headers and footers ------------------------------------------------------------------------


def test_a_reference_header_is_on_every_page_with_its_picture(house: Path) -> None:
    data = to_docx(make_doc(), reference=with_header(house))
    section = docx.Document(io.BytesIO(data)).sections[0]
    # Settings say odd and even pages differ (the page numbers alternate sides): the header
    # given for odd pages is on even pages too.
    for header in (section.header, section.even_page_header):
        assert not header.is_linked_to_previous
        assert [p.text for p in header.paragraphs] == ["兴安街道办事处"]
        blips = header._element.xpath(".//a:blip/@r:embed")
        assert len(blips) == 1
        image = header.part.related_parts[blips[0]]
        assert image.blob == png()
    # Its footers are the page numbers the reference had: ours.
    assert section.footer.paragraphs[0].text == "— 1 —"
    media = [n for n in raw_parts(data) if n.startswith("word/media/")]
    assert len(media) == 1  # both headers share the one picture
    assert_valid_package(data)


def test_a_reference_footer_replaces_ours_and_serves_both_sides(house: Path) -> None:
    ref = docx.Document(str(house))
    ref.settings.odd_and_even_pages_header_footer = False
    section = ref.sections[0]
    section.footer.paragraphs[0].text = "兴安街道办事处印制"
    ref.save(str(house))
    data = to_docx(make_doc(), reference=house)
    out = docx.Document(io.BytesIO(data)).sections[0]
    assert [p.text for p in out.footer.paragraphs] == ["兴安街道办事处印制"]
    assert [p.text for p in out.even_page_footer.paragraphs] == ["兴安街道办事处印制"]
    assert_valid_package(data)


def test_a_reference_without_footers_gets_our_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    data = to_docx(make_doc(), reference=path)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.footer.paragraphs[0].text == "— 1 —"
    assert section.even_page_footer.paragraphs[0].text == "— 1 —"
    assert section.header.is_linked_to_previous  # no header
    assert_valid_package(data)


def test_the_headers_of_a_later_section_are_those_in_force_at_the_end(house: Path) -> None:
    ref = docx.Document(str(with_header(house, "第一节的页眉")))
    ref.add_section()  # the new last section names no header: it keeps the first one's
    ref.save(str(house))
    data = to_docx(make_doc(), reference=house)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert [p.text for p in section.header.paragraphs] == ["第一节的页眉"]


# --- Parts carried with what they reach (issue 14.13) -------------------------------------------


def test_an_embedded_font_is_carried_with_its_relationship_and_type(house: Path) -> None:
    data = to_docx(make_doc(), reference=embedding_a_font(house))
    fonts = part(data, "word/fontTable.xml")
    (embed,) = fonts.iter(f"{W}embedRegular")
    rels = {(source, kind, target) for source, kind, target in relationships(data)}
    assert ("word/_rels/fontTable.xml.rels", "font", "word/fonts/font1.odttf") in rels
    assert raw_parts(data)["word/fonts/font1.odttf"] == b"\x00\x01\x00\x00" + bytes(4000)
    defaults, overrides = content_types(data)
    font_type = overrides.get("word/fonts/font1.odttf") or defaults.get("odttf")
    assert font_type == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    assert embed.get(R_ID + "id") == "rId1"
    # So that Word keeps them embedded when it saves the summary again.
    settings = part(data, "word/settings.xml")
    assert settings.find(f"{W}embedTrueTypeFonts") is not None
    assert settings.find(f"{W}saveSubsetFonts") is not None
    assert_valid_package(data)


def test_picture_bullets_and_theme_pictures_are_carried(house: Path) -> None:
    data = to_docx(make_doc(), reference=embedding_everything(house))
    parts = raw_parts(data)
    rels = set(relationships(data))
    assert ("word/_rels/numbering.xml.rels", "image", "word/media/bullet.png") in rels
    assert ("word/theme/_rels/theme1.xml.rels", "image", "word/media/fill.png") in rels
    assert parts["word/media/bullet.png"] == png(8, 8)
    assert_valid_package(data)


def test_a_part_whose_relationship_cannot_be_carried_is_left_out(house: Path) -> None:
    # The header names a picture the zip lacks: the header goes, the summary is still valid.
    path = with_header(house)
    parts = raw_parts(path.read_bytes())
    (picture,) = [n for n in parts if n.startswith("word/media/")]
    data = to_docx(make_doc(), reference=rewrite(path, {picture: None}))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.header.is_linked_to_previous
    assert_valid_package(data)


def test_combined_and_reference_styled_files_have_no_dangling_ids(house: Path) -> None:
    from summary_gen.writers.docx import TocEntry, combined_docx

    ref = embedding_everything(embedding_a_font(with_header(house)))
    doc = make_doc()
    data = combined_docx(
        [doc, doc], title="汇编", cover=("兴安街道汇编",), toc=[TocEntry("甲", 3), TocEntry("乙")],
        reference=ref,
    )  # fmt: skip
    assert_valid_package(data)


# --- What a reference must not be ---------------------------------------------------------------


def test_a_zip_with_too_many_entries_is_refused_before_anything_is_inflated(house: Path) -> None:
    parts = {f"word/media/image{i}.png": b"" for i in range(MAX_ENTRIES + 1)}
    path = rewrite(house, parts)
    started = time.monotonic()
    with pytest.raises(UsageError, match="可能是恶意构造的压缩文件"):
        to_docx(make_doc(), reference=path)
    assert time.monotonic() - started < 5


def test_a_zip_declaring_huge_sizes_is_refused_before_anything_is_inflated(house: Path) -> None:
    data = bytearray(house.read_bytes())
    # Each entry of the central directory declares 1 GiB uncompressed: a zip bomb's trick.
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", data, pos + 24, 1 << 30)
        pos = data.find(b"PK\x01\x02", pos + 4)
    house.write_bytes(bytes(data))
    started = time.monotonic()
    with pytest.raises(UsageError, match="可能是恶意构造的压缩文件") as info:
        to_docx(make_doc(), reference=house)
    assert time.monotonic() - started < 2
    assert info.value.exit_code == 2


def test_a_huge_reference_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as file:
        file.truncate(MAX_FILE + 1)  # sparse: nothing written
    with pytest.raises(UsageError, match="参考文档太大"):
        to_docx(make_doc(), reference=path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("旧.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Word 97-2003 格式的文档"),
        ("样式.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "WPS 文字的 .wps 文件"),
        ("样式.rtf", b"{\\rtf1\\ansi hello}", "RTF 文件"),
        ("样式.docx", b"not a zip", "不是有效的 DOCX 文件"),
    ],
)
def test_a_file_that_is_no_docx_says_how_to_save_one(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UsageError, match=message) as info:
        to_docx(make_doc(), reference=path)
    assert "另存为" in str(info.value) and "*.docx" in str(info.value)


def test_an_opendocument_file_says_how_to_save_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "样式.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UsageError, match="OpenDocument") as info:
        to_docx(make_doc(), reference=path)
    assert "另存为" in str(info.value)


def test_a_word_template_is_taken_as_word_takes_it(house: Path, tmp_path: Path) -> None:
    # A .dotx differs from a .docx in its main part's content type only.
    template = tmp_path / "公文样式.dotx"
    template.write_bytes(with_header(house).read_bytes())
    types = raw_parts(template.read_bytes())["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml"
    )
    rewrite(template, {"[Content_Types].xml": types})
    data = to_docx(make_doc(), reference=template)
    assert [p.text for p in docx.Document(io.BytesIO(data)).sections[0].header.paragraphs] == [
        "兴安街道办事处"
    ]
    _, overrides = content_types(data)
    assert overrides["word/document.xml"].endswith("document.main+xml")


# --- The command --------------------------------------------------------------------------------


def test_the_reference_command_writes_it_and_keeps_an_edited_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summary_gen.cli import app

    runner = CliRunner()
    target = tmp_path / "公文样式.docx"
    result = runner.invoke(app, ["reference", str(target), "--fonts", "windows"])
    assert result.exit_code == 0, result.output
    assert f"--reference-doc {target}" in result.stderr
    heading = style(target.read_bytes(), "Heading2").find(f"{W}rPr/{W}rFonts")
    assert heading.get(W + "eastAsia") == "楷体"  # the windows profile's
    restyled = with_header(target).read_bytes()  # the office restyled it
    again = runner.invoke(app, ["reference", str(target)])
    assert again.exit_code == 3
    assert target.read_bytes() == restyled
    wrong = runner.invoke(app, ["reference", str(tmp_path / "样式.dotx")])
    assert wrong.exit_code == 2
    assert "要用 .docx 后缀" in wrong.stderr
