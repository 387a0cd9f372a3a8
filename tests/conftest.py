"""Shared fixtures and the ``--update-golden`` option.

``pytest --update-golden`` rewrites the expected outputs in ``tests/golden/`` from the current
renderer; read the diff before committing it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="重写 tests/golden/ 下的期望输出（golden files）",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite the golden files."""
    return bool(request.config.getoption("--update-golden"))


def example_data() -> dict[str, Any]:
    """The bundled example (examples/城里社区.yaml) as plain YAML data."""
    with (EXAMPLES / "城里社区.yaml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def full_data() -> dict[str, Any]:
    """The example with every optional key of the data format filled in, so that dropping one
    key at a time reaches every branch of the templates."""
    data = copy.deepcopy(example_data())
    data["template"] = "kepu"
    data["title"] = "兴安街道城里社区2020年创建科普示范社区工作总结"
    data["signatory"] = "兴安街道城里社区居民委员会"
    data["community"].update(
        households="2600多",
        population="8600余",
        area_km2=1.2,
        extra=[{"label": "居民小区", "value": 12, "unit": "个"}],
    )
    data["organisation"]["teams"] = [
        {"name": "社区科普宣传员队伍", "members": 12},
        {"name": "科普志愿者服务队", "members": "30余"},
    ]
    data["organisation"]["bases"].append("社区科普活动室")
    data["facilities"]["funding"] = {"self_raised": 5000, "grants": "1.2万"}
    data["activities"] += [
        {
            "title": "防灾减灾知识竞赛",
            "kind": "竞赛",
            "date": "2020-05-12",
            "participants": "约80",
            "partner": "辖区中学",
            "audience": "居民代表",
            "description": "提高居民的防灾避险能力",
        },
        {
            "title": "少儿科学小实验",
            "kind": "培训",
            "date": "2020-07",
            "participants": 40,
            "audience": "辖区少年儿童",
        },
        {"title": "重阳敬老文艺汇演", "kind": "文艺演出", "date": "2020-10-25"},
    ]
    data["figures"]["extra"] = [{"label": "绿化覆盖率", "value": 38.5, "unit": "%"}]
    data["participation"].update(volunteers="40余", partners=["辖区中学", "市消防中队"])
    data["closing"]["problems"] = ["科普活动场地面积偏小", "居民参与的广度还不够"]
    data["sections"] = {
        "organisation": {"heading": "加强组织领导", "extra": ["社区还建立了科普工作例会制度"]},
        "facilities": {"heading": "加强阵地建设", "extra": ["阵地建设得到了居民的好评。"]},
        "activities": {
            "heading": "开展科普活动",
            "extra": ["从规模上看，活动内容更加丰富多彩，科技含量更高。"],
        },
        "participation": {"heading": "发动居民参与", "extra": ["居民参与科普的热情明显提高"]},
    }
    return data


REQUIRED_PATHS = frozenset({("year",), ("community",), ("community", "name")})


def optional_paths(
    data: Any, path: tuple[Any, ...] = (), required: frozenset = REQUIRED_PATHS
) -> Iterator[tuple[Any, ...]]:
    """Every key and list item below the top, except those the format (or ``required``)
    needs: the places a test may drop one at a time."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if here not in required and key not in ("label", "value", "name", "title"):
                yield here
            yield from optional_paths(value, here, required)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*path, index)
            yield from optional_paths(value, (*path, index), required)


def without(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """A deep copy of ``data`` with the key or list item at ``path`` removed."""
    data = copy.deepcopy(data)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data
