"""Real elections: the Equal Shares cities are reproduced exactly, and the declared rules of
the other files are checked against the outcome the city announced (``selected``)."""

from __future__ import annotations

import pytest

from coproduce.methods.pb import Election, tally
from coproduce.methods.pb.checks import check_election, reproduces_selected


def _announced(election: Election) -> set[str]:
    return {p.id for p in election.projects if p.selected in (1, 2)}


def test_assen_2024_is_reproduced_by_equal_shares_with_add1(assen: Election) -> None:
    assert assen.rule == "equalshares/add1"
    outcome = tally(assen)
    assert set(outcome.selected) == _announced(assen)
    assert outcome.details["completion"] == "add1"


def test_wieliczka_2023_is_reproduced_by_add1_with_the_comparison_step(wieliczka: Election) -> None:
    outcome = tally(wieliczka)
    assert set(outcome.selected) == _announced(wieliczka)
    assert len(outcome.selected) == 30
    counts = outcome.details["comparison"]
    assert counts["prefer_equal_shares"] >= counts["prefer_greedy"]


def test_wieliczka_under_add1e_funds_31_projects_where_the_city_funded_30(
    wieliczka: Election,
) -> None:
    outcome = tally(wieliczka, rule="equal-shares", completion="add1e", comparison="none")
    assert len(outcome.selected) == 31
    assert set(outcome.selected) != _announced(wieliczka)


def test_without_a_completion_equal_shares_underspends_in_assen(assen: Election) -> None:
    plain = tally(assen, rule="equal-shares", completion="none")
    assert plain.cost < tally(assen).cost <= assen.budget


SMALL_GREEDY_CITIES = [
    "Poland_Warszawa_2017_Ursus_Poludniowy",
    "Poland_Krakow_2020_Zwierzyniec",
    "Poland_Krakow_2023_Nowa_Huta",
    "Poland_Katowice_2022_Koszutka",
    "Poland_Gdynia_2024_Pogorze__small",
    "Poland_Gdynia_2023_Redlowo__small",
    "Poland_Lodz_2024_Ruda",
    "Poland_Katowice_2021_Podlesie",
    "Poland_Poznan_2026_3_-_Piatkowo_Polnoc_Piatkowo__large",
    "Poland_Warszawa_2018_Nowolipki__Powazki",
]


@pytest.mark.parametrize("name", SMALL_GREEDY_CITIES)
def test_the_declared_greedy_variant_reproduces_what_the_city_announced(
    elections: dict[str, Election], name: str
) -> None:
    assert reproduces_selected(elections[name]) is True


def test_every_file_with_a_declared_rule_we_run_is_reproduced_by_it(
    elections: dict[str, Election],
) -> None:
    verdicts = {
        name: reproduces_selected(e)
        for name, e in elections.items()
        if len(e.ballots) <= 15000 and e.rule.startswith(("greedy", "equalshares"))
    }
    judged = [v for v in verdicts.values() if v is not None]
    assert len(judged) >= 30
    assert all(judged), {name: v for name, v in verdicts.items() if v is False}


def test_the_checker_finds_nothing_wrong_with_assen(assen: Election) -> None:
    assert check_election(assen) == []


def test_the_checker_reports_ballots_that_break_the_declared_limits(
    elections: dict[str, Election],
) -> None:
    problems = check_election(elections["Poland_Warszawa_2026_Tarchomin"])
    assert any(line == 135 and "twice" in message for line, message in problems)
