"""Covariate balance by arm."""

from __future__ import annotations

import math

import pytest

from coproduce.methods.experiments import ExperimentError, balance

ARMS = ["A", "A", "A", "B", "B", "B"]


def test_a_numeric_covariate_gets_its_mean_by_arm_and_a_standardised_difference():
    table = balance({"age": [20, 30, 40, 30, 40, 50]}, ARMS)
    (row,) = table.rows
    assert (row.covariate, row.level) == ("age", None)
    assert row.values == {"A": 30, "B": 40}
    # pooled SD √((100 + 100) / 2) = 10
    assert row.differences == {"B": pytest.approx(1.0)}
    assert table.n == {"A": 3, "B": 3}


def test_a_categorical_covariate_gets_a_row_per_category_with_shares():
    table = balance({"tenure": ["own", "rent", "rent", "own", "own", None]}, ARMS)
    own, rent = table.rows
    assert (own.level, own.values) == ("own", {"A": pytest.approx(1 / 3), "B": 1.0})
    assert rent.values == {"A": pytest.approx(2 / 3), "B": 0.0}
    assert own.missing == {"A": 0, "B": 1}
    p_t, p_c = 1.0, 1 / 3
    expected = (p_t - p_c) / math.sqrt((p_t * (1 - p_t) + p_c * (1 - p_c)) / 2)
    assert own.differences["B"] == pytest.approx(expected)


def test_differences_are_zero_for_equal_constants_and_none_when_undefined():
    table = balance({"same": [1, 1, 1, 1, 1, 1], "apart": [1, 1, 1, 2, 2, 2]}, ARMS)
    assert table.rows[0].differences == {"B": 0.0}
    assert table.rows[1].differences == {"B": None}


def test_the_control_can_be_named():
    table = balance({"age": [20, 30, 40, 30, 40, 50]}, ARMS, control="B")
    assert table.rows[0].differences == {"A": pytest.approx(-1.0)}
    assert not table.control_is_default


def test_a_covariate_mixing_numbers_and_text_is_refused():
    with pytest.raises(ExperimentError, match="'x' mixes numbers and text"):
        balance({"x": [1, "a", 2, 3, 4, 5]}, ARMS)  # type: ignore[list-item]
