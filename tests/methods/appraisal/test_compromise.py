"""Across groups: the maximin compromise and where the groups disagree most."""

from __future__ import annotations

import pytest

from coproduce.methods.appraisal import RULE, Appraisal, appraise, compromise_of, rank_groups
from tests.methods.appraisal.helpers import appraisal


def test_the_compromise_is_the_option_the_least_happy_group_likes_best(square: Appraisal) -> None:
    compromise = appraise(square, "wsm").compromise
    assert compromise.rule == RULE == "maximin_normalised"
    # green_square is first for two groups but last for the traders; market_plaza is
    # nobody's last
    assert compromise.option == "market_plaza"
    assert compromise.worst_group == "residents"
    assert compromise.value == pytest.approx(compromise.normalised["market_plaza"]["residents"])
    assert compromise.worst["green_square"] == 0
    assert compromise.tied == ("market_plaza",)
    assert compromise.tie_break == "none"


def test_each_groups_preferences_are_rescaled_from_its_worst_0_to_its_best_1(
    square: Appraisal,
) -> None:
    compromise = appraise(square, "topsis").compromise
    for group in ("residents", "traders", "disability_forum"):
        column = [compromise.normalised[o][group] for o in square.options]
        assert min(column) == 0
        assert max(column) == 1


def test_an_option_no_group_puts_last_beats_each_groups_favourite() -> None:
    # two groups with opposite favourites; o0 and o1 are each one group's last choice
    problem = appraisal([[1, 3], [3, 1], [2, 2.5]], [True, True], [1, 0], [0, 1])
    compromise = appraise(problem, "wsm").compromise
    assert compromise.option == "o2"
    assert compromise.ranking == ("o2", "o0", "o1")


def test_a_tie_on_worst_and_mean_falls_back_to_the_tie_order() -> None:
    problem = appraisal([[1, 3], [3, 1]], [True, True], [1, 0], [0, 1])
    compromise = appraise(problem, "promethee").compromise
    assert compromise.tied == ("o0", "o1")
    assert compromise.tie_break == "tie_order"
    assert compromise.option == "o0"


def test_the_mean_decides_between_options_tied_on_their_worst() -> None:
    # each group cares for one criterion, and each option is one group's last choice
    problem = appraisal(
        [[3, 2, 1], [1, 3, 2], [2.9, 1, 3]], [True] * 3, [1, 0, 0], [0, 1, 0], [0, 0, 1]
    )
    compromise = appraise(problem, "wsm").compromise
    assert compromise.tied == ("o0", "o1", "o2")
    assert compromise.tie_break == "mean_normalised"
    assert compromise.option == "o2"
    assert compromise.mean["o2"] == pytest.approx((0.95 + 0 + 1) / 3)
    assert compromise.ranking[0] == "o2"


def test_with_one_group_the_compromise_is_its_first_choice() -> None:
    problem = appraisal([[1, 1], [2, 3], [4, 4]], [False, True], [1, 1])
    (group,) = rank_groups(problem, "wsm")
    assert compromise_of([group]).option == group.first


def test_rank_spread_and_weight_spread_show_where_groups_disagree(square: Appraisal) -> None:
    disagreement = appraise(square, "wsm").compromise.disagreement
    assert disagreement.option_ranks["green_square"] == {
        "residents": 1,
        "traders": 3,
        "disability_forum": 1,
    }
    assert disagreement.option_spread == {"shared_space": 1, "green_square": 2, "market_plaza": 1}
    assert disagreement.most_disputed_options == ("green_square",)
    assert disagreement.criterion_spread["access"] == pytest.approx(0.7 - 0.1)
    assert disagreement.criterion_weights["pitches"]["traders"] == pytest.approx(0.6)
    assert disagreement.most_disputed_criteria == ("access",)


def test_groups_that_agree_have_nothing_most_disputed() -> None:
    problem = appraisal([[1, 1], [2, 3], [4, 4]], [False, True], [1, 1], [2, 2])
    disagreement = appraise(problem, "topsis").compromise.disagreement
    assert disagreement.most_disputed_options == ()
    assert disagreement.most_disputed_criteria == ()
