"""Property tests, end to end: whatever the data, a document never shows a gap or a placeholder,
and whatever the input, the command line never shows a traceback."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summary_gen.cli import app
from summary_gen.errors import DataError
from summary_gen.loading import load_text
from summary_gen.render import render
from summary_gen.writers.markdown import to_markdown
from typed import COUNT_FIELDS, counts, place
from typed import dates as typed_dates

# Text a secretary might type, without the characters that would make a placeholder check
# ambiguous ("?", "None", braces, quotation marks): any of those in the output then came from a
# template, which is the bug this test looks for.
_CHARS = st.sampled_from(
    list("社区居民科普活动讲座王国亮城里兴安街道志愿者队宣传栏阅读室")
    + list("ABCxyz0123456789")
    + list("，。、：；（）《》*#|<>[]`_~&-+!@ ")
)
# Text of punctuation only is refused by the model (it would print as a gap), so every word has
# at least one letter, digit or character.
words = st.text(_CHARS, min_size=1, max_size=12).filter(lambda s: any(char.isalnum() for char in s))
units = words.filter(lambda s: len(s) <= 10)  # a unit is a few characters (model.types.LIMITS)
quantities = st.one_of(
    st.integers(min_value=0, max_value=100_000),  # a count of 0 reads as none
    st.builds(
        lambda n, q: q.format(n),
        st.integers(min_value=1, max_value=99_999),
        st.sampled_from(["{}余", "{}多", "{}以上", "约{}", "近{}", "达{}", "{}"]),
    ),
)


def _maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def _prune(value: object) -> object:
    """Drop absent values so that the YAML has only the keys the draw chose."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in pruned.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


YEAR = 2020
# community.extra and figures.extra: a further fact or figure each.
extra_facts = st.lists(
    st.fixed_dictionaries({"label": words, "value": quantities}, optional={"unit": units}),
    max_size=2,
)
dates = st.builds(lambda m, d: f"{YEAR}-{m:02d}-{d:02d}", st.integers(1, 12), st.integers(1, 28))

data_files = st.builds(
    lambda **parts: _prune(parts),
    year=st.just(YEAR),
    title=_maybe(words),
    signatory=_maybe(words),
    community=st.fixed_dictionaries(
        {"name": words},
        optional={
            "street": words,
            "location": words,
            "households": quantities,
            "population": st.just("100万"),
            "extra": extra_facts,
        },
    ),
    organisation=_maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "leading_group": st.fixed_dictionaries(
                    {}, optional={"name": words, "leader": words, "leader_role": words}
                ),
                "dedicated_staff": quantities,
                "bases": st.lists(words, max_size=3),
                "teams": st.lists(
                    st.fixed_dictionaries({"name": words}, optional={"members": quantities}),
                    max_size=3,
                ),
            },
        )
    ),
    facilities=_maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "funding": st.fixed_dictionaries(
                    {}, optional={"self_raised": quantities, "grants": quantities}
                ),
                "items": st.lists(
                    st.fixed_dictionaries(
                        {"name": words},
                        optional={
                            "action": words,
                            "count": quantities,
                            "unit": units,
                            "topics": st.lists(words, max_size=3),
                            "place": words,
                            "purpose": words,
                        },
                    ),
                    max_size=3,
                ),
            },
        )
    ),
    activities=st.lists(
        st.fixed_dictionaries(
            {"title": words},
            optional={
                "kind": st.sampled_from(
                    [
                        *("讲座", "培训", "宣传", "咨询", "文艺演出", "竞赛", "参观", "其他"),
                        *("志愿服务", "展览", "义诊", "比赛", "会议"),
                    ]
                ),
                "date": dates,
                "participants": quantities,
                "partner": words,
                "audience": st.sampled_from(["青少年", "老年人", "居民"]),
                "description": words,
            },
        ),
        max_size=4,
    ),
    figures=_maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "materials": quantities,
                "consultations": quantities,
                "topics": st.lists(words, max_size=4),
                "extra": extra_facts,
            },
        )
    ),
    participation=_maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "volunteers": quantities,
                "partners": st.lists(words, max_size=3),
                "methods": st.lists(words, max_size=3),
            },
        )
    ),
    closing=_maybe(
        st.fixed_dictionaries(
            {},
            optional={
                "experience": st.lists(words, max_size=2),
                "problems": st.lists(words, max_size=2),
                "plans": st.lists(words, max_size=2),
            },
        )
    ),
)

