"""Model + template family → :class:`Document`. Pure: reads templates, writes nothing.

A family is a folder of Jinja templates (``templates/kepu/``); its entry point ``summary.j2``
includes one file per part, so a user can override one part by putting a file of the same name
in a folder of their own (``--template-dir``), which is searched first. A user folder may also
hold whole families as subfolders (``DIR/<family>/summary.j2``).

The templates write the line protocol of :mod:`templating`; the renderer then numbers the
headings (一、 （一）), drops a heading whose section came out empty, and adds what the templates
do not write: the title's line breaks, the signatory, the date, and the appendix with the note
that names it at the end of the body.

Context names, available in every template of a family:

``summary``
    the whole :class:`~summary_gen.model.Summary`.
``year``, ``title``
    the year summarised; the title the data file gives (``None`` where the family's default
    applies: the template writes ``{{ title or "…" }}``).
``community``, ``organisation``, ``facilities``, ``activities``, ``figures``, ``participation``,
``closing``, ``sections``
    the data file's groups as validated (``activities`` is the list).
``unit_name``
    the community as the text names it: street + name (兴安街道城里社区), or the name alone.
``signatory``, ``date``, ``date_text``
    the issuing body, the date of writing and that date as printed (2021年3月3日). The default
    issuing body is street + name + the family's ``signatory_suffix`` (a key of its
    ``family.yaml``: liuhao's body speaks as the 关工委, so it signs as
    ……社区关心下一代工作委员会), else 居民委员会 (村民委员会 for a village).
``events``
    the number of events of the year: ``figures.events``, else the number of activities listed
    (a :class:`~summary_gen.quantity.Quantity`), else ``None``. ``events_counted`` is true
    when it was counted from the list rather than given.
``has``
    which parts have anything to say: ``has.organisation``, ``has.facilities``,
    ``has.activities``, ``has.participation`` (data or ``sections.<group>.extra``),
    ``has.closing`` (experience, problems or plans) and ``has.sections`` (any of the four).
``activity_groups``
    the activities sorted into the groups the prose treats apart, each a list in the data's
    order: ``learning`` (讲座, 培训), ``publicity`` (宣传, 咨询), ``practice`` (竞赛, 参观, 其他 or no
    kind), ``performances`` (文艺演出) and ``youth`` (any kind, for an audience of young people:
    青少年, 学生, 儿童…, which takes precedence).
``activity_kinds``
    the kinds present among the activities, in the order the figures sentence lists them
    (培训、讲座、咨询、宣传、竞赛、参观、文艺演出; 其他 left out).
``festivals``
    the festivals the performances' titles and descriptions name (春节, 中秋节, 国庆节…), in order
    of first mention, each once.

Filters: those of :data:`summary_gen.zh.FILTERS` (``qty``, ``reach``, ``cn_count``, ``date_zh``,
``join_zh``, ``enum_zh``, ``quote``, ``clause``, ``sentence``, ``event_name``, ``event_names``,
``num_cn``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from . import __version__
from .document import Block, BlockKind, Document, Table
from .errors import TemplateError
from .families import ENTRY_FILE, family_settings
from .model import Activity, Summary
from .quantity import Quantity
from .templating import BUILTIN_TEMPLATES, make_environment, render_lines
from .zh import date_zh, num_cn, qty, split_title

__all__ = ["DEFAULT_FAMILY", "ENTRY_TEMPLATE", "build_context", "render", "search_path"]

DEFAULT_FAMILY = "kepu"
ENTRY_TEMPLATE = ENTRY_FILE
EMPTY_CELL = "—"

_FAMILY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_KIND_ORDER = ("培训", "讲座", "咨询", "宣传", "竞赛", "参观", "文艺演出")
_GROUP_OF_KIND = {
    "讲座": "learning",
    "培训": "learning",
    "宣传": "publicity",
    "咨询": "publicity",
    "竞赛": "practice",
    "参观": "practice",
    "其他": "practice",
    "文艺演出": "performances",
}
_YOUTH_WORDS = ("青少年", "少年", "儿童", "学生", "未成年", "孩子", "少儿", "青年")
# Festival words as titles write them → the festival's name. Digit forms (七一, 八一) are left
# out: they occur in street names and numbers too often to be read as festivals.
_FESTIVALS = (
    ("元旦", "元旦"),
    ("新年", "元旦"),
    ("新春", "春节"),
    ("春节", "春节"),
    ("元宵", "元宵节"),
    ("妇女节", "妇女节"),
    ("清明", "清明节"),
    ("劳动节", "劳动节"),
    ("端午", "端午节"),
    ("建党", "建党节"),
    ("建军", "建军节"),
    ("中秋", "中秋节"),
    ("国庆", "国庆节"),
    ("重阳", "重阳节"),
)
_HEADING_NUMERAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_HEADING_END = "。．.；;，,：:"


def render(
    summary: Summary,
    *,
    date: dt.date,
    template_dirs: Sequence[Path] = (),
    family: str | None = None,
    appendix: bool = False,
) -> Document:
    """Render a summary with its template family into a :class:`Document`.

    The family is ``summary.template``, else ``family``, else ``kepu``. ``date`` is the date of
    writing the caller resolved (``--date`` or today); the data file's own ``date`` wins over it.
    ``appendix`` adds the table of the year's activities (附件), when there are any, and the
    note that names it (附件：2020年活动一览表) as the body's last paragraph.
    Raises :class:`~summary_gen.errors.TemplateError` when a template fails.
    """
    family_name = summary.template or family or DEFAULT_FAMILY
    written = summary.date or date
    path = tuple(search_path(family_name, template_dirs))
    env = _environment(path)
    context = build_context(summary, date=written, signatory_suffix=_signatory_suffix(path))
    blocks = render_lines(env, ENTRY_TEMPLATE, context)

    titles = [text for kind, text in blocks if kind == "title"]
    if len(titles) != 1:
        raise TemplateError(
            f"模板应输出一个标题（@title），实际输出了 {len(titles)} 个", ENTRY_TEMPLATE
        )
    body = _number_headings(_drop_empty_headings([(k, t) for k, t in blocks if k != "title"]))
    table = _appendix(summary) if appendix else None
    if table is not None:
        # GB/T 9704 7.3.4: the attachment note ends the body, before the signature, with no
        # full stop after the attachment's name.
        body.append(Block("paragraph", table.title))
    signatory = context["signatory"]
    return Document(
        title_lines=split_title(titles[0]),
        body=tuple(body),
        signatory=signatory,
        date=written,
        date_text=context["date_text"],
        appendix=table,
        author=signatory,
        keywords=(summary.community.name, f"{summary.year}年", "工作总结"),
    )


def search_path(family: str, template_dirs: Sequence[Path] = ()) -> list[Path]:
    """Where a family's templates are looked up, first match wins: each user folder's
    ``<family>/`` subfolder, the user folder itself, then the built-in family."""
    if not _FAMILY_NAME.match(family):
        raise TemplateError(f"模板名称“{family}”无效：只能包含字母、数字、下划线和连字符")
    path: list[Path] = []
    for folder in map(Path, template_dirs):
        if (folder / family).is_dir():
            path.append(folder / family)
        path.append(folder)
    builtin = BUILTIN_TEMPLATES / family
    if builtin.is_dir():
        path.append(builtin)
    if not any((folder / ENTRY_TEMPLATE).is_file() for folder in path):
        raise TemplateError(f"找不到模板“{family}”（没有 {family}/{ENTRY_TEMPLATE}）")
    return path


@functools.lru_cache(maxsize=16)
def _environment(path: tuple[Path, ...]) -> jinja2.Environment:
    # Compiling the templates costs far more than rendering them; a batch renders many files
    # with the same templates. Jinja still reloads a template whose file has changed.
    env = make_environment(path)
    # Between processes too: compiling is most of a one-file build's own time (issue 4).
    env.bytecode_cache = _bytecode_cache(env)
    return env


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache in the user's temporary folder; a cache that cannot be read or written
    only means compiling again, never a failed build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file fails in pickle or marshal, in any of their ways
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Jinja keys cached code by template file and source only, but the code also depends on
    the environment's options: they go into the cache files' names."""
    options = (
        __version__,
        jinja2.__version__,
        type(env).__qualname__,
        env.sandboxed,  # a sandbox compiles calls and operators differently
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.finalize is not None,
        bool(env.autoescape),
        env.optimized,
        env.is_async,
        sorted(env.extensions),
        [
            getattr(env, f"{part}_{side}_string")
            for part in ("block", "variable", "comment")
            for side in ("start", "end")
        ],
        env.line_statement_prefix,
        env.line_comment_prefix,
    )
    key = hashlib.sha256(repr(options).encode()).hexdigest()[:16]
    try:
        return _BytecodeCache(pattern=f"summary-gen-{key}-%s.cache")
    except (OSError, RuntimeError):  # no safe temporary folder: compile every time
        return None


