"""The rules on small elections whose outcome can be worked out by hand."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from coproduce.methods.pb import RuleError, election_from_data, tally
from coproduce.methods.pb.election import Election
from coproduce.methods.pb.profile import compile_profile
from coproduce.methods.pb.rules.equal_shares import equal_shares_run
from coproduce.methods.pb.rules.mes_exact import _price as exact_price
from coproduce.methods.pb.rules.mes_exact import mes_exact_run
from coproduce.methods.pb.rules.mes_fast import FastSetup, NearTie, mes_fast_run, price
from coproduce.methods.pb.tiebreak import tie_ranks


def _election(budget: int, costs: dict[str, int], ballots: list[list[str]]) -> Election:
    return election_from_data(
        budget=budget,
        projects=[{"id": pid, "cost": cost} for pid, cost in costs.items()],
        ballots=ballots,
    )


@pytest.fixture
def skewed() -> Election:
    # 'big' is the most popular but expensive; greedy spends on it, proportional rules do not
    return _election(
        100,
        {"big": 80, "a": 30, "b": 30, "c": 20, "nobody": 5},
        [["big", "a"]] * 6 + [["big"]] * 5 + [["b", "c"]] * 8 + [["b"]],
    )


def test_greedy_funds_by_votes_and_skips_what_does_not_fit(skewed: Election) -> None:
    outcome = tally(skewed, rule="greedy")
    assert outcome.selected == ("big", "c")
    reasons = {d.project: d.reason for d in outcome.decisions}
    assert reasons["b"] == "does_not_fit" and reasons["nobody"] == "no_support"


def test_greedy_without_skipping_stops_at_the_first_project_that_does_not_fit(
    skewed: Election,
) -> None:
    assert tally(skewed, rule="greedy-no-skip").selected == ("big",)


def test_pabutools_greedy_also_funds_projects_nobody_voted_for() -> None:
    election = _election(10, {"x": 3, "y": 3}, [["x"]])
    assert tally(election, rule="greedy").selected == ("x",)
    assert tally(election, rule="greedy", compat="pabutools").selected == ("x", "y")


def test_greedy_per_cost_prefers_cheap_popular_projects(skewed: Election) -> None:
    assert tally(skewed, rule="greedy-per-cost").selected == ("c", "b", "a")


def test_poznan_rule_funds_the_next_project_from_the_reserve_when_80_percent_is_left() -> None:
    election = _election(100, {"x": 50, "y": 55, "z": 10}, [["x"]] * 3 + [["y"]] * 2 + [["z"]])
    assert tally(election, rule="greedy-reserve").selected == ("x", "y")
    tighter = _election(100, {"x": 50, "y": 70, "z": 10}, [["x"]] * 3 + [["y"]] * 2 + [["z"]])
    assert tally(tighter, rule="greedy-reserve").selected == ("x",)


def test_the_threshold_variant_passes_over_projects_below_the_declared_score() -> None:
    election = election_from_data(
        budget=100,
        projects=[{"id": "x", "cost": 10}, {"id": "y", "cost": 10}],
        ballots=[["x"], ["x"], ["y"]],
        meta={"min_project_score_threshold": "2"},
    )
    assert tally(election, rule="greedy-threshold").selected == ("x",)


def test_equal_shares_gives_each_group_its_share(skewed: Election) -> None:
    # each voter owns 5: big's 11 supporters own 55 < 80; b's 9 pay 3.33 each, which leaves
    # c's 8 supporters 13.33 < 20; a's 6 supporters own exactly its 30
    outcome = tally(skewed, rule="equal-shares", completion="none")
    assert outcome.selected == ("b", "a")


def test_equal_shares_breaks_ties_by_lower_cost_then_more_votes_by_default() -> None:
    # every voter owns 10; p, q and r all cost 5 per unit of satisfaction at first
    election = _election(30, {"p": 10, "q": 10, "r": 5}, [["p"], ["q"], ["p", "q", "r"]])
    options = {"rule": "equal-shares", "completion": "none", "utility": "cardinality"}
    assert tally(election, **options).selected == ("r", "p", "q")  # type: ignore[arg-type]
    by_id = tally(election, tie_break="id", **options)  # type: ignore[arg-type]
    assert by_id.selected == ("p", "q")


def test_add1_keeps_the_last_budget_that_does_not_overspend(assen: Election) -> None:
    outcome = tally(assen, rule="equal-shares", completion="add1")
    assert outcome.cost <= assen.budget
    one_more = Fraction(outcome.details["per_voter_budget_exact"]) + 1
    profile = compile_profile(assen, "cost")
    run = mes_exact_run(profile, one_more, tie_ranks(profile, "cost-votes"))
    assert sum(int(profile.costs[j]) for j in run.selected) > assen.budget


def test_phragmen_passes_over_what_does_not_fit_but_pabutools_stops(skewed: Election) -> None:
    ours = tally(skewed, rule="phragmen")
    theirs = tally(skewed, rule="phragmen", compat="pabutools")
    assert ours.cost <= skewed.budget and theirs.cost <= skewed.budget
    assert set(theirs.selected) <= set(ours.selected) | {"nobody"}


def test_max_welfare_finds_the_best_knapsack() -> None:
    election = _election(10, {"x": 6, "y": 5, "z": 5}, [["x"]] * 5 + [["y"]] * 3 + [["z"]] * 3)
    assert set(tally(election, rule="max-welfare", utility="cardinality").selected) == {"y", "z"}


@pytest.mark.parametrize("rule", ["tombola", "phragmen"])
def test_it_refuses_an_unknown_or_unsuitable_rule(rule: str) -> None:
    ranked = election_from_data(
        budget=10, projects=[{"id": "x", "cost": 5}], ballots=[["x"]], vote_type="ordinal"
    )
    with pytest.raises(RuleError):
        tally(ranked, rule=rule)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024",
        "Poland_Gdansk_2020_Jasien",
        "Poland_Krakow_2020_Zwierzyniec",
        "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_approvals",
        "Switzerland_Zurich_S5D10",
    ],
)
def test_the_fast_path_equals_exact_arithmetic_at_many_budgets(
    elections: dict[str, Election], name: str
) -> None:
    election = elections[name]
    utility = {"ordinal": "borda", "cumulative": "points"}.get(election.vote_type, "cost")
    profile = compile_profile(election, utility)  # type: ignore[arg-type]
    ranks = tie_ranks(profile, "cost-votes")
    setup = FastSetup.of(profile, ranks)
    start = Fraction(profile.budget, profile.n_voters)
    for extra in (0, 1, 7, 50, 333):
        per_voter = start + extra * profile.scale
        fast = mes_fast_run(setup, per_voter).selected
        assert fast == mes_exact_run(profile, per_voter, ranks).selected, (name, extra)


def _random_election(seed: int, voters: int, projects: int, budget: int) -> Election:
    rng = random.Random(seed)
    costs = {f"p{k}": rng.randint(1, budget // 3) for k in range(projects)}
    ballots = [rng.sample(sorted(costs), rng.randint(1, 4)) for _ in range(voters)]
    return _election(budget, costs, ballots)


@pytest.mark.parametrize("completion", ["add1", "add1e", "add1u", "budget-increase", "utilitarian"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_completion_agrees_with_exact_arithmetic(completion: str, seed: int) -> None:
    election = _random_election(seed, voters=60, projects=12, budget=3000)
    fast = tally(election, rule="equal-shares", completion=completion)
    exact = tally(election, rule="equal-shares", completion=completion, exact=True)
    assert fast.selected == exact.selected
    assert fast.cost <= election.budget


@pytest.mark.parametrize("seed", range(6))
def test_the_water_filling_price_is_the_exact_price(seed: int) -> None:
    rng = np.random.default_rng(seed)
    election = _random_election(seed, voters=200, projects=8, budget=5000)
    profile = compile_profile(election, "cost")
    setup = FastSetup.of(profile, tie_ranks(profile, "cost-votes"))
    weights = profile.weights.tolist()
    checked = 0
    for _ in range(40):
        # skewed money: many supporters poor, so several rounds of water-filling are needed
        left = rng.choice([0.0, 1.0, 5.0, 30.0, 400.0], size=len(weights)) * rng.random()
        exact_left = [Fraction(x) for x in left.tolist()]
        for j in setup.priced.tolist():
            groups, utils = (a.tolist() for a in profile.supporters(j))
            expected = exact_price(int(profile.costs[j]), groups, utils, weights, exact_left)
            # searching from any lower bound on the price (what a run knows) ends at the same
            lower = 0.0 if expected is None else float(expected) * float(rng.random())
            for start in (0.0, lower):
                try:
                    priced = price(setup, left, j, start)
                except NearTie:
                    continue
                if expected is None:
                    assert priced is None
                    continue
                assert priced is not None
                assert abs(priced[0] - float(expected)) <= 1e-12 * float(expected)
                if priced[1] is not None:  # known exactly: all who ran out had nothing left
                    assert priced[1] == expected
                checked += 1
    assert checked > 200


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_add1_with_probing_backoff_equals_stepping_one_unit_at_a_time(seed: int) -> None:
    election = _random_election(seed, voters=300, projects=25, budget=20_000)
    profile = compile_profile(election, "cost")
    ranks = tie_ranks(profile, "cost-votes")
    setup = FastSetup.of(profile, ranks)
    start = Fraction(profile.budget, profile.n_voters)
    supported = int((profile.votes > 0).sum())
    k, run = 0, mes_fast_run(setup, start)
    while len(run.selected) < supported:
        nxt = mes_fast_run(setup, start + (k + 1) * profile.scale)
        if sum(int(profile.costs[j]) for j in nxt.selected) > profile.budget:
            break
        k, run = k + 1, nxt
    result = equal_shares_run(profile, tie_break="cost-votes", completion="add1")
    assert (result.steps, result.run.selected) == (k, run.selected)


def test_exact_prices_compare_without_overflow() -> None:
    # cost × total utility reaches 10^24 and more with cost utilities: far past 64 bits
    from coproduce.methods.pb.rules.mes_kernel import _compare

    rng = random.Random(7)
    top = 2**62
    cases = [(top - 1, top - 3, top - 2, top - 5), (3, 7, 3, 7), (0, 5, 0, 9), (1, top, 1, top - 1)]
    for _ in range(2000):
        b, d = rng.randrange(1, top), rng.randrange(1, top)
        a = rng.randrange(0, top)
        c = min(a * d // b, top) if rng.random() < 0.5 else rng.randrange(0, top)  # near ties
        cases.append((a, b, c, d))
    for a, b, c, d in cases:
        expected = (Fraction(a, b) > Fraction(c, d)) - (Fraction(a, b) < Fraction(c, d))
        assert _compare(a, b, c, d) == expected, (a, b, c, d)


@pytest.mark.parametrize("seed", range(5))
def test_a_guessed_run_is_the_plain_run(seed: int) -> None:
    # the winners of a run at another budget are tried first; whatever the guess, the result
    # is the plain run's (or a near tie, decided exactly by the caller)
    election = _random_election(seed, voters=300, projects=25, budget=20_000)
    profile = compile_profile(election, "cost")
    setup = FastSetup.of(profile, tie_ranks(profile, "cost-votes"))
    start = Fraction(profile.budget, profile.n_voters)
    rng = random.Random(seed)
    for _ in range(30):
        here, there = (start + rng.randint(0, 60) * profile.scale for _ in range(2))
        try:
            plain = mes_fast_run(setup, here, record=True)
            guess = mes_fast_run(setup, there)
            guided = mes_fast_run(setup, here, record=True, guess=guess)
        except NearTie:
            continue
        assert guided.selected == plain.selected
        assert guided.rhos == pytest.approx(plain.rhos, rel=1e-12)
        assert guided.payments.keys() == plain.payments.keys()
        rng.shuffle(guess.selected)  # a guess in the wrong order changes nothing either
        assert mes_fast_run(setup, here, guess=guess).selected == plain.selected


def test_the_welfare_knapsack_is_optimal_and_matches_the_integer_programme() -> None:
    import itertools

    from coproduce.methods.pb.rules import welfare

    rng = random.Random(3)
    for _ in range(400):
        n = rng.randint(1, 11)
        scores = [rng.randint(1, 50) for _ in range(n)]
        costs = [rng.randint(0, 40) for _ in range(n)]
        budget = rng.randint(0, 120)
        best = max(
            sum(scores[j] for j in chosen)
            for r in range(n + 1)
            for chosen in itertools.combinations(range(n), r)
            if sum(costs[j] for j in chosen) <= budget
        )
        for picked in (
            welfare._solve(scores, costs, budget),
            welfare._solve_with_highs(scores, costs, budget),
        ):
            assert sum(costs[j] for j in picked) <= budget
            assert sum(scores[j] for j in picked) == best


def test_a_knapsack_past_the_node_limit_goes_to_the_integer_programme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coproduce.methods.pb.rules import welfare

    scores, costs = [5, 4, 3, 7, 6], [4, 3, 2, 6, 5]
    assert welfare._knapsack(scores, costs, 10) is not None
    monkeypatch.setattr(welfare, "NODE_LIMIT", 1)
    assert welfare._knapsack(scores, costs, 10) is None
    picked = welfare._solve(scores, costs, 10)
    assert sum(scores[j] for j in picked) == 13


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024", "Poland_Krakow_2020_Zwierzyniec"])
def test_a_restated_profile_is_the_compiled_one(elections: dict[str, Election], name: str) -> None:
    from coproduce.methods.pb.profile import restate

    election = elections[name]
    for source, target in (("cardinality", "cost"), ("cost", "cardinality")):
        restated = restate(compile_profile(election, source), target)  # type: ignore[arg-type]
        compiled = compile_profile(election, target)  # type: ignore[arg-type]
        for field in ("indptr", "members", "utils", "weights", "votes", "costs"):
            assert np.array_equal(getattr(restated, field), getattr(compiled, field)), field
        assert restated.utility == compiled.utility == target
    with pytest.raises(RuleError):
        restate(compile_profile(election, "cost"), "cost")


PARKS_AND_CULTURE = """META
key;value
description;category budgets
num_projects;4
num_votes;4
budget;100
vote_type;approval
rule;greedy
categories;parks,culture
budget_per_category;50,60
PROJECTS
project_id;cost;category
p1;40;parks
p2;30;parks
c1;30;culture
c2;20;culture
VOTES
voter_id;vote
1;p1,p2,c1,c2
2;p1,p2,c1
3;p1,p2
4;p1
"""


def test_greedy_keeps_within_each_declared_category_budget() -> None:
    from coproduce.methods.pb import Code, explain, read_pabulib, sentence

    election = read_pabulib(PARKS_AND_CULTURE)
    assert election.category_budgets() == {"parks": 50, "culture": 60}
    outcome = tally(election)
    # p2 fits the budget (40 + 30 ≤ 100) but not the parks budget (70 > 50): passed over
    assert outcome.selected == ("p1", "c1", "c2")
    why = explain(election, outcome)["p2"]
    assert why.code == Code.CATEGORY_FULL and why.category == "parks"
    assert why.numbers["cap"] == 50 and why.numbers["category_left"] == 10
    assert "budget for “parks”" in sentence(election, why)
    # pabutools knows no category budgets
    assert tally(election, compat="pabutools").selected == ("p1", "p2", "c1")


def test_every_declared_category_budget_in_the_shared_files_is_kept(
    elections: dict[str, Election],
) -> None:
    checked = 0
    for election in elections.values():
        caps = election.category_budgets()
        if not caps:
            continue
        outcome = tally(election, rule="greedy")
        chosen = set(outcome.selected)
        for category, cap in caps.items():
            spent = sum(
                p.cost for p in election.projects if p.id in chosen and category in p.categories
            )
            assert spent <= cap, (category, spent, cap)
        checked += 1
    assert checked >= 1
