"""How far each weight must move to change a group's first choice.

Convention: moving criterion ``j``'s normalised weight from ``w_j`` to ``t`` rescales the
other weights proportionally so they still sum to 1: ``w_k (1 - t) / (1 - w_j)``. When
``w_j`` is 1 (the others are all 0) the freed weight is shared equally among the others.

The first choice *changes* when another option's preference exceeds the current first
choice's by more than the tie tolerance, so that it ranks above it. For each direction the
result is the smallest such move (``overtaken``, with the new weight, the distance and the
overtaking option), or ``unchanged`` if none happens within [0, 1], or ``at_bound`` if the
weight cannot move that way (already 0 or 1, or the only criterion).

WSM and PROMETHEE II are linear in the weights, so each option's lead over the first
choice is a line in ``t`` and the threshold is solved exactly. TOPSIS is not: its
preferences are evaluated on a grid of weights ``SCAN_STEP`` apart, and the first interval
where the first choice changes is bisected to ``BISECT_TOLERANCE``. A change that appears
and disappears between two grid points can be missed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coproduce.methods.appraisal.model import Appraisal, FloatArray
from coproduce.methods.appraisal.ranking import TIE_TOLERANCE, GroupRanking
from coproduce.methods.appraisal.scoring import (
    Method,
    Scorer,
    linear_contributions,
    preference_function,
)

__all__ = [
    "BISECT_TOLERANCE",
    "SCAN_STEP",
    "CriterionSensitivity",
    "Sensitivity",
    "Threshold",
    "sensitivity_of",
    "weights_along",
]

#: TOPSIS: the largest gap between two weights evaluated by the scan.
SCAN_STEP = 1e-3
#: TOPSIS: the bisection stops when the change is located within this much weight.
BISECT_TOLERANCE = 1e-12


@dataclass(frozen=True, slots=True)
class Threshold:
    """What moving one weight in one direction does: a ``code`` and its numbers.

    ``code`` is ``overtaken`` (then ``weight`` is where ``option`` overtakes the first
    choice and ``delta`` the distance from the current weight), ``unchanged`` or
    ``at_bound``.
    """

    code: str
    delta: float | None = None
    weight: float | None = None
    option: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the threshold as plain JSON-ready data (numbers only when overtaken)."""
        if self.code != "overtaken":
            return {"code": self.code}
        return {
            "code": self.code,
            "delta": self.delta,
            "weight": self.weight,
            "option": self.option,
        }


@dataclass(frozen=True, slots=True)
class CriterionSensitivity:
    """For one criterion: its current weight and the thresholds moving it up and down."""

    criterion: str
    weight: float
    up: Threshold
    down: Threshold


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """For one group: its first choice and, per criterion, how far the weight must move."""

    group: str
    first_choice: str
    computation: str
    criteria: tuple[CriterionSensitivity, ...]

    def smallest(self) -> tuple[str, str, Threshold] | None:
        """Return (criterion, direction, threshold) of the smallest change, or None."""
        moves = [
            (t.delta, i, c.criterion, direction, t)
            for i, c in enumerate(self.criteria)
            for direction, t in (("up", c.up), ("down", c.down))
            if t.delta is not None
        ]
        if not moves:
            return None
        *_, criterion, direction, threshold = min(moves, key=lambda m: (m[0], m[1]))
        return criterion, direction, threshold

    def to_dict(self) -> dict[str, Any]:
        """Return the sensitivity as plain JSON-ready data."""
        smallest = self.smallest()
        return {
            "first_choice": self.first_choice,
            "computation": self.computation,
            "criteria": {
                c.criterion: {"weight": c.weight, "up": c.up.to_dict(), "down": c.down.to_dict()}
                for c in self.criteria
            },
            "smallest": None
            if smallest is None
            else {"criterion": smallest[0], "direction": smallest[1], "delta": smallest[2].delta},
        }


