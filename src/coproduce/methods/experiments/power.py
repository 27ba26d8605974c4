"""Planning: sample size, power and minimum detectable effect of a two-arm comparison.

Effects are standardised: a difference in means divided by the outcome's standard deviation
(Cohen's d), or for proportions Cohen's h = 2 asin √p_t − 2 asin √p_c. ``ratio`` is
n_treatment / n_control and sizes are given for the control arm. The ``"t"`` test is the
two-sample t-test (noncentral t, n_c + n_t − 2 degrees of freedom), the ``"normal"`` test its
large-sample z version; proportions use the normal test on h. Power counts both rejection
regions of a two-sided test. These are the formulas of statsmodels' ``TTestIndPower`` and
``NormalIndPower``, solved here with Brent's method to a relative tolerance of 1e-10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy import optimize, stats

from coproduce.methods.experiments.errors import ExperimentError

__all__ = [
    "SampleSize",
    "achieved_power",
    "cohens_h",
    "minimum_detectable_effect",
    "sample_size",
]

Test = Literal["t", "normal"]
Alternative = Literal["two-sided", "larger"]

# Bracket for the solvers: sizes from just over one unit (t needs df > 0) to 10⁹ per arm.
_LARGEST = 1e9


@dataclass(frozen=True)
class SampleSize:
    """Units needed: ``n_control`` and ``n_treatment`` rounded up; ``exact`` unrounded."""

    n_control: int
    n_treatment: int
    exact: float
    effect_size: float
    alpha: float
    power: float
    ratio: float
    test: str

    def to_dict(self) -> dict[str, object]:
        """Return the plan as plain JSON-ready values."""
        return {
            "n_control": self.n_control,
            "n_treatment": self.n_treatment,
            "exact": self.exact,
            "effect_size": self.effect_size,
            "alpha": self.alpha,
            "power": self.power,
            "ratio": self.ratio,
            "test": self.test,
        }


def cohens_h(p_treatment: float, p_control: float) -> float:
    """Return Cohen's h, the standardised difference of two proportions."""
    for p in (p_treatment, p_control):
        if not 0 <= p <= 1:
            raise ExperimentError("bad_proportion", f"{p!r} is not a proportion", value=p)
    return 2 * math.asin(math.sqrt(p_treatment)) - 2 * math.asin(math.sqrt(p_control))


def _check(alpha: float, ratio: float, test: str, alternative: str) -> None:
    if not 0 < alpha < 1:
        raise ExperimentError("bad_alpha", f"alpha must lie between 0 and 1, not {alpha!r}")
    if not ratio > 0:
        raise ExperimentError("bad_ratio", f"the ratio must be positive, not {ratio!r}")
    if test not in ("t", "normal") or alternative not in ("two-sided", "larger"):
        raise ExperimentError(
            "bad_option", "test is 't' or 'normal' and alternative 'two-sided' or 'larger'"
        )


def achieved_power(
    effect_size: float,
    n_control: float,
    *,
    alpha: float = 0.05,
    ratio: float = 1.0,
    test: Test = "t",
    alternative: Alternative = "two-sided",
) -> float:
    """Return the power to detect ``effect_size`` with ``n_control`` (and ratio × as many)."""
    _check(alpha, ratio, test, alternative)
    if n_control <= 0 or (test == "t" and n_control * (1 + ratio) <= 2):
        raise ExperimentError("bad_n", f"{n_control!r} units are too few for the test")
    nobs = 1 / (1 / n_control + 1 / (n_control * ratio))
    shift = effect_size * math.sqrt(nobs)
    tail = alpha / 2 if alternative == "two-sided" else alpha
    if test == "normal":
        crit = float(stats.norm.isf(tail))
        power = float(stats.norm.sf(crit - shift))
        if alternative == "two-sided":
            power += float(stats.norm.cdf(-crit - shift))
        return power
    df = n_control * (1 + ratio) - 2
    crit = float(stats.t.isf(tail, df))
    power = _finite(float(stats.nct.sf(crit, df, shift)))
    if alternative == "two-sided":
        power += _finite(float(stats.nct.cdf(-crit, df, shift)))
    return power


def _finite(tail: float) -> float:
    # SciPy's noncentral t returns NaN for a far tail (a large shift away from it), where the
    # probability is below 1e-300; it counts as zero
    return tail if math.isfinite(tail) else 0.0


def _target(power: float) -> None:
    if not 0 < power < 1:
        raise ExperimentError("bad_power", f"power must lie between 0 and 1, not {power!r}")


def sample_size(
    effect_size: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    test: Test = "t",
    alternative: Alternative = "two-sided",
) -> SampleSize:
    """Return the units needed to detect ``effect_size`` at ``alpha`` with ``power``.

    Raise ``ExperimentError`` if the effect is zero, or alpha, power or the ratio are out of
    range, or more than 10⁹ units per arm would be needed.
    """
    _check(alpha, ratio, test, alternative)
    _target(power)
    if effect_size == 0 or not math.isfinite(effect_size):
        raise ExperimentError("bad_effect", "the effect size must be a non-zero number")
    size = abs(effect_size) if alternative == "two-sided" else effect_size
    # the t-test needs 2 units in each arm for its variances; the z-test any positive size
    low = max(2.0, 2.0 / ratio) if test == "t" else 1e-6

    def gap(n: float) -> float:
        return (
            achieved_power(size, n, alpha=alpha, ratio=ratio, test=test, alternative=alternative)
            - power
        )

    if gap(low) >= 0:
        exact = low
    elif gap(_LARGEST) < 0:
        raise ExperimentError("too_small_effect", "more than 10⁹ units per arm would be needed")
    else:
        exact = float(optimize.brentq(gap, low, _LARGEST, xtol=1e-12, rtol=1e-10))
    n_control = math.ceil(exact - 1e-9)
    return SampleSize(
        n_control=n_control,
        n_treatment=math.ceil(n_control * ratio - 1e-9),
        exact=exact,
        effect_size=effect_size,
        alpha=alpha,
        power=power,
        ratio=ratio,
        test=test,
    )


def minimum_detectable_effect(
    n_control: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    test: Test = "t",
    alternative: Alternative = "two-sided",
) -> float:
    """Return the smallest positive standardised effect detected with ``power`` at ``alpha``.

    Multiply by the outcome's standard deviation for the effect in its own units.
    """
    _target(power)
    achieved_power(0.0, n_control, alpha=alpha, ratio=ratio, test=test, alternative=alternative)

    def gap(effect: float) -> float:
        return (
            achieved_power(
                effect, n_control, alpha=alpha, ratio=ratio, test=test, alternative=alternative
            )
            - power
        )

    high = 1.0
    while gap(high) < 0:
        high *= 2
        if high > 1e6:
            raise ExperimentError("bad_n", f"{n_control!r} units cannot reach that power")
    return float(optimize.brentq(gap, 0.0, high, xtol=1e-14, rtol=1e-12))
