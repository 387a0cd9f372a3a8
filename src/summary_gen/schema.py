"""The JSON Schema of the data file, for editors: ``summary-gen schema`` prints it.

It is generated from the pydantic model (:mod:`summary_gen.model`), so it names exactly the keys
the loader accepts, with the model's Chinese descriptions. Where the model reads text through a
validator of its own, the schema says what that validator accepts: a quantity is an integer or a
string that :meth:`Quantity.parse <summary_gen.quantity.Quantity.parse>` reads (``300余``,
``约500``, ``2.4万``), a date a ``YYYY-MM-DD`` string (an activity's also ``YYYY-MM``).

Editors read YAML as YAML 1.2 (``2021-03-03`` is a string there, not a date), which is why dates
are string patterns. ``summary-gen init`` writes the schema beside the data file as
:data:`SCHEMA_FILE` and points the data file at it with a ``# yaml-language-server:`` first line,
which the YAML extension of VS Code (and every editor using yaml-language-server) reads.
"""

from __future__ import annotations

import json
import re
from typing import Any, get_args

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from . import __version__
from .model import (
    YEAR_RANGE,
    DateValue,
    MeasureValue,
    MonthDate,
    QuantityValue,
    Summary,
    YearValue,
)
from .quantity import PREFIXES, SUFFIXES

__all__ = [
    "DATE_PATTERN",
    "MEASURE_PATTERN",
    "MONTH_DATE_PATTERN",
    "QUANTITY_PATTERN",
    "SCHEMA_FILE",
    "YEAR_PATTERN",
    "json_schema",
    "modeline",
    "schema_text",
]

SCHEMA_FILE = "summary-gen.schema.json"
"""The name ``init`` gives the schema it writes beside a data file."""

SCHEMA_ID = "urn:summary-gen:data-file"

# Quantity.parse strips the text, then drops every comma (3,000 or 3，000) before it matches:
# so a comma may stand anywhere inside, and spaces only around the whole.
_COMMAS = "[,，]*"
# Quantity.parse takes ASCII and full-width digits (the latter made half-width), no other
# script's: [0-9], as Python's \d would take ٣ and an editor's ECMAScript \d would not take ３.
_DIGITS = rf"[0-9０-９](?:{_COMMAS}[0-9０-９])*"


