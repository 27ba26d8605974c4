"""Across groups: a compromise option, and where the groups disagree most.

The compromise rule is **maximin of normalised preferences**. Each group's preferences are
rescaled to [0, 1] (its least preferred option 0, its favourite 1; a group that ties every
option gives them all 1). An option's *worst* is its lowest rescaled preference over the
groups; the compromise is the option whose worst is highest: the one the least happy group
likes best. Options whose worst is within the tie tolerance of the best are *tied*; the tie is
broken by the higher mean rescaled preference, then by the tie order.

Disagreement: an option's **rank spread** is its worst rank minus its best rank over the
groups (ranks as in :mod:`.ranking`, 1 = best); a criterion's **weight spread** is the largest
minus the smallest of the groups' normalised weights for it. The most disputed options and
criteria are those with the largest spread (none when every spread is zero).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coproduce.methods.appraisal.ranking import TIE_TOLERANCE, GroupRanking, rank_levels

__all__ = ["RULE", "Compromise", "Disagreement", "compromise_of", "disagreement_of"]

RULE = "maximin_normalised"


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where the groups disagree: spreads of ranks per option and of weights per criterion."""

    option_ranks: Mapping[str, Mapping[str, float]]
    option_spread: Mapping[str, float]
    criterion_weights: Mapping[str, Mapping[str, float]]
    criterion_spread: Mapping[str, float]
    most_disputed_options: tuple[str, ...]
    most_disputed_criteria: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the disagreement as plain JSON-ready data."""
        return {
            "options": {
                o: {"ranks": dict(r), "spread": self.option_spread[o]}
                for o, r in self.option_ranks.items()
            },
            "criteria": {
                c: {"weights": dict(w), "spread": self.criterion_spread[c]}
                for c, w in self.criterion_weights.items()
            },
            "most_disputed_options": list(self.most_disputed_options),
            "most_disputed_criteria": list(self.most_disputed_criteria),
        }


@dataclass(frozen=True, slots=True)
class Compromise:
    """The maximin compromise, why it won (``tie_break`` code) and every option's standing."""

    rule: str
    option: str
    value: float
    worst_group: str
    tied: tuple[str, ...]
    tie_break: str
    ranking: tuple[str, ...]
    normalised: Mapping[str, Mapping[str, float]]
    worst: Mapping[str, float]
    mean: Mapping[str, float]
    disagreement: Disagreement

    def to_dict(self) -> dict[str, Any]:
        """Return the compromise as plain JSON-ready data."""
        return {
            "rule": self.rule,
            "option": self.option,
            "value": self.value,
            "worst_group": self.worst_group,
            "tied": list(self.tied),
            "tie_break": self.tie_break,
            "ranking": list(self.ranking),
            "options": {
                o: {"normalised": dict(n), "worst": self.worst[o], "mean": self.mean[o]}
                for o, n in self.normalised.items()
            },
            "disagreement": self.disagreement.to_dict(),
        }


def _rescaled(preference: Mapping[str, float], tolerance: float) -> dict[str, float]:
    low, high = min(preference.values()), max(preference.values())
    if high - low <= tolerance:
        return dict.fromkeys(preference, 1.0)
    return {o: (p - low) / (high - low) for o, p in preference.items()}


def _largest(spread: Mapping[str, float], tolerance: float) -> tuple[str, ...]:
    top = max(spread.values())
    if top <= tolerance:
        return ()
    return tuple(k for k, v in spread.items() if top - v <= tolerance)


def disagreement_of(
    rankings: Sequence[GroupRanking], *, tolerance: float = TIE_TOLERANCE
) -> Disagreement:
    """Return the spreads of ranks and weights across the groups' rankings."""
    options, criteria = list(rankings[0].preference), list(rankings[0].weights)
    ranks = {o: {r.group: r.ranks[o] for r in rankings} for o in options}
    weights = {c: {r.group: r.weights[c] for r in rankings} for c in criteria}
    option_spread = {o: max(v.values()) - min(v.values()) for o, v in ranks.items()}
    criterion_spread = {c: max(v.values()) - min(v.values()) for c, v in weights.items()}
    return Disagreement(
        option_ranks=ranks,
        option_spread=option_spread,
        criterion_weights=weights,
        criterion_spread=criterion_spread,
        most_disputed_options=_largest(option_spread, tolerance),
        most_disputed_criteria=_largest(criterion_spread, tolerance),
    )


def _tie_break(tied: Sequence[str], mean: Mapping[str, float], tolerance: float) -> str:
    if len(tied) == 1:
        return "none"
    best = sorted((mean[o] for o in tied), reverse=True)
    return "mean_normalised" if best[0] - best[1] > tolerance else "tie_order"


def compromise_of(
    rankings: Sequence[GroupRanking],
    *,
    tolerance: float = TIE_TOLERANCE,
    tie_order: Sequence[str] | None = None,
) -> Compromise:
    """Return the maximin compromise over the groups' rankings (see the module docstring)."""
    options = list(rankings[0].preference)
    rescaled = {r.group: _rescaled(r.preference, tolerance) for r in rankings}
    normalised = {o: {g: rescaled[g][o] for g in rescaled} for o in options}
    worst = {o: min(n.values()) for o, n in normalised.items()}
    mean = {o: sum(n.values()) / len(n) for o, n in normalised.items()}
    levels = rank_levels(worst, tolerance=tolerance, tie_order=tie_order)
    ranking = tuple(
        o
        for level in levels
        for level_by_mean in rank_levels(
            {o: mean[o] for o in level}, tolerance=tolerance, tie_order=level
        )
        for o in level_by_mean
    )
    option = ranking[0]
    return Compromise(
        rule=RULE,
        option=option,
        value=worst[option],
        worst_group=min(normalised[option], key=normalised[option].__getitem__),
        tied=levels[0],
        tie_break=_tie_break(levels[0], mean, tolerance),
        ranking=ranking,
        normalised=normalised,
        worst=worst,
        mean=mean,
        disagreement=disagreement_of(rankings, tolerance=tolerance),
    )
