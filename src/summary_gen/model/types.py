"""The scalar types of the data file, each an ``Annotated`` type: the validator that reads it and
the JSON-Schema fragment that tells an editor what it accepts, side by side.

The loader keeps every scalar as the text typed (``households: 300`` is the text "300"), so the
validators read text; the fragments describe the file as an editor reads it, YAML 1.2, where
``300`` is a number and ``2021-03-03`` a string (which is why dates are string patterns). Each
validator's messages are Chinese: the loader shows them as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, PlainValidator, StringConstraints, WithJsonSchema
from typing_extensions import TypeAliasType

from ..text.quantity import PREFIXES, SUFFIXES, Quantity, has_foreign_digits

__all__ = [
    "DATE_MESSAGE",
    "DATE_PATTERN",
    "MEASURE_PATTERN",
    "MONTH_DATE_MESSAGE",
    "MONTH_DATE_PATTERN",
    "QUANTITY_PATTERN",
    "YEAR_PATTERN",
    "YEAR_RANGE",
    "ActivityKind",
    "Count",
    "DateValue",
    "Measure",
    "MonthDate",
    "MonthDateValue",
    "Text",
    "Unit",
    "YearValue",
    "date_text",
]

# patternErrorMessage is the message VS Code and yaml-language-server show where a pattern
# fails; validators ignore it.

# --- text ------------------------------------------------------------------------------------


def _has_words(text: str) -> str:
    # Only punctuation ("“”", "——", "()") would print as an empty quote or a gap.
    if text and not any(char.isalnum() for char in text):
        raise ValueError("只有标点符号，没有文字")
    return text


_NON_EMPTY = StringConstraints(strip_whitespace=True, min_length=1)

# `name: 110` is the text "110" for the loader and a number for an editor: both are valid
# (minLength and pattern concern strings only). The model strips first, so only blanks are empty.
_TEXT_JSON = WithJsonSchema(
    {"type": ["string", "number", "boolean"], "minLength": 1, "pattern": r"\S"}
)

Text = Annotated[str, _NON_EMPTY, AfterValidator(_has_words), _TEXT_JSON]
"""A non-empty line of text from the data file, with at least one letter, digit or character."""

Unit = Annotated[str, _NON_EMPTY, _TEXT_JSON]
"""A unit of measure: 户, 册, 平方公里, and also symbols such as % or ‰."""

ActivityKind = Literal["讲座", "培训", "宣传", "咨询", "文艺演出", "竞赛", "参观", "其他"]

# --- quantities ------------------------------------------------------------------------------

# Quantity.parse strips the text, then drops every comma (3,000 or 3，000) before it matches:
# so a comma may stand anywhere inside, and spaces only around the whole.
_COMMAS = "[,，]*"
# Quantity.parse takes ASCII and full-width digits (the latter made half-width), no other
# script's: [0-9], as Python's \d would take ٣ and an editor's ECMAScript \d would not take ３.
_DIGITS = rf"[0-9０-９](?:{_COMMAS}[0-9０-９])*"


def _choice(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(_COMMAS.join(map(re.escape, word)) for word in words) + ")"


def _quantity_pattern(*, decimal: bool) -> str:
    c = _COMMAS
    prefix, suffix = f"(?:{_choice(PREFIXES)}{c})?", f"(?:{c}{_choice(SUFFIXES)})?"
    fraction = rf"(?:{c}\.{c}{_DIGITS})?"
    alternatives = [
        f"{prefix}{_DIGITS}{suffix}",  # 300, 300余, 约500, 20以上
        f"{prefix}{_DIGITS}{fraction}{c}[万亿]{suffix}",  # 2.4万, 1.5万余
    ]
    if decimal:
        alternatives.append(rf"{_DIGITS}{c}\.{c}{_DIGITS}")  # a measure: 38.5
    return rf"^\s*{c}(?:{'|'.join(alternatives)}){c}\s*$"


QUANTITY_PATTERN = _quantity_pattern(decimal=False)
"""What :meth:`Quantity.parse` accepts as text for a count."""

MEASURE_PATTERN = _quantity_pattern(decimal=True)
"""What :meth:`Quantity.parse` accepts as text for a measure (``decimal=True``)."""


def _parse_count(raw: object) -> Quantity:
    quantity = Quantity.parse(raw)
    # A template prints every count it is given ("配备0名委员", "志愿队（0人）"): a count of
    # nothing is no fact to report, so it is left out of the file rather than printed.
    if quantity.value == 0:
        raise ValueError("数量为 0：没有的话删去这一行")
    return quantity


def _parse_measure(raw: object) -> Quantity:
    return Quantity.parse(raw, decimal=True)


# One schema with two types rather than anyOf (minimum applies to numbers, pattern to strings):
# editors then report the pattern's own message for "三百" instead of "expected integer".
# Named type aliases: the schema defines each once, as $defs/Count and $defs/Measure.
Count = TypeAliasType(
    "Count",
    Annotated[
        Quantity,
        PlainValidator(_parse_count),
        WithJsonSchema(
            {
                "description": "数量：整数，或带一个限定词的数字，如 300、300余、8600多、20以上、约500、2.4万",
                "type": ["integer", "string"],
                "minimum": 1,  # a count of 0 is refused: the sentence goes with the key
                "pattern": QUANTITY_PATTERN,
                "patternErrorMessage": "应写阿拉伯数字，可带一个限定词：300、300余、8600多、20以上、约500、2.4万",
            }
        ),
    ],
)
"""A count: 300, "300余", "20以上", "约500", "2.4万"; never 0."""

Measure = TypeAliasType(
    "Measure",
    Annotated[
        Quantity,
        PlainValidator(_parse_measure),
        WithJsonSchema(
            {
                "description": "数值：数量或小数，如 38.5、300余、2.4万",
                "type": ["number", "string"],
                "minimum": 0,
                "pattern": MEASURE_PATTERN,
                "patternErrorMessage": "应写阿拉伯数字或小数，可带一个限定词：38.5、300余、2.4万",
            }
        ),
    ],
)
"""A quantity or a plain decimal (38.5), for rates, areas and money; 0 is a value (0 %)."""

# --- years and dates -------------------------------------------------------------------------

YEAR_RANGE = (1949, 2100)
"""The years a summary may be about; anything else is a typo (202, 20200)."""

YEAR_PATTERN = r"^\s*0{0,2}(?:1949|19[5-9][0-9]|20[0-9]{2}|2100)\s*$"
"""A year in :data:`YEAR_RANGE` written as a string ("2020")."""

_DIGITS_MESSAGE = "应写半角阿拉伯数字 0～9"


def _parse_year(raw: object) -> int:
    # Only digits: a lax int would accept "2020.0" or " 2_020 ".
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
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
            "type": ["integer", "string"],
            "minimum": YEAR_RANGE[0],
            "maximum": YEAR_RANGE[1],
            "pattern": YEAR_PATTERN,
            "patternErrorMessage": f"应为 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的年份，例如 2020",
        }
    ),
]
"""A year in YEAR_RANGE, written as digits."""

# YAML 1.1 dates allow one-digit months and days (2021-3-3); so do we. [0-9], not \d, which
# takes every script's digits.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?")
DATE_MESSAGE = "日期应写成 YYYY-MM-DD，例如 2021-03-03"
MONTH_DATE_MESSAGE = "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03"

_MONTH = "(?:0?[1-9]|1[0-2])"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = rf"^\s*[0-9]{{4}}-{_MONTH}-{_DAY}\s*$"
"""A day: 2021-03-03 (one-digit months and days too, as YAML 1.1 allows)."""

MONTH_DATE_PATTERN = rf"^\s*[0-9]{{4}}-{_MONTH}(?:-{_DAY})?\s*$"
"""An activity's date: a day or only a month (2020-07)."""


