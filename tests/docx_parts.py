"""Reading a DOCX back in the tests: its parts, styles, paragraphs and relationships, and a
realistic document to write."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from summary_gen.document import Block, Document, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SIGNATORY = "兴安街道城里社区居民委员会"


def make_doc(*, appendix: bool = True, signatory: str = SIGNATORY, **kw: object) -> Document:
    """A realistic summary: opening, numbered sections, mixed scripts, quotes, an appendix."""
    body = (
        Block("paragraph", "兴安街道城里社区位于城区市中心，辖区内居民3185户，人口8600余人。"),
        Block(
            "paragraph", "近年来，城里社区立足资源优势，开拓创新。现将社区科普工作情况汇报如下："
        ),
        Block("heading1", "一、领导重视，健全组织机构，把科普工作落到实处。"),
        Block("paragraph", "社区成立了科普工作领导小组，配备1名委员专职负责科普工作。"),
        Block("heading2", "（一）健全制度，明确责任。"),
        Block("paragraph", "社区制定了《科普工作制度》，每季度召开1次例会。"),
        Block("heading1", "二、强化科教意识，加强阵地建设。"),
        Block(
            "paragraph",
            "一是以“生活小窍门”“卫生知识”等内容更新宣传栏；二是购置书刊300余册；"
            "三是联合疾控中心开展COVID-19防控讲座，绿化覆盖率达38.5%……",
        ),
        Block("heading1", "三、存在的问题和下一步打算"),
        Block("paragraph", "下一步，我们将坚持“科教进社区”活动经常化、制度化。"),
    )
    table = Table(
        title="城里社区2020年科普活动一览表",
        header=("序号", "活动名称", "类型", "日期", "参与人数"),
        rows=(
            ("1", "“崇尚科学，破除迷信”科普讲座", "讲座", "2020年3月12日", "120人"),
            ("2", "青少年法制培训", "培训", "2020年4月8日", "80余人"),
            ("3", "“同度中秋、迎国庆”文艺演出", "文艺演出", "2020年10月1日", "约500人"),
        ),
    )
    fields: dict[str, object] = {
        "title_lines": ("兴安街道城里社区", "创建科普示范社区工作总结"),
        "body": body,
        "signatory": signatory,
        "date": dt.date(2021, 3, 3),
        "date_text": "2021年3月3日",
        "appendix": table if appendix else None,
        "author": signatory,
        "keywords": ("科普", "示范社区", "工作总结"),
    }
    fields.update(kw)
    return Document(**fields)  # type: ignore[arg-type]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def raw_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def style(data: bytes, style_id: str) -> etree._Element:
    found = part(data, "word/styles.xml").find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def fonts_of(el: etree._Element) -> dict[str, str]:
    rfonts = el.find(f"{W}rPr/{W}rFonts")
    assert rfonts is not None
    return {k.removeprefix(W): v for k, v in rfonts.attrib.items()}


def val(el: etree._Element, path: str, attr: str = "val") -> str | None:
    found = el.find(path.replace("w:", W))
    return None if found is None else found.get(W + attr)


def paragraphs(data: bytes) -> list[etree._Element]:
    body = part(data, "word/document.xml").find(f"{W}body")
    assert body is not None
    return list(body.iter(f"{W}p"))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def style_of(p: etree._Element) -> str | None:
    return val(p, "w:pPr/w:pStyle")


def right_indent(p: etree._Element) -> int:
    return int(val(p, "w:pPr/w:ind", "right") or 0)


def relationships(data: bytes) -> list[tuple[str, str, str]]:
    """(relationships part, relationship type, target part name) of every internal one."""
    found = []
    for name in raw_parts(data):
        if not name.endswith(".rels"):
            continue
        folder = name.rsplit("_rels/", 1)[0].rstrip("/")
        for rel in part(data, name).iter(f"{REL}Relationship"):
            target = rel.get("Target", "")
            if not target.startswith("/") and folder:
                target = f"{folder}/{target}"
            found.append((name, rel.get("Type", "").rsplit("/", 1)[-1], target.lstrip("/")))
    return found


def content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(extension → default type, part name → its own type) of [Content_Types].xml."""
    types = part(data, "[Content_Types].xml")
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CT}Override")
    }
    return defaults, overrides
