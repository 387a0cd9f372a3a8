"""The DOCX writer: GB/T 9704 layout, Chinese fonts, signature, appendix, reference document.

Checked by structure (the XML of each part, and python-docx reading the file back), never by
comparing bytes with a stored file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from docx_parts import (
    SIGNATORY,
    W,
    content_types,
    fonts_of,
    make_doc,
    paragraphs,
    part,
    raw_parts,
    relationships,
    right_indent,
    style,
    style_of,
    text_of,
    val,
)
from summary_gen.document import Block, Table
from summary_gen.errors import UsageError
from summary_gen.writers.docx import FONT_PROFILES, FontProfile, Layout, to_docx
from summary_gen.writers.docx.layout import ZIHAO
from summary_gen.writers.docx.ooxml import W_ROOT_NS
from summary_gen.writers.docx.package import DOCUMENT, Package
from summary_gen.writers.docx.styles import PPR_ORDER, props_xml, style_table

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture(scope="module")
def built() -> bytes:
    return to_docx(make_doc())


# --- Page ---------------------------------------------------------------------------------------


def test_page_is_a4_with_gb_margins_and_line_grid(built: bytes) -> None:
    section = docx.Document(io.BytesIO(built)).sections[0]
    assert abs(section.page_width.mm - 210) < 0.1
    assert abs(section.page_height.mm - 297) < 0.1
    assert abs(section.top_margin.mm - 37) < 0.1
    assert abs(section.bottom_margin.mm - 35) < 0.1
    assert abs(section.left_margin.mm - 28) < 0.1
    assert abs(section.right_margin.mm - 26) < 0.1
    sect = part(built, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect is not None
    assert val(sect, "w:docGrid", "type") == "lines"
    assert val(sect, "w:docGrid", "linePitch") == "579"
    # 22 lines of 28.95 pt fit in the 225 mm text block, 23 would not.
    text_height = 16838 - 2098 - 1984
    assert 22 * 579 <= text_height < 23 * 579


def test_body_has_exact_spacing_indent_and_tight_character_spacing(built: bytes) -> None:
    normal = style(built, "Normal")
    assert val(normal, "w:pPr/w:spacing", "line") == "579"
    assert val(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert val(normal, "w:pPr/w:snapToGrid") == "0"
    assert val(normal, "w:rPr/w:spacing") == "-5"
    # 28 characters of 16 pt less 0.25 pt each fit in the text block; at 16 pt they would not.
    sect = part(built, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect is not None
    width = int(val(sect, "w:pgSz", "w") or 0)
    width -= int(val(sect, "w:pgMar", "left") or 0) + int(val(sect, "w:pgMar", "right") or 0)
    assert 28 * (320 - 5) <= width < 28 * 320
    body = style(built, "BodyText")
    assert val(body, "w:pPr/w:ind", "firstLineChars") == "200"
    assert val(body, "w:pPr/w:ind", "firstLine") == "640"
    assert val(normal, "w:rPr/w:sz") == "32"
    kinds = [style_of(p) for p in paragraphs(built)]
    assert kinds.count("BodyText") == 6


@pytest.mark.parametrize(
    ("profile", "faces"),
    [
        ("gb", {"Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312"}),
        ("windows", {"Title": "宋体", "Heading1": "黑体", "Heading2": "楷体"}),
    ],
)
def test_each_style_names_its_east_asian_and_latin_face(
    profile: str, faces: dict[str, str]
) -> None:
    data = to_docx(make_doc(), fonts=profile)
    body_face = "仿宋_GB2312" if profile == "gb" else "仿宋"
    expected = {
        **faces,
        "Normal": body_face,
        "BodyText": None,  # inherits Normal's
        "TableText": body_face,
        "AppendixLabel": "黑体",
    }
    for style_id, face in expected.items():
        el = style(data, style_id)
        if face is None:
            assert el.find(f"{W}rPr/{W}rFonts") is None
            continue
        fonts = fonts_of(el)
        assert fonts["eastAsia"] == face, style_id
        assert fonts["ascii"] == fonts["hAnsi"] == "Times New Roman", style_id
    assert val(style(data, "Title"), "w:rPr/w:sz") == "44"
    for style_id in ("Heading1", "Heading2"):
        assert val(style(data, style_id), "w:pPr/w:ind", "firstLineChars") == "200"
    assert val(style(data, "Heading1"), "w:pPr/w:outlineLvl") == "0"
    assert val(style(data, "Heading2"), "w:pPr/w:outlineLvl") == "1"
    footer = fonts_of(style(data, "Footer"))
    assert footer["eastAsia"] == footer["ascii"] == "宋体"
    assert val(style(data, "Footer"), "w:rPr/w:sz") == "28"
    title_bold = style(data, "Title").find(f"{W}rPr/{W}b") is not None
    assert title_bold is (profile == "windows")


def test_font_table_lists_every_face_with_fallbacks() -> None:
    for name, profile in FONT_PROFILES.items():
        table = part(to_docx(make_doc(), fonts=name), "word/fontTable.xml")
        fonts = {f.get(W + "name"): f for f in table.iter(f"{W}font")}
        assert set(profile.faces()) <= set(fonts)
        for face in (profile.body, profile.heading1, profile.heading2):
            # GB2312 (hex 86), or Big5 (88) for the traditional profile; never Japanese (80).
            assert val(fonts[face], "w:charset") == ("88" if name == "traditional" else "86")
    gb = part(to_docx(make_doc()), "word/fontTable.xml")
    alt = {f.get(W + "name"): val(f, "w:altName") for f in gb.iter(f"{W}font")}
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"


def test_no_theme_fonts_and_chinese_language_everywhere(built: bytes) -> None:
    parts = raw_parts(built)
    for name, data in parts.items():
        for attr in (b"asciiTheme", b"eastAsiaTheme", b"hAnsiTheme", b"cstheme"):
            assert attr not in data, (name, attr)
    assert "word/theme/theme1.xml" not in parts
    styles = part(built, "word/styles.xml")
    assert val(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang", "eastAsia") == "zh-CN"
    assert val(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    settings = part(built, "word/settings.xml")
    assert val(settings, "w:themeFontLang", "eastAsia") == "zh-CN"


def test_attachment_note_stands_one_blank_line_below_the_text() -> None:
    plain = make_doc()
    doc = dataclasses.replace(plain, body=(*plain.body, Block("paragraph", plain.appendix.title)))
    paragraphs = part(to_docx(doc), "word/document.xml").findall(f"{W}body/{W}p")
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    note = texts.index(plain.appendix.title)
    assert texts[note - 2 : note] == ["下一步，我们将坚持“科教进社区”活动经常化、制度化。", ""]
    # Text, blank line and note go over to the next page together with the signature.
    assert all(
        paragraphs[i].find(f"{W}pPr/{W}keepNext") is not None for i in range(note - 2, note + 1)
    )


def test_traditional_profile_declares_traditional_chinese() -> None:
    data = to_docx(make_doc(), fonts="traditional")
    styles = part(data, "word/styles.xml")
    assert val(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang", "eastAsia") == "zh-TW"
    assert val(part(data, "word/settings.xml"), "w:themeFontLang", "eastAsia") == "zh-TW"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "zh-TW"


def test_body_is_left_aligned_so_no_renderer_drops_a_hanging_mark(built: bytes) -> None:
    # Justified lines lose a full stop hung after the 28th character in LibreOffice.
    assert val(style(built, "Normal"), "w:pPr/w:jc") == "left"


def test_black_text_only(built: bytes) -> None:
    for name, data in raw_parts(built).items():
        if not name.endswith(".xml") or name.startswith("docProps"):
            continue
        root = etree.fromstring(data)
        for el in root.iter():
            colour = el.get(W + "color")
            if colour is not None:
                assert colour in ("000000", "auto"), (name, el.tag, colour)
        for el in root.iter(f"{W}color"):
            assert el.get(W + "val") in ("000000", "auto"), name


def test_page_numbers_alternate_sides_with_em_dashes(built: bytes) -> None:
    assert docx.Document(io.BytesIO(built)).settings.odd_and_even_pages_header_footer
    sect = part(built, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect is not None
    rels = part(built, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {
        ref.get(W + "type"): targets[ref.get(qn("r:id"))]
        for ref in sect.iter(f"{W}footerReference")
    }
    assert set(refs) == {"default", "even"}
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = part(built, f"word/{refs[kind]}")
        (p,) = footer.iter(f"{W}p")
        assert text_of(p) == "— 1 —"  # the field's cached result is 1
        assert "".join(t.text for t in p.iter(f"{W}instrText")).strip() == "PAGE"
        assert [f.get(W + "fldCharType") for f in p.iter(f"{W}fldChar")] == [
            "begin",
            "separate",
            "end",
        ]
        assert val(p, "w:pPr/w:jc") == jc
        assert val(p, "w:pPr/w:ind", side) == "280"  # one character of 四号
        assert style_of(p) == "Footer"
        dash_runs = [r for r in p.iter(f"{W}r") if "—" in "".join(r.itertext())]
        assert all(val(r, "w:rPr/w:rFonts", "hint") == "eastAsia" for r in dash_runs)


# --- Text ---------------------------------------------------------------------------------------


def test_texts_and_styles_in_order(built: bytes) -> None:
    doc = make_doc()
    reader = docx.Document(io.BytesIO(built))
    seen = [(p.style.name, p.text) for p in reader.paragraphs if p.text]
    expected = [("Title", line) for line in doc.title_lines]
    names = {"heading1": "Heading 1", "heading2": "Heading 2", "paragraph": "Body Text"}
    expected += [(names[b.kind], b.text) for b in doc.body]
    expected += [("Signature", SIGNATORY), ("Date", "2021年3月3日")]
    expected += [("附件标识", "附件"), ("Title", "城里社区2020年科普活动一览表")]
    assert seen == expected


def test_latin_and_digits_are_separate_runs_in_times_new_roman(built: bytes) -> None:
    para = next(p for p in paragraphs(built) if "COVID-19" in text_of(p))
    runs = list(para.iter(f"{W}r"))
    texts = ["".join(r.itertext()) for r in runs]
    assert "COVID-19" in texts
    assert "38.5%" in texts
    for run, text in zip(runs, texts, strict=True):
        latin = any(ch.isascii() and ch.isalnum() for ch in text)
        chinese = any(ord(ch) > 0x2E80 for ch in text)
        assert not (latin and chinese), text  # never both scripts in one run
        if latin:
            assert fonts_of(run) == {
                "ascii": "Times New Roman",
                "eastAsia": "仿宋_GB2312",
                "hAnsi": "Times New Roman",
                "cs": "Times New Roman",
            }
    quoted = [r for r, t in zip(runs, texts, strict=True) if "“" in t or "…" in t]
    assert quoted
    assert all(val(r, "w:rPr/w:rFonts", "hint") == "eastAsia" for r in quoted)
    plain = [r for r, t in zip(runs, texts, strict=True) if t == "余册；三是联合疾控中心开展"]
    assert plain and plain[0].find(f"{W}rPr") is None  # Chinese text takes the style's fonts
    heading = next(p for p in paragraphs(built) if text_of(p).startswith("二、"))
    assert heading.find(f"{W}r/{W}rPr") is None


def test_latin_run_in_heading_keeps_the_heading_face() -> None:
    body = (Block("heading1", "一、开展COVID-19防控"), Block("heading2", "（一）2020年"))
    data = to_docx(make_doc(body=body, appendix=False))
    faces = {}
    for p in paragraphs(data):
        for r in p.iter(f"{W}r"):
            if "".join(r.itertext()) in ("COVID-19", "2020"):
                faces[style_of(p)] = fonts_of(r)["eastAsia"]
    assert faces == {"Heading1": "黑体", "Heading2": "楷体_GB2312"}


def test_markup_characters_are_escaped() -> None:
    body = (Block("paragraph", 'A&B <c> "d" 甲&乙'),)
    data = to_docx(make_doc(body=body, title_lines=("<标题>&",), appendix=False))
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert 'A&B <c> "d" 甲&乙' in texts
    assert "<标题>&" in texts


def test_schema_order_of_paragraph_and_run_properties(built: bytes) -> None:
    # Word refuses a file whose property elements are out of the schema's order.
    ppr_order = [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "snapToGrid",
        "spacing", "ind", "jc", "outlineLvl",
    ]  # fmt: skip
    rpr_order = ["rFonts", "b", "bCs", "color", "spacing", "sz", "szCs", "lang"]
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
        root = part(built, name)
        for tag, order in (("pPr", ppr_order), ("rPr", rpr_order)):
            for el in root.iter(W + tag):
                kids = [etree.QName(k).localname for k in el]
                assert all(k in order for k in kids), (name, kids)
                assert kids == sorted(kids, key=order.index), (name, kids)


# --- Signature ----------------------------------------------------------------------------------


def signature_block(data: bytes) -> tuple[int, etree._Element | None, etree._Element]:
    """(blank lines before the signatory, the signatory paragraph, the date paragraph)."""
    ps = paragraphs(data)
    date_i = next(i for i, p in enumerate(ps) if style_of(p) == "Date")
    sig = ps[date_i - 1] if style_of(ps[date_i - 1]) == "Signature" else None
    i = date_i - (2 if sig is not None else 1)
    blanks = 0
    while not text_of(ps[i]):
        blanks += 1
        i -= 1
    return blanks, sig, ps[date_i]


def test_stamped_signature_centres_the_signatory_over_the_date() -> None:
    blanks, sig, date = signature_block(to_docx(make_doc()))
    assert 2 <= blanks <= 3
    assert sig is not None and text_of(sig) == SIGNATORY
    assert text_of(date) == "2021年3月3日"
    assert right_indent(date) == 4 * 320  # four characters of 三号
    # A signatory as wide as the date sits exactly over it.
    _, same, _ = signature_block(to_docx(make_doc(signatory="2021年3月3日")))
    assert same is not None and right_indent(same) == 4 * 320
    # Two characters more move its right edge one character outwards: the centre stays.
    _, ten, _ = signature_block(to_docx(make_doc(signatory="城里社区居民委员会一")))
    _, twelve, _ = signature_block(to_docx(make_doc(signatory="城里社区居民委员会一二三")))
    assert ten is not None and twelve is not None
    assert right_indent(ten) - right_indent(twelve) == 320 - 5
    assert all(val(p, "w:pPr/w:jc") is None for p in (ten, date))  # right-aligned by style
    assert val(style(to_docx(make_doc()), "Signature"), "w:pPr/w:jc") == "right"


def test_signatory_wider_than_the_space_still_centres_over_the_date() -> None:
    long = "兴安街道城里社区居民委员会科学技术普及工作领导小组"
    _, sig, date = signature_block(to_docx(make_doc(signatory=long)))
    assert sig is not None
    assert right_indent(sig) == 0
    assert right_indent(date) > 4 * 320


def test_unstamped_signature_layout() -> None:
    blanks, sig, date = signature_block(to_docx(make_doc(), stamped=False))
    assert blanks == 1
    assert sig is not None and right_indent(sig) == 2 * 320
    # The date starts two characters right of the signatory's start: a longer signatory pushes
    # the date's right indent out by exactly its extra width.
    _, sig2, date2 = signature_block(to_docx(make_doc(signatory=SIGNATORY + "一二"), stamped=False))
    assert sig2 is not None and right_indent(sig2) == 2 * 320
    assert right_indent(date2) - right_indent(date) == 2 * (320 - 5)
    # A date longer than the signatory keeps two characters on its right; the signatory moves in.
    _, short_sig, short_date = signature_block(
        to_docx(make_doc(signatory="城里社区"), stamped=False)
    )
    assert short_sig is not None
    assert right_indent(short_date) == 2 * 320
    assert right_indent(short_sig) > 2 * 320


def test_without_signatory_only_the_date_is_written() -> None:
    _, sig, date = signature_block(to_docx(make_doc(signatory="", author="")))
    assert sig is None
    assert right_indent(date) == 4 * 320


# --- Appendix -----------------------------------------------------------------------------------


def test_appendix_table_on_its_own_page_with_repeated_header(built: bytes) -> None:
    label = next(p for p in paragraphs(built) if text_of(p) == "附件")
    assert label.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert fonts_of(style(built, "AppendixLabel"))["eastAsia"] == "黑体"
    reader = docx.Document(io.BytesIO(built))
    (table,) = reader.tables
    doc = make_doc()
    assert doc.appendix is not None
    assert [c.text for c in table.rows[0].cells] == list(doc.appendix.header)
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        list(r) for r in doc.appendix.rows
    ]
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    header_runs = list(rows[0].iter(f"{W}r"))
    assert header_runs and all(r.find(f"{W}rPr/{W}b") is not None for r in header_runs)
    assert all(r.find(f"{W}rPr/{W}b") is None for row in rows[1:] for r in row.iter(f"{W}r"))
    borders = table._tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders is not None and len(borders) == 6
    assert {(b.get(W + "val"), b.get(W + "color")) for b in borders} == {("single", "000000")}
    # Cells: the table face at 小四, no first-line indent.
    cell_style = style(built, "TableText")
    assert fonts_of(cell_style)["eastAsia"] == "仿宋_GB2312"
    assert val(cell_style, "w:rPr/w:sz") == "24"
    assert val(cell_style, "w:pPr/w:ind", "firstLineChars") == "0"
    assert val(cell_style, "w:pPr/w:ind", "firstLine") == "0"
    cell_styles = {style_of(p) for p in table._tbl.iter(f"{W}p")}
    assert cell_styles == {"TableText"}
    widths = [int(g.get(W + "w")) for g in table._tbl.iter(f"{W}gridCol")]
    assert sum(widths) == 11906 - 1587 - 1474  # the full text block
    assert widths[0] == min(widths)  # 序号 narrow
    assert widths[1] == max(widths)  # 活动名称 takes the room


def test_long_table_content_wraps_in_the_widest_column_only() -> None:
    name = "“走进消防中队，远离火灾隐患”消防知识活动暨社区消防安全宣传月启动仪式"
    table = Table(
        title="活动一览表",
        header=("序号", "活动名称", "类型", "日期", "参与人数"),
        rows=(("1", name, "文艺演出", "2020年11月15日", "约500人"),),
    )
    data = to_docx(dataclasses.replace(make_doc(), appendix=table))
    widths = [int(g.get(W + "w")) for g in part(data, "word/document.xml").iter(f"{W}gridCol")]
    assert sum(widths) == 8845
    date_needs = 4 * 240 + 8 * 120  # 2020年11月15日 at 小四 without any wrapping
    assert widths[3] > date_needs
    assert widths[1] == max(widths) < len(name) * 240


def test_appendix_title_does_not_repeat_the_label() -> None:
    table = Table(
        title="附件：2020年活动一览表", header=("序号", "活动名称"), rows=(("1", "讲座"),)
    )
    data = to_docx(dataclasses.replace(make_doc(), appendix=table))
    texts = [text_of(p) for p in paragraphs(data)]
    label = texts.index("附件")
    assert texts[label + 2] == "2020年活动一览表"


def test_no_appendix_no_table() -> None:
    data = to_docx(make_doc(appendix=False))
    assert not docx.Document(io.BytesIO(data)).tables
    assert all(text_of(p) != "附件" for p in paragraphs(data))


# --- Properties and reproducibility ---------------------------------------------------------------


def test_core_properties(built: bytes) -> None:
    props = docx.Document(io.BytesIO(built)).core_properties
    assert props.title == "兴安街道城里社区创建科普示范社区工作总结"
    assert props.author == SIGNATORY
    assert props.keywords == "科普;示范社区;工作总结"
    midnight = dt.datetime(2021, 3, 3, tzinfo=dt.timezone.utc)
    assert props.created == midnight
    assert props.modified == midnight
    assert props.last_modified_by == "summary-gen"
    assert props.language == "zh-CN"


def test_same_input_same_bytes() -> None:
    first = to_docx(make_doc())
    assert to_docx(make_doc()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        infos = zf.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.create_system for i in infos} == {0}  # no trace of the building platform
    assert infos[0].filename == "[Content_Types].xml"
    assert to_docx(make_doc(date=dt.date(2021, 3, 4))) != first


def test_unknown_font_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="未知的字体方案") as info:
        to_docx(make_doc(), fonts="mac")
    assert info.value.exit_code == 2


def test_importing_the_writer_does_not_import_python_docx() -> None:
    code = (
        "import sys, summary_gen.writers.docx\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml'))\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
    )
    assert result.stdout.strip() == ""


# --- Reference document -------------------------------------------------------------------------


def make_reference(path: Path, *, heading_id: str | None = None) -> Path:
    ref = docx.Document()
    section = ref.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)  # US Letter
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)
    heading = ref.styles["Heading 1"]
    heading.font.name = "Arial"
    heading.element.rPr.rFonts.set(qn("w:eastAsia"), "微软雅黑")
    if heading_id is not None:
        heading.element.set(qn("w:styleId"), heading_id)  # as Chinese Word writes it
    ref.save(str(path))
    return path


def test_reference_page_setup_and_styles_are_taken(tmp_path: Path) -> None:
    data = to_docx(make_doc(), reference=make_reference(tmp_path / "house.docx"))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert abs(section.page_width.mm - 215.9) < 0.1
    assert abs(section.page_height.mm - 279.4) < 0.1
    assert abs(section.left_margin.mm - 20) < 0.1
    assert abs(section.top_margin.mm - 25) < 0.1
    heading = style(data, "Heading1")
    assert fonts_of(heading)["ascii"] == "Arial"
    assert fonts_of(heading)["eastAsia"] == "微软雅黑"
    # Styles the reference lacks come from the built-in layout; the ones it has are its own.
    assert fonts_of(style(data, "TableText"))["eastAsia"] == "仿宋_GB2312"
    assert val(style(data, "Signature"), "w:pPr/w:jc") == "right"
    assert val(style(data, "Normal"), "w:pPr/w:spacing", "line") != "579"
    styles = part(data, "word/styles.xml")
    ids = [s.get(W + "styleId") for s in styles.iter(f"{W}style")]
    assert len(ids) == len(set(ids))
    # Our paragraphs still use the style ids, and the page numbers are still there.
    kinds = {style_of(p) for p in paragraphs(data)}
    assert {"Title", "Heading1", "Heading2", "BodyText", "Signature", "Date"} <= kinds
    assert "word/footer1.xml" in raw_parts(data)
    # The table fills the reference's text block: 215.9 mm less 2 × 20 mm.
    widths = [int(g.get(W + "w")) for g in part(data, "word/document.xml").iter(f"{W}gridCol")]
    assert abs(sum(widths) - (12240 - 2 * 1134)) <= 2
    # The house style decides the faces: runs carry none of ours.
    assert b"Times New Roman" not in raw_parts(data)["word/document.xml"]


def test_reference_styles_are_matched_by_name_not_id(tmp_path: Path) -> None:
    data = to_docx(make_doc(), reference=make_reference(tmp_path / "cn.docx", heading_id="1"))
    headings = [p for p in paragraphs(data) if text_of(p).startswith(("一、", "二、"))]
    assert headings and {style_of(p) for p in headings} == {"1"}
    assert fonts_of(style(data, "1"))["eastAsia"] == "微软雅黑"
    ids = [s.get(W + "styleId") for s in part(data, "word/styles.xml").iter(f"{W}style")]
    assert "Heading1" not in ids  # no second heading 1 was added
    reader = docx.Document(io.BytesIO(data))
    names = {p.style.name for p in reader.paragraphs if p.text.startswith(("一、", "二、"))}
    assert names == {"Heading 1"}


def test_reference_style_holding_one_of_our_ids_is_left_alone(tmp_path: Path) -> None:
    ref = docx.Document()
    own = ref.styles.add_style("落款（本单位）", WD_STYLE_TYPE.PARAGRAPH)
    own.element.set(qn("w:styleId"), "Signature")
    ref.save(str(tmp_path / "own.docx"))
    data = to_docx(make_doc(), reference=tmp_path / "own.docx")
    ids = [s.get(W + "styleId") for s in part(data, "word/styles.xml").iter(f"{W}style")]
    assert len(ids) == len(set(ids))
    reader = docx.Document(io.BytesIO(data))
    (signatory,) = [p for p in reader.paragraphs if p.text == SIGNATORY]
    assert signatory.style.name == "Signature"
    assert signatory.style.style_id != "Signature"


def test_reference_build_is_reproducible_and_follows_file_changes(tmp_path: Path) -> None:
    ref = make_reference(tmp_path / "house.docx")
    first = to_docx(make_doc(), reference=ref)
    assert to_docx(make_doc(), reference=ref) == first
    make_reference(ref, heading_id="1")
    assert to_docx(make_doc(), reference=ref) != first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "参考文档不存在"),
        (b"not a zip file", "不是有效的 DOCX"),
        ("no-document", "参考文档已损坏"),
        ("bad-styles", "参考文档已损坏"),
    ],
)
def test_missing_or_corrupt_reference_is_a_usage_error(
    tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "ref.docx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        good = raw_parts(make_reference(tmp_path / "good.docx").read_bytes())
        if content == "no-document":
            del good["word/document.xml"]
        else:
            good["word/styles.xml"] = b"<w:styles"
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in good.items():
                zf.writestr(name, data)
    with pytest.raises(UsageError, match=message) as info:
        to_docx(make_doc(), reference=path)
    assert info.value.exit_code == 2


# --- Layout: the figures derived from the body size ------------------------------------------


def test_gb_layout_gives_the_figures_of_the_standard() -> None:
    gb = Layout()
    assert (gb.page_width, gb.page_height) == (11906, 16838)  # A4
    margins = (gb.margin_top, gb.margin_bottom, gb.margin_left, gb.margin_right)
    assert margins == (2098, 1984, 1587, 1474)  # 37, 35, 28, 26 mm
    assert (gb.text_width, gb.text_height) == (8845, 12756)  # 156 × 225 mm
    assert gb.line_pitch == 579  # 28.95 pt: 29 pt would leave room for 21 lines only
    assert (gb.chars_per_line, gb.char_spacing) == (28, -5)  # -0.25 pt
    assert gb.first_line == gb.tab_stop == 640
    sizes = (gb.title_size, gb.body_size, gb.page_number_size, gb.table_size)
    assert sizes == (44, 32, 28, 24)  # 二号, 三号, 四号, 小四
    assert gb.page_number_indent == 280
    assert gb.footer_distance == 1400  # 24.7 mm: the dash 7 mm below the text block
    signature = (gb.stamped_date_right, gb.unstamped_right, gb.unstamped_date_shift)
    assert signature == (1280, 640, 640)


@pytest.mark.parametrize("size", ["五号", "小四", "四号", "小三", "三号", "小二", "二号"])
def test_grid_indents_and_signature_follow_the_body_size(size: str) -> None:
    lay, gb = Layout(body_pt=ZIHAO[size]), Layout()
    em = round(ZIHAO[size] * 20)
    assert lay.em == em
    # As many characters a line as the width holds at that size, to the nearest whole one, and
    # the widest spacing with which they still fit.
    chars, pitch = lay.chars_per_line, em + lay.char_spacing
    assert abs(chars - lay.text_width / em) <= 0.5
    assert chars * pitch <= lay.text_width < chars * (pitch + 1)
    assert (lay.first_line, lay.tab_stop) == (2 * em, 2 * em)
    assert lay.stamped_date_right == 4 * em
    assert lay.unstamped_right == lay.unstamped_date_shift == 2 * em
    assert lay.body_size == round(ZIHAO[size] * 2)
    # The page, its 22 lines, the title and the page number do not depend on the body.
    kept = ("line_pitch", "title_size", "page_number_indent", "footer_distance", "text_width")
    assert [getattr(lay, k) for k in kept] == [getattr(gb, k) for k in kept]


def test_a_smaller_body_moves_every_dependent_figure_of_the_docx() -> None:
    small = Layout(body_pt=ZIHAO["小三"])
    data = to_docx(make_doc(), layout=small)
    normal = style(data, "Normal")
    assert val(normal, "w:rPr/w:sz") == "30"
    assert small.chars_per_line == 29
    assert val(normal, "w:rPr/w:spacing") == "5"  # 29 characters of 15 pt fill 156 mm
    for style_id in ("BodyText", "Heading1", "Heading2"):
        assert val(style(data, style_id), "w:pPr/w:ind", "firstLine") == "600"
        assert val(style(data, style_id), "w:pPr/w:ind", "firstLineChars") == "200"
    assert val(part(data, "word/settings.xml"), "w:defaultTabStop") == "600"
    _, _, date = signature_block(data)
    assert right_indent(date) == 4 * 300
    _, sig, _ = signature_block(to_docx(make_doc(), layout=small, stamped=False))
    assert sig is not None and right_indent(sig) == 2 * 300
    sect = part(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect is not None and val(sect, "w:docGrid", "linePitch") == "579"
    assert val(style(data, "Title"), "w:rPr/w:sz") == "44"


# --- Styles: a table of data ---------------------------------------------------------------------


def test_properties_are_written_in_schema_order_whatever_order_a_row_gives() -> None:
    props = {"jc": {"val": "left"}, "keepNext": {}, "ind": {"left": 320}}
    assert props_xml(props, PPR_ORDER) == '<w:keepNext/><w:ind w:left="320"/><w:jc w:val="left"/>'
    with pytest.raises(ValueError):
        props_xml({"alignment": {"val": "left"}}, PPR_ORDER)  # not a WordprocessingML element


def test_style_rows_refer_to_rows_and_faces_that_exist() -> None:
    table = style_table(Layout())
    keys = [row.key for row in table]
    assert len(keys) == len(set(keys))
    faces = {f.name for f in dataclasses.fields(FontProfile)}
    for row in table:
        assert {row.based_on, row.next} <= {"", *keys}, row.key
        assert {row.face, *(row.fonts or ())} <= {"", *faces}, row.key
        assert not row.bold or row.bold in faces, row.key


# --- Package: parts, content types, relationships ------------------------------------------------


def test_every_relationship_target_is_in_the_zip_and_every_part_has_a_type(
    built: bytes, tmp_path: Path
) -> None:
    with_reference = to_docx(make_doc(), reference=make_reference(tmp_path / "house.docx"))
    for data in (built, with_reference):
        names = set(raw_parts(data))
        rels = relationships(data)
        assert {target for _, _, target in rels} <= names
        defaults, overrides = content_types(data)
        for name in names - {"[Content_Types].xml"}:
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
        # Each part is reached by exactly one relationship; the rels parts are the package's.
        reached = [target for _, _, target in rels]
        parts = names - {"[Content_Types].xml"}
        assert sorted(reached) == sorted(n for n in parts if not n.endswith(".rels"))
    assert ("word/_rels/document.xml.rels", "theme", "word/theme/theme1.xml") in relationships(
        with_reference
    )


def test_package_hands_out_ids_and_registers_content_types() -> None:
    pkg = Package()
    assert pkg.add_part("", "officeDocument", DOCUMENT) == "rId1"
    assert pkg.add_part(DOCUMENT, "footer", "word/footer1.xml", b"<w:ftr/>") == "rId1"
    assert pkg.add_part(DOCUMENT, "footer", "word/footer2.xml", b"<w:ftr/>") == "rId2"
    assert pkg.add_media(DOCUMENT, "word/media/image1.png", b"\x89PNG") == "rId3"
    assert pkg.add_media(DOCUMENT, "word/media/image2.png", b"\x89PNG") == "rId4"
    data = pkg.to_zip({DOCUMENT: b"<w:document/>"})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        order = zf.namelist()
    assert order == [
        "[Content_Types].xml",
        "_rels/.rels",
        DOCUMENT,
        "word/_rels/document.xml.rels",
        "word/footer1.xml",
        "word/footer2.xml",
        "word/media/image1.png",
        "word/media/image2.png",
    ]
    defaults, overrides = content_types(data)
    assert defaults["png"] == "image/png"  # once, by extension
    assert overrides == {
        DOCUMENT: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        "word/footer2.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    }  # fmt: skip
    assert [(t, g) for _, t, g in relationships(data)] == [
        ("officeDocument", DOCUMENT),
        ("footer", "word/footer1.xml"),
        ("footer", "word/footer2.xml"),
        ("image", "word/media/image1.png"),
        ("image", "word/media/image2.png"),
    ]
    assert pkg.to_zip({DOCUMENT: b"<w:document/>"}) == data
    with pytest.raises(RuntimeError):  # the ids are written: no part can join any more
        pkg.add_part(DOCUMENT, "header", "word/header1.xml", b"<w:hdr/>")


def test_a_header_is_a_registered_part_and_a_reference_to_its_id() -> None:
    pkg = Package()
    pkg.add_part("", "officeDocument", DOCUMENT)
    header = f"<w:hdr {W_ROOT_NS}><w:p><w:r><w:t>城里社区居民委员会</w:t></w:r></w:p></w:hdr>"
    rid = pkg.add_part(DOCUMENT, "header", "word/header1.xml", header.encode())
    document = (
        f"<w:document {W_ROOT_NS}><w:body>"
        f'<w:p/><w:sectPr><w:headerReference w:type="default" r:id="{rid}"/></w:sectPr>'
        "</w:body></w:document>"
    )
    data = pkg.to_zip({DOCUMENT: document.encode()})
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert not section.header.is_linked_to_previous
    assert [p.text for p in section.header.paragraphs] == ["城里社区居民委员会"]


def test_package_refuses_a_dangling_relationship_and_an_unreached_part() -> None:
    dangling = Package()
    dangling.add_part("", "officeDocument", DOCUMENT)
    dangling.relate(DOCUMENT, "footer", "word/footer9.xml")
    with pytest.raises(ValueError, match="footer9"):
        dangling.to_zip({DOCUMENT: b""})
    orphan = Package()
    orphan.add_part("", "officeDocument", DOCUMENT)
    orphan.add("word/orphan.xml", "application/xml", b"")
    with pytest.raises(ValueError, match="orphan"):
        orphan.to_zip({DOCUMENT: b""})
    twice = Package()
    twice.add_part("", "officeDocument", DOCUMENT)
    with pytest.raises(ValueError, match="twice"):
        twice.add_part("", "officeDocument", DOCUMENT)
