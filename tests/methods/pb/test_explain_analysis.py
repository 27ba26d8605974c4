"""Explanations as codes with their numbers, English sentences, and the analysis of an outcome."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from coproduce.methods.pb import (
    COMPARISONS,
    COMPLETIONS,
    RULES,
    Code,
    Election,
    Explanation,
    RuleError,
    election_from_data,
    explain,
    explain_outcome,
    sentence,
    tally,
)
from coproduce.methods.pb.analysis import analyse, ejr_up_to_one
from coproduce.methods.pb.explain import NUMBERS

# The files whose 21 rule × completion × comparison runs take longest (Budapest 2024 about
# 90 s, the others 8-16 s; all the other files together about 60 s): the slow leg's.
LARGEST = {
    "Hungary_Budapest_2024",
    "Poland_Warszawa_2023_Mokotow",
    "Poland_Warszawa_2026",
    "Poland_Lodz_2022",
    "Poland_Krakow_2024",
}


def test_every_project_gets_a_code_under_every_rule(assen: Election) -> None:
    for rule in RULES:
        outcome = tally(assen, rule=rule)
        reasons = explain(assen, outcome)
        assert list(reasons) == [p.id for p in assen.projects]
        assert {p for p, r in reasons.items() if r.selected} == outcome.selected_set
        assert all(isinstance(r.code, Code) and r.project == p for p, r in reasons.items())


def test_explanations_are_frozen_records_of_plain_numbers(assen: Election) -> None:
    why = explain(assen, tally(assen))["8"]
    with pytest.raises(AttributeError):
        why.code = Code.FITS  # type: ignore[misc]
    as_json = json.loads(json.dumps({"code": why.code, "numbers": why.numbers}))
    assert as_json["code"] == "supporters_out_of_money"
    assert set(NUMBERS[why.code]) <= set(as_json["numbers"])


def test_equal_shares_says_what_supporters_paid_and_where_their_money_went(assen: Election) -> None:
    outcome = tally(assen)
    reasons = explain(assen, outcome)
    funded = reasons[outcome.selected[0]]
    assert funded.code == Code.SHARES_PAID and funded.numbers["max_paid"] > 0
    assert "each paying at most" in sentence(assen, funded)
    left_out = reasons["8"]
    assert left_out.numbers["money_left"] < left_out.numbers["cost"]
    assert left_out.projects and set(left_out.projects) <= outcome.selected_set
    assert "spent their shares on" in sentence(assen, left_out)


def test_greedy_names_the_project_it_did_not_fit_beside(assen: Election) -> None:
    outcome = tally(assen, rule="greedy")
    why = explain(assen, outcome)["1"]
    assert why.code == Code.DOES_NOT_FIT and why.projects[0] in outcome.selected_set
    assert why.numbers["left"] < why.numbers["cost"]
    assert "did not fit beside" in sentence(assen, why)


def test_the_outcome_notes_say_how_equal_shares_was_completed_and_compared(
    wieliczka: Election,
) -> None:
    raised, compared = explain_outcome(wieliczka, tally(wieliczka))
    assert raised.code == Code.SHARES_RAISED and raised.numbers["step"] == wieliczka.scale
    assert raised.numbers["per_voter"] > raised.numbers["start"]
    assert compared.code == Code.COMPARISON_KEPT
    assert compared.numbers == {"prefer_equal_shares": 1576, "prefer_greedy": 1050}
    assert sentence(wieliczka, compared).startswith("1,576 voters preferred the Equal Shares")
    assert explain_outcome(wieliczka, tally(wieliczka, rule="greedy")) == ()


def test_when_the_comparison_switches_to_greedy_the_projects_get_greedy_reasons(
    assen: Election,
) -> None:
    outcome = tally(assen, comparison="satisfaction")
    assert outcome.details["switched_to_greedy"] is True
    codes = {x.code for x in explain(assen, outcome).values()}
    assert Code.FITS in codes and Code.SHARES_PAID not in codes
    assert explain_outcome(assen, outcome)[-1].code == Code.COMPARISON_SWITCHED


def test_a_greedy_top_up_is_counted_in_the_notes(assen: Election) -> None:
    outcome = tally(assen, rule="equal-shares", completion="utilitarian")
    notes = explain_outcome(assen, outcome)
    assert [n.code for n in notes] == [Code.SPLIT_EQUALLY, Code.TOPPED_UP]
    topped = [x for x in explain(assen, outcome).values() if x.code == Code.GREEDY_COMPLETION]
    assert notes[1].numbers["count"] == len(topped)


def _explained(election: Election) -> Iterator[tuple[str, Explanation]]:
    for rule in RULES:
        fills = COMPLETIONS if rule == "equal-shares" else (None,)
        checks = COMPARISONS if rule == "equal-shares" else (None,)
        for completion in fills:
            for comparison in checks:
                try:
                    outcome = tally(
                        election, rule=rule, completion=completion, comparison=comparison
                    )
                except RuleError:
                    assert rule == "phragmen" and election.vote_type not in ("approval", "choose-1")
                    continue
                label = f"{rule}/{completion}/{comparison}"
                reasons = explain(election, outcome)
                assert {p for p, r in reasons.items() if r.selected} == outcome.selected_set
                for x in (*reasons.values(), *explain_outcome(election, outcome)):
                    yield label, x


def _every_explanation_is_complete(elections: dict[str, Election], names: list[str]) -> None:
    for name in names:
        for label, x in _explained(elections[name]):
            assert set(NUMBERS[x.code]) <= set(x.numbers), (name, label, x)
            assert sentence(elections[name], x), (name, label, x)


def test_every_rule_completion_and_comparison_explains_every_shared_file(
    elections: dict[str, Election],
) -> None:
    _every_explanation_is_complete(elections, sorted(set(elections) - LARGEST))


@pytest.mark.slow
def test_every_rule_completion_and_comparison_explains_the_largest_shared_files(
    elections: dict[str, Election],
) -> None:
    _every_explanation_is_complete(elections, sorted(LARGEST))


def test_the_analysis_counts_voters_with_a_winner_and_their_satisfaction(assen: Election) -> None:
    report = analyse(assen, tally(assen))
    assert 0 < report["share_with_a_winner"] <= 1
    assert sum(report["satisfaction_distribution"].values()) == len(assen.ballots)
    assert [w["project"] for w in report["winners"]] == list(tally(assen).selected)


def test_ejr_up_to_one_fails_for_greedy_with_a_counterexample_group() -> None:
    # 6 of 10 voters want the expensive project; 4 want two cheap ones and deserve 40
    election = election_from_data(
        budget=100,
        projects=[{"id": "big", "cost": 100}, {"id": "x", "cost": 20}, {"id": "y", "cost": 20}],
        ballots=[["big"]] * 6 + [["x", "y"]] * 4,
    )
    greedy = tally(election, rule="greedy")
    assert greedy.selected == ("big",)
    verdict = ejr_up_to_one(election, greedy.selected_set)
    assert not verdict.holds and verdict.complete
    assert set(verdict.projects) <= {"x", "y"} and len(verdict.voters) == 4
    fair = tally(election, rule="equal-shares", completion="none", utility="cardinality")
    assert ejr_up_to_one(election, fair.selected_set).holds
