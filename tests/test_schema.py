"""The JSON Schema of the data file: a valid schema that accepts what the loader accepts."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, full_data
from summary_gen import model
from summary_gen.cli import app
from summary_gen.errors import DataError
from summary_gen.loading import load_text
from summary_gen.model import Summary, validate
from summary_gen.model.types import (
    DATE_PATTERN,
    LIMITS,
    MEASURE_PATTERN,
    MONTH_DATE_PATTERN,
    QUANTITY_PATTERN,
    YEAR_PATTERN,
)
from summary_gen.schema import SCHEMA_FILE, json_schema, modeline, schema_text
from summary_gen.templating.families import BUILTIN_TEMPLATES
from summary_gen.text.numerals import has_chinese_numeral
from summary_gen.text.quantity import MAX_DIGITS, Quantity, QuantityError
from summary_gen.text.typography import normalise
from typed import COUNT_FIELDS, counts, place
from typed import dates as typed_dates


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: no timestamps)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MINIMAL_FILE = "year: 2020\ncommunity:\n  name: 城里社区\n"


def _editor_load(text: str) -> Any:
    return yaml.load(text, Loader=_EditorLoader)  # a SafeLoader subclass: safe


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


def _errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"].startswith("summary-gen")


def test_every_object_refuses_unknown_keys() -> None:
    def objects(node: Any) -> list[dict[str, Any]]:
        found = []
        if isinstance(node, dict):
            if node.get("type") == "object" or "properties" in node:
                found.append(node)
            for value in node.values():
                found += objects(value)
        elif isinstance(node, list):
            for item in node:
                found += objects(item)
        return found

    found = objects(json_schema())
    assert len(found) >= 10
    assert all(obj.get("additionalProperties") is False for obj in found)


def test_descriptions_are_chinese_and_pydantic_titles_gone() -> None:
    schema = json_schema()
    community = schema["$defs"]["Community"]
    assert community["properties"]["households"]["description"].startswith("户数，如 2600")
    assert schema["$defs"]["ExtraFact"]["description"].startswith("其他情况或数字")
    assert schema["properties"]["activities"]["description"].startswith("三、")
    # A property may be called "title"; pydantic's English titles ("Households") are dropped.
    assert "title" in schema["properties"] and "title" in schema["$defs"]["Activity"]["properties"]
    assert "title" not in community["properties"]["households"]
    cjk = re.compile(r"[\u4e00-\u9fff]")

    def descriptions(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["description"]] if isinstance(node.get("description"), str) else []
            return own + [d for k, v in node.items() if k != "description" for d in descriptions(v)]
        if isinstance(node, list):
            return [d for item in node for d in descriptions(item)]
        return []

    found = descriptions(schema)
    assert found and all(cjk.search(d) for d in found), [d for d in found if not cjk.search(d)]


def test_every_field_description_reaches_the_schema() -> None:
    # ExtraFact.value's description once got lost beside its $ref.
    schema = json_schema()
    parts = [Summary, *(getattr(model, name) for name in schema["$defs"] if hasattr(model, name))]
    assert len(parts) == 16  # Summary and its fifteen parts (Previous among them)
    for part in parts:
        shown = schema if part is Summary else schema["$defs"][part.__name__]
        assert shown["description"] == inspect.cleandoc(part.__doc__ or "")
        for key, info in part.model_fields.items():
            assert shown["properties"][key].get("description") == info.description, (part, key)


def test_schema_text_is_indented_json_with_chinese_unescaped() -> None:
    text = schema_text()
    assert json.loads(text) == json_schema()
    assert "户数" in text and "\\u" not in text
    assert text.startswith('{\n  "$schema"')


def test_modeline() -> None:
    assert modeline() == f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
    assert modeline("../s.json") == "# yaml-language-server: $schema=../s.json\n"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    assert _errors(validator, _editor_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "path", sorted(BUILTIN_TEMPLATES.glob("*/starter.yaml")), ids=lambda p: p.parent.name
)
def test_starter_files_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    assert _errors(validator, _editor_load(path.read_text(encoding="utf-8"))) == []


def test_every_key_of_the_data_format_valid(validator: jsonschema.Draft202012Validator) -> None:
    data = full_data()
    data["date"] = "2021-03-03"  # as an editor reads it: a string
    assert _errors(validator, data) == []


def test_unknown_key_refused(validator: jsonschema.Draft202012Validator) -> None:
    data = _editor_load("year: 2020\ncommunity:\n  name: 城里社区\n  househods: 300\n")
    errors = _errors(validator, data)
    assert len(errors) == 1 and "househods" in errors[0]
    assert _errors(validator, {"year": 2020, "community": {"name": "x"}, "colour": "红"})


@pytest.mark.parametrize(
    "bad", ["很多", "-5", "3.5", "300 余", "300余多", "", "约", "1，2000", "1,20", "300本", "三百x"]
)
def test_bad_quantity_refused(validator: jsonschema.Draft202012Validator, bad: str) -> None:
    data = {"year": 2020, "community": {"name": "城里社区", "households": bad}}
    errors = _errors(validator, data)
    assert errors and errors[0].startswith("['community', 'households']")


@pytest.mark.parametrize(
    "good",
    [
        *(300, 0, "300", "300余", "8600多", "20以上", "约500", "2.4万", "3,000", "1，200", "0"),
        *("1200户", "2600多户", "20户以上", "三百", "近千", "一万二", "两千多户", "３００"),
    ],
)
def test_good_quantity_accepted(validator: jsonschema.Draft202012Validator, good: Any) -> None:
    data = {"year": 2020, "community": {"name": "城里社区", "households": good}}
    assert _errors(validator, data) == []


def test_measure_takes_a_decimal_and_a_count_does_not(
    validator: jsonschema.Draft202012Validator,
) -> None:
    base = {"year": 2020, "community": {"name": "城里社区"}}
    assert _errors(validator, {**base, "community": {"name": "x", "area_km2": 1.2}}) == []
    assert _errors(validator, {**base, "community": {"name": "x", "area_km2": "38.5"}}) == []
    assert _errors(validator, {**base, "community": {"name": "x", "households": 1.5}})
    assert _errors(validator, {**base, "community": {"name": "x", "households": -1}})


def test_dates_and_years(validator: jsonschema.Draft202012Validator) -> None:
    base: dict[str, Any] = {"year": 2020, "community": {"name": "城里社区"}}
    assert _errors(validator, {**base, "date": "2021-03-03"}) == []
    assert _errors(validator, {**base, "date": "2021-03"})
    assert _errors(validator, {**base, "date": "2021-13-01"})
    activity = {"title": "健康讲座", "date": "2020-07"}
    assert _errors(validator, {**base, "activities": [activity]}) == []
    assert _errors(validator, {**base, "activities": [{**activity, "date": "7月"}]})
    assert _errors(validator, {**base, "activities": [{**activity, "kind": "聚餐"}]})
    assert _errors(validator, {**base, "year": "2020"}) == []
    assert _errors(validator, {**base, "year": 20200})
    assert _errors(validator, {**base, "year": "1900"})


def test_text_fields_take_what_the_loader_keeps_as_text(
    validator: jsonschema.Draft202012Validator,
) -> None:
    # The loader keeps `name: 110` as the text "110": an editor must not flag it.
    assert _errors(validator, {"year": 2020, "community": {"name": 110}}) == []
    assert _errors(validator, {"year": 2020, "community": {"name": "  "}})


# Quantity.parse is the truth; the patterns must agree with it on every text.
_ALPHABET = st.sampled_from(list("0123456789０９٣.,，约近达万亿余多以上 \t-x"))


@settings(deadline=None)  # the first Chinese numeral imports cn2an, which takes a second
@given(st.text(_ALPHABET, max_size=10))
@example("万 余")  # the typography joins it: 万余, 10000余
@example("10000亿")  # written right, and too large
@example("万万 ")  # Chinese numerals only, once stripped (as Quantity.parse strips)
@example("万\t余")  # a tab is a space the typography drops, as the pattern allows
@example("万万余")  # a run of magnitudes: a Chinese numeral cn2an refuses, the pattern takes
def test_quantity_pattern_is_what_quantity_parse_accepts(text: str) -> None:
    for pattern, decimal in ((QUANTITY_PATTERN, False), (MEASURE_PATTERN, True)):
        # What the loader hands the model: every value passes the typography first (万 余 is
        # read as 万余), and the schema describes the file as written.
        accepted = too_large = False
        for candidate in {text, normalise(text)}:
            try:
                Quantity.parse(candidate, decimal=decimal)
                accepted = True
            except QuantityError as error:
                too_large = too_large or "数字太大" in str(error)
        # jsonschema applies a pattern with re.search, as here. Arabic numerals exactly, but for
        # their size (10000亿 is written right, and too large); Chinese ones (万 alone is one)
        # cn2an reads: the pattern may take more of them (万万余, which cn2an refuses).
        matched = re.search(pattern, text) is not None
        chinese = has_chinese_numeral(text.strip()) or (
            any(char in "万亿" for char in text) and not any(char.isdigit() for char in text)
        )
        loose = chinese or too_large
        assert matched == accepted or (matched and loose), (text, decimal)


def test_year_pattern_is_what_the_model_accepts() -> None:
    for year in range(1900, 2200):
        for text in (str(year), f"0{year}", f" {year} "):
            try:
                validate({"year": text, "community": {"name": "x"}})
                accepted = True
            except ValueError:
                accepted = False
            assert (re.search(YEAR_PATTERN, text) is not None) == accepted, text


@example("0001-1-0")  # day 0, once read as the 1st
@given(st.text(st.sampled_from(list("0123456789- ")), max_size=12))
def test_date_patterns_are_what_the_model_accepts(text: str) -> None:
    day_ok = month_ok = True
    try:
        validate({"year": 2020, "community": {"name": "x"}, "date": text})
    except ValueError:
        day_ok = False
    try:
        validate(
            {"year": 2020, "community": {"name": "x"}, "activities": [{"title": "t", "date": text}]}
        )
    except ValueError:
        month_ok = False
    # The patterns cannot know the calendar (2021-02-30), so they may accept more, never less.
    if day_ok:
        assert re.search(DATE_PATTERN, text), text
    if month_ok:
        assert re.search(MONTH_DATE_PATTERN, text), text
    for pattern, ok in ((DATE_PATTERN, day_ok), (MONTH_DATE_PATTERN, month_ok)):
        if re.search(pattern, text) and not ok:
            year, month, *day = map(int, re.findall(r"\d+", text))
            with pytest.raises(ValueError):
                dt.date(year, month, day[0] if day else 1)


# The command line: `summary-gen schema` and the schema `init` writes for the editor.


def test_schema_command_prints_the_schema_on_stdout() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json_schema()
    assert result.stderr == ""


def test_init_points_the_data_file_at_a_schema_beside_it(tmp_path: Path) -> None:
    data = tmp_path / "sub" / "data.yaml"
    result = CliRunner().invoke(app, ["init", str(data)])
    assert result.exit_code == 0, result.stderr
    text = data.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    # The path in that line is relative to the data file, as yaml-language-server reads it.
    written = json.loads((data.parent / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert written == json_schema()
    validator = jsonschema.Draft202012Validator(written)
    assert _errors(validator, _editor_load(text)) == []
    # An out-of-date schema is replaced: it is generated, never edited by hand.
    (data.parent / SCHEMA_FILE).write_text("{}", encoding="utf-8")
    data.unlink()
    assert CliRunner().invoke(app, ["init", str(data)]).exit_code == 0
    assert json.loads((data.parent / SCHEMA_FILE).read_text(encoding="utf-8")) == json_schema()


# --- the forms a secretary types: whatever the loader reads, the editor does not mark ----------

_TYPED_ALPHABET = st.sampled_from(
    list("0123456789０５,，.约近达余多以上万亿三十百千两一零户人名次场份元册 x")
)


def _loader_reads(text: str) -> bool:
    try:
        load_text(text, "typed.yaml")
    except DataError:
        return False
    return True


@settings(max_examples=300, deadline=None)  # the first Chinese numeral imports cn2an
@given(data=st.data())
def test_the_schema_accepts_every_count_the_loader_reads(
    validator: jsonschema.Draft202012Validator, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(sorted(COUNT_FIELDS)))
    value = data.draw(
        st.one_of(
            counts(COUNT_FIELDS[path][1]).map(lambda pair: pair[1]),
            st.text(_TYPED_ALPHABET, min_size=1, max_size=8).map(str.strip).filter(bool),
        )
    )
    text = place(path, value)
    if _loader_reads(text):
        assert _errors(validator, _editor_load(text)) == [], (path, value)


@settings(max_examples=100, deadline=None)
@given(day=typed_dates(), month=typed_dates(month_only=True))
def test_the_schema_accepts_every_date_the_loader_reads(
    validator: jsonschema.Draft202012Validator, day: tuple[str, str], month: tuple[str, str]
) -> None:
    text = (
        f"year: 2020\ndate: {day[1]}\ncommunity:\n  name: 城里社区\n"
        f"activities:\n  - title: 讲座\n    date: {month[1]}\n"
    )
    assert _loader_reads(text)
    assert _errors(validator, _editor_load(text)) == []


@pytest.mark.parametrize(
    "topics",
    ["健康教育、环保、消防", "[防诈骗，垃圾分类，健康教育]", "健康教育", "[健康教育, 环保]"],
)
def test_a_list_of_names_may_be_one_line_for_the_editor_too(
    validator: jsonschema.Draft202012Validator, topics: str
) -> None:
    text = MINIMAL_FILE + f"figures:\n  topics: {topics}\n"
    assert _loader_reads(text)
    assert _errors(validator, _editor_load(text)) == []
    # A list of sentences stays a list, for both.
    plans = MINIMAL_FILE + "closing:\n  plans: 继续努力、再创佳绩\n"
    assert not _loader_reads(plans) and _errors(validator, _editor_load(plans))


def test_the_limits_of_text_and_numbers_are_the_schema_s() -> None:
    defs = json_schema()["$defs"]
    title = json_schema()["properties"]["title"]
    assert title["anyOf"][0]["maxLength"] == LIMITS["line"]
    assert defs["Households"]["exclusiveMaximum"] == 10**MAX_DIGITS
