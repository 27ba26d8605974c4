"""Properties of the analysis that hold for any data."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coproduce.methods.experiments import ExperimentError, analyse

integer = st.integers(-50, 50).map(float)
outcome = integer | st.floats(-1e3, 1e3, allow_subnormal=False)


@st.composite
def experiments(draw, stratified: bool, outcome=outcome):
    n_strata = draw(st.integers(1, 3)) if stratified else 1
    outcomes, arms, strata = [], [], []
    for s in range(n_strata):
        for arm in ("A", "B"):
            values = draw(st.lists(outcome, min_size=2, max_size=8))
            outcomes += values
            arms += [arm] * len(values)
            strata += [f"s{s}"] * len(values)
    order = draw(st.permutations(range(len(outcomes))))
    return (
        [outcomes[i] for i in order],
        [arms[i] for i in order],
        [strata[i] for i in order] if stratified else None,
    )


@settings(max_examples=80, deadline=None)
@given(data=st.booleans().flatmap(experiments), seed=st.integers(0, 2**32))
def test_swapping_control_and_treatment_flips_the_estimate_and_keeps_the_tests(data, seed):
    outcomes, arms, strata = data
    try:
        forward = analyse(outcomes, arms, strata=strata, control="A", permutations=50, seed=seed)
    except ExperimentError as error:  # constant outcomes within arms have no standard error
        assume(error.code != "no_variation")
        raise
    backward = analyse(outcomes, arms, strata=strata, control="B", permutations=50, seed=seed)
    b, a = forward.arms["B"], backward.arms["A"]
    assert a.estimate == -b.estimate
    assert (a.se, a.p_value, a.permutation_p, a.df) == (b.se, b.p_value, b.permutation_p, b.df)
    assert (a.ci_low, a.ci_high) == (-b.ci_high, -b.ci_low)
    assert 1 / 51 <= b.permutation_p <= 1


@settings(max_examples=40, deadline=None)
@given(
    data=st.booleans().flatmap(lambda s: experiments(s, outcome=integer)),
    shift=st.integers(-20, 20),
)
def test_adding_a_constant_to_the_treated_outcomes_shifts_the_estimate_by_it(data, shift):
    outcomes, arms, strata = data
    try:
        before = analyse(outcomes, arms, strata=strata, permutations=5).arms["B"]
    except ExperimentError as error:
        assume(error.code != "no_variation")
        raise
    moved = [y + shift if arm == "B" else y for y, arm in zip(outcomes, arms, strict=True)]
    after = analyse(moved, arms, strata=strata, permutations=5).arms["B"]
    assert after.estimate == pytest.approx(before.estimate + shift, abs=1e-9)
    assert after.se == pytest.approx(before.se, rel=1e-9)
