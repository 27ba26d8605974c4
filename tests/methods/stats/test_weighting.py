"""Raking weights reproduce the population's marginal shares."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.methods.stats import (
    WeightingError,
    rake,
    weighted_mean,
    weighted_median,
    weighted_shares,
)

POPULATION = {
    "sex": {"female": 510, "male": 490},
    "age_band": {"16-34": 300, "35-64": 450, "65+": 250},
}


def _share(answers, weights, dimension, category):
    mass = sum(w for a, w in zip(answers, weights, strict=True) if dimension in a)
    hit = sum(w for a, w in zip(answers, weights, strict=True) if a.get(dimension) == category)
    return hit / mass


def test_weights_match_every_marginal_share():
    answers = [
        {"sex": "female", "age_band": "65+"},
        {"sex": "female", "age_band": "65+"},
        {"sex": "female", "age_band": "35-64"},
        {"sex": "male", "age_band": "16-34"},
        {"sex": "male", "age_band": "35-64"},
    ]
    result = rake(answers, POPULATION)
    assert result.converged
    for dimension, counts in POPULATION.items():
        total = sum(counts.values())
        for category, count in counts.items():
            assert _share(answers, result.weights, dimension, category) == pytest.approx(
                count / total, abs=1e-6
            )


def test_a_representative_sample_keeps_equal_weights():
    answers = [{"sex": "female"}, {"sex": "male"}]
    result = rake(answers, {"sex": {"female": 500, "male": 500}})
    assert result.weights == pytest.approx((1.0, 1.0))


def test_a_respondent_who_gave_nothing_keeps_weight_relative_to_the_rest():
    answers = [{"sex": "female"}, {"sex": "female"}, {"sex": "male"}, {}]
    result = rake(answers, {"sex": {"female": 1, "male": 1}})
    women = result.weights[0] + result.weights[1]
    assert women == pytest.approx(result.weights[2])


def test_categories_nobody_gave_are_reported_and_the_rest_rescaled():
    answers = [{"age_band": "16-34"}, {"age_band": "35-64"}, {"age_band": "35-64"}]
    result = rake(answers, POPULATION, dimensions=["age_band"])
    assert ("age_band", "65+") in result.missing_categories
    assert _share(answers, result.weights, "age_band", "16-34") == pytest.approx(300 / 750)


def test_no_respondents_is_a_clear_error():
    with pytest.raises(WeightingError, match="no respondents"):
        rake([], POPULATION)


def test_weighted_median_and_mean():
    assert weighted_median([1, 2, 3], [1, 1, 5]) == 3
    assert weighted_median([1, 2], [1, 1]) == 1.5
    assert weighted_mean([10, 20], [3, 1]) == pytest.approx(12.5)
    assert weighted_shares(["a", "b", "a"], [1, 1, 2]) == pytest.approx({"a": 0.75, "b": 0.25})


@given(
    st.lists(
        st.fixed_dictionaries({"sex": st.sampled_from(["female", "male"])}), min_size=2, max_size=40
    )
)
def test_weights_are_positive_and_average_one(answers):
    result = rake(answers, {"sex": {"female": 510, "male": 490}})
    assert all(w > 0 for w in result.weights)
    assert sum(result.weights) / len(result.weights) == pytest.approx(1.0)