def _choice(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(_COMMAS.join(map(re.escape, word)) for word in words) + ")"


def _quantity_pattern(*, decimal: bool) -> str:
    c = _COMMAS
    prefix, suffix = f"(?:{_choice(PREFIXES)}{c})?", f"(?:{c}{_choice(SUFFIXES)})?"
    fraction = rf"(?:{c}\.{c}{_DIGITS})?"
    alternatives = [
        f"{prefix}{_DIGITS}{suffix}",  # 300, 300余, 约500, 20以上
        f"{prefix}{_DIGITS}{fraction}{c}[万亿]{suffix}",  # 2.4万, 1.5万余
    ]
    if decimal:
        alternatives.append(rf"{_DIGITS}{c}\.{c}{_DIGITS}")  # a measure: 38.5
    return rf"^\s*{c}(?:{'|'.join(alternatives)}){c}\s*$"


QUANTITY_PATTERN = _quantity_pattern(decimal=False)
"""What :meth:`Quantity.parse` accepts as text for a count."""

MEASURE_PATTERN = _quantity_pattern(decimal=True)
"""What :meth:`Quantity.parse` accepts as text for a measure (``decimal=True``)."""

_MONTH = "(?:0?[1-9]|1[0-2])"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = rf"^\s*[0-9]{{4}}-{_MONTH}-{_DAY}\s*$"
"""A day: 2021-03-03 (one-digit months and days too, as YAML 1.1 allows)."""

MONTH_DATE_PATTERN = rf"^\s*[0-9]{{4}}-{_MONTH}(?:-{_DAY})?\s*$"
"""An activity's date: a day or only a month (2020-07)."""

YEAR_PATTERN = r"^\s*0{0,2}(?:1949|19[5-9][0-9]|20[0-9]{2}|2100)\s*$"
"""A year in :data:`~summary_gen.model.YEAR_RANGE` written as a string ("2020")."""

# One schema with two types rather than anyOf (minimum applies to numbers, pattern to strings):
# editors then report the pattern's own message for "三百" instead of "expected integer".
# patternErrorMessage is the message VS Code and yaml-language-server show; validators ignore it.
_QUANTITY_DEF = {
    "description": "数量：整数，或带一个限定词的数字，如 300、300余、8600多、20以上、约500、2.4万",
    "type": ["integer", "string"],
    "minimum": 1,  # a count of 0 is refused: the sentence is dropped by leaving the key out
    "pattern": QUANTITY_PATTERN,
    "patternErrorMessage": "应写阿拉伯数字，可带一个限定词：300、300余、8600多、20以上、约500、2.4万",
}
_MEASURE_DEF = {
    "description": "数值：数量或小数，如 38.5、300余、2.4万",
    "type": ["number", "string"],
    "minimum": 0,
    "pattern": MEASURE_PATTERN,
    "patternErrorMessage": "应写阿拉伯数字或小数，可带一个限定词：38.5、300余、2.4万",
}
_DATE_MESSAGE = "日期应写成 YYYY-MM-DD，例如 2021-03-03"

# Descriptions the model's docstrings do not give in Chinese (pydantic takes a model's
# docstring as its description), and the top-level groups that have no Field description.
_MODEL_DESCRIPTIONS = {"ExtraFact": "其他情况或数字，如“行政村 13 个”“绿化覆盖率 38.5 %”"}
_FIELD_DESCRIPTIONS = {
    "community": "社区基本情况（必填）",
    "organisation": "一、组织机构",
    "facilities": "二、经费投入与阵地建设",
    "activities": "三、全年开展的活动，每项一条",
    "figures": "全年数字",
    "participation": "四、发动居民参与",
    "closing": "结尾：体会、存在的问题、下一步打算",
    "sections": "改写某一部分的标题，或在其后追加自己的段落",
}

_MARK = "x-summary-gen"  # marks a place to fill in after pydantic is done


def _validator_of(annotated: Any) -> Any:
    return get_args(annotated)[1].func


_QUANTITY_PARSE = _validator_of(QuantityValue)
_MEASURE_PARSE = _validator_of(MeasureValue)
_DATE_PARSE = _validator_of(DateValue)
_YEAR_PARSE = _validator_of(YearValue)


class _Generator(GenerateJsonSchema):
    """pydantic's generator, told what the model's own validators accept."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> dict[str, Any]:
        function = schema["function"]["function"]
        if function == _QUANTITY_PARSE:
            return {_MARK: "Quantity"}
        if function == _MEASURE_PARSE:
            return {_MARK: "Measure"}
        if function == _DATE_PARSE:
            return {"type": "string", "pattern": DATE_PATTERN, "patternErrorMessage": _DATE_MESSAGE}
        if function == _YEAR_PARSE:
            low, high = YEAR_RANGE
            return {
                "type": ["integer", "string"],
                "minimum": low,
                "maximum": high,
                "pattern": YEAR_PATTERN,
                "patternErrorMessage": f"应为 {low}—{high} 之间的年份，例如 2020",
            }
        return super().function_before_schema(schema)

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        if schema["cls"] is MonthDate:
            return {
                "type": "string",
                "pattern": MONTH_DATE_PATTERN,
                "patternErrorMessage": "日期应写成 YYYY-MM-DD 或 YYYY-MM，例如 2021-03-03 或 2021-03",
                "description": "日期：YYYY-MM-DD，或只写到月 YYYY-MM",
            }
        result = super().model_schema(schema)
        name = schema["cls"].__name__
        if name in _MODEL_DESCRIPTIONS:
            result["description"] = _MODEL_DESCRIPTIONS[name]
        return result

    def str_schema(self, schema: core_schema.StringSchema) -> dict[str, Any]:
        result = super().str_schema(schema)
        if schema.get("strip_whitespace") and schema.get("min_length"):
            # The model strips first: only blanks count as empty.
            result["pattern"] = r"\S"
        # The loader keeps every scalar as the text typed, so `name: 123` is the text "123";
        # an editor reads it as a number. Both are valid (minLength and pattern concern strings).
        result["type"] = ["string", "number", "boolean"]
        return result


def _tidy(node: Any) -> Any:
    """Fill in the marks; drop pydantic's English titles and its ``default: null`` (an editor
    would complete ``households: null``)."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    if _MARK in node:
        return {"$ref": f"#/$defs/{node[_MARK]}"}
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" or (key == "default" and value is None):
            continue
        if key in ("properties", "$defs"):
            # Maps of names: a property may be called "title" itself.
            result[key] = {name: _tidy(child) for name, child in value.items()}
        else:
            result[key] = _tidy(value)
    return result


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a data file, with Chinese descriptions."""
    generated = Summary.model_json_schema(schema_generator=_Generator)
    body = _tidy(generated)
    for name, description in _FIELD_DESCRIPTIONS.items():
        body["properties"][name].setdefault("description", description)
    defs = body.pop("$defs", {})
    defs.pop("Quantity", None)  # the dataclass as pydantic sees it; never written in a file
    defs["Quantity"] = _QUANTITY_DEF
    defs["Measure"] = _MEASURE_DEF
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"summary-gen 数据文件（{__version__}）",
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as ``summary-gen schema`` prints it: JSON, Chinese unescaped, indented."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def modeline(schema_path: str = SCHEMA_FILE) -> str:
    """The first line of a data file that tells yaml-language-server where its schema is
    (a path relative to the data file, or a URL)."""
    return f"# yaml-language-server: $schema={schema_path}\n"
