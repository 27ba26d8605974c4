"""Sample size, power and minimum detectable effects equal statsmodels'."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

from coproduce.methods.experiments import (
    ExperimentError,
    achieved_power,
    cohens_h,
    minimum_detectable_effect,
    sample_size,
)

PEERS = {"t": TTestIndPower(), "normal": NormalIndPower()}
CASES = [(0.2, 1.0), (0.5, 2.0), (0.8, 0.5), (0.1, 1.0), (1.5, 1.0)]


@pytest.mark.parametrize("test", ["t", "normal"])
@pytest.mark.parametrize(("effect", "ratio"), CASES)
def test_sample_size_equals_statsmodels(test, effect, ratio):
    peer = PEERS[test]
    plan = sample_size(effect, alpha=0.05, power=0.8, ratio=ratio, test=test)
    expected = peer.solve_power(effect_size=effect, alpha=0.05, power=0.8, ratio=ratio)
    # statsmodels' solver stops earlier; ours reaches the target power to 1e-9 by its formula
    assert plan.exact == pytest.approx(expected, rel=1e-6)
    assert peer.power(effect, plan.exact, 0.05, ratio=ratio) == pytest.approx(0.8, abs=1e-9)
    assert plan.n_control == math.ceil(plan.exact)
    assert plan.n_treatment == math.ceil(plan.n_control * ratio)


@pytest.mark.parametrize("test", ["t", "normal"])
@pytest.mark.parametrize("n", [10, 64, 400, 5000])
def test_minimum_detectable_effect_equals_statsmodels(test, n):
    peer = PEERS[test]
    mde = minimum_detectable_effect(n, alpha=0.05, power=0.9, test=test)
    expected = peer.solve_power(effect_size=None, nobs1=n, alpha=0.05, power=0.9, ratio=1.0)
    assert mde == pytest.approx(expected, rel=1e-5)
    assert peer.power(mde, n, 0.05) == pytest.approx(0.9, abs=1e-9)


@pytest.mark.parametrize("test", ["t", "normal"])
@pytest.mark.parametrize("alternative", ["two-sided", "larger"])
def test_achieved_power_equals_statsmodels(test, alternative):
    for effect, n in [(0.3, 50), (0.1, 2000), (2.0, 400), (0.0, 30)]:
        expected = PEERS[test].power(effect, n, 0.05, ratio=1.5, alternative=alternative)
        ours = achieved_power(effect, n, ratio=1.5, test=test, alternative=alternative)
        if math.isnan(expected):  # SciPy's noncentral t fails in the far tail; it is ~0 there
            assert (effect, ours) == (2.0, 1.0)
        else:
            assert ours == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_proportions_use_cohens_h_and_the_normal_test():
    h = cohens_h(0.40, 0.30)
    assert h == pytest.approx(proportion_effectsize(0.40, 0.30), rel=1e-12)
    plan = sample_size(h, test="normal")
    expected = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8)
    assert plan.exact == pytest.approx(expected, rel=1e-6)
    assert plan.n_control == 356


def test_a_zero_effect_or_an_impossible_target_is_refused():
    with pytest.raises(ExperimentError) as e:
        sample_size(0.0)
    assert e.value.code == "bad_effect"
    with pytest.raises(ExperimentError) as e:
        sample_size(0.5, power=1.0)
    assert e.value.code == "bad_power"
    with pytest.raises(ExperimentError) as e:
        cohens_h(1.2, 0.3)
    assert e.value.code == "bad_proportion"