def build_context(
    summary: Summary, *, date: dt.date, signatory_suffix: str | None = None
) -> dict[str, Any]:
    """The names every template sees (listed in this module's docstring).

    ``signatory_suffix`` is the family's default issuing body after street and name
    (关心下一代工作委员会); ``None`` means 居民委员会, or 村民委员会 for a village.
    """
    community = summary.community
    unit_name = f"{community.street or ''}{community.name}"
    events = summary.figures.events
    events_counted = events is None and bool(summary.activities)
    if events_counted:
        events = Quantity.parse(len(summary.activities))
    groups = _activity_groups(summary.activities)
    return {
        "summary": summary,
        "year": summary.year,
        "title": summary.title,
        "community": community,
        "organisation": summary.organisation,
        "facilities": summary.facilities,
        "activities": summary.activities,
        "figures": summary.figures,
        "participation": summary.participation,
        "closing": summary.closing,
        "sections": summary.sections,
        "unit_name": unit_name,
        "signatory": summary.signatory or _default_signatory(summary, signatory_suffix),
        "date": date,
        "date_text": date_zh(date),
        "events": events,
        "events_counted": events_counted,
        "has": _has(summary),
        "activity_groups": groups,
        "activity_kinds": [k for k in _KIND_ORDER if any(a.kind == k for a in summary.activities)],
        "festivals": _festivals(groups["performances"]),
    }


