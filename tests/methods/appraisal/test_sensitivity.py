"""How far each weight must move to change a group's first choice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.methods.appraisal import (
    TIE_TOLERANCE,
    Appraisal,
    GroupRanking,
    Method,
    Sensitivity,
    Threshold,
    appraise,
    rank_groups,
    sensitivity_of,
    weights_along,
)
from tests.methods.appraisal.helpers import appraisal

# price (cost) and quality (benefit); o0 leads at equal weights, and at a quality weight of
# 8/15 all three options tie, beyond which o2 leads (it gains fastest).
SHOP = ([[1, 1], [2, 3], [4, 4]], [False, True])


def _sensitivity(problem: Appraisal, method: Method) -> Sensitivity:
    (group,) = rank_groups(problem, method)
    return sensitivity_of(problem, method, group)


def test_moving_a_weight_rescales_the_others_proportionally() -> None:
    moved = weights_along(np.array([0.2, 0.3, 0.5]), 0, np.array([0.6, 0.0]))
    assert moved[0].tolist() == pytest.approx([0.6, 0.4 * 0.3 / 0.8, 0.4 * 0.5 / 0.8])
    assert moved[1].tolist() == pytest.approx([0.0, 0.375, 0.625])


def test_moving_down_a_weight_of_one_shares_the_freed_weight_equally() -> None:
    moved = weights_along(np.array([0.0, 1.0, 0.0]), 1, np.array([0.4]))
    assert moved[0].tolist() == pytest.approx([0.3, 0.4, 0.3])


def test_wsm_thresholds_are_solved_exactly_where_the_lines_cross() -> None:
    result = _sensitivity(appraisal(*SHOP, [1, 1]), Method.WSM)
    price, quality = result.criteria
    assert result.first_choice == "o0"
    assert result.computation == "exact"
    assert quality.up.code == "overtaken"
    assert quality.up.weight == pytest.approx(8 / 15, abs=1e-8)
    assert quality.up.delta == pytest.approx(8 / 15 - 1 / 2, abs=1e-8)
    assert quality.up.option == "o2"
    assert quality.down == Threshold("unchanged")
    assert price.down.weight == pytest.approx(7 / 15, abs=1e-8)
    assert price.up == Threshold("unchanged")


def test_the_threshold_is_where_another_option_leads_by_more_than_the_tolerance() -> None:
    result = _sensitivity(appraisal(*SHOP, [1, 1]), Method.WSM)
    crossing = result.criteria[1].up.weight
    assert crossing is not None
    slope = 45 / 56  # o2's lead over o0 grows by this per unit of quality weight
    assert crossing == pytest.approx(8 / 15 + TIE_TOLERANCE / slope, abs=1e-15)


def test_promethee_ii_is_linear_in_the_weights_so_its_thresholds_are_exact() -> None:
    result = _sensitivity(appraisal(*SHOP, [1, 1]), Method.PROMETHEE)
    assert result.computation == "exact"


def test_topsis_thresholds_are_found_by_scan_and_bisection() -> None:
    result = _sensitivity(appraisal(*SHOP, [1, 1]), Method.TOPSIS)
    assert result.computation == "scan"
    up = result.criteria[1].up
    assert up.code == "overtaken"
    assert up.weight is not None
    (before,) = rank_groups(appraisal(*SHOP, [1 - up.weight + 1e-7, up.weight - 1e-7]), "topsis")
    (after,) = rank_groups(appraisal(*SHOP, [1 - up.weight - 1e-7, up.weight + 1e-7]), "topsis")
    assert (before.first, after.first) == ("o1", "o2")
    # o1's closeness stays 2/3 while o2's is the quality weight itself
    assert up.weight == pytest.approx(2 / 3, abs=1e-8)


def test_a_weight_at_zero_cannot_move_down_nor_a_sole_criterion_at_all() -> None:
    result = _sensitivity(appraisal(*SHOP, [0, 1]), Method.WSM)
    assert result.criteria[0].down == Threshold("at_bound")
    assert result.criteria[1].up == Threshold("at_bound")
    alone = _sensitivity(appraisal([[1], [2]], [True], [1]), Method.TOPSIS)
    assert alone.criteria[0].up == alone.criteria[0].down == Threshold("at_bound")
    assert alone.smallest() is None


def test_a_first_choice_tied_at_the_top_changes_with_the_slightest_move() -> None:
    result = _sensitivity(appraisal([[1, 3], [3, 1]], [True, True], [1, 1]), Method.PROMETHEE)
    assert result.first_choice == "o0"
    first = result.criteria[0]
    assert first.up.option == "o1"
    assert first.up.delta is not None
    assert first.up.delta < 1e-8
    assert first.down == Threshold("unchanged")


def test_the_smallest_change_is_summarised_for_each_group(square: Appraisal) -> None:
    for sensitivity in appraise(square, "wsm").sensitivity:
        smallest = sensitivity.smallest()
        assert smallest is not None
        deltas = [
            t.delta for c in sensitivity.criteria for t in (c.up, c.down) if t.delta is not None
        ]
        assert smallest[2].delta == min(deltas)
        assert sensitivity.to_dict()["smallest"]["delta"] == min(deltas)


def test_a_threshold_reports_numbers_only_when_the_first_choice_changes() -> None:
    assert Threshold("unchanged").to_dict() == {"code": "unchanged"}
    assert Threshold("overtaken", 0.1, 0.3, "b").to_dict() == {
        "code": "overtaken",
        "delta": 0.1,
        "weight": 0.3,
        "option": "b",
    }


# Property: small integer scores and weights keep every lead's slope well above float noise.
EPSILON = 1e-6


@st.composite
def problems(draw: st.DrawFn) -> tuple[Appraisal, Method]:
    n = draw(st.integers(2, 5))
    m = draw(st.integers(2, 4))
    scores = draw(
        st.lists(st.lists(st.integers(1, 9), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    benefit = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    weights = draw(st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(lambda w: sum(w) > 0))
    return appraisal(scores, benefit, weights), draw(st.sampled_from(list(Method)))


@settings(max_examples=120, deadline=None)
@given(problems())
def test_moving_a_weight_past_the_threshold_changes_the_first_choice_and_short_of_it_does_not(
    problem_and_method: tuple[Appraisal, Method],
) -> None:
    problem, method = problem_and_method
    (group,) = rank_groups(problem, method)
    result = sensitivity_of(problem, method, group)
    weights = problem.weights()[0]
    for j, criterion in enumerate(result.criteria):
        for sign, threshold in ((1, criterion.up), (-1, criterion.down)):
            if threshold.code == "at_bound":
                continue
            end = 1.0 if sign > 0 else 0.0
            if threshold.code == "unchanged":
                _still_first(problem, method, weights, j, end, group.first)
                continue
            assert threshold.delta is not None and threshold.weight is not None
            beyond = float(np.clip(threshold.weight + sign * EPSILON, 0, 1))
            _changed(problem, method, weights, j, beyond, group.first, threshold.option)
            if threshold.delta > EPSILON:
                short = threshold.weight - sign * EPSILON
                _still_first(problem, method, weights, j, short, group.first)


def _ranking_at(
    problem: Appraisal, method: Method, weights: np.ndarray, j: int, t: float
) -> GroupRanking:
    moved = weights_along(weights, j, np.array([t]))[0]
    (group,) = rank_groups(
        appraisal(problem.matrix().tolist(), problem.benefit().tolist(), moved.tolist()), method
    )
    return group


def _still_first(
    problem: Appraisal, method: Method, weights: np.ndarray, j: int, t: float, first: str
) -> None:
    group = _ranking_at(problem, method, weights, j, t)
    assert group.ranks[first] == group.ranks[group.first], (t, group)


def _changed(
    problem: Appraisal,
    method: Method,
    weights: np.ndarray,
    j: int,
    t: float,
    first: str,
    option: str | None,
) -> None:
    group = _ranking_at(problem, method, weights, j, t)
    assert group.first != first, (t, group)
    assert group.preference[option] > group.preference[first] + TIE_TOLERANCE
