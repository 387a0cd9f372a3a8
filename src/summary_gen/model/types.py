"""The scalar types of the data file, each an ``Annotated`` type: the validator that reads it and
the JSON-Schema fragment that tells an editor what it accepts, side by side.

The loader keeps every scalar as the text typed (``households: 300`` is the text "300"), so the
validators read text; the fragments describe the file as an editor reads it, YAML 1.2, where
``300`` is a number and ``2021-03-03`` a string (which is why dates are string patterns). Each
validator's messages are Chinese: the loader shows them as they are.

Values are read as a secretary types them (docs/data-format.md, "值的写法"): a count with the
unit its field expects (``1200户``), in Chinese numerals (``三百余``), with thousands separators
(``1,200``); a date as ``2025年3月15日`` or ``2025/3/15``; a list of names on one line
(``健康教育、环保、消防``). Each type reads those into the canonical value, and a quantity keeps
notes on what it made of the text, which the loader tells back as located warnings
(:mod:`summary_gen.loading.readings`). Every fragment accepts every form its validator does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from typing_extensions import TypeAliasType

from ..text.numerals import DIGITS_AND_PLACES, NUMERAL_CHARS
from ..text.quantity import (
    MEASURE_UNITS,
    PREFIXES,
    Quantity,
    QuantityError,
    has_foreign_digits,
    split_unit,
)

__all__ = [
    "CANONICAL_DATE",
    "DATE_MESSAGE",
    "DATE_PATTERN",
    "DUNHAO",
    "LIMITS",
    "MEASURE_PATTERN",
    "MONTH_DATE_MESSAGE",
    "MONTH_DATE_PATTERN",
    "QUANTITY_PATTERN",
    "YEAR_PATTERN",
    "YEAR_RANGE",
    "ActivityKind",
    "Area",
    "Attendance",
    "Copies",
    "Count",
    "DateValue",
    "Events",
    "Households",
    "Label",
    "Line",
    "Measure",
    "Money",
    "MonthDate",
    "MonthDateValue",
    "NameList",
    "Paragraph",
    "People",
    "Prose",
    "Unit",
    "Visits",
    "YearValue",
    "date_text",
    "in_own_unit",
    "is_name_list",
    "quantity_pattern",
    "split_items",
    "unit_from_value",
]

# patternErrorMessage is the message VS Code and yaml-language-server show where a pattern
# fails; validators ignore it.

# --- text ------------------------------------------------------------------------------------

LIMITS = {"line": 60, "label": 20, "unit": 10, "prose": 500, "paragraph": 1000}
"""The most characters of each kind of text. A title or a name is one line (a 二号 title line
holds about 20 characters, two lines are the most a title takes); a label or a unit a few
words; an item of prose (a description, a lesson, a plan) a few sentences; a paragraph of the
secretary's own (sections.*.extra) a long paragraph. Longer text is a slip (a paste gone
wrong), and a page-long title would also take the layout seconds."""

_TOO_LONG = {
    "line": "标题、名称只占一行",
    "label": "名称、单位只写几个字",
    "unit": "名称、单位只写几个字",
    "prose": "内容多时可以分成几项",
    "paragraph": "内容多时可以分成几段",
}


def _has_words(text: str) -> str:
    # Only punctuation ("“”", "——", "()") would print as an empty quote or a gap.
    if text and not any(char.isalnum() for char in text):
        raise ValueError("只有标点符号，没有文字")
    return text


def _at_most(kind: str) -> AfterValidator:
    limit = LIMITS[kind]

    def check(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"太长：{len(text)} 字，这里最多 {limit} 字（{_TOO_LONG[kind]}）")
        return text

    return AfterValidator(check)


_NON_EMPTY = StringConstraints(strip_whitespace=True, min_length=1)


def _text_json(kind: str) -> dict[str, Any]:
    # `name: 110` is the text "110" for the loader and a number for an editor: both are valid
    # (the length and the pattern concern strings only). The model strips first, so only blanks
    # are empty.
    return {
        "type": ["string", "number", "boolean"],
        "minLength": 1,
        "maxLength": LIMITS[kind],
        "pattern": r"\S",
    }


Line = Annotated[
    str,
    _NON_EMPTY,
    AfterValidator(_has_words),
    _at_most("line"),
    WithJsonSchema(_text_json("line")),
]
"""A line of text: a title, a name, a place; non-empty, with a letter, digit or character."""

Label = Annotated[
    str,
    _NON_EMPTY,
    AfterValidator(_has_words),
    _at_most("label"),
    WithJsonSchema(_text_json("label")),
]
"""A few words: the label of a figure, a person's name or role, what was done (购置)."""

