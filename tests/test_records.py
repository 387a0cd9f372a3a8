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
from summary_gen.model import Team
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


def test_a_keyword_only_record_and_its_subclasses_refuse_positions() -> None:
    class Named(Record, kw_only=True):
        """Required after defaulted is fine when every field goes by keyword."""

        note: str = ""
        name: str

    class Titled(Named):
        """A subclass keeps keywords only."""

    assert Named(name="a") == Named(note="", name="a")
    with pytest.raises(TypeError, match="keyword"):
        Named("", "a")
    with pytest.raises(TypeError, match="keyword"):
        Titled("", "a")
    with pytest.raises(TypeError, match="keyword"):
        Team("科普志愿者服务队")  # type: ignore[misc]  # the data file's parts go by key


def test_what_a_record_does_not_write_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="follows default"):

        class Unordered(Record):
            """As a dataclass: a field without default may not follow one with a default."""

            a: int = 0
            b: int

    with pytest.raises(TypeError, match="__post_init__"):

        class Checked(Record):
            """A frozen dataclass would call this; a Record does not, so it refuses it."""

            a: int

            def __post_init__(self) -> None:
                pass

    for option in (
        {"compare": False},
        {"repr": False},
        {"init": False},
        {"hash": True},
        {"kw_only": True},
    ):
        with pytest.raises(TypeError, match="options"):

            class Optioned(Record):
                """A field option the shared methods would ignore."""

                a: int = field(default=0, **option)  # type: ignore[call-overload]


def test_a_record_with_its_own_eq_keeps_a_hash_as_a_frozen_dataclass_does() -> None:
    class Loose(Record):
        """Equal whatever the case."""

        word: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose) and self.word.lower() == other.word.lower()

    assert Loose("A") == Loose("a")
    assert hash(Loose("a")) == hash(Loose("a"))


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
