"""The parts of the model behave as frozen dataclasses would: built by keyword with their
defaults, equal by value, shown by their fields, never changed, copied and pickled whole."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from conftest import EXAMPLES
from summary_gen.loader import load_summary
from summary_gen.model import Community, Organisation, Summary, Team


def test_a_part_is_built_by_keyword_with_the_defaults_of_its_fields() -> None:
    team = Team(name="科普志愿者服务队")
    assert (team.name, team.members) == ("科普志愿者服务队", None)
    # A default_factory gives each part a list of its own.
    first, second = Organisation(), Organisation()
    assert first.bases == [] and first.bases is not second.bases
    assert Organisation().leading_group.leader is None


def test_a_part_refuses_a_missing_or_unknown_field() -> None:
    with pytest.raises(TypeError, match="'name'"):
        Team()
    with pytest.raises(TypeError, match="'size'"):
        Team(name="队", size=3)
    with pytest.raises(TypeError):
        Team("队")  # type: ignore[misc]  # keywords only, as the data file names them


def test_parts_are_equal_by_value_and_shown_by_their_fields() -> None:
    assert Team(name="队") == Team(name="队")
    assert Team(name="队") != Team(name="另一队")
    assert Team(name="队") != Community(name="队")
    assert repr(Team(name="队")) == "Team(name='队', members=None)"
    with pytest.raises(TypeError):
        hash(Team(name="队"))  # equal by value and holding lists: no hash, as a dataclass


def test_a_part_cannot_be_changed() -> None:
    team = Team(name="队")
    with pytest.raises(dataclasses.FrozenInstanceError):
        team.name = "别的"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del team.name
    assert team.name == "队"


def test_a_summary_read_from_a_file_copies_and_pickles_whole() -> None:
    summary, _ = load_summary(EXAMPLES / "城里社区.yaml")
    assert copy.deepcopy(summary) == summary
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert dataclasses.replace(summary, year=2021).year == 2021
    assert isinstance(summary, Summary) and dataclasses.is_dataclass(summary)
