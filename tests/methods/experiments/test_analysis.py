"""Analysis: what it estimates, how it says so, and how it refuses bad data."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from coproduce.methods.experiments import ExperimentError, analyse

# A stratified example small enough to compute by hand.
#   north (4 units): letter 3, 5 (mean 4, s² 2); control 1, 3 (mean 2, s² 2) → difference 2
#   south (6 units): letter 10, 12, 14 (mean 12, s² 4); control 9, 11, 13 (mean 11, s² 4) → 1
# weights n_s/n: 0.4 and 0.6 → estimate 0.4·2 + 0.6·1 = 1.4
# variance 0.4²·(2/2 + 2/2) + 0.6²·(4/3 + 4/3) = 0.32 + 0.96 = 1.28 → SE √1.28
HAND = {
    "outcomes": [3, 5, 1, 3, 10, 12, 14, 9, 11, 13],
    "arms": ["letter", "letter", "control", "control", *["letter"] * 3, *["control"] * 3],
    "strata": ["north"] * 4 + ["south"] * 6,
}


def test_the_stratified_estimate_equals_the_hand_computed_one():
    result = analyse(**HAND)
    effect = result.arms["letter"]
    se = math.sqrt(1.28)
    assert result.method == "neyman_blocked"
    assert effect.estimate == pytest.approx(1.4, abs=1e-12)
    assert effect.se == pytest.approx(se, abs=1e-12)
    assert effect.ci_low == pytest.approx(1.4 - 1.959963984540054 * se, abs=1e-9)
    assert effect.ci_high == pytest.approx(1.4 + 1.959963984540054 * se, abs=1e-9)
    assert effect.p_value == pytest.approx(math.erfc(1.4 / se / math.sqrt(2)), abs=1e-12)
    assert (effect.df, effect.strata, effect.n_treatment, effect.n_control) == (None, 2, 5, 5)


def _exact_stratified_p() -> float:
    """Enumerate all 6 × 20 re-randomisations within strata of the hand example."""
    y = np.array(HAND["outcomes"], dtype=float)
    north, south = y[:4], y[4:]

    def difference(values, treated):
        mask = np.zeros(len(values), bool)
        mask[list(treated)] = True
        return values[mask].mean() - values[~mask].mean()

    stats = [
        0.4 * difference(north, a) + 0.6 * difference(south, b)
        for a in itertools.combinations(range(4), 2)
        for b in itertools.combinations(range(6), 3)
    ]
    return float(np.mean(np.abs(stats) >= 1.4 - 1e-12))


def test_the_permutation_test_permutes_within_strata():
    result = analyse(**HAND, permutations=20_000, seed=1)
    exact = _exact_stratified_p()  # 56 of the 120 re-randomisations are as extreme
    assert result.arms["letter"].permutation_p == pytest.approx(exact, abs=0.015)


def test_the_permutation_p_value_counts_the_observed_assignment():
    # of the 6 ways to split 4 units 2 + 2, only the observed one and its mirror are as extreme
    result = analyse([0, 1, 100, 101], ["A", "A", "B", "B"], permutations=99, seed=0)
    p = result.arms["B"].permutation_p
    assert p * 100 == pytest.approx(round(p * 100))  # (b + 1) / (m + 1) with m = 99
    assert p == pytest.approx((99 / 3 + 1) / 100, abs=0.15)
    assert (
        analyse([0, 1, 100, 101], ["A", "A", "B", "B"], permutations=1).arms["B"].permutation_p
        >= 0.5
    )


def test_the_control_defaults_to_the_first_arm_in_sorted_order_and_says_so():
    result = analyse([1, 2, 3, 4, 5, 7], ["b", "b", "a", "a", "c", "c"], permutations=9)
    assert (result.control, result.control_is_default) == ("a", True)
    assert list(result.arms) == ["b", "c"]
    named = analyse([1, 2, 3, 4, 5, 7], ["b", "b", "a", "a", "c", "c"], control="c", permutations=9)
    assert (named.control, named.control_is_default) == ("c", False)
    assert named.arms["a"].estimate == pytest.approx(3.5 - 6)


def test_the_json_shape_is_the_documented_one():
    data = analyse([1.0, 2.0, 4.0, 4.5], ["A", "A", "B", "B"], permutations=9).to_dict()
    assert data["control"] == "A"
    assert data["n"] == {"A": 2, "B": 2}
    assert set(data["arms"]["B"]) >= {
        "estimate", "se", "ci_low", "ci_high", "p_value", "permutation_p"
    }  # fmt: skip


def test_an_unknown_control_names_the_arms():
    with pytest.raises(ExperimentError, match="'Z' is not in the data; the arms are A, B") as e:
        analyse([1, 2, 3, 4], ["A", "A", "B", "B"], control="Z")
    assert e.value.code == "unknown_control"


def test_an_arm_with_one_unit_is_refused():
    with pytest.raises(ExperimentError, match="arm 'B' has 1 unit") as e:
        analyse([1, 2, 3], ["A", "A", "B"])
    assert e.value.data == {"arm": "B", "n": 1}


def test_a_non_numeric_outcome_names_its_row():
    with pytest.raises(ExperimentError, match="row 3: the outcome 'x'") as e:
        analyse([1, 2, "x", 4], ["A", "A", "B", "B"])  # type: ignore[list-item]
    assert (e.value.code, e.value.data["row"]) == ("not_a_number", 3)
    with pytest.raises(ExperimentError, match="row 2"):
        analyse([1, float("nan"), 3, 4], ["A", "A", "B", "B"])


def test_a_stratum_lacking_an_arm_is_refused_by_default_naming_it():
    data = {
        "outcomes": [*HAND["outcomes"], 7, 8],
        "arms": [*HAND["arms"], "letter", "letter"],
        "strata": [*HAND["strata"], "east", "east"],
    }
    with pytest.raises(
        ExperimentError, match=r"stratum 'east' has 0 unit\(s\) in arm 'control'"
    ) as e:
        analyse(**data)
    assert e.value.data == {"stratum": "east", "arm": "control", "n": 0}
    dropped = analyse(**data, incomplete_strata="drop", permutations=9)
    assert dropped.arms["letter"].estimate == pytest.approx(1.4)
    assert dropped.arms["letter"].strata == 2
    (notice,) = dropped.notices
    assert notice.code == "stratum_dropped"
    assert notice.data == {
        "stratum": "east", "arm": "control", "n": 0, "treatment": "letter", "control": "control"
    }  # fmt: skip


def test_strata_may_combine_several_values():
    strata = [("north", "65+")] * 4 + [("north", "16-64")] * 6
    result = analyse(HAND["outcomes"], HAND["arms"], strata=strata, permutations=9)
    assert result.arms["letter"].estimate == pytest.approx(1.4)


def test_an_outcome_constant_within_arms_is_refused():
    with pytest.raises(ExperimentError) as e:
        analyse([1, 1, 2, 2], ["A", "A", "B", "B"])
    assert e.value.code == "no_variation"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"arms": ["A", "A", "A", "A"]}, "one_arm"),
        ({"arms": ["A", "B"]}, "length_mismatch"),
        ({"arms": ["A", "", "B", "B"]}, "empty_arm"),
        ({"strata": ["x"]}, "length_mismatch"),
        ({"permutations": 0}, "bad_permutations"),
        ({"seed": -3}, "bad_seed"),
    ],
)
def test_malformed_input_is_refused_with_a_code(kwargs, code):
    arguments = {"outcomes": [1, 2, 3, 5], "arms": ["A", "A", "B", "B"], **kwargs}
    with pytest.raises(ExperimentError) as e:
        analyse(**arguments)
    assert e.value.code == code