Unit = Annotated[str, _NON_EMPTY, _at_most("unit"), WithJsonSchema(_text_json("unit"))]
"""A unit of measure: 户, 册, 平方公里, and also symbols such as % or ‰."""

Prose = Annotated[
    str,
    _NON_EMPTY,
    AfterValidator(_has_words),
    _at_most("prose"),
    WithJsonSchema(_text_json("prose")),
]
"""A few sentences: a description, a lesson, a plan, a way residents were mobilised."""

Paragraph = Annotated[
    str,
    _NON_EMPTY,
    AfterValidator(_has_words),
    _at_most("paragraph"),
    WithJsonSchema(_text_json("paragraph")),
]
"""A paragraph of the secretary's own, appended to a section."""

# --- lists of names ----------------------------------------------------------------------------

# 、 and ； always part items; a comma only where it is not between two digits (1,200).
_SEPARATOR = re.compile(r"[、；]|(?<![0-9])[,，]|[,，](?![0-9])")
_OPENING, _CLOSING = "“‘《（(「【〈", "”’》）)」】〉"


DUNHAO = re.compile("、")
"""The one separator of names in a workbook's cell (where a line break parts them too)."""


def split_items(text: str, separator: re.Pattern[str] = _SEPARATOR) -> list[str]:
    """A list of names written on one line (健康教育、环保、消防) as its items; a separator
    inside quotes or brackets (“学科学、爱科学”活动, 《人口与计划生育法》) parts nothing. Empty
    items (a separator at the end) are dropped; where a part would have no letter, digit or
    character, the text stays one item."""
    items, start, depth = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
        elif depth == 0 and separator.match(text, index):
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    kept = [item.strip() for item in items if item.strip()]
    # Parted only into names: "0，[" is one odd item, not the name 0 and a bracket.
    if not kept or not all(any(char.isalnum() for char in item) for item in kept):
        return [text]
    return kept


def _split_names(raw: Any) -> Any:
    # A text where a list is meant, or an item that is itself a list on one line: YAML reads
    # [防诈骗，垃圾分类，健康教育] as one item, for its commas are full-width.
    if isinstance(raw, str):
        return split_items(raw)
    if isinstance(raw, list):
        return [
            part
            for item in raw
            for part in (split_items(item) if isinstance(item, str) else [item])
        ]
    return raw


def is_name_list(part: type[BaseModel], field: str) -> bool:
    """Whether the field ``field`` of ``part`` is a :data:`NameList`."""
    metadata = part.model_fields[field].metadata
    return any(getattr(item, "func", None) is _split_names for item in metadata)


NameList = Annotated[
    list[Line],
    BeforeValidator(_split_names),
    WithJsonSchema(
        {
            "description": "名称的列表：每项一行，以“- ”开头；也可以写在一行里，用“、”分开",
            "type": ["array", "string"],
            "items": _text_json("line"),
            "minLength": 1,
            "pattern": r"\S",
        }
    ),
]
"""A list of names or short items (topics, bases, partners, rules); written on one line, it is
parted at 、，,；. Lists of sentences (closing.*, participation.methods, sections.*.extra) are
never parted: a sentence may hold a 、 of its own."""

ActivityKind = Literal[
    "讲座",
    "培训",
    "宣传",
    "咨询",
    "文艺演出",
    "竞赛",
    "参观",
    "志愿服务",
    "展览",
    "义诊",
    "比赛",
    "会议",
    "其他",
]

# --- quantities ------------------------------------------------------------------------------