def _default_signatory(summary: Summary, suffix: str | None = None) -> str:
    community = summary.community
    # A village (村) has a villagers' committee: 城关村村民委员会, not 城关村居民委员会.
    body = suffix or ("村民委员会" if community.name.endswith("村") else "居民委员会")
    return f"{community.street or ''}{community.name}{body}"


def _signatory_suffix(path: Sequence[Path]) -> str | None:
    """The ``signatory_suffix`` of the first ``family.yaml`` along the search path that states
    one, so that a user's copy of a family can change it and an override of some parts keeps
    the built-in one."""
    for folder in path:
        # A file that cannot be read is passed over, as `summary-gen templates` passes over it
        # for the description: the text is built all the same, with the default issuing body.
        value = (family_settings(folder) or {}).get("signatory_suffix")
        if isinstance(value, str) and value.strip():
            return "".join(value.split())
    return None


def _has(summary: Summary) -> dict[str, bool]:
    org, fac, part, fig = (
        summary.organisation,
        summary.facilities,
        summary.participation,
        summary.figures,
    )
    group = org.leading_group
    sections = summary.sections
    has = {
        "organisation": any(
            [
                group.name,
                group.leader,
                group.leader_role,
                org.dedicated_staff,
                org.rules,
                org.bases,
                org.teams,
            ]
        )
        or bool(sections.organisation.extra),
        "facilities": any([fac.funding.self_raised, fac.funding.grants, fac.items])
        or bool(sections.facilities.extra),
        "activities": any(
            [
                summary.activities,
                fig.events,
                fig.materials,
                fig.consultations,
                fig.topics,
                fig.extra,
            ]
        )
        or bool(sections.activities.extra),
        "participation": any([part.volunteers, part.partners, part.methods])
        or bool(sections.participation.extra),
    }
    has["sections"] = any(has.values())
    closing = summary.closing
    has["closing"] = any([closing.experience, closing.problems, closing.plans])
    return has


