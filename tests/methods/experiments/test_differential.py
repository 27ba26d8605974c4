"""Estimates equal statsmodels' and SciPy's on simulated data."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from coproduce.methods.experiments import analyse

from .conftest import simulate

SEEDS = [0, 1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_welch_equals_statsmodels_compare_means(seed):
    data = simulate(seed, n=[40, 300, 1000, 25][seed], arms=("A", "B", "C"))
    y, arms = data.outcomes, np.array(data.arms)
    result = analyse(y, data.arms, permutations=10)
    for arm in ("B", "C"):
        compare = CompareMeans(DescrStatsW(y[arms == arm]), DescrStatsW(y[arms == "A"]))
        t, p, df = compare.ttest_ind(usevar="unequal")
        low, high = compare.tconfint_diff(usevar="unequal")
        effect = result.arms[arm]
        assert effect.estimate == pytest.approx(y[arms == arm].mean() - y[arms == "A"].mean())
        assert effect.estimate / effect.se == pytest.approx(t, rel=1e-10)
        assert effect.p_value == pytest.approx(p, rel=1e-9)
        assert effect.df == pytest.approx(df, rel=1e-10)
        assert (effect.ci_low, effect.ci_high) == pytest.approx((low, high), rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_welch_equals_scipy_ttest_ind_with_unequal_variances(seed):
    data = simulate(seed, n=[40, 300, 1000, 25][seed])
    y, arms = data.outcomes, np.array(data.arms)
    scipy = stats.ttest_ind(y[arms == "B"], y[arms == "A"], equal_var=False)
    interval = scipy.confidence_interval(0.95)
    effect = analyse(y, data.arms, permutations=10).arms["B"]
    assert effect.estimate / effect.se == pytest.approx(scipy.statistic, rel=1e-10)
    assert effect.p_value == pytest.approx(scipy.pvalue, rel=1e-9)
    assert effect.df == pytest.approx(scipy.df, rel=1e-10)
    assert (effect.ci_low, effect.ci_high) == pytest.approx(
        (interval.low, interval.high), rel=1e-10
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_the_blocked_estimator_equals_a_saturated_regression_with_hc2_errors(seed):
    # OLS on one dummy per (stratum, arm) cell fits the cell means; its HC2 variance of a cell
    # mean is s²/n, so the contrast Σ w_s (ȳ_ts − ȳ_cs) has exactly the Neyman variance
    data = simulate(seed, n=[60, 300, 1000, 90][seed], arms=("A", "B", "C"))
    y, arms, strata = data.outcomes, np.array(data.arms), np.array(data.strata)
    cells = sorted(set(zip(data.strata, data.arms, strict=True)))
    design = np.column_stack([(strata == s) & (arms == a) for s, a in cells]).astype(float)
    fit = sm.OLS(y, design).fit(cov_type="HC2", use_t=False)
    result = analyse(y, data.arms, strata=data.strata, permutations=10)
    for arm in ("B", "C"):
        weight = {s: np.mean(strata == s) for s in set(data.strata)}
        contrast = [weight[s] * ((a == arm) - (a == "A")) for s, a in cells]
        test = fit.t_test(np.array(contrast))
        effect = result.arms[arm]
        assert effect.estimate == pytest.approx(float(test.effect[0]), rel=1e-10)
        assert effect.se == pytest.approx(float(test.sd[0, 0]), rel=1e-10)
        assert effect.p_value == pytest.approx(float(test.pvalue), rel=1e-8)
        low, high = test.conf_int(alpha=0.05)[0]
        assert (effect.ci_low, effect.ci_high) == pytest.approx((low, high), rel=1e-10)


def _abs_difference(x, y, axis):
    return np.abs(np.mean(x, axis=axis) - np.mean(y, axis=axis))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_permutation_p_value_agrees_with_scipy_permutation_test(seed):
    # scipy's one-sided test of |difference| with n_resamples re-draws is (b + 1) / (m + 1)
    # too; the two Monte Carlo samples differ, so they agree within their sampling error
    data = simulate(seed, n=80, effect=[0.3, 0.5, 0.0][seed])
    y, arms = data.outcomes, np.array(data.arms)
    scipy = stats.permutation_test(
        (y[arms == "B"], y[arms == "A"]),
        _abs_difference,
        permutation_type="independent",
        alternative="greater",
        n_resamples=10_000,
        vectorized=True,
        rng=seed,
    )
    ours = analyse(y, data.arms, permutations=10_000, seed=seed).arms["B"].permutation_p
    assert ours == pytest.approx(scipy.pvalue, abs=0.025)


def test_the_permutation_p_value_approaches_scipys_exact_test_on_small_samples():
    y = np.array([2.1, 3.4, 1.9, 2.8, 4.4, 3.9, 5.1, 3.0])
    arms = ["A"] * 4 + ["B"] * 4
    exact = stats.permutation_test(
        (y[4:], y[:4]), _abs_difference, permutation_type="independent",
        alternative="greater", n_resamples=np.inf, vectorized=True,
    )  # fmt: skip
    ours = analyse(y, arms, permutations=20_000, seed=4).arms["B"].permutation_p
    assert exact.pvalue == pytest.approx(4 / 70)  # 4 of the 70 splits are as extreme
    assert ours == pytest.approx(exact.pvalue, abs=0.01)