_DIGIT = "[0-9０-９]"
# Digits in groups of three (1,200, 1，200) or without separators.
_INTEGER = f"(?:{_DIGIT}{{1,3}}(?:[,，]{_DIGIT}{{3}})+|{_DIGIT}+)"
_FRACTION = rf"\.{_DIGIT}{{1,4}}"
# A Chinese numeral has a digit or a place (三, 十, 千), or is 万 or 亿 alone (万余: 10000余).
# Spaces between Chinese characters are dropped by the loader's typography (三 百 余 is 三百余).
_NUMERAL = f"[{NUMERAL_CHARS}0-9０-９. \u3000]"
_CHINESE = f"(?:{_NUMERAL}*[{DIGITS_AND_PLACES}]{_NUMERAL}*|[万亿]+)"
# The spaces the typography drops between Chinese characters (typography._SPACE).
_GAP = "[ \t\u00a0\u3000]*"
_MAX_VALUE = 10**12


_ANY_UNIT = r"[^\s0-9０-９.,，]{1,10}"


def quantity_pattern(
    units: Sequence[str] = (), *, decimal: bool = False, own_unit: bool = False
) -> str:
    """What :meth:`Quantity.parse` accepts as text with these ``units`` (``decimal``: a measure;
    ``own_unit``: a value whose unit is its item's, so any unit may follow).

    Exact for Arabic numerals (separators in groups of three, at most four decimals); for Chinese
    numerals it takes any run of their characters, and cn2an decides.
    """
    prefix = f"(?:{'|'.join(PREFIXES)})?"
    arabic = f"(?:{prefix}{_INTEGER}[万亿]?|{prefix}{_INTEGER}{_FRACTION}[万亿])"  # 约500, 2.4万
    choices = [_ANY_UNIT] if own_unit else list(map(re.escape, units))
    # A space may come before the unit (300 户); next to a Chinese numeral, anywhere.
    unit = "(?:\\s*(?:" + "|".join(choices) + "))?" if choices else ""
    tail = f"(?:(?:余|多)?{unit}(?:以上)?|以上{unit})"
    spaced = f"(?:{_GAP}(?:余|多))?{unit}(?:{_GAP}以上)?|{_GAP}以上{unit}"
    alternatives = [arabic + tail, f"{prefix}{_GAP}{_CHINESE}(?:{spaced})"]
    if decimal:
        alternatives.append(f"{_INTEGER}{_FRACTION}{unit}")  # a measure: 38.5
    return rf"^\s*(?:{'|'.join(alternatives)})\s*$"


QUANTITY_PATTERN = quantity_pattern()
"""What :meth:`Quantity.parse` accepts as text for a count without a unit."""

MEASURE_PATTERN = quantity_pattern(decimal=True)
"""What :meth:`Quantity.parse` accepts as text for a measure (``decimal=True``)."""

_FORMS = "也可写中文数字（三百余）、带单位（300户）或千位分隔符（1,200）"


def _count_json(
    units: Sequence[str], examples: str, *, decimal: bool = False, own_unit: bool = False
) -> WithJsonSchema:
    # One schema with two types rather than anyOf (minimum applies to numbers, pattern to
    # strings): editors then report the pattern's own message instead of "expected integer".
    shown = "、".join(units)
    return WithJsonSchema(
        {
            "description": f"数量：阿拉伯数字，可带一个限定词，如 {examples}；{_FORMS}"
            + (f"，单位为{shown}" if units else "")
            + "；0 表示没有",
            "type": ["number" if decimal else "integer", "string"],
            "minimum": 0,
            "exclusiveMaximum": _MAX_VALUE,
            "pattern": quantity_pattern(units, decimal=decimal, own_unit=own_unit),
            "patternErrorMessage": f"应写阿拉伯数字，可带一个限定词：{examples}"
            + (f"，单位只能是{shown}" if units else ""),
        }
    )


def _counted(units: Sequence[str], *, decimal: bool = False) -> PlainValidator:
    def read(raw: object) -> Quantity | None:
        quantity = Quantity.parse(raw, decimal=decimal, units=units)
        # A template prints every count it is given ("配备0名委员", "志愿队（0人）"): a count
        # of nothing is no fact to report, so it reads as "none" and its sentence goes.
        return None if quantity.value == 0 else quantity

    return PlainValidator(read)


