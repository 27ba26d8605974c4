"""Sequential Phragmén for approval ballots.

Voters earn virtual money at the same rate; a project is bought the moment its supporters'
money (``load``) could pay for it, and each supporter's load is then reset to that moment. In
practice a project that no longer fits the budget is passed over and the rule continues; in
pabutools' convention the rule stops at the first best project that does not fit, and also
funds unsupported projects when they fit.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from coproduce.methods.compiled import compiled
from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.profile import IntArray, Profile
from coproduce.methods.pb.tiebreak import tie_ranks

__all__ = ["phragmen"]

_TOLERANCE = 1e-9


@compiled
def _loads_of(open_, indptr, members, weights, value, costs, votes):  # type: ignore[no-untyped-def]
    """Return, for the ``open_`` projects, (sum of supporters' loads + cost) / votes."""
    out = np.empty(len(open_))
    for q in range(len(open_)):
        j = open_[q]
        if votes[j] == 0:
            out[q] = np.inf
            continue
        total = 0.0
        for k in range(indptr[j], indptr[j + 1]):
            total += weights[members[k]] * value[members[k]]
        out[q] = (total + costs[j]) / votes[j]
    return out


class _Loads:
    """Group loads, kept both as floats (fast) and as exact levels (for close calls)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.levels: list[Fraction] = [Fraction(0)]
        self.level_of = np.zeros(len(profile.weights), dtype=np.int64)
        self.value = np.zeros(len(profile.weights))
        self.weights = profile.weights.astype(np.float64)
        self.costs = profile.costs.astype(np.float64)

    def new_loads(self, open_: IntArray) -> npt.NDArray[np.float64]:
        """Return, per open project, (sum of supporters' loads + cost) / votes, as floats."""
        p = self.profile
        loads: npt.NDArray[np.float64] = _loads_of(
            open_, p.indptr, p.members, self.weights, self.value, self.costs, p.votes
        )
        return loads

    def exact(self, j: int) -> Fraction:
        """Return project j's new load exactly."""
        groups, _ = self.profile.supporters(j)
        counts = np.bincount(self.level_of[groups], weights=self.profile.weights[groups])
        total = sum((int(c) * self.levels[k] for k, c in enumerate(counts) if c), Fraction(0))
        return (total + int(self.profile.costs[j])) / int(self.profile.votes[j])

    def buy(self, j: int, load: Fraction) -> None:
        """Reset the supporters of j to ``load``."""
        groups, _ = self.profile.supporters(j)
        self.levels.append(load)
        self.level_of[groups] = len(self.levels) - 1
        self.value[groups] = float(load)


def _best(loads: _Loads, open_: IntArray, ranks: IntArray) -> tuple[list[int], Fraction | None]:
    """Return the projects with the least new load (exactly tied ones, by rank) and that load."""
    values = loads.new_loads(open_)
    low = float(values.min())
    if not np.isfinite(low):
        return sorted(open_.tolist(), key=lambda j: int(ranks[j])), None
    close = open_[values <= low * (1 + _TOLERANCE)].tolist()
    exact = {j: loads.exact(j) for j in close}
    least = min(exact.values())
    tied = sorted((j for j in close if exact[j] == least), key=lambda j: int(ranks[j]))
    return tied, least


def phragmen(profile: Profile, *, tie_break: str, pabutools: bool = False) -> Outcome:
    """Return sequential Phragmén's outcome. Exact: close calls are re-decided in fractions."""
    ranks = tie_ranks(profile, tie_break)
    loads = _Loads(profile)
    costs = profile.costs.tolist()
    eligible = profile.costs <= profile.budget if pabutools else profile.votes > 0
    open_ = np.flatnonzero(eligible)
    chosen: list[int] = []
    spent = 0
    decisions: list[Decision] = []
    while len(open_):
        tied, load = _best(loads, open_, ranks)
        j = tied[0]
        data = {
            "cost": costs[j],
            "load": None if load is None else float(load),
            "spent_before": spent,
        }
        if pabutools and any(spent + costs[k] > profile.budget for k in tied):
            decisions.append(Decision(profile.ids[j], "skipped", Code.DOES_NOT_FIT_STOP, data))
            break
        open_ = open_[open_ != j]
        if spent + costs[j] > profile.budget:
            beside = [profile.ids[k] for k in chosen]
            decisions.append(
                Decision(profile.ids[j], "skipped", Code.DOES_NOT_FIT, {**data, "beside": beside})
            )
            continue
        if load is not None:
            loads.buy(j, load)
        chosen.append(j)
        spent += costs[j]
        decisions.append(Decision(profile.ids[j], "selected", Code.LOAD_PAID, data))
    return Outcome(
        rule="phragmen",
        selected=tuple(profile.ids[j] for j in chosen),
        cost=spent,
        budget=profile.budget,
        decisions=tuple(decisions),
    )
