"""The JSON Schema of the data file, for editors: ``summary-gen schema`` prints it.

pydantic generates it from the model (:class:`summary_gen.model.Summary`), so it names exactly
the keys the loader accepts, with the parts' Chinese descriptions; each scalar type brings the
fragment that says what its validator accepts (:mod:`summary_gen.model.types`): a quantity is an
integer or a string that :meth:`Quantity.parse <summary_gen.text.quantity.Quantity.parse>` reads
(``300余``, ``约500``, ``2.4万``, and as typed: ``1200户``, ``三百余``, ``1,200``), a date a string
(``2021-03-03``, ``2021年3月3日``, ``2021/3/3``; an activity's also a month), a list of names a
list or one line (``健康教育、环保``): so an editor marks nothing the loader reads.

``summary-gen init`` writes the schema beside the data file as :data:`SCHEMA_FILE` and points the
data file at it with a ``# yaml-language-server:`` first line, which the YAML extension of VS Code
(and every editor using yaml-language-server) reads.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from . import __version__
from .model import Summary

__all__ = ["SCHEMA_FILE", "json_schema", "modeline", "schema_text"]

SCHEMA_FILE = "summary-gen.schema.json"
"""The name ``init`` gives the schema it writes beside a data file."""

SCHEMA_ID = "urn:summary-gen:data-file"


class _Generator(GenerateJsonSchema):
    """pydantic's generator without its English titles ("Households"), for the descriptions are
    the Chinese, and without defaults, which an editor would complete (``households: null``,
    ``topics: []``): a key left out is the default."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def generate(self, schema: Any, mode: Any = "validation") -> dict[str, Any]:
        result = super().generate(schema, mode)
        for part in (result, *result.get("$defs", {}).values()):  # a part's title: its class name
            part.pop("title", None)
        return result

    def default_schema(self, schema: Any) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a data file, with Chinese descriptions."""
    body = Summary.model_json_schema(schema_generator=_Generator)
    defs = body.pop("$defs", {})
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
