"""Quantities as Chinese summaries write them: 300余, 20以上, 约500, 2.4万, 1.5万余.

A quantity keeps what the secretary wrote (the document prints it as written) and knows its value
(for the cross-field checks). The qualifier goes where Chinese puts it once a unit is added:
余/多 before the unit (300余册), 以上 after it (20场次以上), 约/近/达 before the number (约500人).

:meth:`Quantity.parse` also reads what a secretary types beside the canonical form, and says in
``notes`` what it made of it: the unit the field expects (``1200户`` for households), Chinese
numerals (``三百余`` is 300余; the document prints Arabic numerals, GB/T 15835), and thousands
separators in groups of three (``1,200``). Whatever is not certain is refused, never guessed: a
unit the field does not use, a separator out of place (``1，2000``), a range (``三四百``), a
number too large for any community (a count of 5,000 digits would break the template).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .numerals import NUMERAL_CHARS, NotANumber, chinese_number, has_chinese_numeral
from .typography import half_width_digits

__all__ = [
    "KNOWN_UNITS",
    "MAX_DIGITS",
    "MEASURE_UNITS",
    "PREFIXES",
    "SUFFIXES",
    "Quantity",
    "QuantityError",
    "has_foreign_digits",
    "shown",
    "split_unit",
]

PREFIXES = ("约", "近", "达")
SUFFIXES = ("余", "多", "以上")

MAX_DIGITS = 12
"""Digits before the decimal point: a count or an amount of yuan below 1万亿 (10¹²). More is a
slip of the keyboard, and a number of thousands of digits cannot even be printed."""

MAX_DECIMALS = 4
"""Digits after the decimal point (38.5, 1.25, 0.125 亩): more is no figure a summary gives."""

MEASURE_UNITS = (
    *("公里", "千米", "米", "厘米", "平方米", "平方公里", "平方千米", "公顷", "亩", "立方米"),
    *("吨", "千克", "公斤", "斤", "克", "升", "元", "万元", "%", "‰", "小时"),
)
"""Units of length, area, volume, weight, money, rates and time: what they count may be a
decimal (5.5 公里, 2.4 万元). Counts of people, events, copies and things stay whole."""

KNOWN_UNITS = (
    *MEASURE_UNITS,
    *("户", "人", "人次", "名", "个", "场", "场次", "次", "份", "册", "本", "套", "台", "块"),
    *("处", "座", "间", "张", "条", "幅", "项", "支", "辆", "棵", "株", "盏", "期", "所", "家"),
)
"""Units a value may carry where its field has a unit of its own (facilities.items[].count):
those with a numeral character in them (千克, 万元) must be known to be told from the number."""

_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}

_SHAPE = re.compile(f"(?P<prefix>{'|'.join(PREFIXES)})?(?P<body>.+?)(?P<suffix>余|多)?")
# [0-9], not \d: Python's \d takes every script's digits (٣٠٠, ३००), which int() reads but a
# document must not print; full-width ones are made half-width before matching.
_ARABIC = re.compile(r"(?P<digits>[0-9][0-9,，]*(?:\.[0-9]+)?)(?P<magnitude>[万亿])?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?")
# What may end a value once its known unit is gone: a digit, a numeral, 余/多 or 以上.
_FOREIGN_UNIT = re.compile(f"(?<=[0-9{NUMERAL_CHARS}余多])[^0-9.,，\\s{NUMERAL_CHARS}余多]+$")

_EXAMPLES = "例如 300、300余、8600多、20以上、约500、2.4万"


class QuantityError(ValueError):
    """The text is not a quantity; the message is Chinese and says what is expected."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count or measure with an optional Chinese qualifier.

    ``number`` is the number as written, magnitude included (``300``, ``2.4万``); ``value`` its
    numeric value (``300``, ``24000``). ``notes`` say what reading the typed text took (its
    unit dropped, Chinese numerals read); they are no part of the quantity's identity.
    """

    number: str
    value: int | float
    prefix: str = ""
    suffix: str = ""
    notes: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @property
    def is_exact(self) -> bool:
        """1200, not 1200余 or 约1200: a figure that can be summed and compared as a number."""
        return not self.prefix and not self.suffix

    @property
    def is_lower_bound(self) -> bool:
        """300余, 8600多, 20以上 say "at least": a larger true number is no contradiction."""
        return self.suffix in SUFFIXES

    @classmethod
    def parse(cls, raw: object, *, decimal: bool = False, units: Sequence[str] = ()) -> Quantity:
        """Read a quantity from YAML text or a number.

        ``decimal=True`` reads a *measure*, where a plain decimal (38.5) is allowed too.
        ``units`` are the units the field counts in (户, 场次…): typed after the number, they are
        dropped; any other unit is an error naming them.
        """
        if isinstance(raw, Quantity):
            return raw
        if isinstance(raw, bool):
            raise QuantityError(f"应为数量，{_EXAMPLES}")
        if isinstance(raw, int):
            if raw < 0:
                raise QuantityError("数量不能为负数")
            if raw >= 10**MAX_DIGITS:
                raise QuantityError(_too_large(str(raw)))
            return cls(str(raw), raw)
        if isinstance(raw, float):
            raw = _plain_decimal_text(raw)
        if not isinstance(raw, str):
            raise QuantityError(f"应为数量，{_EXAMPLES}")
        # Full-width digits are what a Chinese input method types (GB/T 15835 wants them
        # half-width): the loader's typography has made them so already, and so does this.
        return _read(half_width_digits(raw.strip()), raw, decimal=decimal, units=units)

    def noted(self, note: str) -> Quantity:
        """The same quantity with one more note on how it was read."""
        return dataclasses.replace(self, notes=(*self.notes, note))

    def with_unit(self, unit: str = "") -> str:
        """The quantity as printed with its unit: 300余册, 20场次以上, 约500人, 2.4万亩."""
        if self.suffix == "以上":
            return f"{self.prefix}{self.number}{unit}以上"
        return f"{self.prefix}{self.number}{self.suffix}{unit}"

    def __str__(self) -> str:
        return self.with_unit()


def _read(text: str, raw: str, *, decimal: bool, units: Sequence[str]) -> Quantity:
    notes: list[str] = []
    if text.startswith(("-", "负", "－")):
        raise QuantityError("数量不能为负数")
    text, after = _without_suffix(text, "以上")
    text, unit = _without_unit(text, units)
    if unit:
        text = text.rstrip()  # 300 户
        notes.append(f"单位“{unit}”不必写")
        if not after:
            text, after = _without_suffix(text, "以上")
    foreign = _FOREIGN_UNIT.search(text)
    if foreign:
        raise QuantityError(_unit_message(raw, foreign.group(), units))
    match = _SHAPE.fullmatch(text)
    if not match:
        raise QuantityError(_invalid(raw))
    prefix, body, suffix = match["prefix"] or "", match["body"], match["suffix"] or ""
    if after and suffix:
        raise QuantityError(f"“{shown(raw)}”：只能带一个限定词")
    suffix = suffix or after
    arabic = _ARABIC.fullmatch(body)
    if arabic:
        digits, magnitude = arabic["digits"], arabic["magnitude"] or ""
        if "," in digits or "，" in digits:
            if not _GROUPED.fullmatch(digits):
                raise QuantityError(
                    f"“{shown(raw)}”：千位分隔符的位置不对（应每三位一个，如 12,000），"
                    "无法确定是哪个数；请不写分隔符，直接写数字，如 12000"
                )
            digits = digits.replace(",", "").replace("，", "")
            notes.append("千位分隔符不必写")
        number, value = digits + magnitude, _value(digits, magnitude, raw)
        is_decimal = "." in digits and not magnitude
    elif has_chinese_numeral(body) and all(c in NUMERAL_CHARS or c in "0123456789." for c in body):
        try:
            value = chinese_number(body)
        except NotANumber:
            raise QuantityError(_invalid(raw)) from None
        except ValueError as exc:  # a range, 三四百
            raise QuantityError(str(exc)) from None
        _check_size(str(int(value)), "", raw)
        number, is_decimal = repr(value), isinstance(value, float)
        notes.append("统计数字用阿拉伯数字")
    else:
        raise QuantityError(_invalid(raw))
    if is_decimal and not decimal:
        raise QuantityError(f"“{shown(raw)}”：数量应为整数（小数只能用在“万”“亿”之前，如 2.4万）")
    if is_decimal and (prefix or suffix):
        raise QuantityError(f"“{shown(raw)}”：带限定词的数量应为整数")
    return Quantity(number, value, prefix, suffix, tuple(notes))


def _without_suffix(text: str, suffix: str) -> tuple[str, str]:
    if text.endswith(suffix) and len(text) > len(suffix):
        return text[: -len(suffix)], suffix
    return text, ""


def _without_unit(text: str, units: Sequence[str]) -> tuple[str, str]:
    for unit in sorted(units, key=len, reverse=True):  # 人次 before 人
        rest, found = _without_suffix(text, unit)
        if found:
            return rest, found
    return text, ""


def split_unit(text: str) -> tuple[str, str]:
    """``text`` as a number and the unit typed after it (``300册`` → ``300``, ``册``;
    ``5千克`` → ``5``, ``千克``), or ``text`` and "" where no unit follows the number."""
    text = text.strip()
    rest, after = _without_suffix(text, "以上")
    rest, unit = _without_unit(rest, KNOWN_UNITS)
    if not unit:
        foreign = _FOREIGN_UNIT.search(rest)
        if foreign is None:
            return text, ""
        rest, unit = rest[: foreign.start()], foreign.group()
    return (rest + after).strip(), unit


def _value(digits: str, magnitude: str, raw: str) -> int | float:
    _check_size(digits.split(".")[0], digits.partition(".")[2], raw)
    number = Decimal(digits) * _MAGNITUDES.get(magnitude, 1)
    if number >= 10**MAX_DIGITS:
        raise QuantityError(_too_large(raw))
    return int(number) if number == number.to_integral_value() else float(number)


def _check_size(integral: str, fraction: str, raw: str) -> None:
    if len(integral.lstrip("0")) > MAX_DIGITS:
        raise QuantityError(_too_large(raw))
    if len(fraction) > MAX_DECIMALS:
        raise QuantityError(f"“{shown(raw)}”：小数位数太多，最多写 {MAX_DECIMALS} 位")


def _too_large(raw: str) -> str:
    return f"“{shown(raw)}”：数字太大（超过 {MAX_DIGITS} 位，即 1万亿 以上），请核对"


def _unit_message(raw: str, unit: str, units: Sequence[str]) -> str:
    if units:
        expected = "或".join(f"“{u}”" for u in units)
        return f"“{shown(raw)}”：这里的单位应为{expected}，不是“{unit}”；也可以只写数字"
    return f"“{shown(raw)}”：这里只写数字，不写单位“{unit}”"


def _invalid(raw: str) -> str:
    if has_foreign_digits(raw):
        return f"“{shown(raw)}”：数字应写成半角阿拉伯数字 0～9，例如 300、300余"
    return f"“{shown(raw)}”不是有效的数量：应写阿拉伯数字，可带一个限定词，{_EXAMPLES}"


def shown(raw: str, limit: int = 20) -> str:
    """A value as a message quotes it: at most ``limit`` characters, then an ellipsis."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def has_foreign_digits(text: str) -> bool:
    """Whether ``text`` has a digit other than the ASCII 0-9 (full-width ３, Arabic-Indic ٣…)."""
    return any(char.isdigit() and not char.isascii() for char in text)


def _plain_decimal_text(value: float) -> str:
    text = repr(value)
    if "e" in text or "inf" in text or "nan" in text:
        raise QuantityError("应为普通数字，例如 38.5")
    return text