# Named type aliases: the schema defines each once, in $defs.
Count = TypeAliasType(
    "Count",
    Annotated[
        Quantity,
        _counted(()),
        # The item's unit may follow, and make it a decimal (5.5 公里): the schema cannot see the
        # item's unit, so it takes any (FacilityItem reads the count in it).
        _count_json((), "300、300余、20以上、约500、2.4万", decimal=True, own_unit=True),
    ],
)
"""A count whose unit is its item's (a facility's): 300, "300余", "20以上", "约500", "2.4万";
0 reads as none (None). :class:`~summary_gen.model.parts.FacilityItem` reads it in the unit."""

People = TypeAliasType(
    "People",
    Annotated[Quantity, _counted(("人", "名")), _count_json(("人", "名"), "30、30余、约50")],
)
"""A number of people: members, volunteers, staff, population; 人 or 名 may follow."""

Attendance = TypeAliasType(
    "Attendance",
    Annotated[
        Quantity,
        _counted(("人次", "人", "名")),
        _count_json(("人次", "人", "名"), "80、约50、200余"),
    ],
)
"""The participants of an activity: 人, 人次 or 名 may follow."""

Households = TypeAliasType(
    "Households",
    Annotated[Quantity, _counted(("户",)), _count_json(("户",), "2600、2600多、约3000")],
)
"""A number of households: 户 may follow."""

Events = TypeAliasType(
    "Events",
    Annotated[
        Quantity,
        _counted(("场次", "场", "次")),
        _count_json(("场次", "场", "次"), "24、20以上、30余"),
    ],
)
"""A number of events: 场, 场次 or 次 may follow."""

Copies = TypeAliasType(
    "Copies",
    Annotated[Quantity, _counted(("份",)), _count_json(("份",), "5000、4万余、约3000")],
)
"""A number of copies of material handed out: 份 may follow."""

Visits = TypeAliasType(
    "Visits",
    Annotated[Quantity, _counted(("人次",)), _count_json(("人次",), "1500、1.5万、3000余")],
)
"""A number of consultations: 人次 may follow."""

Money = TypeAliasType(
    "Money",
    Annotated[
        Quantity,
        _counted(("元",), decimal=True),
        _count_json(("元",), "5000、1.2万、3000余", decimal=True),
    ],
)
"""An amount of yuan: 元 may follow (1.5万元), and it may be a decimal; 0 reads as none."""


def _measured(units: Sequence[str]) -> PlainValidator:
    def read(raw: object) -> Quantity:
        return Quantity.parse(raw, decimal=True, units=units)

    return PlainValidator(read)


def _measure_json(units: Sequence[str], *, own_unit: bool = False) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "description": "数值：数量或小数，如 38.5、300余、2.4万"
            + (f"，单位为{'、'.join(units)}" if units else ""),
            "type": ["number", "string"],
            "minimum": 0,
            "exclusiveMaximum": _MAX_VALUE,
            "pattern": quantity_pattern(units, decimal=True, own_unit=own_unit),
            "patternErrorMessage": "应写阿拉伯数字或小数，可带一个限定词：38.5、300余、2.4万",
        }
    )


Measure = TypeAliasType(
    "Measure", Annotated[Quantity, _measured(()), _measure_json((), own_unit=True)]
)
"""A quantity or a plain decimal (38.5), for rates, areas and money; 0 is a value (0 %). Its
unit is its item's (extra[].value): :class:`~summary_gen.model.parts.ExtraFact` reads it."""

Area = TypeAliasType(
    "Area", Annotated[Quantity, _measured(("平方公里",)), _measure_json(("平方公里",))]
)
"""An area in km²: 平方公里 may follow."""