def _is_youth(activity: Activity) -> bool:
    return activity.audience is not None and any(w in activity.audience for w in _YOUTH_WORDS)


def _activity_groups(activities: Sequence[Activity]) -> dict[str, list[Activity]]:
    groups: dict[str, list[Activity]] = {
        "learning": [],
        "publicity": [],
        "practice": [],
        "performances": [],
        "youth": [],
    }
    for activity in activities:
        key = "youth" if _is_youth(activity) else _GROUP_OF_KIND[activity.kind or "其他"]
        groups[key].append(activity)
    return groups


def _festivals(performances: Sequence[Activity]) -> list[str]:
    found: list[tuple[int, str]] = []
    for index, activity in enumerate(performances):
        text = activity.title + (activity.description or "")
        for word, festival in _FESTIVALS:
            position = text.find(word)
            if position >= 0:
                found.append((index * 10_000 + position, festival))
    names: list[str] = []
    for _, festival in sorted(found):
        if festival not in names:
            names.append(festival)
    return names


def _drop_empty_headings(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leave out a heading with no paragraph under it (before the next heading of its level
    or above): a section a template wrote without content must not show."""
    kept: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(blocks):
        if kind in ("heading1", "heading2"):
            stop = ("heading1",) if kind == "heading1" else ("heading1", "heading2")
            has_paragraph = False
            for later_kind, _ in blocks[index + 1 :]:
                if later_kind in stop:
                    break
                if later_kind == "paragraph":
                    has_paragraph = True
                    break
            if not has_paragraph:
                continue
        kept.append((kind, text))
    return kept


def _number_headings(blocks: list[tuple[str, str]]) -> list[Block]:
    """一、二、… for level 1 and （一）（二）… for level 2, restarting under each level 1."""
    result: list[Block] = []
    level1 = level2 = 0
    for kind, text in blocks:
        block_kind: BlockKind
        if kind == "heading1":
            level1, level2 = level1 + 1, 0
            block_kind, text = "heading1", f"{num_cn(level1)}、{_heading_text(text)}"
        elif kind == "heading2":
            level2 += 1
            block_kind, text = "heading2", f"（{num_cn(level2)}）{_heading_text(text)}"
        else:
            block_kind = "paragraph"
        result.append(Block(block_kind, text))
    return result


def _heading_text(text: str) -> str:
    """A heading without a numeral of its own (the renderer numbers) or a final stop."""
    return _HEADING_NUMERAL.sub("", text).rstrip().rstrip(_HEADING_END).rstrip()


def _appendix(summary: Summary) -> Table | None:
    """The table of the year's activities. A column the data leaves empty in every row (日期,
    参与人数, 类型) is left out; 序号 and 活动名称 always stay."""
    activities = summary.activities
    if not activities:
        return None
    columns: list[tuple[str, list[str]]] = [
        ("序号", [str(number) for number in range(1, len(activities) + 1)]),
        ("活动名称", [activity.title for activity in activities]),
    ]
    optional = [
        ("类型", [activity.kind or EMPTY_CELL for activity in activities]),
        ("日期", [date_zh(a.date) if a.date else EMPTY_CELL for a in activities]),
        (
            "参与人数",
            [qty(a.participants, "人次") if a.participants else EMPTY_CELL for a in activities],
        ),
    ]
    columns += [(name, cells) for name, cells in optional if any(c != EMPTY_CELL for c in cells)]
    return Table(
        title=f"附件：{summary.year}年活动一览表",
        header=tuple(name for name, _ in columns),
        rows=tuple(zip(*(cells for _, cells in columns), strict=True)),
    )
