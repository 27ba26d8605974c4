"""Explanations a resident can read, and the analysis of any outcome."""

from __future__ import annotations

from coproduce.methods.pb import Election, election_from_data, tally
from coproduce.methods.pb.analysis import analyse, ejr_up_to_one
from coproduce.methods.pb.explain import explain


def test_every_project_gets_a_sentence_under_every_rule(assen: Election) -> None:
    for rule in ("greedy", "equal-shares", "phragmen", "max-welfare", "greedy-no-skip"):
        outcome = tally(assen, rule=rule)
        reasons = explain(assen, outcome)
        assert set(reasons) == {p.id for p in assen.projects}
        assert all(r.sentence.startswith(("Funded", "Not funded")) for r in reasons.values())
        assert {p for p, r in reasons.items() if r.selected} == outcome.selected_set


def test_equal_shares_says_what_supporters_paid_and_where_their_money_went(assen: Election) -> None:
    outcome = tally(assen)
    reasons = explain(assen, outcome)
    funded = reasons[outcome.selected[0]]
    assert funded.data["max_paid"] > 0 and "each paying at most" in funded.sentence
    left_out = reasons["8"]
    assert left_out.data["money_left"] < left_out.data["cost"]
    assert "spent their shares on" in left_out.sentence
    assert sum(left_out.data["spent_on"].values()) > 0


def test_greedy_names_the_project_it_did_not_fit_beside(assen: Election) -> None:
    reasons = explain(assen, tally(assen, rule="greedy"))
    assert "did not fit beside" in reasons["1"].sentence


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
