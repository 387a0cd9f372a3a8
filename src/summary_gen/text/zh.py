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
from typing import Any, NamedTuple

from ..errors import TemplateError
from ..model import MonthDate, date_text
from ..templating.protocol import drop_last, finalize, plain, strip_end
from .quantity import Quantity

__all__ = [
    "EVENT_KINDS",
    "FILTERS",
    "EventKind",
    "attendance",
    "clause",
    "cn_count",
    "date_zh",
    "enum_zh",
    "event_clauses",
    "event_kind",
    "event_name",
    "event_names",
    "event_runs",
    "figure",
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


# --- activities: the kinds, their names, the clauses that tell them ------------------------


class EventKind(NamedTuple):
    """How prose tells an activity of one kind."""

    verb: str
    """What is done with it: 举办了 (a lecture), 开展了 (publicity), 组织了 (a visit)."""
    noun: str
    """The word for the kind after a quoted theme: “婚育新风进万家”宣传活动."""
    group: str
    """The activities told together where a long series is split: ``learning`` (lectures,
    training), ``publicity`` (publicity, advice, exhibitions, meetings), ``practice`` (the rest)
    and ``performances``."""


EVENT_KINDS: dict[str, EventKind] = {
    "培训": EventKind("举办了", "培训", "learning"),
    "讲座": EventKind("举办了", "专题讲座", "learning"),
    "咨询": EventKind("开展了", "咨询活动", "publicity"),
    "宣传": EventKind("开展了", "宣传活动", "publicity"),
    "竞赛": EventKind("举办了", "竞赛", "practice"),
    "参观": EventKind("组织了", "参观活动", "practice"),
    "文艺演出": EventKind("举办了", "文艺演出", "performances"),
    "比赛": EventKind("举办了", "比赛", "practice"),
    "展览": EventKind("举办了", "展览", "publicity"),
    "义诊": EventKind("开展了", "义诊活动", "practice"),
    "志愿服务": EventKind("开展了", "志愿服务活动", "practice"),
    "会议": EventKind("召开了", "会议", "publicity"),
    "其他": EventKind("开展了", "主题活动", "practice"),
}
"""Every kind of activity, in the order the year's figures list them (培训、讲座、咨询……);
an activity without a kind is told as 其他. A kind added to the data format is added here, and
every template tells it."""

# Words a name may end with that name an event in full: such a name is told as it is
# (举办了老年人智能手机培训班, 开展了“绿色小卫士”环保夏令营).
_EVENT_NOUNS = (
    "讲座", "讲堂", "课堂", "报告会", "宣讲会", "座谈会", "培训", "班", "营", "竞赛", "比赛",
    "大赛", "演出", "汇演", "展演", "晚会", "联欢会", "游园会", "运动会", "文化节", "艺术节",
    "科技节", "读书节", "邻里节", "展览", "展", "义诊", "会议", "活动", "行动", "服务",
)  # fmt: skip
# Words a name may end with that say its kind but need 活动 after them (法律援助咨询活动), and
# words a name may start with that say what was done (义务理发, 参观市科技馆, 结对帮扶困难学生):
# such a name describes the activity and is not quoted.
_NEEDS_HUODONG = ("咨询", "宣传", "宣传周", "宣传日", "宣传月", "参观", "评选", "评比")
_DOING = (
    "义务", "参观", "结对", "帮扶", "走访", "慰问", "上门", "入户", "免费", "清理", "清扫", "清洁", "整治",
)  # fmt: skip
# The generic word after a slogan stays outside its quotes: “学雷锋、树新风”活动. A slogan that
# ends in a word for an event is quoted whole; only words that cannot end a slogan's own phrase
# count (见行动 is a slogan's, 安全知识讲座 an event's).
_GENERIC = ("主题活动", "系列活动", "活动")
_SLOGAN_EVENT_NOUNS = (
    "讲座", "培训", "培训班", "竞赛", "比赛", "大赛", "演出", "汇演", "晚会", "联欢会", "展览",
    "义诊", "会议",
)  # fmt: skip


def event_kind(kind: str | None) -> EventKind:
    """The words of an activity's kind (:data:`EVENT_KINDS`); no kind is 其他."""
    found = EVENT_KINDS.get(kind or "其他")
    if found is None:
        raise TemplateError(f"没有“{kind}”这种活动类型的写法（text/zh.py 的 EVENT_KINDS）")
    return found


def event_name(title: Any, kind: str | None = None) -> str:
    """An activity's name as prose names it, by one rule for every title.

    A slogan or a theme is quoted and followed by its kind (“崇尚科学，破除迷信”专题讲座,
    “婚育新风进万家”宣传活动); the name of a plain thing is not quoted: a name that ends in a word
    for an event stays as it is (健康知识讲座, 快乐成长暑期班), one that ends in its kind's word
    or starts by saying what was done gets 活动 (法律援助咨询活动, 义务理发活动), so the kind is
    never said twice. A name with a comma, 、 or a space inside is a slogan. A name that has
    quotes of its own is not quoted again (“绿色小卫士”环保夏令营).
    """
    text = _text(title, "event_name")
    visible = plain(text)
    words = event_kind(kind)
    quoted = "“" in visible or "《" in visible  # by the secretary: not quoted again
    if not quoted and any(mark in visible for mark in "，、, "):
        generic = next((g for g in _GENERIC if visible.endswith(g) and visible != g), None)
        if generic:
            return quote(drop_last(text, len(generic))) + generic
        return quote(text) + ("" if visible.endswith(_SLOGAN_EVENT_NOUNS) else words.noun)
    if visible.endswith(_EVENT_NOUNS):
        return text
    if visible.endswith(_NEEDS_HUODONG) or visible.startswith(_DOING):
        return text + "活动"
    return (text if quoted else quote(text)) + words.noun


def event_names(activities: Iterable[Any]) -> list[str]:
    """The names of a series of activities (each with ``title`` and ``kind``), each as
    :func:`event_name` writes it: one rule for all, so a plain name stays bare beside a quoted
    theme (迎新春联欢会、“同度中秋、迎国庆”文艺演出)."""
    return [event_name(a.title, a.kind) for a in activities]


def attendance(participants: Quantity | int, audience: str = "居民") -> str:
    """How many took part in one activity: people, not 人次 (a count of visits is a year's
    total): 120名居民参加, 约80名青少年参加, 20名以上居民参加."""
    return f"{qty(participants, '名')}{_text(audience, 'attendance')}参加"


def event_clauses(
    activities: Iterable[Any], audience: str = "居民", subject: str = ""
) -> list[str]:
    """The clauses that tell a series of activities, in date order, each led by its date
    (5月18日，联合长青派出所举办了老年人防诈骗讲座，120名居民参加).

    A clause tells the partner (联合……), the audience (面向……, or in the attendance), the
    kind's verb, the name (:func:`event_name`), the description and the attendance
    (:func:`attendance`, ``audience`` where the activity names none). Activities without a date
    follow those with one, in the data's order, the first of them after 此外; those with nothing
    but a name share one clause where their verb is the same (举办了健康知识讲座和青少年法制培训).
    ``subject`` (社区) stands in the first clause, after its date: a series of one is then a
    sentence (6月16日，社区开展了防范电信诈骗宣传活动，150名居民参加).
    """
    return [
        f"{when}{subject if index == 0 else ''}{body}"
        for index, (when, body) in enumerate(_clause_parts(activities, audience))
    ]


def event_runs(
    activities: Iterable[Any], audience: str = "居民", subject: str = "社区", most: int = 5
) -> list[list[str]]:
    """:func:`event_clauses` in runs of at most ``most``, as even as they can be (12 clauses →
    4, 4, 4): the paragraphs a long series is told in. The first run follows the template's
    own words (社区通过讲座、培训普及科学知识：); each later run is a paragraph of its own, so its
    first clause names ``subject`` (5月10日，社区举办了……). No activity gives no run."""
    parts = _clause_parts(activities, audience)
    count = -(-len(parts) // most)  # rounded up
    runs: list[list[str]] = []
    start = 0
    for index in range(count):
        end = start + len(parts) // count + (1 if index < len(parts) % count else 0)
        runs.append(
            [
                f"{when}{subject if index and at == start else ''}{body}"
                for at, (when, body) in enumerate(parts[start:end], start=start)
            ]
        )
        start = end
    return runs


def _clause_parts(activities: Iterable[Any], audience: str) -> list[tuple[str, str]]:
    """Each clause of a series as what leads it (5月18日， 此外， or nothing) and the rest."""
    items = list(activities)
    dated = sorted((a for a in items if a.date), key=lambda a: (a.date.month, a.date.day or 0))
    # Each clause: an activity, or the names of those told by name alone, by their verb.
    order: list[Any] = list(dated)
    merged: dict[str, list[str]] = {}
    for activity in (a for a in items if not a.date):
        verb = event_kind(activity.kind).verb
        if not _told_by_name_alone(activity):
            order.append(activity)
        elif verb in merged:
            merged[verb].append(event_name(activity.title, activity.kind))
        else:
            merged[verb] = [event_name(activity.title, activity.kind)]
            order.append(verb)
    parts = []
    for index, item in enumerate(order):
        if isinstance(item, str):
            body = item + join_zh(merged[item])
        else:
            body = _event_body(item, audience)
        if index < len(dated):
            when = f"{_month_day(item.date)}，"
        else:  # the first without a date belongs to no date before it
            when = "此外，" if index == len(dated) > 0 else ""
        parts.append((when, body))
    return parts


def _told_by_name_alone(activity: Any) -> bool:
    return not (
        activity.date
        or activity.partner
        or activity.audience
        or activity.participants
        or activity.description
    )


def _event_body(activity: Any, audience: str) -> str:
    text = f"联合{activity.partner}" if activity.partner else ""
    if activity.audience and not activity.participants:
        text += f"面向{activity.audience}"
    text += event_kind(activity.kind).verb + event_name(activity.title, activity.kind)
    if activity.description:
        text += "，" + clause(activity.description)
    if activity.participants:
        text += "，" + attendance(activity.participants, activity.audience or audience)
    return text


def _month_day(when: MonthDate) -> str:
    return f"{when.month}月" + (f"{when.day}日" if when.day else "")


def figure(item: Any) -> str:
    """A further figure of the year (``label``, ``value``, ``unit``) as a fact: a total or a
    rate with 达 (受教育青少年达2100人次, 绿化覆盖率达38.5%), a count of people or of places
    without it (结对帮扶困难学生9名), an honour with who won it in front (5户家庭获评“最美家庭”,
    3人获评“优秀志愿者”)."""
    # Told as data, as a template prints it: joined with text the template wrote itself
    # (with_changes), its label and unit must not be read as the template's own text.
    return finalize(_figure_text(item))


def _figure_text(item: Any) -> str:
    label = _text(getattr(item, "label", None), "figure")
    value, unit = item.value, item.unit or ""
    if label.startswith(_HONOURS):
        if unit == "户":
            return f"{qty(value, '户')}家庭{label}"
        if unit in ("名", "人", "位"):
            return f"{qty(value, '人')}{label}"
        return f"{label}的有{qty(value, unit)}"
    if unit in _COUNTED:
        return f"{label}{qty(value, unit)}"
    return f"{label}{reach(value, unit)}"


# A label that names an honour won (获评“最美家庭”); units that count people, households or
# places: a count of them is a fact, not a total that reaches (达) something.
_HONOURS = ("获评", "荣获", "获得", "被评为", "评为", "获")
_COUNTED = ("名", "人", "位", "户", "家", "个", "支", "所", "处", "座")


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
    "event_clauses": event_clauses,
    "event_kind": event_kind,
    "attendance": attendance,
    "figure": figure,
    "event_runs": event_runs,
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
