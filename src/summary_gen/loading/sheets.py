"""Workbooks (.xlsx) and CSV as many data files: one row per community, each value with its cell.

A street office keeps its figures in Excel or WPS (docs/data-format.md, "工作簿"). The sheet
``社区`` (else the first) has one row per community; row 1 holds the headers, each a key path of
the data file (``community.households``) or the Chinese label ``summary-gen init 街道.xlsx``
writes (``户数``, :data:`LABELS`). A list of mappings has a sheet of its own (``活动`` or
``activities``…, :data:`LIST_SHEETS`), one row per entry, whose ``community.name`` column says
whose it is. A list of text is one cell, its items on lines of their own (a list of names may
also part them with 、).

Each row becomes the values a data file of its own would give, each with the place it was typed
(``街道.xlsx:社区!D5``; made, when the row is loaded, from its row number and its sheet's
columns), so the loader checks and tells it as it does a YAML file
(:func:`~summary_gen.loading.load_row`). Cells are read as Excel typed them: a number is that
number (1200, not 1200.0; a cell shown as a percentage is that percentage, 38.5%, and a fact's
value 38.5 with unit %), a date that
date (a month where the cell shows no day), a formula its value as last calculated. Text cells
follow the data file's rules: their punctuation is made Chinese, told as a warning.

The workbook is read here once, in the process that runs the batch; each row then goes to the
worker that builds it. openpyxl is imported only when a workbook is given.

What concerns the workbook as a whole stops it before any row is read: a file that is no
workbook (a renamed .xls, a password, a zip bomb, checked before anything is inflated), a header
that names no key, a sheet that is not one of ours but nearly. What concerns a row makes that
row fail alone: two rows of one community, a formula without a value, any value the model
refuses. A list row naming no community of the sheet is told with the one it nearly names, or
else on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, get_origin

from ..errors import DataError, Problem, UsageError
from ..model import Location, Summary, field_types
from ..model.parts import inner_part
from ..model.types import DUNHAO, is_name_list, split_items
from .decode import FORBIDDEN, INVISIBLE, decode_bytes, forbidden_message
from .values import Spot, Where, dotted, one_paragraph, typeset

__all__ = [
    "BOOK_SUFFIXES",
    "COMMUNITY_SHEET",
    "LABELS",
    "LIST_SHEETS",
    "MAX_ROWS",
    "SheetRow",
    "is_workbook",
    "read_book",
    "row_named",
]

BOOK_SUFFIXES = (".xlsx", ".xlsm", ".csv")
"""What is read as a workbook; other spreadsheet formats get a message saying how to save."""

_OTHER_SHEETS = {
    ".xls": "Excel 97-2003 工作簿（.xls）",
    ".et": "WPS 表格的 .et 文件",
    ".ods": "OpenDocument 表格（.ods）",
}

COMMUNITY_SHEET = "社区"

NAME: Location = ("community", "name")
OWNER: Location = ("community.name",)
"""The column of a list sheet that says whose an entry is."""

LABELS: dict[Location, str] = {
    NAME: "社区名称",
    ("community", "street"): "所属街道",
    ("year",): "年度",
    ("date",): "成文日期",
    ("template",): "模板",
    ("title",): "标题",
    ("signatory",): "落款",
    ("community", "location"): "位置",
    ("community", "households"): "户数",
    ("community", "population"): "人口",
    ("community", "area_km2"): "面积（平方公里）",
    ("organisation", "leading_group", "name"): "领导小组名称",
    ("organisation", "leading_group", "leader"): "组长",
    ("organisation", "leading_group", "leader_role"): "组长职务",
    ("organisation", "dedicated_staff"): "专职委员人数",
    ("organisation", "bases"): "基地阵地",
    ("organisation", "rules"): "工作制度",
    ("facilities", "funding", "self_raised"): "自筹经费（元）",
    ("facilities", "funding", "grants"): "上级扶持经费（元）",
    ("figures", "events"): "全年活动场次",
    ("figures", "materials"): "宣传材料份数",
    ("figures", "consultations"): "咨询服务人次",
    ("figures", "topics"): "工作主题",
    ("participation", "volunteers"): "志愿者人数",
    ("participation", "partners"): "共建单位",
    ("participation", "methods"): "发动居民的做法",
    ("closing", "experience"): "工作体会",
    ("closing", "problems"): "存在的问题",
    ("closing", "plans"): "下一步打算",
    ("previous",): "上年数据文件",
    ("previous", "events"): "上年活动场次",
    ("previous", "materials"): "上年宣传材料份数",
    ("previous", "consultations"): "上年咨询服务人次",
    ("previous", "households"): "上年户数",
    ("previous", "population"): "上年人口",
    ("previous", "volunteers"): "上年志愿者人数",
    ("sections", "organisation", "heading"): "组织机构部分标题",
    ("sections", "organisation", "extra"): "组织机构部分追加段落",
    ("sections", "facilities", "heading"): "阵地建设部分标题",
    ("sections", "facilities", "extra"): "阵地建设部分追加段落",
    ("sections", "activities", "heading"): "活动部分标题",
    ("sections", "activities", "extra"): "活动部分追加段落",
    ("sections", "participation", "heading"): "居民参与部分标题",
    ("sections", "participation", "extra"): "居民参与部分追加段落",
}
"""The Chinese header of each column of the 社区 sheet (a contract, as the key paths are: a
workbook filled in once must read the next year too), in the order ``init`` writes them."""

_FACT = {"label": "名称", "value": "数值", "unit": "单位"}

LIST_SHEETS: dict[Location, tuple[str, dict[str, str]]] = {
    ("activities",): (
        "活动",
        {
            "title": "活动名称",
            "kind": "类型",
            "date": "日期",
            "participants": "参与人数",
            "partner": "合作单位",
            "audience": "对象",
            "description": "说明",
        },
    ),
    ("organisation", "teams"): ("队伍", {"name": "队伍名称", "members": "人数"}),
    ("facilities", "items"): (
        "设施",
        {
            "name": "设施名称",
            "action": "做了什么",
            "count": "数量",
            "unit": "单位",
            "topics": "内容主题",
            "place": "地点",
            "purpose": "作用",
        },
    ),
    ("community", "extra"): ("基本情况", _FACT),
    ("figures", "extra"): ("其他数字", _FACT),
    ("previous", "extra"): ("上年其他数字", _FACT),
}
"""Each list of the data file that has a sheet of its own: its sheet's Chinese name, and the
Chinese header of each key of an entry (a contract, as :data:`LABELS`)."""

NOTES_SHEET = "说明"
"""The sheet ``init`` writes to explain the workbook; never read as data."""

MAX_ROWS = 10_000
"""Rows of one sheet at most: a street has some dozens of communities, a year a few thousand
activities. More is no street's workbook (or a sheet of empty rows), and is refused at once."""