def in_own_unit(raw: object, unit: str | None, *, count: bool) -> object:
    """A value whose unit is its item's (facilities.items[].count, extra[].value), read in that
    unit: ``300册`` where the item's unit is 册. A count in a unit of length, area, weight or
    money (5.5 公里) may be a decimal; one of things stays whole. Anything else is left to the
    value's own type, which refuses it."""
    if not isinstance(raw, str):
        return raw
    decimal = not count or unit in MEASURE_UNITS
    return Quantity.parse(raw, decimal=decimal, units=(unit,) if unit else ())


def unit_from_value(data: Any, key: str, *, count: bool) -> Any:
    """An item without a ``unit`` whose value carries one (``count: 300册``): the unit is taken
    from the value, as the secretary meant it, and the value read without it."""
    if not isinstance(data, dict) or data.get("unit") is not None:
        return data
    raw = data.get(key)
    if not isinstance(raw, str):
        return data
    number, unit = split_unit(raw)
    if not unit:
        return data
    try:
        quantity = Quantity.parse(number, decimal=not count or unit in MEASURE_UNITS)
    except QuantityError:  # told where the value is, by its own type, in the unit taken
        return {**data, "unit": unit}
    return {**data, "unit": unit, key: quantity.noted(f"单位“{unit}”已记作 unit: {unit}")}


# --- years and dates -------------------------------------------------------------------------

YEAR_RANGE = (1949, 2100)
"""The years a summary may be about; anything else is a typo (202, 20200)."""


def _any_width(pattern: str) -> str:
    """``pattern`` with each digit it names also in its full-width form (the loader reads
    ２０２０ as 2020, with a warning): ``7`` → ``[7７]``, ``[1-9]`` → ``[1-9１-９]``; counts in
    braces (``{4}``) stay."""

    def wide(digit: str) -> str:
        return chr(ord(digit) + 0xFEE0)

    def widen(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("{"):
            return token
        if token.startswith("["):
            return token[:-1] + re.sub(r"[0-9]", lambda d: wide(d.group()), token[1:-1]) + "]"
        return f"[{token}{wide(token)}]"

    return re.sub(r"\{[0-9,]*\}|\[[^\]]*\]|[0-9]", widen, pattern)


YEAR_PATTERN = _any_width(r"^\s*0{0,2}(?:1949|19[5-9][0-9]|20[0-9]{2}|2100)年?\s*$")
"""A year in :data:`YEAR_RANGE` written as a string ("2020", also "2020年")."""

_DIGITS_MESSAGE = "应写半角阿拉伯数字 0～9"


def _parse_year(raw: object) -> int:
    # Only digits: a lax int would accept "2020.0" or " 2_020 ".
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    text = text.removesuffix("年").rstrip()
    if not re.fullmatch(r"[0-9]{1,6}", text):
        if has_foreign_digits(text):
            raise ValueError(f"年份{_DIGITS_MESSAGE}，例如 2020")
        raise ValueError("应为整数年份，例如 2020")
    year = int(text)
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise ValueError(f"年份 {year} 不在 {low}—{high} 之间")
    return year


YearValue = Annotated[
    int,
    PlainValidator(_parse_year),
    WithJsonSchema(
        {
            "description": "年份，如 2020",
            "type": ["integer", "string"],
            "minimum": YEAR_RANGE[0],
            "maximum": YEAR_RANGE[1],
            "pattern": YEAR_PATTERN,
            "patternErrorMessage": f"应为 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的年份，例如 2020",
        }
    ),
]
"""A year in YEAR_RANGE, written as digits (2020年 too)."""

# YAML 1.1 dates allow one-digit months and days (2021-3-3); so do we. [0-9], not \d, which
# takes every script's digits. Besides the canonical form, a date as Chinese text writes it
# (2025年3月15日, 2025年6月) and as a spreadsheet shows it (2025/3/15, 2025.3.15).
CANONICAL_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
"""The canonical form of a date or a month: 2021-03-03, 2021-3-3, 2020-07."""

_DATE_FORMS = (
    CANONICAL_DATE,
    re.compile(r"([0-9]{4})/([0-9]{1,2})(?:/([0-9]{1,2}))?"),
    re.compile(r"([0-9]{4})\.([0-9]{1,2})(?:\.([0-9]{1,2}))?"),
    re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*[日号])?"),
)
DATE_MESSAGE = "日期应写成 YYYY-MM-DD，例如 2021-03-03"
MONTH_DATE_MESSAGE = "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"

