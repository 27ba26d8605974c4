"""Ranking by preference: ties reported within a tolerance, never broken silently."""

from __future__ import annotations

import pytest

from coproduce.methods.appraisal import TIE_TOLERANCE, rank_groups, rank_levels, ranks_of
from tests.methods.appraisal.helpers import appraisal


def test_options_are_ranked_best_first() -> None:
    assert rank_levels({"a": 0.2, "b": 0.9, "c": 0.5}) == (("b",), ("c",), ("a",))


def test_equal_preferences_form_one_tie_level_in_the_options_order() -> None:
    levels = rank_levels({"a": 0.2, "b": 0.5, "c": 0.9, "d": 0.5})
    assert levels == (("c",), ("b", "d"), ("a",))


def test_preferences_within_the_tolerance_tie() -> None:
    levels = rank_levels({"a": 0.5, "b": 0.5 + TIE_TOLERANCE / 2, "c": 0.5 - 2 * TIE_TOLERANCE})
    assert levels == (("a", "b"), ("c",))


def test_ties_do_not_chain_beyond_the_tolerance_from_the_top_of_a_level() -> None:
    step = 0.6 * TIE_TOLERANCE
    levels = rank_levels({"a": 0.5, "b": 0.5 - step, "c": 0.5 - 2 * step})
    assert levels == (("a", "b"), ("c",))


def test_an_explicit_tie_order_orders_options_inside_a_tie() -> None:
    levels = rank_levels({"a": 0.5, "b": 0.5, "c": 0.1}, tie_order=["c", "b", "a"])
    assert levels == (("b", "a"), ("c",))


def test_a_tie_shares_the_mean_of_the_positions_it_occupies() -> None:
    assert ranks_of([("c",), ("b", "d", "e"), ("a",)]) == {
        "c": 1,
        "b": 3,
        "d": 3,
        "e": 3,
        "a": 5,
    }


def test_a_group_ranking_reports_its_ties_and_ranks() -> None:
    # TOPSIS gives the first and last option exactly 0.5 here
    problem = appraisal([[1, 3000], [2, 3750], [5, 4500]], [False, True], [0.5, 0.5])
    (group,) = rank_groups(problem, "topsis")
    assert group.ranking == ("o1", "o0", "o2")
    assert group.ties == (("o0", "o2"),)
    assert group.ranks == {"o1": 1, "o0": 2.5, "o2": 2.5}
    assert group.first == "o1"


def test_the_tie_order_argument_reaches_the_group_rankings() -> None:
    problem = appraisal([[1, 3000], [2, 3750], [5, 4500]], [False, True], [0.5, 0.5])
    (group,) = rank_groups(problem, "topsis", tie_order=["o2", "o1", "o0"])
    assert group.ranking == ("o1", "o2", "o0")


@pytest.mark.parametrize("tolerance", [0.0, 0.2])
def test_the_tolerance_is_an_argument(tolerance: float) -> None:
    levels = rank_levels({"a": 0.5, "b": 0.4}, tolerance=tolerance)
    assert len(levels) == (1 if tolerance else 2)
