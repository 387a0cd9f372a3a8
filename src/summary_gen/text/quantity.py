"""Quantities as Chinese summaries write them: 300余, 20以上, 约500, 2.4万, 1.5万余.

A quantity keeps what the secretary wrote (the document prints it as written) and knows its value
(for the cross-field checks). The qualifier goes where Chinese puts it once a unit is added:
余/多 before the unit (300余册), 以上 after it (20场次以上), 约/近/达 before the number (约500人).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .typography import half_width_digits

__all__ = ["PREFIXES", "SUFFIXES", "Quantity", "QuantityError", "has_foreign_digits"]

PREFIXES = ("约", "近", "达")
SUFFIXES = ("余", "多", "以上")

_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}

_PATTERN = re.compile(
    f"^(?P<prefix>{'|'.join(PREFIXES)})?"
    # [0-9], not \d: Python's \d takes every script's digits (٣٠٠, ३००), which int() reads but
    # a document must not print; full-width ones are made half-width before matching.
    r"(?P<digits>[0-9]+(?:\.[0-9]+)?)"
    r"(?P<magnitude>[万亿])?"
    f"(?P<suffix>{'|'.join(SUFFIXES)})?$"
)


class QuantityError(ValueError):
    """The text is not a quantity; the message is Chinese and says what is expected."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count or measure with an optional Chinese qualifier.

    ``number`` is the number as written, magnitude included (``300``, ``2.4万``); ``value`` its
    numeric value (``300``, ``24000``).
    """

    number: str
    value: int | float
    prefix: str = ""
    suffix: str = ""

    @property
    def is_lower_bound(self) -> bool:
        """300余, 8600多, 20以上 say "at least": a larger true number is no contradiction."""
        return self.suffix in SUFFIXES

    @classmethod
    def parse(cls, raw: object, *, decimal: bool = False) -> Quantity:
        """Read a quantity from YAML text or a number.

        ``decimal=True`` reads a *measure*, where a plain decimal (38.5) is allowed too.
        """
        if isinstance(raw, Quantity):
            return raw
        if isinstance(raw, bool):
            raise QuantityError("应为数量，例如 300、300余、20以上、约500")
        if isinstance(raw, int):
            if raw < 0:
                raise QuantityError("数量不能为负数")
            return cls(str(raw), raw)
        if isinstance(raw, float):
            raw = _plain_decimal_text(raw)
        if not isinstance(raw, str):
            raise QuantityError("应为数量，例如 300、300余、20以上、约500")
        # Full-width digits are what a Chinese input method types (GB/T 15835 wants them
        # half-width): the loader's typography has made them so already, and so does this.
        text = half_width_digits(raw.strip()).replace(",", "").replace("，", "")
        match = _PATTERN.match(text)
        if not match:
            if text.startswith("-"):
                raise QuantityError("数量不能为负数")
            if has_foreign_digits(text):
                raise QuantityError(f"“{raw}”：数字应写成半角阿拉伯数字 0～9，例如 300、300余")
            raise QuantityError(
                f"“{raw}”不是有效的数量：应写阿拉伯数字，可带一个限定词，"
                "例如 300、300余、8600多、20以上、约500、2.4万"
            )
        digits, magnitude = match["digits"], match["magnitude"] or ""
        if "." in digits and not magnitude and not decimal:
            raise QuantityError(f"“{raw}”：数量应为整数（小数只能用在“万”“亿”之前，如 2.4万）")
        if "." in digits and not magnitude and (match["prefix"] or match["suffix"]):
            raise QuantityError(f"“{raw}”：带限定词的数量应为整数")
        try:
            number = Decimal(digits) * _MAGNITUDES.get(magnitude, 1)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
            raise QuantityError(f"“{raw}”不是有效的数量") from exc
        value: int | float = int(number) if number == number.to_integral_value() else float(number)
        return cls(digits + magnitude, value, match["prefix"] or "", match["suffix"] or "")

    def with_unit(self, unit: str = "") -> str:
        """The quantity as printed with its unit: 300余册, 20场次以上, 约500人, 2.4万亩."""
        if self.suffix == "以上":
            return f"{self.prefix}{self.number}{unit}以上"
        return f"{self.prefix}{self.number}{self.suffix}{unit}"

    def __str__(self) -> str:
        return self.with_unit()


def has_foreign_digits(text: str) -> bool:
    """Whether ``text`` has a digit other than the ASCII 0-9 (full-width ３, Arabic-Indic ٣…)."""
    return any(char.isdigit() and not char.isascii() for char in text)


def _plain_decimal_text(value: float) -> str:
    text = repr(value)
    if "e" in text or "inf" in text or "nan" in text:
        raise QuantityError("应为普通数字，例如 38.5")
    return text
