"""Properties of the rules on random small elections (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.methods.pb import Election, election_from_data, tally
from coproduce.methods.pb.analysis import ejr_up_to_one

RULES = ["greedy", "greedy-no-skip", "greedy-per-cost", "phragmen", "max-welfare"]


@st.composite
def elections(draw: st.DrawFn, max_projects: int = 6, max_voters: int = 12) -> Election:
    n_projects = draw(st.integers(1, max_projects))
    budget = draw(st.integers(5, 60))
    costs = draw(st.lists(st.integers(1, 40), min_size=n_projects, max_size=n_projects))
    ids = [f"p{k}" for k in range(n_projects)]
    ballot = st.lists(st.sampled_from(ids), min_size=1, max_size=n_projects, unique=True)
    ballots = draw(st.lists(ballot, min_size=1, max_size=max_voters))
    return election_from_data(
        budget=budget,
        projects=[{"id": i, "cost": c} for i, c in zip(ids, costs, strict=True)],
        ballots=ballots,
    )


def _left_out_fits(election: Election, selected: tuple[str, ...], spent: int) -> list[str]:
    voted = {p for b in election.ballots for p in b.projects}
    return [
        p.id
        for p in election.projects
        if p.id not in selected and p.id in voted and spent + p.cost <= election.budget
    ]


@settings(max_examples=60, deadline=None)
@given(elections())
def test_no_rule_ever_exceeds_the_budget(election: Election) -> None:
    for rule in RULES:
        assert tally(election, rule=rule).cost <= election.budget
    for completion in ("none", "add1", "add1e", "add1u", "budget-increase"):
        outcome = tally(election, rule="equal-shares", completion=completion)
        assert outcome.cost <= election.budget


@settings(max_examples=60, deadline=None)
@given(elections())
def test_greedy_is_exhaustive_over_the_projects_someone_voted_for(election: Election) -> None:
    outcome = tally(election, rule="greedy")
    assert _left_out_fits(election, outcome.selected, outcome.cost) == []
    topped = tally(election, rule="equal-shares", completion="add1u")
    assert _left_out_fits(election, topped.selected, topped.cost) == []


@settings(max_examples=60, deadline=None)
@given(elections(max_projects=5, max_voters=8))
def test_equal_shares_satisfies_ejr_up_to_one_project(election: Election) -> None:
    for utility, by_cost in (("cardinality", False), ("cost", True)):
        outcome = tally(election, rule="equal-shares", utility=utility, completion="none")
        verdict = ejr_up_to_one(election, outcome.selected_set, by_cost=by_cost)
        assert verdict.holds, (utility, verdict)


@settings(max_examples=40, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_the_voters_changes_nothing(election: Election, rng: object) -> None:
    ballots = list(election.ballots)
    rng.shuffle(ballots)  # type: ignore[attr-defined]
    shuffled = election_from_data(
        budget=election.budget,
        projects=[{"id": p.id, "cost": p.cost} for p in election.projects],
        ballots=[list(b.projects) for b in ballots],
    )
    for rule in [*RULES, "equal-shares"]:
        assert tally(election, rule=rule).selected_set == tally(shuffled, rule=rule).selected_set


@settings(max_examples=40, deadline=None)
@given(elections(max_projects=5, max_voters=10))
def test_max_welfare_is_at_least_as_good_as_every_feasible_set(election: Election) -> None:
    outcome = tally(election, rule="max-welfare", utility="cardinality")
    votes = {p.id: sum(p.id in b.projects for b in election.ballots) for p in election.projects}
    best = 0
    for size in range(len(election.projects) + 1):
        for subset in itertools.combinations(election.projects, size):
            if sum(p.cost for p in subset) <= election.budget:
                best = max(best, sum(votes[p.id] for p in subset))
    assert sum(votes[p] for p in outcome.selected) == best


@settings(max_examples=40, deadline=None)
@given(elections())
def test_the_fast_path_agrees_with_exact_arithmetic(election: Election) -> None:
    for completion in ("none", "add1"):
        fast = tally(election, rule="equal-shares", completion=completion)
        exact = tally(election, rule="equal-shares", completion=completion, exact=True)
        assert fast.selected == exact.selected
