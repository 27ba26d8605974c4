"""Who benefits: shares, representation ratios with delta-method intervals, the concentration
index — against hand-computed values, NumPy and statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.methods.stats import (
    BenefitGroup,
    benefit_shares,
    concentration_index,
    group_medians,
)

GROUPS = [
    BenefitGroup("A", 100, (10.0, 30.0)),
    BenefitGroup("B", 300, (60.0,)),
]


def test_shares_and_ratio_match_the_hand_computation():
    a, b = benefit_shares(GROUPS)
    assert (a.amount, a.units, a.per_head) == (40.0, 2, 0.4)
    assert a.benefit_share == pytest.approx(0.4)
    assert a.population_share == pytest.approx(0.25)
    assert a.ratio == pytest.approx(1.6)
    assert b.ratio == pytest.approx(0.6 / 0.75)
    # Σ z² = ((1 − 0.4)²·(10² + 30²) + 0.4²·60²) / 100² = 0.0936; × n/(n−1) = 3/2
    assert a.se == pytest.approx((1.5 * 0.0936) ** 0.5)
    z = 1.959963984540054
    assert a.ci_low == 0.0  # 0.4 − 1.96·0.375 < 0: clipped
    assert a.ci_high == pytest.approx(min(0.4 + z * a.se, 1.0) / 0.25)


def _statsmodels_se(groups, key):
    amounts = np.array([u for g in groups for u in g.units])
    inside = np.array([float(g.key == key) for g in groups for _ in g.units])
    fit = sm.WLS(inside, np.ones_like(inside), weights=amounts).fit(cov_type="HC1")
    return fit.params[0], fit.bse[0]


def test_the_share_and_its_standard_error_equal_statsmodels_weighted_fit_with_hc1():
    rng = np.random.default_rng(17)
    groups = [
        BenefitGroup(str(q), float(rng.integers(500, 5000)), tuple(rng.gamma(2, 50, size=k)))
        for q, k in zip(range(1, 6), (3, 8, 12, 9, 15), strict=True)
    ]
    for row in benefit_shares(groups):
        share, se = _statsmodels_se(groups, row.key)
        assert row.benefit_share == pytest.approx(share)
        assert row.se == pytest.approx(se)


def test_the_interval_is_not_estimable_for_an_empty_or_a_whole_group():
    rows = benefit_shares([BenefitGroup("1", 50), BenefitGroup("2", 50, (5.0, 7.0))])
    assert rows[0].ratio == 0.0 and rows[0].ci_low is None
    assert rows[1].ratio == pytest.approx(2.0) and rows[1].ci_high is None


def test_no_benefit_at_all_gives_no_ratio():
    rows = benefit_shares([BenefitGroup("1", 50), BenefitGroup("2", 50)])
    assert [r.ratio for r in rows] == [None, None]
    assert [r.benefit_share for r in rows] == [None, None]


def test_concentration_index_by_hand():
    # Two equal halves getting 1 and 3 per head: r = (¼, ¾), mean 2, cov = ¼ → C = ¼.
    assert concentration_index([1.0, 3.0], [1.0, 1.0]) == pytest.approx(0.25)
    # Given to the most deprived only: negative.
    assert concentration_index([3.0, 1.0], [1.0, 1.0]) == pytest.approx(-0.25)
    assert concentration_index([2.0, 2.0, 2.0], [5.0, 1.0, 9.0]) == pytest.approx(0.0)
    assert concentration_index([0.0, 0.0], [1.0, 1.0]) is None
    assert concentration_index([1.0, 3.0], [0.0, 0.0]) is None


def test_concentration_index_equals_numpy_and_the_convenient_regression():
    rng = np.random.default_rng(5)
    h = rng.gamma(2, 1, size=5)
    w = rng.integers(1000, 20000, size=5).astype(float)
    cum = np.cumsum(w)
    r = (cum - w / 2) / w.sum()
    mean = np.average(h, weights=w)
    numpy_c = 2 * np.cov(h, r, aweights=w, bias=True)[0, 1] / mean
    assert concentration_index(list(h), list(w)) == pytest.approx(numpy_c)
    # Kakwani, Wagstaff and van Doorslaer's regression: 2σ²_r·h/μ = α + β·r, β = C.
    var_r = np.average((r - 0.5) ** 2, weights=w)
    fit = sm.WLS(2 * var_r * h / mean, sm.add_constant(r), weights=w).fit()
    assert concentration_index(list(h), list(w)) == pytest.approx(fit.params[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.floats(0, 1000), st.floats(1, 1e5)),
        min_size=1,
        max_size=6,
    )
)
def test_concentration_index_lies_between_minus_one_and_one(pairs):
    c = concentration_index([h for h, _ in pairs], [w for _, w in pairs])
    assert c is None or -1 - 1e-9 <= c <= 1 + 1e-9


def test_group_medians():
    groups = [BenefitGroup("1", 1, (2.0, 9.0, 4.0)), BenefitGroup("2", 1)]
    assert group_medians(groups) == {"1": 4.0, "2": None}
