"""The difference in means, unstratified (Welch) and stratified (blocked Neyman).

Both estimate treatment mean minus control mean. Variances are sample variances (n − 1).

- Welch: SE = √(s²_t/n_t + s²_c/n_c); t = estimate / SE on the Welch–Satterthwaite degrees
  of freedom ν = SE⁴ / ((s²_t/n_t)²/(n_t − 1) + (s²_c/n_c)²/(n_c − 1)); the 95 % interval is
  estimate ± t₀.₉₇₅,ν · SE and the p-value two-sided.
- Blocked: estimate = Σ_s w_s (ȳ_ts − ȳ_cs) with w_s = n_s / n; variance
  Σ_s w_s² (s²_ts/n_ts + s²_cs/n_cs); normal approximation for the interval and p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["LEVEL", "Block", "Estimate", "blocked", "welch"]

FloatArray = NDArray[np.float64]

#: Confidence level of every interval.
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A difference in means with its standard error, interval and two-sided p-value.

    ``df`` is the Welch–Satterthwaite degrees of freedom, or ``None`` for a normal approximation.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    df: float | None


@dataclass(frozen=True)
class Block:
    """One stratum's outcomes in the two arms compared, with its weight ``n_s / n``."""

    weight: float
    treated: FloatArray
    control: FloatArray


def _term(values: FloatArray) -> float:
    return float(np.var(values, ddof=1)) / len(values)


def welch(treated: FloatArray, control: FloatArray) -> Estimate:
    """Return Welch's t-test of ``mean(treated) − mean(control)``; arms need 2 units each.

    The caller makes sure the standard error is not zero.
    """
    estimate = float(np.mean(treated)) - float(np.mean(control))
    a, b = _term(treated), _term(control)
    se = math.sqrt(a + b)
    # ν in shares of the variance, so that tiny variances do not underflow when squared
    share_t, share_c = a / (a + b), b / (a + b)
    df = 1 / (share_t**2 / (len(treated) - 1) + share_c**2 / (len(control) - 1))
    quantile = float(stats.t.ppf((1 + LEVEL) / 2, df))
    p_value = 2 * float(stats.t.sf(abs(estimate / se), df))
    return Estimate(estimate, se, estimate - quantile * se, estimate + quantile * se, p_value, df)


def blocked(blocks: Sequence[Block]) -> Estimate:
    """Return the blocked (Neyman) estimate over ``blocks`` with a normal approximation."""
    estimate = sum(
        b.weight * (float(np.mean(b.treated)) - float(np.mean(b.control))) for b in blocks
    )
    variance = sum(b.weight**2 * (_term(b.treated) + _term(b.control)) for b in blocks)
    se = math.sqrt(variance)
    quantile = float(stats.norm.ppf((1 + LEVEL) / 2))
    p_value = 2 * float(stats.norm.sf(abs(estimate / se)))
    return Estimate(estimate, se, estimate - quantile * se, estimate + quantile * se, p_value, None)


def standard_error_is_zero(blocks: Sequence[Block]) -> bool:
    """Return whether the outcome is constant within every arm of every block."""
    return all(_term(b.treated) + _term(b.control) == 0 for b in blocks)