_MONTH = "(?:0?[1-9]|1[0-2])"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"


def _date_pattern(*, month_only: bool) -> str:
    day = "?" if month_only else ""
    forms = [
        rf"[0-9]{{4}}-{_MONTH}(?:-{_DAY}){day}",
        rf"[0-9]{{4}}/{_MONTH}(?:/{_DAY}){day}",
        rf"[0-9]{{4}}\.{_MONTH}(?:\.{_DAY}){day}",
        rf"[0-9]{{4}}\s*年\s*{_MONTH}\s*月(?:\s*{_DAY}\s*[日号]){day}",
    ]
    return _any_width(rf"^\s*(?:{'|'.join(forms)})\s*$")


DATE_PATTERN = _date_pattern(month_only=False)
"""A day: 2021-03-03 (one-digit months and days too), 2021/3/3, 2021.3.3, 2021年3月3日."""

MONTH_DATE_PATTERN = _date_pattern(month_only=True)
"""An activity's date: a day or only a month (2020-07, 2020/7, 2020.7, 2020年7月)."""


def _date_parts(raw: object, *, month_only: bool) -> tuple[int, int, int | None]:
    """Year, month and day (None for a month) of a date as the data file writes it."""
    message = MONTH_DATE_MESSAGE if month_only else DATE_MESSAGE
    if isinstance(raw, dt.datetime):
        raise ValueError(message)
    if isinstance(raw, dt.date):
        return raw.year, raw.month, raw.day
    text = raw.strip() if isinstance(raw, str) else ""
    match = next((m for m in (form.fullmatch(text) for form in _DATE_FORMS) if m), None)
    if not match:
        if has_foreign_digits(text):
            raise ValueError(f"{message}（数字{_DIGITS_MESSAGE}）")
        raise ValueError(message)
    if match[3] is None and not month_only:
        raise ValueError(f"{message}（成文日期要写到日）")
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] is not None else None
    try:
        dt.date(year, month, 1 if day is None else day)  # a day 0 is no day, not the 1st
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期") from None
    return year, month, day


def _parse_date(raw: object) -> dt.date:
    year, month, day = _date_parts(raw, month_only=False)
    assert day is not None  # a date of writing has its day (_date_parts refuses one without)
    return dt.date(year, month, day)


DateValue = Annotated[
    dt.date,
    PlainValidator(_parse_date),
    WithJsonSchema(
        {
            "description": "日期，如 2021-03-03（也可写 2021年3月3日、2021/3/3）",
            "type": "string",
            "pattern": DATE_PATTERN,
            "patternErrorMessage": DATE_MESSAGE,
        }
    ),
]
"""A day written YYYY-MM-DD (never a Unix timestamp, which a lax date would accept)."""


@dataclass(frozen=True, slots=True)
class MonthDate:
    """An activity's date: a day (2020-03-05) or only a month (2020-03)."""

    year: int
    month: int
    day: int | None = None


def date_text(when: dt.date | MonthDate) -> str:
    """A date as a Chinese document writes it, without leading zeros: 2021年3月3日, 2020年3月."""
    return f"{when.year}年{when.month}月" + (f"{when.day}日" if when.day else "")


def _parse_month_date(raw: Any) -> MonthDate:
    if isinstance(raw, MonthDate):  # given in Python (Activity(date=MonthDate(…))): read already
        return raw
    year, month, day = _date_parts(raw, month_only=True)
    return MonthDate(year, month, day)


MonthDateValue = Annotated[
    MonthDate,
    PlainValidator(_parse_month_date),
    WithJsonSchema(
        {
            "description": "日期，如 2020-07-15，或只写到月 2020-07（也可写 2020年7月、2020/7）",
            "type": "string",
            "pattern": MONTH_DATE_PATTERN,
            "patternErrorMessage": MONTH_DATE_MESSAGE,
        }
    ),
]
"""Read from the text ``2020-03-05`` or ``2020-03``; the month and day must exist."""
