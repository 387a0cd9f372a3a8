"""``document.xml`` of the reference document that ``summary-gen reference`` writes: every style
the writer uses, each described by a paragraph set in it, and a table that lists them all.

An office opens it in Word or WPS, changes the styles (and the page setup, header and footer),
saves it and passes it to ``--reference-doc``; its text is never used. Styles are named as Word
names its built-in ones (Title, heading 1, Body Text…), which Chinese Word and WPS show as 标题,
标题 1, 正文文本…; a reference's styles are matched to ours by these names (styles.merge_styles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document import Table
from .body import Context, paragraph, table_xml, wrap_body
from .layout import ZIHAO
from .styles import Style, style_table

if TYPE_CHECKING:
    from .fonts import FontProfile

__all__ = ["USES", "reference_xml"]

USES: dict[str, tuple[str, str]] = {
    "Normal": (
        "正文",
        "其他段落样式的基础：字体、字号、行距（每页 22 行）和字距（每行 28 字）；空行也用它",
    ),
    "Title": ("标题", "总结的标题、附件的标题和合并文件的封面，居中"),
    "Heading1": ("标题 1", "一级标题“一、……”"),
    "Heading2": ("标题 2", "二级标题“（一）……”"),
    "BodyText": ("正文文本", "正文的段落，首行缩进两字"),
    "Signature": (
        "签名",
        "落款（发文机关署名），居右；离右边的距离由 summary-gen 按是否加盖印章算出",
    ),
    "Date": ("日期", "成文日期，居右；位置同样由 summary-gen 算出"),
    "AppendixLabel": ("附件标识", "附件第一页左上角的“附件”二字"),
    "TableText": ("表格文字", "附件表格（全年活动一览表）中的文字"),
    "Footer": ("页脚", "页码“— 1 —”：单页居右、双页居左，各空一字"),
    "TableGrid": ("网格型", "附件表格的边框"),
    "TOCHeading": ("TOC 标题", "合并文件（--combine）目录页的“目录”二字"),
    "TOC1": ("目录 1", "合并文件目录中的每一项，页码靠右"),
}
"""Style key → (its name in Chinese Word and WPS, what it is for). Word's own defaults (Default
Paragraph Font, Normal Table, No List) are not listed: nothing of ours looks like them."""

_INTRO = (
    "这是 summary-gen 的参考文档：生成总结时用到的每一个样式都在这里，每一段都用它所说的样式排版，"
    "文末的表格列出全部样式。",
    "在 Word 或 WPS 中修改这些样式（“开始”选项卡的样式列表中右键样式 → 修改），可以改字体、字号、"
    "缩进和间距；也可以改页面设置，加页眉，改页脚。样式的名称不要改。改好后另存为 .docx，"
    "生成时加上 --reference-doc 公文样式.docx。",
    "生成的总结只用这份文档的样式、页面设置、页眉和页脚，不用其中的文字。",
)
_SIZE_NAMES = {round(pt * 2): name for name, pt in ZIHAO.items()}


def reference_xml(ctx: Context, profile: FontProfile) -> bytes:
    """The reference document's body: a title, how to use it, one paragraph in each paragraph
    style saying what it is for, then the table of all styles."""
    table = style_table(ctx.layout)
    described = [style for style in table if style.key in USES]
    out = [paragraph(ctx, "Title", "公文样式"), "<w:p/>"]
    out += [paragraph(ctx, "BodyText", text) for text in _INTRO]
    for style in described:
        if style.type == "paragraph" and style.key != "Footer":
            ui_name, use = USES[style.key]
            named = ui_name if ui_name == style.name else f"{ui_name}（{style.name}）"
            text = f"{named}：{use}；{_looks(style, table, profile)}。"
            out.append(paragraph(ctx, style.key, text))
    out.append("<w:p/>")
    rows = tuple((USES[style.key][0], style.name, USES[style.key][1]) for style in described)
    out.append(table_xml(ctx, Table("全部样式", ("样式", "英文名", "用途"), rows)))
    out.append("<w:p/>")
    return wrap_body(out, ctx.sect_pr)


def _looks(style: Style, table: tuple[Style, ...], profile: FontProfile) -> str:
    """默认仿宋_GB2312，三号: the face and size a paragraph style has by default, inherited or
    not (every chain of based-on styles ends in Normal, which sets the size)."""
    by_key = {row.key: row for row in table}
    row = style
    while "sz" not in row.rpr:
        row = by_key[row.based_on]
    half_points = int(str(row.rpr["sz"]["val"]))
    face = getattr(profile, style.face or (style.fonts[1] if style.fonts else "body"))
    bold = "加粗" if style.bold and getattr(profile, style.bold) else ""
    return f"默认{face}{bold}，{_SIZE_NAMES.get(half_points, f'{half_points / 2:g} 磅')}"