PLACEHOLDER = re.compile(r"None|\?|？|\[\]|\{\{|\}\}|\{%|%\}|“”|Undefined|\bnan\b")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=data_files)
def test_any_valid_data_renders_without_gaps_or_placeholders(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    summary, _warnings = load_text(text, "prop.yaml")
    document = render(summary, date=dt.date(2021, 3, 3))
    markdown = to_markdown(document)
    assert PLACEHOLDER.search(markdown) is None, markdown
    assert document.title and document.body
    # Every paragraph ends as a sentence does; no empty block.
    for block in document.body:
        assert block.text.strip()
        if block.kind == "paragraph":
            assert block.text[-1] in "。：；！”）", block.text


runner = CliRunner()
_FRAGMENTS = st.sampled_from(
    [
        "year: ",
        "2020",
        "community:",
        "  name: ",
        "城里社区",
        "\n",
        "  ",
        "- ",
        ": ",
        "&a ",
        "*a",
        "!!python/object ",
        "\t",
        "'",
        '"',
        "{",
        "}",
        "[",
        "]",
        "---\n",
        "activities:",
        "  - title: ",
        "households: ",
        "300余",
        "约",
        "?",
        "#",
        "|",
        ">",
        "\x00",
        "\\x1b",
        "%YAML 1.1\n",
        "<<: ",
        "~",
        "null",
        "no",
        "010010",
        "！",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.one_of(st.lists(_FRAGMENTS, max_size=30).map("".join), st.text(max_size=200)))
def test_no_input_makes_the_cli_show_a_traceback(source: str, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "in.yaml"
    path.write_text(source, encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(app, ["build", str(path), "-o", "-", "-f", "md"])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    if result.exit_code == 0 and PLACEHOLDER.search(source) is None:
        assert PLACEHOLDER.search(result.stdout) is None, result.stdout


# --- values as a secretary types them: the same document as their canonical form -------------


def _markdown(text: str) -> str:
    return to_markdown(render(load_text(text, "typed.yaml")[0], date=dt.date(2021, 3, 3)))


@settings(max_examples=150, deadline=None)  # the first Chinese numeral imports cn2an
@given(data=st.data())
def test_a_count_typed_in_any_accepted_form_gives_the_document_of_its_arabic_form(
    data: st.DataObject,
) -> None:
    path = data.draw(st.sampled_from(sorted(COUNT_FIELDS)))
    canonical, typed = data.draw(counts(COUNT_FIELDS[path][1]))
    assert _markdown(place(path, typed)) == _markdown(place(path, canonical)), (path, typed)


@settings(max_examples=50, deadline=None)
@given(day=typed_dates(), month=typed_dates(month_only=True))
def test_a_date_typed_in_any_accepted_form_gives_the_document_of_its_canonical_form(
    day: tuple[str, str], month: tuple[str, str]
) -> None:
    def data_file(when: str, activity: str) -> str:
        return (
            "year: 2020\ndate: "
            + when.replace("2020", "2021", 1)
            + "\ncommunity:\n  name: 城里社区\n"
            f"activities:\n  - title: 健康知识讲座\n    kind: 讲座\n    date: {activity}\n"
        )

    assert _markdown(data_file(day[1], month[1])) == _markdown(data_file(day[0], month[0]))


# --- hostile and unlucky inputs (issue 14): a valid file, mutated --------------------------------

_VALID = (Path(__file__).resolve().parent.parent / "examples" / "城里社区.yaml").read_text("utf-8")
_INVISIBLE = st.sampled_from(["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\x1b", "\x85"])


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """The example data file with some of: a value made very long, a value nested very deep,
    invisible or control characters typed in, and the whole saved in another encoding."""
    lines = _VALID.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        kind = draw(st.sampled_from(["long", "deep", "invisible"]))
        if kind == "long" and ": " in line:
            key, _, value = line.partition(": ")
            lines[at] = f"{key}: {value.rstrip() * draw(st.integers(100, 20_000))}\n"
        elif kind == "deep" and ": " in line:
            depth = draw(st.integers(50, 5_000))
            key, _, value = line.partition(": ")
            lines[at] = f"{key}: {'[' * depth}{value.rstrip()}{']' * depth}\n"
        else:
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(_INVISIBLE) + line[column:]
    text = "".join(lines)
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-32"]))
    return text.encode(codec, errors="replace")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_mutated())
def test_a_mutated_file_is_read_or_refused_quickly_and_never_echoes_invisible_characters(
    data: bytes,
) -> None:
    start = time.monotonic()
    try:
        summary, warnings = load_text(data, "m.yaml")
    except DataError as exc:
        told = [str(problem) for problem in exc.problems]
        assert told
    else:
        told = [str(warning) for warning in warnings]
        to_markdown(render(summary, date=dt.date(2021, 3, 3)))
    assert time.monotonic() - start < 5
    for message in told:
        assert not any(char in message for char in "\u202e\u2066\u200b\u200d\ufeff\x1b\x85")