def weights_along(weights: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Return the weight vectors with criterion ``j`` at each of ``t`` (see the convention)."""
    rest = weights.copy()
    rest[j] = 0.0
    if rest.sum() > 0:
        rest /= rest.sum()
    elif len(rest) > 1:
        rest[:] = 1.0 / (len(rest) - 1)
        rest[j] = 0.0
    unit = np.zeros_like(weights)
    unit[j] = 1.0
    return t[:, None] * unit[None, :] + (1.0 - t)[:, None] * rest[None, :]


def _at(weights: FloatArray, j: int, t: float) -> FloatArray:
    result: FloatArray = weights_along(weights, j, np.array([t]))[0]
    return result


def _exact(
    contributions: FloatArray, weights: FloatArray, j: int, first: int, up: bool, tolerance: float
) -> tuple[float, int] | None:
    # Along the path, option b's lead over the first choice is lead0[b] + t * slope[b].
    at0, at1 = (contributions @ weights_along(weights, j, np.array([0.0, 1.0])).T).T
    lead0 = at0 - at0[first]
    slope = (at1 - at1[first]) - lead0
    t0 = float(weights[j])
    candidates = []
    for b in range(len(lead0)):
        if b == first or slope[b] == 0 or (slope[b] > 0) != up:
            continue
        # the lead exceeds the tolerance just beyond t (clamped: already level at t0)
        t = float((tolerance - lead0[b]) / slope[b])
        t = max(t, t0) if up else min(t, t0)
        if t < 1 if up else t > 0:
            candidates.append((abs(t - t0), -abs(float(slope[b])), b, t))
    if not candidates:
        return None
    *_, b, t = min(candidates)
    return t, b


def _overtaker(scorer: Scorer, weights: FloatArray, first: int, tolerance: float) -> int | None:
    lead = scorer(weights[None, :])[0]
    lead = lead - lead[first]
    lead[first] = -math.inf
    b = int(np.argmax(lead))
    return b if lead[b] > tolerance else None


def _scan(
    scorer: Scorer, weights: FloatArray, j: int, first: int, up: bool, tolerance: float
) -> tuple[float, int] | None:
    t0 = float(weights[j])
    end = 1.0 if up else 0.0
    steps = max(1, math.ceil(abs(end - t0) / SCAN_STEP))
    grid = np.linspace(t0, end, steps + 1)
    found = scorer(weights_along(weights, j, grid[1:]))
    lead = found - found[:, first : first + 1]
    lead[:, first] = -math.inf
    hits = np.flatnonzero(lead.max(axis=1) > tolerance)
    if hits.size == 0:
        return None
    lo, hi = float(grid[hits[0]]), float(grid[hits[0] + 1])
    while abs(hi - lo) > BISECT_TOLERANCE:
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if _overtaker(scorer, _at(weights, j, mid), first, tolerance) is None:
            lo = mid
        else:
            hi = mid
    option = _overtaker(scorer, _at(weights, j, hi), first, tolerance)
    return None if option is None else (hi, option)


def _threshold(found: tuple[float, int] | None, t0: float, options: tuple[str, ...]) -> Threshold:
    if found is None:
        return Threshold("unchanged")
    t, b = found
    return Threshold("overtaken", delta=abs(t - t0), weight=t, option=options[b])


Search = Callable[[FloatArray, int, int, bool], tuple[float, int] | None]


def _search(appraisal: Appraisal, method: Method, tolerance: float) -> tuple[Search, str]:
    """Return the threshold search for ``method`` (weights, criterion, first, up) and its name."""
    contributions = linear_contributions(appraisal, method)
    if contributions is not None:
        linear = contributions
        return (lambda w, j, first, up: _exact(linear, w, j, first, up, tolerance)), "exact"
    scorer = preference_function(appraisal, method)
    return (lambda w, j, first, up: _scan(scorer, w, j, first, up, tolerance)), "scan"


def sensitivity_of(
    appraisal: Appraisal,
    method: Method,
    ranking: GroupRanking,
    *,
    tolerance: float = TIE_TOLERANCE,
) -> Sensitivity:
    """Return how far each of the group's weights must move to change its first choice.

    ``ranking`` is the group's ranking by ``method``; its first option is the first choice.
    Raise :class:`AppraisalError` if ``method`` cannot rank ``appraisal``.
    """
    weights = np.array([ranking.weights[c] for c in appraisal.criterion_ids])
    first = appraisal.options.index(ranking.first)
    search, computation = _search(appraisal, method, tolerance)
    result = []
    for j, criterion in enumerate(appraisal.criterion_ids):
        t0 = float(weights[j])
        moves: dict[bool, Threshold] = {}
        for up in (True, False):
            if len(weights) == 1 or t0 == (1.0 if up else 0.0):
                moves[up] = Threshold("at_bound")
            else:
                moves[up] = _threshold(search(weights, j, first, up), t0, appraisal.options)
        result.append(CriterionSensitivity(criterion, t0, up=moves[True], down=moves[False]))
    return Sensitivity(
        group=ranking.group,
        first_choice=ranking.first,
        computation=computation,
        criteria=tuple(result),
    )
