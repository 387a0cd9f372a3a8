"""Writing workbooks: the one ``summary-gen init 街道.xlsx`` writes to be filled in, and what
every workbook summary-gen writes shares (column widths that fit, bytes that depend on the
content alone). openpyxl is imported only here and in the reader (:mod:`.loading.sheets`).

The workbook to fill in has the ``社区`` sheet, one row per community, and a sheet for each list
(``活动``, ``队伍``, ``设施``, ``基本情况``, ``其他数字``, ``上年其他数字``), their headers the Chinese
labels the reader takes (:data:`~summary_gen.loading.sheets.LABELS`), each with a note giving
its key path and what to write; an example row taken from the family's starter data file, so
that the workbook validates and builds as written; drop-down lists for an activity's ``类型``
and the ``模板``; the header row (and the name column) frozen; columns as wide as their text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from .loading.sheets import LABELS, LIST_SHEETS, NAME, NOTES_SHEET
from .model import Location, Summary, field_types
from .model.parts import Part, inner_part
from .text.typography import display_width

__all__ = ["fit_widths", "stable_bytes", "starter_workbook"]

_MOST_WIDTH = 60
"""Characters a column is made wide at most: a longer text wraps."""

_NOTES = (
    "这个工作簿是 summary-gen 的数据：“社区”表每行一个社区，生成时每行得到一份工作总结（文件名取社区名称）。",
    "表头不要改（也可以写数据文件的字段名，如 community.households）；鼠标停在表头上可以看到它的说明。用不到的列可以删去。",
    "活动、队伍、设施等每项一行，写在各自的工作表里，第一列“社区名称”写明是哪个社区的（要与“社区”表里的写法一致）。",
    "名称的列表（工作主题、共建单位、基地阵地……）写在一个格子里，用“、”分开或每项一行（Alt+回车换行）；体会、问题、打算等句子每句一行。",
    "数量写数字，可带一个限定词：300余、20以上、约500；日期写 2021-03-03、2021/3/3 或 2021年3月3日。",
    "第2行是示例，照着改成你们社区的情况（或删去），再往下每行填一个社区。",
    "检查：summary-gen validate 街道.xlsx；生成：summary-gen build 街道.xlsx --out-dir 总结；汇总表：summary-gen table 街道.xlsx -o 汇总.xlsx。",
)


def starter_workbook(sample: dict[str, Any], families: Sequence[str], written: dt.date) -> bytes:
    """The workbook to fill in, with ``sample`` (a family's starter data, as YAML reads it) as
    its example row and the ``families`` a row's 模板 may name."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    main = book.worksheets[0]
    main.title = "社区"
    sheets = [(main, list(LABELS), [_main_row(sample)])]
    for key, (title, labels) in LIST_SHEETS.items():
        sheet = book.create_sheet(title)
        entries = _at(sample, key) or []
        rows = [
            [_at(sample, NAME), *(_cell(entry.get(field)) for field in labels)] for entry in entries
        ]
        sheets.append((sheet, [NAME, *((*key, field) for field in labels)], rows))
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    descriptions = _descriptions()
    for sheet, keys, rows in sheets:
        headers = [_label(key) for key in keys]
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        for cell, key in zip(sheet[1], keys, strict=True):
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            path = "community.name" if key == NAME else ".".join(map(str, key))
            note = f"{path}\n{descriptions.get(key, '')}".rstrip()
            cell.comment = Comment(note, "summary-gen", width=300, height=120)
        sheet.freeze_panes = "B2"
        fit_widths(sheet, [headers, *([str(c) for c in row if c is not None] for row in rows)])
    _choices(main, list(LABELS).index(("template",)), families, "模板", DataValidation)
    activity = book["活动"]
    kinds = list(_kinds())
    column = [NAME, *((*("activities",), f) for f in LIST_SHEETS[("activities",)][1])]
    _choices(activity, column.index(("activities", "kind")), kinds, "活动类型", DataValidation)
    notes = book.create_sheet(NOTES_SHEET)
    for line in _NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    return stable_bytes(book, written)


def _choices(sheet: Any, index: int, choices: Sequence[str], what: str, validation: Any) -> None:
    """A drop-down list of ``choices`` in a column, below its header."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index + 1)
    rule = validation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"{what}不对",
        error=f"{what}应为以下之一：{'、'.join(choices)}",
    )
    rule.add(f"{letter}2:{letter}5000")
    sheet.add_data_validation(rule)


def _kinds() -> tuple[str, ...]:
    from typing import get_args

    from .model.types import ActivityKind

    return get_args(ActivityKind)


def _label(key: Location) -> str:
    if key == NAME or key in LABELS:
        return LABELS[key]
    for list_key, (_, labels) in LIST_SHEETS.items():
        if key[: len(list_key)] == list_key:
            return labels[str(key[-1])]
    raise KeyError(key)


def _descriptions() -> dict[Location, str]:
    """What each key is, from the model's descriptions (those an editor shows, too)."""
    found: dict[Location, str] = {}
    pending: list[tuple[type[Part], Location]] = [(Summary, ())]
    while pending:
        part, at = pending.pop()
        for name, info in part.model_fields.items():
            key = (*at, name)  # not inline: mypy takes d[(*a, b)] for 3.11's d[*a, b]
            found[key] = info.description or ""
            inner, _ = inner_part(field_types(part)[name])
            if inner is not None:
                pending.append((inner, (*at, name)))
    return found


def _main_row(sample: dict[str, Any]) -> list[Any]:
    return [_cell(_at(sample, key)) for key in LABELS]


def _at(values: Any, key: Location) -> Any:
    for part in key:
        values = values.get(part) if isinstance(values, dict) else None
    return values


def _cell(value: Any) -> Any:
    """A sample value as a cell: a list of text one item a line, anything else as it is."""
    if isinstance(value, list):
        return (
            "\n".join(str(item) for item in value)
            if all(not isinstance(i, dict) for i in value)
            else None
        )
    if isinstance(value, dict):
        return None
    return value


def fit_widths(sheet: Any, rows: Iterable[Sequence[str]]) -> None:
    """Columns as wide as their widest text (a Chinese character counts two), at most
    :data:`_MOST_WIDTH`."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in rows:
        for index, text in enumerate(row, start=1):
            longest = max((display_width(line) for line in str(text).splitlines()), default=0)
            widths[index] = max(widths.get(index, 0), longest)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _MOST_WIDTH)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_W3CDTF = "%Y-%m-%dT%H:%M:%SZ"


def stable_bytes(book: Any, written: dt.date) -> bytes:
    """The workbook's bytes, dated ``written`` (the day of writing, ``SOURCE_DATE_EPOCH`` where
    set): openpyxl dates its parts with the moment of saving, and a table of unchanged data must
    keep its bytes, for the output record (:mod:`summary_gen.output`) to see it unchanged."""
    moment = dt.datetime.combine(written, dt.time())
    properties = book.properties
    properties.creator = properties.lastModifiedBy = "summary-gen"
    properties.created = properties.modified = moment
    saved = io.BytesIO()
    book.save(saved)
    stable = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(stable, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl sets modified as it saves
                data = _MODIFIED.sub(rb"\g<1>" + moment.strftime(_W3CDTF).encode() + rb"\2", data)
            target.writestr(entry, data)
    return stable.getvalue()