MAX_LIST_ROWS = 100_000

MAX_FILE = 64 * 1024 * 1024
"""The largest workbook or CSV read; a street's is well under a megabyte."""

MAX_XML = 32 * 1024 * 1024
"""The XML a workbook's entries may declare in all, checked before anything is inflated (a zip
bomb declares gigabytes); a street's inflates to a few megabytes."""

MAX_ENTRIES = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_LINES = re.compile(r"\s*(?:\r\n|[\n\r\v\f\u2028\u2029])\s*")
_SAVE_AS = "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）"


@dataclass(frozen=True, slots=True)
class _Layout:
    """The keyed columns of a sheet, as (column number, key), shared by all its rows: a row
    keeps its row number and this, and where each value was typed is made from them when it is
    loaded (in the worker), not held for every cell while the batch runs."""

    book: str  # the workbook as problems name it
    sheet: str
    columns: tuple[tuple[int, Location], ...]

    def spot(self, column: int, row: int) -> Spot:
        return _cell_spot(self.book, self.sheet, column, row)

    def row_spot(self, row: int) -> Spot:
        return _row_spot(self.book, self.sheet, row)


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One community of a workbook: the values a data file of its own would give, and where
    each was typed. Made in the batch's own process, built in a worker (it is pickled)."""

    book: Path
    sheet: str  # "" for a CSV file
    row: int
    name: str  # community.name as typed, "" where the row gives none
    values: dict[str, Any]
    layout: _Layout
    # Its entries of list sheets: (the list, the entry's place in it, its sheet, its row)
    entries: tuple[tuple[Location, int, _Layout, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    covered: frozenset[Location] = frozenset()
    # Last year's row of this community (--previous-dir), or the workbook it was looked for in
    # (missing, or without this community), which the loader tells.
    previous: SheetRow | Path | None = None

    def __str__(self) -> str:
        return _place(self.book, self.sheet, f"{self.row}:{self.row}") + (
            f"（{self.name}）" if self.name else ""
        )

    @property
    def stem(self) -> str:
        """The name of this row's outputs: the community's (城里社区.docx)."""
        return self.name or f"{self.book.stem}-{self.row}"

    @property
    def parent(self) -> Path:
        """The folder this row's outputs go to by default: the workbook's."""
        return self.book.parent

    def reported(self, location: Location) -> bool:
        """Whether a problem of this row was told at ``location`` or a place containing it."""
        return any(location[:size] in self.covered for size in range(len(location) + 1))

    @property
    def where(self) -> dict[Location, Where]:
        """Where each value was typed, as a data file's reader gives it: every keyed cell of
        the row and of its list entries; a mapping or list at the row (or entry) that holds it."""
        row_spot = self.layout.row_spot(self.row)
        where: dict[Location, Where] = {(): Where(None, row_spot)}
        for column, location in self.layout.columns:
            spot = self.layout.spot(column, self.row)
            for size in range(1, len(location)):
                where.setdefault(location[:size], Where(None, row_spot))
            where[location] = Where(spot, spot)
        for key, index, layout, number in self.entries:
            entry_spot = layout.row_spot(number)
            item = (*key, index)
            for size in range(1, len(key)):
                where.setdefault(key[:size], where[()])
            where.setdefault(key, Where(None, entry_spot))
            where[item] = Where(None, entry_spot)
            for column, (field,) in layout.columns:
                spot = layout.spot(column, number)
                cell = (*item, field)  # not inline: mypy takes d[(*a, b)] for 3.11's d[*a, b]
                where[cell] = Where(spot, spot)
        return where

    def spot_of(self, location: Location) -> Spot:
        """The cell of ``location`` in the row, else the row."""
        for column, found in self.layout.columns:
            if found == location:
                return self.layout.spot(column, self.row)
        return self.layout.row_spot(self.row)


def is_workbook(path: Path) -> bool:
    """Whether ``path`` is read as a workbook or CSV (or is a spreadsheet to be told about)."""
    suffix = path.suffix.lower()
    return suffix in BOOK_SUFFIXES or suffix in _OTHER_SHEETS


def row_named(path: Path, name: str) -> SheetRow | None:
    """The row of ``name`` in the workbook ``path`` (last year's, named by a ``previous``), or
    None; the workbook's problems raise DataError."""
    rows, problems = read_book(path)
    if problems and not rows:
        raise DataError(list(problems))
    return next((row for row in rows if row.name == name), None)


def read_book(path: Path, display: str | None = None) -> tuple[list[SheetRow], list[Problem]]:
    """Every community of the workbook (or CSV) ``path``, and the problems of the workbook
    that belong to none of its rows (where there are rows, the others still build). Raises
    UsageError where the file cannot be read at all."""
    name = display if display is not None else str(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise UsageError(f"无法读取 {name}：{exc.strerror or exc}") from None
    return _read_book(path, name, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_book(
    path: Path, name: str, _mtime: int, size: int
) -> tuple[list[SheetRow], list[Problem]]:
    try:
        if size > MAX_FILE:
            raise _whole(
                name, f"文件太大（{size // (1024 * 1024)} MB，最多 {MAX_FILE // (1024 * 1024)} MB）"
            )
        suffix = path.suffix.lower()
        if suffix in _OTHER_SHEETS:
            raise _whole(name, f"这是{_OTHER_SHEETS[suffix]}，summary-gen 读不了：{_SAVE_AS}")
        sheets = _csv_sheets(path, name) if suffix == ".csv" else _xlsx_sheets(path, name)
        return _Reader(path, name).rows(sheets)
    except DataError as exc:
        return [], exc.problems


def _whole(name: str, message: str) -> DataError:
    return DataError([Problem(name, 0, 0, "", message)])


# --- files → sheets of cells ----------------------------------------------------------------

Cell = Any
"""A cell's value: None (empty), text, a number, a date, or :data:`NO_VALUE`."""

NO_VALUE = object()
"""A formula whose value was never calculated (a file written by a program, not saved by Excel)."""


@dataclass(frozen=True, slots=True)
class _Sheet:
    name: str  # "" for CSV
    rows: list[tuple[int, list[Cell]]]  # (row number, cells), rows that have a value only


def _csv_sheets(path: Path, name: str) -> list[_Sheet]:
    import csv

    text, _ = decode_bytes(path.read_bytes(), name)  # UTF-8, with or without BOM, or GBK
    reader = csv.reader(text.removeprefix("\ufeff").splitlines())
    rows = []
    for number, cells in enumerate(reader, start=1):
        if number > MAX_ROWS + 1:
            raise _too_many(name, "", MAX_ROWS)
        if any(cell.strip() for cell in cells):
            rows.append((number, [cell if cell.strip() else None for cell in cells]))
    return [_Sheet("", rows)]


def _too_many(name: str, sheet: str, limit: int) -> DataError:
    where = f"工作表“{sheet}”" if sheet else "文件"
    return _whole(name, f"{where}超过 {limit} 行：一个街道的工作簿不会有这么多行，请检查")


def _xlsx_sheets(path: Path, name: str) -> list[_Sheet]:
    _check_zip(path, name)
    import openpyxl  # only here: it takes a third of a second to import
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise _whole(name, f"不是有效的 Excel 工作簿，无法读取（{exc}）；{_SAVE_AS}") from None
    try:
        sheets = [_read_sheet(sheet, name) for sheet in book.worksheets]
    finally:
        book.close()
    if _has_formulas(path):
        _mark_uncalculated(path, sheets)
    return sheets


def _check_zip(path: Path, name: str) -> None:
    """Refuse, before anything is inflated, what is no workbook: another format under an
    .xlsx name, a password-protected file, a zip bomb."""
    with path.open("rb") as file:
        head = file.read(8)
        if head.startswith(_OLE_MAGIC):
            data = head + file.read()
            if _ENCRYPTED in data:
                raise _whole(
                    name,
                    "工作簿设了打开密码，无法读取：请在 Excel 或 WPS 中打开，去掉密码"
                    "（“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码）后保存",
                )
            raise _whole(
                name, f"这是 Excel 97-2003 格式（.xls）或 WPS 的 .et 文件，不是 .xlsx：{_SAVE_AS}"
            )
        if not zipfile.is_zipfile(file):
            file.seek(0)
            if _looks_like_text(file.read(4096)):
                raise _whole(
                    name, "这是文本文件，不是 .xlsx 工作簿：如果它是 CSV，请把后缀改成 .csv"
                )
            raise _whole(name, f"不是 Excel 工作簿（.xlsx），无法读取；{_SAVE_AS}")
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                entries = archive.infolist()
        except zipfile.BadZipFile as exc:
            raise _whole(name, f"工作簿已损坏，无法读取（{exc}）") from None
    xml = sum(e.file_size for e in entries if e.filename.endswith((".xml", ".rels")))
    if len(entries) > MAX_ENTRIES or xml > MAX_XML:
        raise _whole(
            name,
            f"工作簿有 {len(entries)} 个部件、解压后 {xml // (1024 * 1024)} MB，超出合理范围"
            f"（最多 {MAX_ENTRIES} 个、{MAX_XML // (1024 * 1024)} MB），可能是恶意构造的压缩文件，未解压",
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        kind = "Word 文档" if "word/document.xml" in names else "Excel 工作簿"
        raise _whole(
            name, f"这是一个压缩文件，但不是 Excel 工作簿（像是{kind}以外的文件）；{_SAVE_AS}"
        )


def _looks_like_text(head: bytes) -> bool:
    """Whether the start of a file reads as text in UTF-8 or GBK (a CSV saved as .xlsx)."""
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # not merely a character cut at the end
                continue
            text = head[: exc.start].decode(encoding)
        if text and all(char.isprintable() or char in "\t\r\n" for char in text):
            return True
    return False


def _read_sheet(sheet: Any, name: str) -> _Sheet:
    limit = MAX_ROWS if sheet.title == COMMUNITY_SHEET else MAX_LIST_ROWS
    rows = []
    for cells in sheet.iter_rows():
        values = [_cell_value(cell) for cell in cells]
        if not any(value is not None for value in values):
            continue
        # An empty cell of a read-only sheet has no row of its own: take a filled one's.
        number = next(
            cell.row for cell, value in zip(cells, values, strict=True) if value is not None
        )
        if number > limit + 1:
            raise _too_many(name, sheet.title, limit)
        while values[-1] is None:  # a read-only sheet pads every row to its widest
            values.pop()
        rows.append((number, values))
    return _Sheet(sheet.title, rows)


_PERCENT = re.compile(r"%(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")  # a % outside quotes


def _cell_value(cell: Any) -> Cell:
    """A cell as Excel shows it: a number that is a percentage is that percentage; a date that
    shows no day is a month."""
    value = cell.value
    if value is None or isinstance(value, str):
        return value if value is None or value.strip() else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        if _PERCENT.search(cell.number_format or ""):
            return _Percent(_number(Decimal(str(value)) * 100))
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return value.strftime("%Y-%m-%d %H:%M")  # refused where a date is meant
        value = value.date()
    if isinstance(value, dt.date):
        unquoted = re.sub(r'"[^"]*"', "", cell.number_format or "")
        if "d" not in unquoted.lower() and "y" in unquoted.lower():
            return f"{value.year}-{value.month:02d}"  # a month: 2020年6月
        return value.isoformat()
    return str(value)


class _Percent(str):
    """A number cell Excel shows as a percentage, as its number of per cent (41 for 0.41): a
    fact's value with unit ``%``, else that number written with its %."""


def _number(value: int | float | Decimal) -> str:
    """A number as it is typed: 1200 (not 1200.0), 38.5, never 1e-05 or float noise."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(format(value, ".15g")).normalize(), "f")
    return text


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(path: Path) -> bool:
    """Whether any sheet has a formula (a cheap look at the sheets' XML, whose size was checked)."""
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                with archive.open(entry) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):  # a chunk at a time, with the last
                        if _FORMULA.search(tail + chunk):  # few bytes, where a tag may be cut
                            return True
                        tail = chunk[-64:]
    return False


def _mark_uncalculated(path: Path, sheets: list[_Sheet]) -> None:
    """Mark the formulas that have no value (an empty cell where the workbook has a formula)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet, formulas in zip(sheets, book.worksheets, strict=True):
            by_number = dict(sheet.rows)
            for cells in formulas.iter_rows():
                for cell in cells:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        row = by_number.setdefault(cell.row, [])
                        index = cell.column - 1
                        row.extend([None] * (index + 1 - len(row)))
                        if row[index] is None:
                            row[index] = NO_VALUE
            sheet.rows[:] = sorted(by_number.items())
    finally:
        book.close()


# --- sheets → rows of values ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    location: Location  # in the data file (社区 sheet) or in an entry of the list
    text_list: bool  # a list of text: one item a line
    names: bool = False  # a list of names (topics, bases…): a line may also part them with 、


@dataclass(slots=True)
class _Entry:
    """A row of a list sheet: whose it is, its values, where they are, and what is wrong with
    them (told at the entry's first place in the list: ``activities[0]``, renumbered once the
    entry has its place in its community's list). A street's lists have thousands of rows: the
    owner's cell is kept as its column, made a place only for a problem."""

    owner: str
    owner_column: int | None  # None: the sheet has no owner column (told as the row)
    layout: _Layout
    number: int  # its row
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    warnings: list[Problem] = dataclasses.field(default_factory=list)
    covered: set[Location] = dataclasses.field(default_factory=set)


class _Reader:
    """Reads the sheets of one workbook into rows, gathering what is wrong with them."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.fatal: list[Problem] = []  # the workbook as a whole cannot be read

    def spot(self, sheet: str, column: int, row: int) -> Spot:
        return _cell_spot(self.name, sheet, column, row)

    def row_spot(self, sheet: str, row: int) -> Spot:
        return _row_spot(self.name, sheet, row)

    def rows(self, sheets: list[_Sheet]) -> tuple[list[SheetRow], list[Problem]]:
        main, lists = self._sort(sheets)
        if main is None:
            raise DataError(self.fatal or [Problem(self.name, 0, 0, "", "工作簿里没有数据")])
        columns = self._columns(main, _main_keys())
        entries = {key: self._entries(sheet, key) for key, sheet in lists.items()}
        if self.fatal:
            raise DataError(self.fatal)
        assert columns is not None
        layout = _Layout(self.name, main.name, _keyed(columns))
        rows = [
            self._community(main, number, cells, columns, layout) for number, cells in main.rows[1:]
        ]
        return self._joined(rows, entries)

    def _sort(self, sheets: list[_Sheet]) -> tuple[_Sheet | None, dict[Location, _Sheet]]:
        """The 社区 sheet (else the first that is no list's) and the list sheets, by the list
        each holds. A sheet of another name is left alone (notes, a table of totals), unless its
        name nearly is one of ours: then it is most likely a list misnamed, told."""
        names = {label: key for key, (label, _) in LIST_SHEETS.items()}
        names |= {dotted(key): key for key in LIST_SHEETS}
        lists: dict[Location, _Sheet] = {}
        others: list[_Sheet] = []
        for sheet in sheets:
            key = names.get(sheet.name.strip())
            if key is None:
                others.append(sheet)
            elif key in lists:
                message = f"工作表“{lists[key].name}”和“{sheet.name}”是同一个列表，请合并成一个"
                self.fatal.append(Problem(self.name, 0, 0, "", message))
            else:
                lists[key] = sheet
        main = next((s for s in others if s.name.strip() == COMMUNITY_SHEET), None)
        if main is None:
            main = next((s for s in others if s.name.strip() != NOTES_SHEET), None)
        for sheet in others:
            title = sheet.name.strip()
            if sheet is main or title == NOTES_SHEET or not sheet.rows:
                continue
            close = difflib.get_close_matches(title, [*names, COMMUNITY_SHEET], n=1, cutoff=0.6)
            if close:
                message = f"工作表“{sheet.name}”不是 summary-gen 认识的名称，是不是“{close[0]}”？"
                self.fatal.append(Problem(self.name, 0, 0, "", message))
        return main, lists

    def _columns(self, sheet: _Sheet, keys: dict[str, _Column]) -> list[_Column | None] | None:
        """Each column of ``sheet`` as the key its header names (None: no header, no value)."""
        if not sheet.rows:
            return None
        number, header = sheet.rows[0]
        columns: list[_Column | None] = []
        seen: dict[Location, int] = {}
        for index, cell in enumerate(header):
            text = _header_text(cell)
            if not text:
                columns.append(None)
                first = next(
                    (
                        n
                        for n, cells in sheet.rows[1:]
                        if len(cells) > index and cells[index] is not None
                    ),
                    None,
                )
                if first is not None:
                    message = "这一列有内容，但第1行没有表头：请写上表头（如“户数”），或删去这一列"
                    self.fatal.append(
                        Problem(*self.spot(sheet.name, index + 1, first), "", message)
                    )
                continue
            column = keys.get(text)
            spot = self.spot(sheet.name, index + 1, number)
            if column is None:
                self.fatal.append(Problem(*spot, "", _unknown_header(text, keys, sheet.name)))
                columns.append(None)
                continue
            if column.location in seen:
                earlier = _letters(seen[column.location] + 1)
                message = f"表头“{text}”与 {earlier} 列重复：同一项只能有一列"
                self.fatal.append(Problem(*spot, "", message))
            seen[column.location] = index
            columns.append(column)
        if not any(c is not None and c.location in (NAME, OWNER) for c in columns):
            message = "第1行没有“社区名称”（community.name）这一列：每一行要写明是哪个社区的"
            self.fatal.append(Problem(*self.row_spot(sheet.name, number), "", message))
        return columns

    def _community(
        self,
        sheet: _Sheet,
        number: int,
        cells: list[Cell],
        columns: list[_Column | None],
        layout: _Layout,
    ) -> SheetRow:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        warnings: list[Problem] = []
        covered: set[Location] = set()
        for index, column in enumerate(columns):
            if column is None:
                continue
            cell = cells[index] if index < len(cells) else None
            location = column.location
            at = (sheet.name, index + 1, number)
            value = self._value(cell, column, location, at, problems, warnings, covered)
            if value is not None:
                _put(values, location, value)
        typed = values.get("community", {}).get("name")
        name = typed.strip() if isinstance(typed, str) else ""
        return SheetRow(
            self.path,
            sheet.name,
            number,
            name,
            values,
            layout,
            (),
            tuple(problems),
            tuple(warnings),
            frozenset(covered),
        )

    def _value(
        self,
        cell: Cell,
        column: _Column,
        location: Location,
        at: tuple[str, int, int],
        problems: list[Problem],
        warnings: list[Problem],
        covered: set[Location],
    ) -> Any:
        """The value of one cell as the loader's values are (text, or a list of text); None
        for an empty cell or one whose problem is told. ``at`` is the cell (sheet, column, row),
        made a place, and ``location`` a key path, only for a problem: a workbook has tens of
        thousands of cells."""
        if cell is None:
            return None
        if isinstance(cell, _Percent):
            cell = f"{cell}%"
        if cell is NO_VALUE:
            message = "公式还没有计算出结果（文件不是由 Excel 或 WPS 保存的）：请在 Excel 或 WPS 中打开后保存一次，或直接填写数值"
            problems.append(Problem(*self.spot(*at), dotted(location), message))
            covered.add(location)
            return None
        text = str(cell)
        hidden = INVISIBLE.findall(text)
        if hidden:  # as in a data file: typed, they are removed (they would hide or reorder text)
            text = INVISIBLE.sub("", text)
            codes = "、".join(dict.fromkeys(f"U+{ord(char):04X}" for char in hidden))
            message = f"已删除 {len(hidden)} 个看不见的字符（{codes}），它们会打乱或隐藏文字"
            warnings.append(Problem(*self.spot(*at), dotted(location), message))
        bad = FORBIDDEN.search(text)
        if bad:
            message = forbidden_message(bad.group())
            problems.append(Problem(*self.spot(*at), dotted(location), message))
            covered.add(location)
            return None
        if column.text_list:
            items = [item for item in _LINES.split(text.strip()) if item]
            if column.names:  # 健康教育、环保 in a cell is two names, as the README says
                items = [name for item in items for name in split_items(item, DUNHAO)]
            return [self._typeset(item, location, at, warnings) for item in items]
        if _LINES.search(text.strip()):
            text = one_paragraph(text)
        return self._typeset(text, location, at, warnings)

    def _typeset(
        self, text: str, location: Location, at: tuple[str, int, int], warnings: list[Problem]
    ) -> str:
        fixed, message = typeset(text)
        if message:
            warnings.append(Problem(*self.spot(*at), dotted(location), message))
        return fixed

    def _entries(self, sheet: _Sheet, key: Location) -> list[_Entry]:
        columns = self._columns(sheet, _list_keys(key))
        if columns is None:
            return []
        entries = []
        layout = _Layout(self.name, sheet.name, _keyed(columns))
        for number, cells in sheet.rows[1:]:
            entry = _Entry("", None, layout, number)
            for index, column in enumerate(columns):
                if column is None:
                    continue
                cell = cells[index] if index < len(cells) else None
                at = (sheet.name, index + 1, number)
                if column.location == OWNER:
                    entry.owner = "" if cell is None else INVISIBLE.sub("", str(cell)).strip()
                    entry.owner_column = index + 1
                    continue
                field = str(column.location[0])
                location = (*key, 0, field)
                if isinstance(cell, _Percent) and field == "value" and "label" in _list_keys(key):
                    # 41% typed in Excel is the fact 41 with unit %, as a data file writes it
                    entry.values.setdefault("unit", "%")
                    cell = str(cell)
                value = self._value(
                    cell, column, location, at, entry.problems, entry.warnings, entry.covered
                )
                if value is not None:
                    entry.values[field] = value
            entries.append(entry)
        return entries

    def _joined(
        self, rows: list[SheetRow], entries: dict[Location, list[_Entry]]
    ) -> tuple[list[SheetRow], list[Problem]]:
        """The rows with their list entries, and the problems that belong to none of them."""
        stray: list[Problem] = []
        by_name: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            if row.name:
                by_name.setdefault(row.name, []).append(index)
        extra: dict[int, list[Problem]] = {i: [] for i in range(len(rows))}
        for index, row in enumerate(rows):
            if not row.name:
                message = "缺少社区名称：每一行都要写明是哪个社区"
                extra[index].append(Problem(*row.spot_of(NAME), dotted(NAME), message))
            elif len(by_name[row.name]) > 1:
                others = "、".join(f"第{rows[i].row}行" for i in by_name[row.name] if i != index)
                message = (
                    f"社区“{row.name}”在{others}也有：每个社区只能有一行，请删去或合并重复的行"
                )
                extra[index].append(Problem(*row.spot_of(NAME), dotted(NAME), message))
        values = [dict(row.values) for row in rows]
        placed: list[list[tuple[Location, int, _Layout, int]]] = [[] for _ in rows]
        found: list[list[Problem]] = [[] for _ in rows]
        told: list[list[Problem]] = [[] for _ in rows]
        covered: list[set[Location]] = [set(row.covered) for row in rows]
        for i, row in enumerate(rows):
            if not row.name:
                covered[i].add(NAME)  # told above: not again as the model's missing field
        for key, items in entries.items():
            for entry in items:
                owners = by_name.get(entry.owner, [])
                if not owners:
                    stray_problem, near = self._stray(entry, list(by_name))
                    if near is None:
                        stray.append(stray_problem)
                    else:
                        for i in by_name[near]:
                            extra[i].append(stray_problem)
                    continue
                for i in owners:
                    place = _list_at(values[i], key)
                    item = (*key, len(place))
                    placed[i].append((key, len(place), entry.layout, entry.number))
                    place.append(entry.values)
                    if entry.problems or entry.warnings or entry.covered:
                        found[i] += [_renumbered(p, key, item) for p in entry.problems]
                        told[i] += [_renumbered(p, key, item) for p in entry.warnings]
                        covered[i] |= {(*item, *loc[len(key) + 1 :]) for loc in entry.covered}
        joined = [
            dataclasses.replace(
                row,
                values=values[i],
                entries=tuple(placed[i]),
                problems=(*row.problems, *found[i], *extra[i]),
                warnings=(*row.warnings, *told[i]),
                covered=frozenset(covered[i]),
            )
            for i, row in enumerate(rows)
        ]
        return joined, stray

    def _stray(self, entry: _Entry, names: list[str]) -> tuple[Problem, str | None]:
        if entry.owner_column is None:
            spot = entry.layout.row_spot(entry.number)
        else:
            spot = entry.layout.spot(entry.owner_column, entry.number)
        if not entry.owner:
            return Problem(*spot, "community.name", "缺少社区名称：这一行是哪个社区的？"), None
        close = difflib.get_close_matches(entry.owner, names, n=1, cutoff=0.6)
        hint = f"，是不是“{close[0]}”？" if close else "：请写“社区”表里的社区名称"
        message = f"“{entry.owner}”不是“社区”表里的社区{hint}"
        return Problem(*spot, "community.name", message), close[0] if close else None


def _keyed(columns: list[_Column | None]) -> tuple[tuple[int, Location], ...]:
    """The columns that hold a value, by number (a list sheet's owner column holds none)."""
    return tuple(
        (index, column.location)
        for index, column in enumerate(columns, start=1)
        if column is not None and column.location != OWNER
    )


def _renumbered(problem: Problem, key: Location, item: Location) -> Problem:
    """A problem of a list row, read before the row had its place in its community's list."""
    wrong = dotted((*key, 0))
    if problem.path.startswith(wrong):
        return dataclasses.replace(problem, path=dotted(item) + problem.path[len(wrong) :])
    return problem


def _put(values: dict[str, Any], location: Location, value: Any) -> None:
    for key in location[:-1]:
        values = values.setdefault(str(key), {})
    values[str(location[-1])] = value


def _list_at(values: dict[str, Any], key: Location) -> list[Any]:
    for part in key[:-1]:
        values = values.setdefault(str(part), {})
    found: list[Any] = values.setdefault(str(key[-1]), [])
    return found


def _header_text(cell: Cell) -> str:
    if cell is None or cell is NO_VALUE:
        return ""
    return re.sub(r"\s+", "", INVISIBLE.sub("", str(cell))).replace("．", ".")


def _unknown_header(text: str, keys: dict[str, _Column], sheet: str) -> str:
    for key, (label, _) in LIST_SHEETS.items():
        if text in (label, dotted(key)):
            return f"“{text}”是一个列表，要写在名为“{label}”的工作表里，每项一行"
    close = difflib.get_close_matches(text, list(keys), n=1, cutoff=0.6)
    if close:
        column = keys[close[0]]
        path = dotted(column.location)
        also = f"（{path}）" if path != close[0] else ""
        return f"未知的表头“{text}”，是不是“{close[0]}”{also}？"
    where = f"“{sheet}”工作表" if sheet else "这个文件"
    return (
        f"未知的表头“{text}”：{where}的表头应是数据文件的字段名或 summary-gen init 写出的中文表头"
    )


@functools.cache
def _main_keys() -> dict[str, _Column]:
    """The headers the 社区 sheet may have: each key's Chinese label and key path."""
    keys: dict[str, _Column] = {}
    for location, text_list, names in _leaves(Summary, ()):
        column = _Column(location, text_list, names)
        keys[dotted(location)] = column
        if location in LABELS:
            keys[LABELS[location]] = column
    keys[dotted(("previous",))] = keys[LABELS[("previous",)]] = _Column(("previous",), False)
    return keys


@functools.cache
def _list_keys(key: Location) -> dict[str, _Column]:
    """The headers a list sheet may have: its entries' keys (``title``, ``activities.title``
    or ``活动名称``) and the owner's name."""
    from ..model.parts import Part

    part: type[Part] = Summary
    for name in key:
        found = inner_part(field_types(part)[str(name)])[0]
        assert found is not None
        part = found
    _, labels = LIST_SHEETS[key]
    owner = _Column(OWNER, False)
    keys: dict[str, _Column] = {"community.name": owner, LABELS[NAME]: owner}
    for location, text_list, names in _leaves(part, ()):
        column = _Column(location, text_list, names)
        field = str(location[0])
        keys[field] = keys[f"{dotted(key)}.{field}"] = column
        if field in labels:
            keys[labels[field]] = column
    return keys


def _leaves(part: type, at: Location) -> Iterator[tuple[Location, bool, bool]]:
    """The keys of ``part`` a cell can hold: scalars and lists of text, with whether each is a
    list of text and whether a list of names; a mapping's keys are walked, a list of mappings
    (a sheet's) is not."""
    for name, annotation in field_types(part).items():
        inner, in_list = inner_part(annotation)
        if inner is not None:
            if not in_list:
                yield from _leaves(inner, (*at, name))
            continue
        yield (*at, name), get_origin(annotation) is list, is_name_list(part, name)


@functools.lru_cache(maxsize=256)  # called for every cell of a workbook
def _letters(column: int) -> str:
    """1 → A, 27 → AA: a column as Excel names it."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_spot(book: object, sheet: str, column: int, row: int) -> Spot:
    return (_place(book, sheet, f"{_letters(column)}{row}"), 0, 0)


def _row_spot(book: object, sheet: str, row: int) -> Spot:
    """A whole row, as Excel names it: 社区!5:5."""
    return (_place(book, sheet, f"{row}:{row}"), 0, 0)


def _place(book: object, sheet: str, cell: str) -> str:
    """街道.xlsx:社区!D5, or 社区.csv:D5 for a CSV file (which has one sheet, unnamed)."""
    return f"{book}:{sheet}!{cell}" if sheet else f"{book}:{cell}"
