"""A Record behaves as a frozen dataclass would: built by position or keyword with its fields'
defaults, equal and hashed by value, shown by its fields, never changed, copied and pickled
whole; and it is a dataclass to the dataclasses module."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from conftest import EXAMPLES
from summary_gen.loader import load_summary
from summary_gen.records import Record


class Point(Record):
    """A record for the tests."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


def test_a_record_is_built_by_position_or_keyword_with_its_defaults() -> None:
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, [])
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    # A default_factory gives each record a list of its own.
    assert Point(1).tags is not Point(1).tags


def test_a_record_refuses_a_missing_unknown_or_doubled_field() -> None:
    with pytest.raises(TypeError, match="'x'"):
        Point()
    with pytest.raises(TypeError, match="'z'"):
        Point(1, z=3)
    with pytest.raises(TypeError, match="'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError):
        Point(1, 2, [], 4)


def test_records_are_equal_and_hashed_by_value_and_shown_by_their_fields() -> None:
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != (1, 0, [])  # another type is never equal
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    assert repr(Point(1, 2)) == repr(
        dataclasses.make_dataclass("Point", ["x", "y", "tags"])(1, 2, [])
    )

    class Pair(Record):
        """Without a list: hashable, as a frozen dataclass is."""

        a: int
        b: str

    assert hash(Pair(1, "x")) == hash(Pair(1, "x"))
    assert len({Pair(1, "x"), Pair(1, "x"), Pair(2, "x")}) == 2
    with pytest.raises(TypeError):
        hash(Point(1))  # a list inside cannot be hashed


def test_a_record_cannot_be_changed() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    assert point.x == 1


def test_a_record_is_a_dataclass_and_copies_and_pickles_whole() -> None:
    point = Point(1, 2, ["a"])
    assert [item.name for item in dataclasses.fields(point)] == ["x", "y", "tags"]
    assert dataclasses.asdict(point) == {"x": 1, "y": 2, "tags": ["a"]}
    assert dataclasses.replace(point, y=5) == Point(1, 5, ["a"])
    copied = copy.deepcopy(point)
    assert copied == point and copied.tags is not point.tags
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_summary_read_from_a_file_copies_and_pickles_whole() -> None:
    summary, _ = load_summary(EXAMPLES / "城里社区.yaml")
    assert copy.deepcopy(summary) == summary
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert dataclasses.replace(summary, year=2021).year == 2021
