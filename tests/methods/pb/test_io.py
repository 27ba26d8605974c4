"""The pabulib format: every shared file parses, round-trips, and bad input names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coproduce.methods.pb import Election, PabulibError, read_pabulib, write_pabulib
from coproduce.methods.pb.election import election_from_data

GOOD = """META
key;value
description;"A test; with a quoted semicolon"
budget;100.50
vote_type;cumulative
num_projects;2
num_votes;2
max_sum_points;5
PROJECTS
project_id;cost;votes;name;category;selected
a;40.25;2;First;green,roads;1
b;60;1;Second;;0
VOTES
voter_id;vote;points;age
1;a,b;3,2;34
2;a;5;
"""


def _broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_every_shared_file_parses(elections: dict[str, Election]) -> None:
    assert len(elections) == 104
    assert all(e.projects and e.ballots for e in elections.values())


def test_every_small_shared_file_reads_back_the_same_after_writing(
    elections: dict[str, Election],
) -> None:
    small = {n: e for n, e in elections.items() if len(e.ballots) <= 12000}
    assert len(small) > 80
    for name, election in small.items():
        assert read_pabulib(write_pabulib(election)) == election, name


@pytest.mark.slow
def test_every_large_shared_file_reads_back_the_same_after_writing(
    elections: dict[str, Election],
) -> None:
    for name, election in elections.items():
        if len(election.ballots) > 12000:
            assert read_pabulib(write_pabulib(election)) == election, name


def test_it_keeps_decimal_money_exact_by_scaling(elections: dict[str, Election]) -> None:
    debniki = elections["Poland_Krakow_2023_Debniki"]
    assert debniki.scale == 100
    assert debniki.budget == 237257124
    assert "budget;2372571.24" in write_pabulib(debniki)


def test_it_reads_points_quoted_fields_categories_and_voter_attributes() -> None:
    election = read_pabulib(GOOD)
    assert election.meta["description"] == "A test; with a quoted semicolon"
    assert election.scale == 100 and election.budget == 10050
    a = election.project("a")
    assert a.cost == 4025 and a.categories == ("green", "roads") and a.selected == 1
    assert election.ballots[0].points == (3, 2)
    assert election.ballots[0].fields["age"] == "34"
    assert read_pabulib(write_pabulib(election)) == election


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("VOTES\n", "", None, "missing section VOTES"),
        ("1;a,b;3,2;34", "1;a,z;3,2;34", 15, "unknown project 'z'"),
        ("b;60;1", "b;sixty;1", 12, "cost is not a number"),
        ("2;a;5;", "1;a;5;", 16, "duplicate voter id"),
        ("1;a,b;3,2;34", "1;a,b;3;34", 15, "2 projects but 1 points"),
        ("b;60;1;Second;;0", "b;60;1;Second;0", 12, "expected 6 fields"),
        ("budget;100.50", "budget;lots", 4, "budget is not a number"),
    ],
)
def test_it_rejects_malformed_input_naming_the_line(
    old: str, new: str, line: int | None, words: str
) -> None:
    with pytest.raises(PabulibError) as caught:
        read_pabulib(_broken(old, new))
    assert words in caught.value.message
    if line is not None:
        assert caught.value.line == line


def test_it_rejects_a_ballot_over_the_max_sum_of_points_when_strict() -> None:
    text = _broken("1;a,b;3,2;34", "1;a,b;3,3;34")
    with pytest.raises(PabulibError) as caught:
        read_pabulib(text, strict=True)
    assert caught.value.line == 15 and "max_sum_points" in caught.value.message
    assert read_pabulib(text).problems == ((15, caught.value.message),)


def test_it_rejects_a_ballot_over_the_max_length_when_strict() -> None:
    text = _broken("max_sum_points;5", "max_length;1")
    with pytest.raises(PabulibError, match="more than max_length"):
        read_pabulib(text, strict=True)


def test_it_lists_the_real_files_that_break_their_own_limits(
    elections: dict[str, Election],
) -> None:
    breaking = {name for name, e in elections.items() if e.problems}
    assert "Poland_Warszawa_2026_Tarchomin" in breaking
    assert len(breaking) < 10


def test_it_reads_a_path_as_well_as_text(pabulib_dir: Path) -> None:
    path = pabulib_dir / "Netherlands_Assen_2024.pb"
    assert read_pabulib(path) == read_pabulib(path.read_text(encoding="utf-8"))


def test_it_builds_an_election_from_plain_data() -> None:
    election = election_from_data(
        budget=100,
        projects=[{"id": "x", "cost": 60, "name": "X"}, {"id": "y", "cost": 50}],
        ballots=[["x"], ["x", "y"], ["y"]],
    )
    assert election.vote_type == "approval" and len(election.ballots) == 3
    assert read_pabulib(write_pabulib(election)) == election


def test_it_rejects_plain_data_naming_an_unknown_project() -> None:
    with pytest.raises(PabulibError, match="unknown project 'q'"):
        election_from_data(budget=10, projects=[{"id": "x", "cost": 5}], ballots=[["q"]])


def test_it_rejects_plain_data_with_a_negative_cost() -> None:
    with pytest.raises(PabulibError, match="non-negative integer"):
        election_from_data(budget=10, projects=[{"id": "x", "cost": -5}], ballots=[])
