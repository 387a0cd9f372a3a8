"""Chinese typography of text typed by a user: half-width punctuation and quotes in Chinese text.

Data files often carry the slips the model document shows (``城区市中心,辖区内``, straight
quotes around Chinese words, ``坚持 「科教进社区」``). :func:`normalise` turns them into the
punctuation a Chinese document uses, and only where they sit in Chinese text: every rule needs a
Chinese character (an ideograph, or full-width punctuation on the side that matters) next to the
mark, so Latin text, numbers, decimals, times, codes, URLs and e-mail addresses (``3.5%``,
``COVID-19``, ``10:30``, ``A栋``, ``v2.0``, ``1,000``, ``http://x.cn/a,b``) stay as typed, and
text without any non-ASCII character is returned unchanged.

What it changes:

* ``,`` ``:`` ``;`` ``!`` ``?`` → ，：；！？ when the nearest character on the left is a Chinese
  character or closing punctuation (户,13600人 → 户，13600人), or the nearest on the right is a
  Chinese character or opening punctuation (10:30,开始 → 10:30，开始); spaces around the mark go.
* ``.`` ending a Chinese sentence → 。 (after a Chinese character or closing punctuation, and
  followed by the end of the text or by Chinese); ``v2.0``, ``3.5``, ``等...`` stay.
* A pair ``( )`` → （ ） when the text inside has a Chinese character or a Chinese character is
  right outside it ((1)加强 → （1）加强); ``f(x)``, ``f(x)的值`` and ``v2.0(beta)`` stay.
* A pair of straight quotes ``"…"`` / ``'…'`` → “…” / ‘…’ when the text inside has a Chinese
  character or a Chinese character is right outside it; ``"Hello, world"`` and ``it's`` stay.
* Corner quotes 「」『』 → “”‘’ (they come from the Taiwan conversion; mainland text uses “”).
* Full-width digits ０-９ → 0-9, anywhere (GB/T 15835: Arabic numerals are written half-width);
  a Chinese input method in full-width mode types them, and ``households: ３００`` means 300.
* A slogan's pause becomes ，: 节约用水 从我做起 → 节约用水，从我做起, “学雷锋 讲文明 见行动” →
  “学雷锋，讲文明，见行动”. A space is a slogan's pause only where the phrases it separates make
  up the whole text, or the whole of a quotation or bracket, and read as the halves of a slogan:
  each of three to eight Chinese characters, none more than two longer than another, not all of
  them names of places (兴安街道 城里社区), and none a body (社区科普 宣传员队伍) or a person's
  title (社区主任 王国亮).
* Any other space (also U+3000 and no-break spaces) between two Chinese characters or full-width
  marks is removed (城里 社区, 充分发挥 五老 人员作用), except inside an empty pair (“ ”, which
  would read as a blank left unfilled; an empty pair of half-width brackets or quotes stays
  half-width for the same reason). A space between Chinese and a Latin word or a number is a
  style choice and stays.

The rules are applied until nothing changes, so the result is stable: ``normalise`` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["display_width", "excerpt_change", "half_width_digits", "normalise"]

# CJK ideographs: the unified blocks, extension A, compatibility, and the supplementary planes.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff〇"
# Marks that open or close a Chinese phrase: what a half-width mark next to them belongs to.
_OPEN = "“‘（《「『【〔〈〖"
_CLOSE = "”’）》」』】〕〉〗"
# All full-width punctuation (without U+3000, the ideographic space, or full-width letters and
# digits), for the stray-space rule and the pairs' surroundings.
_FULL_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
_CHINESE = f"[{_HAN}{_FULL_PUNCT}]"
_LEFT = f"[{_HAN}{_CLOSE}]"
_RIGHT = f"[{_HAN}{_OPEN}]"
_SPACE = "[ \\t\u00a0\u3000]"

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}

# A mark after Chinese (the left rule also accepts ？！ so that ?! after Chinese becomes ？！).
_MARK_AFTER = f"(?<=[{_HAN}{_CLOSE}？！]){_SPACE}*([,:;!?]){_SPACE}*"
# A mark before Chinese.
_MARK_BEFORE = f"{_SPACE}*([,:;!?]){_SPACE}*(?={_RIGHT})"
# A full stop: after Chinese, before the end of the text, a line break or Chinese.
_FULL_STOP = f"(?<={_LEFT}){_SPACE}*\\.(?={_SPACE}*(?:\\n|\\Z|{_RIGHT})){_SPACE}*"
_STRAY_SPACE = f"(?<={_CHINESE}){_SPACE}+(?={_CHINESE})"
# Phrases of Chinese characters separated by spaces, making up a whole line or quotation: what
# may be a slogan (_slogan decides). Like the rules above, a pattern re compiles (and caches) on
# first use: most texts need no rule, and this one alone took 2 ms of every run to compile.
_SPACED_PHRASES = f"(?m)(?:^|(?<=[{_OPEN}]))[{_HAN}]+(?:{_SPACE}+[{_HAN}]+)+(?=$|[{_CLOSE}])"
_SLOGAN_HALF = (3, 8)
# Phrases that all end with a place (兴安街道 城里社区) are names typed with spaces, and so is
# one that ends with a body (社区科普 宣传员队伍): a slogan ends with what it urges.
_PLACE_ENDS = ("街道", "社区", "小区", "镇", "乡", "村", "县", "市", "区", "省")
_BODY_ENDS = (
    "队", "队伍", "团", "委员会", "学校", "小学", "中学", "大学", "幼儿园", "医院", "卫生院",
    "局", "所", "站", "中心", "公司", "协会", "馆",
)  # fmt: skip
# A person's title: 社区主任 王国亮 is a title and a name.
_TITLE_ENDS = (
    "主任", "书记", "组长", "主席", "委员", "局长", "所长", "站长", "校长", "社长", "会长",
    "队长", "院长", "经理", "同志", "老师",
)  # fmt: skip
_PARENS = re.compile(r"\(([^()\n]*)\)")
_DOUBLE_QUOTES = re.compile(r'"([^"\n]*)"')
# An apostrophe (it's, don't) sits between letters: a quote may not.
_SINGLE_QUOTES = re.compile(r"(?<![A-Za-z0-9])'([^'\n]*)'(?![A-Za-z0-9])")
_HAS_HAN = f"[{_HAN}]"
_TRIGGER = re.compile(f"[,:;!?.()\"'「」『』]|{_SPACE}")
_CORNERS = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH_DIGIT = re.compile("[０-９]")


def normalise(text: str) -> str:
    """``text`` with the half-width punctuation, straight and corner quotes and stray spaces of
    its Chinese parts made right (see the module's docstring); everything else unchanged.

    >>> normalise('兴安街道城里社区位于城区市中心,辖区内居民300余户.')
    '兴安街道城里社区位于城区市中心，辖区内居民300余户。'
    """
    if text.isascii():
        return text
    # First, so that the rules see the digits as they will stay.
    text = half_width_digits(text)
    # Every rule needs a Chinese character and one of the marks it looks at: the common cases
    # (Latin text, Chinese text already right) are answered without running the rules.
    if text.isascii() or not _TRIGGER.search(text):
        return text
    while True:
        changed = _step(text)
        if changed == text:
            return text
        text = changed


def half_width_digits(text: str) -> str:
    """``text`` with its full-width digits (０-９) half-width, the first thing :func:`normalise`
    does: ``"３００余"`` → ``"300余"``."""
    # Looked for first: translating every text (each cell of a workbook) costs more than that.
    return text.translate(_FULL_WIDTH_DIGITS) if _FULL_WIDTH_DIGIT.search(text) else text


def _step(text: str) -> str:
    """One pass of every rule; a pass can make a neighbour Chinese, so :func:`normalise` repeats."""
    text = text.translate(_CORNERS)
    text = _pairs(_PARENS, text, "（", "）")
    text = _pairs(_DOUBLE_QUOTES, text, "“", "”")
    text = _pairs(_SINGLE_QUOTES, text, "‘", "’")
    text = re.sub(_MARK_AFTER, lambda m: _FULL_WIDTH[m[1]], text)
    text = re.sub(_MARK_BEFORE, lambda m: _FULL_WIDTH[m[1]], text)
    text = re.sub(_FULL_STOP, "。", text)
    text = re.sub(_SPACED_PHRASES, _slogan, text)
    return re.sub(_STRAY_SPACE, _drop_space, text)


def _slogan(match: re.Match[str]) -> str:
    """The phrases joined by ， where they read as the halves of a slogan; else as they are
    (their spaces are then stray, and go)."""
    halves = re.split(f"{_SPACE}+", match[0])
    lengths = [len(half) for half in halves]
    low, high = _SLOGAN_HALF
    if not (low <= min(lengths) and max(lengths) <= high and max(lengths) - min(lengths) <= 2):
        return match[0]
    if all(half.endswith(_PLACE_ENDS) for half in halves):
        return match[0]
    if any(half.endswith(_BODY_ENDS + _TITLE_ENDS) for half in halves):
        return match[0]
    return "，".join(halves)


def _drop_space(match: re.Match[str]) -> str:
    """Nothing for a stray space, unless dropping it would leave an empty pair such as “”."""
    text = match.string
    before = text[match.start() - 1]
    after = text[match.end()]
    return match[0] if before in _OPEN and after in _CLOSE else ""


def _pairs(pattern: re.Pattern[str], text: str, opening: str, closing: str) -> str:
    """Each bracket or quote pair in full width where it belongs to Chinese text."""

    def replace(match: re.Match[str]) -> str:
        inside = match[1]
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        # f(x)的值: a pair glued to a Latin word belongs to it, even with Chinese after it.
        glued = before.isascii() and before.isalnum()
        chinese_around = bool(
            re.fullmatch(_CHINESE, before) or (re.fullmatch(_CHINESE, after) and not glued)
        )
        # An empty pair stays as typed: made full-width it would read as a blank left unfilled.
        if inside.strip() and (re.search(_HAS_HAN, inside) or chinese_around):
            return f"{opening}{inside}{closing}"
        return match[0]

    return pattern.sub(replace, text)


def excerpt_change(before: str, after: str, context: int = 6) -> tuple[str, str]:
    """The part of two texts that differs, with ``context`` characters around it, for a message.

    Short texts are returned whole; a long one is cut to the changed stretch, with …… where text
    was left out: ``excerpt_change("很长……中心,辖区……", …)`` → ``("……中心,辖区……", "……中心，辖区……")``.
    """
    limit = 40
    if len(before) <= limit and len(after) <= limit:
        return before, after
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while (
        end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]
    ):
        end_before -= 1
        end_after -= 1
    first = max(0, start - context)
    return (
        _cut(before, first, end_before + context),
        _cut(after, first, end_after + context),
    )


def _cut(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with …… where text was left out."""
    head = "……" if start > 0 else ""
    tail = "……" if end < len(text) else ""
    return head + text[start:end] + tail


def display_width(text: str) -> int:
    """Columns the text takes on a terminal or in a spreadsheet's cell: Chinese characters and
    full-width punctuation take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