def _date_parts(raw: object, *, month_only: bool) -> tuple[int, int, int | None]:
    """Year, month and day (None for a month) of a date as the data file writes it."""
    message = MONTH_DATE_MESSAGE if month_only else DATE_MESSAGE
    if isinstance(raw, dt.datetime):
        raise ValueError(message)
    if isinstance(raw, dt.date):
        return raw.year, raw.month, raw.day
    text = raw.strip() if isinstance(raw, str) else ""
    match = _DATE_RE.fullmatch(text)
    if not match or (match[3] is None and not month_only):
        if has_foreign_digits(text):
            raise ValueError(f"{message}（数字{_DIGITS_MESSAGE}）")
        raise ValueError(message)
    year, month = int(match[1]), int(match[2])
    day = int(match[3]) if match[3] is not None else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期") from None
    return year, month, day


def _parse_date(raw: object) -> dt.date:
    year, month, day = _date_parts(raw, month_only=False)
    return dt.date(year, month, day or 1)


DateValue = Annotated[
    dt.date,
    PlainValidator(_parse_date),
    WithJsonSchema(
        {"type": "string", "pattern": DATE_PATTERN, "patternErrorMessage": DATE_MESSAGE}
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
        {"type": "string", "pattern": MONTH_DATE_PATTERN, "patternErrorMessage": MONTH_DATE_MESSAGE}
    ),
]
"""Read from the text ``2020-03-05`` or ``2020-03``; the month and day must exist."""
