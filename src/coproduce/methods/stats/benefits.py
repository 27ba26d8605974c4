"""Who benefits: shares of a benefit against shares of the population (the Matthew effect).

A benefit arrives in *units* — a funded project (its cost), a fixed report (1), a volunteer's
confirmed sign-up (its hours) — each landing in one group (a place, or the deprivation
quintile of a place). For each group this module gives the amount, the amount per head, the
group's share of the benefit and of the population, and the **representation ratio**
R_g = benefit share ÷ population share (1: a fair share; 0.5: half of it).

The confidence interval of R_g is a **delta method** (linearisation) over the benefit units,
treated as draws from the process that hands benefits out; the population counts are taken
as known. The benefit share S_g = Σ a_i·[i in g] / Σ a_i is a ratio of sums, so

    Var(S_g) ≈ n/(n−1) · Σ_i z_i²,   z_i = a_i·([i in g] − S_g) / Σ a_i

(the sandwich variance of a weighted mean, equal to the HC1 standard error of a weighted
least-squares fit of the indicator [i in g] on a constant with weights a_i). The interval is
S_g ± z·SE, clipped to [0, 1], divided by the population share. It is not estimable (None)
with fewer than two units, or when the group holds none or all of them (the linearised
variance is then 0 and says nothing).

The **concentration index** over groups ordered from the most to the least deprived is the
standard C = 2·cov_w(h, r) / mean_w(h), with h the amount per head of a group, r its
fractional rank (the population before it plus half its own, over the whole), and the
covariance and mean weighted by population. C lies in [−1, 1]: **positive** when the
benefit is concentrated among the *less* deprived (the Matthew effect), negative when it
goes mostly to the more deprived, 0 when every group gets the same per head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist, median

__all__ = [
    "BenefitGroup",
    "GroupBenefit",
    "benefit_shares",
    "concentration_index",
    "group_medians",
]


@dataclass(frozen=True)
class BenefitGroup:
    """A group's population and the amount of each benefit unit that reached it."""

    key: str
    population: float
    units: tuple[float, ...] = ()


@dataclass(frozen=True)
class GroupBenefit:
    """One group's share of a benefit; ``ratio`` and the interval are None when undefined."""

    key: str
    population: float
    units: int
    amount: float
    per_head: float | None
    benefit_share: float | None
    population_share: float
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None  # of the benefit share


def benefit_shares(
    groups: Sequence[BenefitGroup], *, confidence: float = 0.95
) -> list[GroupBenefit]:
    """Return each group's amount, per head, shares and representation ratio with its interval.

    Groups keep their order. A group with no population gets no population share (0) and
    no ratio. Return ratios of None for every group when no benefit was given out.
    """
    population = sum(g.population for g in groups)
    total = sum(sum(g.units) for g in groups)
    squares = sum(a * a for g in groups for a in g.units)
    n = sum(len(g.units) for g in groups)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    rows = []
    for group in groups:
        amount = float(sum(group.units))
        pop_share = group.population / population if population else 0.0
        share = amount / total if total else None
        ratio = share / pop_share if share is not None and pop_share else None
        se = _share_se(group, share, total, squares, n)
        low = high = None
        if se is not None and share is not None and pop_share:
            low = max(share - z * se, 0.0) / pop_share
            high = min(share + z * se, 1.0) / pop_share
        rows.append(
            GroupBenefit(
                key=group.key,
                population=group.population,
                units=len(group.units),
                amount=amount,
                per_head=amount / group.population if group.population else None,
                benefit_share=share,
                population_share=pop_share,
                ratio=ratio,
                ci_low=low,
                ci_high=high,
                se=se,
            )
        )
    return rows


def _share_se(
    group: BenefitGroup, share: float | None, total: float, squares: float, n: int
) -> float | None:
    if share is None or n < 2 or not 0 < len(group.units) < n:
        return None
    inside = sum(a * a for a in group.units)
    linearised = ((1 - share) ** 2 * inside + share**2 * (squares - inside)) / total**2
    return float((n / (n - 1) * linearised) ** 0.5)


def concentration_index(per_head: Sequence[float], population: Sequence[float]) -> float | None:
    """Return C = 2·cov(h, r)/mean(h) over groups given from the most to the least deprived.

    Weighted by population; groups with no population are left out. Return None when no
    one lives in the groups or the mean per head is 0 (nothing to concentrate).
    """
    pairs = [(h, w) for h, w in zip(per_head, population, strict=True) if w > 0]
    weight = sum(w for _, w in pairs)
    if not weight:
        return None
    mean = sum(h * w for h, w in pairs) / weight
    if mean == 0:
        return None
    covariance, before = 0.0, 0.0
    for h, w in pairs:
        rank = (before + w / 2) / weight
        covariance += w * (h - mean) * (rank - 0.5)
        before += w
    return 2 * (covariance / weight) / mean


def group_medians(groups: Sequence[BenefitGroup]) -> dict[str, float | None]:
    """Return each group's median unit (e.g. days to fix a report); None for a group with none."""
    return {g.key: float(median(g.units)) if g.units else None for g in groups}
