"""The GB/T 9704-2012 page as figures for Word, derived from the body size and the page.

The standard fixes the page (A4, margins 37/35/28/26 mm), the body size (三号 16 pt), 22 lines a
page and 28 characters a line. Everything Word needs beyond that follows from those few inputs:
the line pitch from the text block's height and the line count, the characters a line holds and
their spacing from its width and the body size, the indents and the signature's offsets from the
body size (a "character" is one em of body text). So a layout with another body size moves all of
them together. docs/docx-layout.md says where each figure comes from.

Units: twips (1/20 pt, 1440 an inch) for lengths, half-points for font sizes, as Word stores them.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "CELL_MARGIN",
    "CELL_PADDING",
    "COLUMN_SPACE",
    "HEADER_DISTANCE",
    "STAMPED_BLANK_LINES",
    "ZIHAO",
    "Layout",
]

ZIHAO: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
    "六号": 7.5,
}
"""Chinese type sizes (字号) in points."""

# Figures no rule derives: Word's defaults for what GB/T 9704 leaves open.
HEADER_DISTANCE = 851  # Word's 1.5 cm (it counts 567 twips a centimetre); no header is written
COLUMN_SPACE = 425  # Word's 0.75 cm between columns; the page has one column
CELL_MARGIN = 108  # Word's 0.19 cm left and right in a table cell
CELL_PADDING = 85  # 1.5 mm above and below a cell's text, so table rows do not look cramped
STAMPED_BLANK_LINES = 2  # between the text and a stamped signature: the seal's top stays within
# one line of the text (GB/T 9704 7.3.5.1) and the seal has room over signatory and date

# The em dash of the page number sits about this fraction of its size above the bottom of the
# single-spaced footer line: fitted so the footer distance is the 24.7 mm found by rendering.
_DASH_RISE = 2 / 3


def twips(mm: float) -> int:
    """A length in millimetres as whole twips."""
    return round(mm * 1440 / 25.4)


class Layout(NamedTuple):
    """The inputs of the layout; each property is a figure derived from them.

    The defaults are GB/T 9704's: 三号 body, 二号 title, 四号 page numbers, A4 with margins
    37/35/28/26 mm (top, bottom, left, right), 22 lines a page, the page number's dash 7 mm below
    the text block. The appendix table is set in 小四, which the standard leaves open.
    """

    body_pt: float = ZIHAO["三号"]
    title_pt: float = ZIHAO["二号"]
    page_number_pt: float = ZIHAO["四号"]
    table_pt: float = ZIHAO["小四"]
    page_mm: tuple[float, float] = (210, 297)
    margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26)
    lines: int = 22
    page_number_gap_mm: float = 7

    # --- The page ---------------------------------------------------------------------------

    @property
    def page_width(self) -> int:
        return twips(self.page_mm[0])

    @property
    def page_height(self) -> int:
        return twips(self.page_mm[1])

    @property
    def margin_top(self) -> int:
        return twips(self.margins_mm[0])

    @property
    def margin_bottom(self) -> int:
        return twips(self.margins_mm[1])

    @property
    def margin_left(self) -> int:
        return twips(self.margins_mm[2])

    @property
    def margin_right(self) -> int:
        return twips(self.margins_mm[3])

    @property
    def text_width(self) -> int:
        """The text block's width (版心宽): 156 mm in the standard."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> int:
        """The text block's height (版心高): 225 mm in the standard."""
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def footer_distance(self) -> int:
        """From the page's bottom edge to the footer line: its dash 7 mm below the text block."""
        rise = round(self.page_number_pt * 20 * _DASH_RISE)
        return self.margin_bottom - twips(self.page_number_gap_mm) - rise

    # --- The grid ---------------------------------------------------------------------------

    @property
    def em(self) -> int:
        """One character of body text: the unit of every indent."""
        return round(self.body_pt * 20)

    @property
    def line_pitch(self) -> int:
        """Exact line spacing, the most that still fits ``lines`` lines in the text block."""
        return self.text_height // self.lines

    @property
    def chars_per_line(self) -> int:
        """The characters of body text a line holds, rounded to the nearest whole number."""
        return round(self.text_width / self.em)

    @property
    def char_spacing(self) -> int:
        """Spacing added to each character so that a line holds :attr:`chars_per_line`.

        Negative where the rounding went up (三号: 27.6 characters fit, the standard asks for 28).
        """
        return self.text_width // self.chars_per_line - self.em

    # --- Sizes (half-points) ------------------------------------------------------------------

    @property
    def body_size(self) -> int:
        return round(self.body_pt * 2)

    @property
    def title_size(self) -> int:
        return round(self.title_pt * 2)

    @property
    def page_number_size(self) -> int:
        return round(self.page_number_pt * 2)

    @property
    def table_size(self) -> int:
        return round(self.table_pt * 2)

    @property
    def table_em(self) -> int:
        """One character of table text, for sizing the columns."""
        return round(self.table_pt * 20)

    # --- Indents, in characters of the text they indent -------------------------------------

    @property
    def first_line(self) -> int:
        """A paragraph's first line: indented two characters (首行缩进二字)."""
        return 2 * self.em

    @property
    def tab_stop(self) -> int:
        return 2 * self.em

    @property
    def page_number_indent(self) -> int:
        """One character of the page number's size: odd pages from the right, even from the left."""
        return round(self.page_number_pt * 20)

    @property
    def stamped_date_right(self) -> int:
        """A stamped document's date: four characters from the right (右空四字)."""
        return 4 * self.em

    @property
    def unstamped_right(self) -> int:
        """An unstamped document's signatory (and at least its date): two characters from the
        right (右空二字)."""
        return 2 * self.em

    @property
    def unstamped_date_shift(self) -> int:
        """An unstamped document's date starts two characters right of the signatory's start."""
        return 2 * self.em
