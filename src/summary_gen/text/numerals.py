"""Chinese numerals as a secretary types them in a count: 三十, 三百, 两千, 一万二, 十, 千.

The reading itself is cn2an's (``smart`` mode, which also takes mixed forms such as 3千 and
1万2). cn2an compiles large regular expressions when it is imported (about a second), so it is
imported only when a value really has a Chinese numeral: a file of Arabic numerals never pays
for it. Before cn2an is asked, a value must have the shape of one number: a run of digit
characters without a place between them (三四百, 四五十: "three or four hundred") is a range,
not a number, and is refused rather than read as 340 or 450.
"""

from __future__ import annotations

import re

__all__ = [
    "DIGITS_AND_PLACES",
    "NUMERAL_CHARS",
    "NotANumber",
    "chinese_number",
    "has_chinese_numeral",
]

_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_PLACES = "十百千拾佰仟"
_MAGNITUDES = "万亿"

DIGITS_AND_PLACES = _DIGITS + _PLACES
"""The characters that make a text a Chinese numeral (三, 十, 千; not 万 after 2.4)."""

NUMERAL_CHARS = DIGITS_AND_PLACES + _MAGNITUDES + "点"
"""The characters a Chinese numeral is written with (点 for a decimal point)."""

_SHAPE = re.compile(f"[{_DIGITS}{_PLACES}{_MAGNITUDES}0-9.]+(?:点[{_DIGITS}0-9]+)?")
# Two digits side by side, neither of them zero: 三四百, 二〇二五 (二五), 四五.
_NONZERO = _DIGITS.replace("零〇", "")
_RANGE = re.compile(f"[{_NONZERO}]{{2}}")


class NotANumber(ValueError):
    """The text is no Chinese numeral; a range (三四百) is a ValueError with its own message."""


def has_chinese_numeral(text: str) -> bool:
    """Whether ``text`` has a Chinese digit or place (三, 十, 千…), not only 万 or 亿 after
    Arabic digits (2.4万 is read without cn2an)."""
    return any(char in DIGITS_AND_PLACES for char in text) or (
        bool(text) and all(char in _MAGNITUDES for char in text)
    )


def chinese_number(text: str) -> int | float:
    """The number a Chinese numeral (possibly mixed with Arabic digits) writes.

    Raises NotANumber where ``text`` is no numeral, ValueError with a Chinese message for a
    range.
    """
    if not _SHAPE.fullmatch(text):
        raise NotANumber(text)
    integral = text.split("点")[0]
    if _RANGE.search(integral):
        raise ValueError(f"“{text}”像是一个约数范围：请写成一个数，如 约350 或 300余")
    # cn2an wants a digit before a leading place: 千 is 一千, 百余 is 一百余, 万 is 一万.
    if text[0] in "百千万亿拾佰仟":
        text = "一" + text
    import cn2an  # type: ignore[import-untyped]  # slow to import: only for a Chinese numeral

    try:
        number = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        raise NotANumber(text) from None
    return int(number) if float(number).is_integer() else float(number)
