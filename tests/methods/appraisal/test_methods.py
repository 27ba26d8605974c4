"""The three methods on small problems computed by hand (and in pymcdm's documentation)."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.methods.appraisal import Appraisal, Method, preferences, rank_groups
from tests.methods.appraisal.helpers import appraisal


def test_wsm_sums_the_weighted_sum_normalised_scores_inverting_costs() -> None:
    # price (cost) 1, 2, 4 normalises to 4/7, 2/7, 1/7; quality 1, 3, 4 to 1/8, 3/8, 4/8
    problem = appraisal([[1, 1], [2, 3], [4, 4]], [False, True], [1, 1])
    (group,) = rank_groups(problem, "wsm")
    assert list(group.preference.values()) == pytest.approx([39 / 112, 37 / 112, 36 / 112])
    assert group.ranking == ("o0", "o1", "o2")


def test_topsis_is_the_relative_closeness_after_minmax_normalisation() -> None:
    # pymcdm's docstring example: [0.5, 0.617, 0.5]
    problem = appraisal([[1, 3000], [2, 3750], [5, 4500]], [False, True], [0.5, 0.5])
    (group,) = rank_groups(problem, "topsis")
    assert list(group.preference.values()) == pytest.approx([0.5, 0.6173, 0.5], abs=1e-4)


def test_topsis_gives_one_half_to_every_option_when_all_are_alike_on_the_weighted_criteria() -> (
    None
):
    problem = appraisal([[1, 5], [1, 7], [1, 9]], [True, True], [1, 0])
    (group,) = rank_groups(problem, "topsis")
    assert list(group.preference.values()) == [0.5, 0.5, 0.5]
    assert group.ties == (("o0", "o1", "o2"),)


def test_promethee_ii_gives_the_net_flow_with_the_usual_criterion() -> None:
    # pymcdm's docstring example: [0.1, -0.3, 0.2]
    problem = appraisal([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [True] * 3, [0.5, 0.3, 0.2])
    (group,) = rank_groups(problem, Method.PROMETHEE)
    assert list(group.preference.values()) == pytest.approx([0.1, -0.3, 0.2])
    assert group.ranking == ("o2", "o0", "o1")


def test_promethee_ii_counts_only_strict_wins_on_each_criterion() -> None:
    problem = appraisal([[1, 2], [1, 1]], [True, False], [0.5, 0.5])
    (group,) = rank_groups(problem, "promethee")
    assert group.preference == {"o0": -0.5, "o1": 0.5}


def test_preferences_are_computed_for_many_weight_vectors_at_once() -> None:
    problem = appraisal([[1, 1], [2, 3], [4, 4]], [False, True], [1, 1])
    weights = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]])
    for method in Method:
        batch = preferences(problem, method, weights)
        one_by_one = [preferences(problem, method, w[None, :])[0] for w in weights]
        assert batch.shape == (3, 3)
        assert np.allclose(batch, one_by_one, rtol=0, atol=1e-15)


def test_each_group_is_ranked_with_its_own_weights(square: Appraisal) -> None:
    firsts = {g.group: g.first for g in rank_groups(square, "wsm")}
    assert firsts == {
        "residents": "green_square",
        "traders": "market_plaza",
        "disability_forum": "green_square",
    }
