"""Chinese text helpers: quantities with units, dates, joins, enumerations, quotes, numerals.

Every public function here is pure and is also a Jinja filter (:data:`FILTERS`). Templates build
sentences from data, so the helpers see two kinds of text: plain data, and text a template has
already rendered, where data is wrapped in markers; the helpers that look at the ends of a text
(:func:`enum_zh`, :func:`quote`, :func:`clause`, :func:`sentence`, :func:`join_zh`) do so through
:mod:`summary_gen.templating.protocol`, which keeps the markers in place.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import TemplateError
from ..model import MonthDate, date_text
from ..templating.protocol import drop_last, plain, strip_end
from .quantity import Quantity

__all__ = [
    "FILTERS",
    "clause",
    "cn_count",
    "date_zh",
    "enum_zh",
    "event_name",
    "event_names",
    "join_zh",
    "num_cn",
    "qty",
    "quote",
    "reach",
    "sentence",
    "split_title",
]

_DIGITS = "零一二三四五六七八九"
# What may end a clause inside a longer sentence and must go before the next separator: the
# template adds its own (经费不足！ + ； would read 经费不足！；). Ellipses (…… ⋯ ...) go too.
_CLAUSE_END = "。；，、：．.;,:！？!?…⋯"
# What a sentence does not end with: replaced by its 。.
_SOFT_END = "；，、：;,:"
_FULL_STOPS = "。！？!?…⋯"
_OPEN_QUOTES = "“《"
_CLOSE_QUOTES = "”》"


def qty(q: Quantity | int, unit: str = "") -> str:
    """A quantity with its unit where Chinese puts it: 300余册, 20场次以上, 约500人, 2.4万亩."""
    return _quantity(q, "qty").with_unit(unit)


def reach(q: Quantity | int, unit: str = "") -> str:
    """A total as the genre states it: 达20场次以上, but 约500人 (a qualifier in front already
    says how sure the figure is, and 达约500人 is not Chinese)."""
    quantity = _quantity(q, "reach")
    text = quantity.with_unit(unit)
    return text if quantity.prefix else f"达{text}"


def cn_count(q: Quantity | int, unit: str = "") -> str:
    """A small exact count in Chinese numerals: 1 → 一, 2 → 两 (两名), 10 → 十.

    Anything else (11, 300余, 约5) is written as :func:`qty` writes it. ``unit`` is added where
    Chinese puts it (``cn_count(2, "名")`` → 两名; ``cn_count("20以上", "名")`` → 20名以上).
    """
    quantity = _quantity(q, "cn_count")
    exact = not quantity.prefix and not quantity.suffix and quantity.number.isdigit()
    if exact and 1 <= int(quantity.number) <= 10:
        value = int(quantity.number)
        return ("两" if value == 2 else num_cn(value)) + unit
    return quantity.with_unit(unit)


def num_cn(n: int) -> str:
    """1..99 as Chinese numerals, for section numbers and ordinals: 1 → 一, 12 → 十二, 40 → 四十."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 99:
        raise TemplateError(f"num_cn 只接受 1 到 99 的整数：{n!r}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def date_zh(d: dt.date | MonthDate) -> str:
    """A date as GB/T 9704 writes it, without leading zeros: 2021年3月3日, or 2020年3月."""
    if isinstance(d, MonthDate | dt.date):
        return date_text(d)
    raise TemplateError(f"date_zh 需要一个日期：{d!r}")


def join_zh(items: Iterable[Any], last: str = "和") -> str:
    """Join coordinate items the Chinese way: a、b和c; ``join_zh(items, "、")`` → a、b、c.

    One item is returned as it is; none gives ``""``. Between two quoted items (“a”“b”, 《a》《b》)
    the 、 is left out, as GB/T 15834 recommends; the last separator is kept (“a”“b”和“c”).
    """
    texts = [_text(item, "join_zh") for item in items]
    if not texts:
        return ""
    result = texts[0]
    for index, text in enumerate(texts[1:], start=1):
        separator = last if index == len(texts) - 1 else "、"
        if separator == "、" and _is_quoted(texts[index - 1]) and _is_quoted(text):
            separator = ""
        result += separator + text
    return result


def enum_zh(clauses: Iterable[Any]) -> str:
    """An enumeration as summaries write it: 一是……；二是……；三是……

    Each clause loses the punctuation it ends with (。；，); the caller ends the sentence. A single
    clause is returned without 一是; none gives ``""``.
    """
    texts = [clause(_text(c, "enum_zh")) for c in clauses]
    texts = [t for t in texts if plain(t)]
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return "；".join(f"{num_cn(i)}是{t}" for i, t in enumerate(texts, start=1))


def quote(s: Any) -> str:
    """Text in Chinese double quotes: “s”. Text already quoted stays as it is; quotes inside
    become single quotes, as nesting requires (学习“两会”精神 → “学习‘两会’精神”)."""
    text = _text(s, "quote")
    visible = plain(text)
    if visible.startswith("“") and visible.endswith("”") and visible.count("“") == 1:
        return text
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def clause(s: Any) -> str:
    """Text without the punctuation it ends with, to be embedded in a longer sentence: stops,
    commas, ！？ and ellipses go (经费不足！ → 经费不足), so the template's own mark follows."""
    return strip_end(_text(s, "clause"), _CLAUSE_END)


def sentence(s: Any) -> str:
    """Text that ends as a sentence: a secretary's own line gets its 。 if it lacks one. A line
    that ends with ！？ or an ellipsis (…… ...) keeps it and gets no 。 after it."""
    text = strip_end(_text(s, "sentence"), _SOFT_END)
    visible = plain(text)
    if not visible:
        return text
    end = visible[-1]
    if end in _CLOSE_QUOTES and len(visible) > 1:
        end = visible[-2]  # 他说：“好。” ends with the stop inside the quotes
    if end in _FULL_STOPS or visible.endswith("..."):
        return text
    return clause(text) + "。"  # a half-width . or ． becomes 。


# Words an activity's name may end with that already say what kind of event it is; such a
# name reads best unquoted (举办了健康知识讲座), any other in quotes with its kind after it
# (开展了“婚育新风进万家”宣传活动).
_EVENT_NOUNS = (
    "讲座",
    "培训",
    "培训班",
    "活动",
    "宣传",
    "宣传周",
    "宣传日",
    "比赛",
    "竞赛",
    "演出",
    "汇演",
    "展演",
    "晚会",
    "会",
    "展览",
    "展",
    "课堂",
    "大讲堂",
)
_KIND_PHRASES = {
    "讲座": "专题讲座",
    "培训": "培训",
    "宣传": "宣传活动",
    "咨询": "咨询活动",
    "文艺演出": "文艺演出",
    "竞赛": "竞赛活动",
    "参观": "参观活动",
    "其他": "活动",
}


def event_name(title: Any, kind: str | None = None) -> str:
    """An activity's name as prose names it.

    健康知识讲座 stays as it is; a slogan gets quotes and a word for its kind:
    (“崇尚科学，破除迷信”, 讲座) → “崇尚科学，破除迷信”专题讲座. A name that has a comma or 、
    inside is always quoted, so it cannot be misread as a list.
    """
    text = _text(title, "event_name")
    visible = plain(text)
    is_slogan = any(mark in visible for mark in "，、,")
    if visible.endswith(_EVENT_NOUNS):
        return quote(text) if is_slogan else text
    return quote(text) + _KIND_PHRASES.get(kind or "其他", "活动")


def event_names(activities: Iterable[Any], quoted: bool = False) -> list[str]:
    """The names of a series of activities (each with ``title`` and ``kind``), as
    :func:`event_name` writes them but quoted alike: where one name needs quotes, every title
    gets them, so that one series does not mix bare and quoted titles (迎新春联欢会 next to
    “同度中秋、迎国庆”文艺演出 becomes “迎新春联欢会”; 义务植树活动 becomes “义务植树”活动);
    a name that ends in its own kind (健康知识讲座) is a description, not a title, and stays bare.
    ``quoted=True`` quotes every name.
    """
    pairs = [
        (_text(getattr(a, "title", None), "event_names"), getattr(a, "kind", None))
        for a in activities
    ]
    names = [event_name(title, kind) for title, kind in pairs]
    # A name event_name left as it is was not quoted; any other was.
    bare = [name == title for name, (title, _) in zip(names, pairs, strict=True)]
    if quoted:
        return [
            _quote_event(t) if b else n for n, b, (t, _) in zip(names, bare, pairs, strict=True)
        ]
    if all(bare):
        return names
    # A plain descriptive name that ends in its kind (健康知识讲座, 青少年法制培训) stays bare
    # beside a quoted one: only titles are quoted.
    return [
        _quote_event(title) if is_bare and not (kind and plain(title).endswith(kind)) else name
        for name, is_bare, (title, kind) in zip(names, bare, pairs, strict=True)
    ]


def _quote_event(title: str) -> str:
    # The generic word stays outside the quotes: “义务植树”活动, as event_name writes a slogan.
    visible = plain(title)
    if visible.endswith("活动") and len(visible) > 2 and not _is_quoted(title):
        return quote(drop_last(title, 2)) + "活动"
    return quote(title)


_BREAK_AFTER = ("社区", "街道", "，", "、", "：", "乡", "镇")
_BREAK_BEFORE = ("创建", "工作总结", "关于")
_TITLE_WIDTH = 20


def split_title(title: str, width: float = _TITLE_WIDTH) -> tuple[str, ...]:
    """The title as printed: one line, or two balanced lines broken at a natural place.

    ``width`` counts full-width characters (a line of the 二号 title holds about 20; digits and
    Latin letters count half). A longer title breaks after 社区, 街道, a year (2020年), a comma,
    or before 创建 / 工作总结, whichever leaves the two lines closest in length; never inside
    quotes or a number. Where no natural break gives two lines that fit, the most balanced
    break that splits neither a quotation nor a number.
    """
    title = title.strip()
    # The width of every prefix, so that each place is weighed without measuring its two lines
    # again: a title of any length (a template may write a long one) is split in linear time.
    widths = [0.0, *itertools.accumulate(_char_width(ch) for ch in title)]
    total = widths[-1]
    if total <= width:
        return (title,)
    safe = list(_safe_breaks(title))
    natural = [i for i in safe if _is_natural_break(title, i)]

    def imbalance(i: int) -> float:
        return abs(2 * widths[i] - total)  # the left line's width minus the right one's

    fitting = [i for i in natural if max(widths[i], total - widths[i]) <= width]
    # Only where no natural break gives two lines that fit, the most balanced safe one.
    best = min(fitting or safe, key=imbalance, default=None)
    if best is None:
        return (title,)
    return (title[:best], title[best:])


FILTERS: dict[str, Callable[..., Any]] = {
    "qty": qty,
    "reach": reach,
    "cn_count": cn_count,
    "num_cn": num_cn,
    "date_zh": date_zh,
    "join_zh": join_zh,
    "enum_zh": enum_zh,
    "quote": quote,
    "clause": clause,
    "sentence": sentence,
    "event_name": event_name,
    "event_names": event_names,
}
"""The helpers by the names templates use them."""


def _quantity(q: object, name: str) -> Quantity:
    if isinstance(q, Quantity):
        return q
    if isinstance(q, int) and not isinstance(q, bool):
        return Quantity.parse(q)
    raise TemplateError(f"{name} 需要一个数量，得到的是 {q!r}：应先判断该字段是否存在")


def _text(value: object, name: str) -> str:
    if value is None or isinstance(value, list | tuple | dict | set | Quantity):
        raise TemplateError(f"{name} 需要文字，得到的是 {value!r}")
    return str(value)


def _is_quoted(text: str) -> bool:
    visible = plain(text)
    return len(visible) >= 2 and visible[0] in _OPEN_QUOTES and visible[-1] in _CLOSE_QUOTES


def _char_width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2000 else 1.0


def _safe_breaks(title: str) -> Iterator[int]:
    """The places ``title`` may break: outside quotes and brackets, not inside a Latin word or
    a number, and not before closing punctuation (a line never starts with it)."""
    depth = 0
    for i in range(1, len(title)):
        left, right = title[i - 1], title[i]
        if left in "“《（":
            depth += 1
        elif left in "”》）" and depth:
            depth -= 1
        if depth or right in "，、：。；）》”":
            continue
        if left.isascii() and left.isalnum() and right.isascii() and right.isalnum():
            continue
        yield i


def _is_natural_break(title: str, i: int) -> bool:
    # The ends of title[:i] are looked at in place: a slice would copy the title for each i.
    if title.endswith("关于", 0, i):  # 关于 stays with what it is about
        return False
    if title.endswith(_BREAK_AFTER, 0, i) or title.startswith(_BREAK_BEFORE, i):
        return True
    # After a year (2020年, 2020年度), not after the 年 of 青少年.
    end = i - 1 if title[i - 1] == "度" else i
    return end > 1 and title[end - 1] == "年" and title[end - 2].isdigit()
