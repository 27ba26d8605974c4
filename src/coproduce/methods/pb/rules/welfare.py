"""Maximum utilitarian welfare: the exact knapsack.

Solved by a depth-first branch and bound (Horowitz–Sahni, with Dantzig's bound) compiled by
Numba, in integers: the fractional part of a bound is rounded up, so no optimum is pruned. A
knapsack it cannot close within a node limit goes to HiGHS as an integer programme.
"""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np
import numpy.typing as npt

from coproduce.methods.compiled import compiled
from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.profile import Profile

__all__ = ["max_welfare"]


def _quiet_highs() -> highspy.Highs:
    """Return a solver; HiGHS prints a banner on stdout when created, which would spoil JSON."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


NODE_LIMIT = 2_000_000


@compiled
def _branch_and_bound(values, weights, capacity, node_limit):  # type: ignore[no-untyped-def]
    """Return (best value, taken) for items sorted by value per weight, best first; value -1
    when the node limit is reached. Invariant: no item at or after ``i`` is taken."""
    n = len(values)
    take = np.zeros(n, dtype=np.bool_)
    best_take = np.zeros(n, dtype=np.bool_)
    best, value, weight, i, nodes = 0, 0, 0, 0, 0
    while True:
        nodes += 1
        if nodes > node_limit:
            return -1, best_take
        room, total, k = capacity - weight, value, i
        while k < n and weights[k] <= room:
            room -= weights[k]
            total += values[k]
            k += 1
        bound = total
        if k < n:  # Dantzig's bound: a fraction of the first item that does not fit
            bound += int(room * (values[k] / weights[k])) + 1
        if bound > best:
            for q in range(i, k):
                take[q] = True
            value, weight = total, capacity - room
            if value > best:
                best = value
                best_take[:] = take
            if k < n - 1:
                i = k + 1  # item k does not fit: go on without it
                continue
            i = n  # every item is decided
        # backtrack: drop the last item taken before i and go on from just after it
        j = i - 1
        while j >= 0 and not take[j]:
            j -= 1
        if j < 0:
            return best, best_take
        take[j] = False
        value -= values[j]
        weight -= weights[j]
        i = j + 1


def _knapsack(scores: list[int], costs: list[int], budget: int) -> list[int] | None:
    """Return the indices of an optimal knapsack, or None past the node limit."""
    free = [j for j in range(len(scores)) if costs[j] == 0]
    items = sorted(
        (j for j in range(len(scores)) if costs[j] > 0),
        key=lambda j: (-scores[j] / costs[j], j),
    )
    values: npt.NDArray[np.int64] = np.array([scores[j] for j in items], dtype=np.int64)
    weights: npt.NDArray[np.int64] = np.array([costs[j] for j in items], dtype=np.int64)
    best, taken = _branch_and_bound(values, weights, budget, NODE_LIMIT)
    if best < 0:
        return None
    return sorted(free + [items[k] for k in np.flatnonzero(taken).tolist()])


def _solve(scores: list[int], costs: list[int], budget: int) -> list[int]:
    if not scores:
        return []
    if sum(scores) < 2**62 and budget < 2**62:  # integers fit the compiled search
        picked = _knapsack(scores, costs, budget)
        if picked is not None:
            return picked
    return _solve_with_highs(scores, costs, budget)


def _solve_with_highs(scores: list[int], costs: list[int], budget: int) -> list[int]:
    h = _quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)
    n = len(scores)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, 1
    lp.col_cost_ = np.array(scores, dtype=np.float64)
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_, lp.row_upper_ = np.array([-highspy.kHighsInf]), np.array([float(budget)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(n + 1, dtype=np.int32)
    lp.a_matrix_.index_ = np.zeros(n, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(costs, dtype=np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuleError(f"the welfare programme was not solved: {h.getModelStatus()}")
    values = h.getSolution().col_value
    return [j for j in range(n) if values[j] > 0.5]


def max_welfare(profile: Profile) -> Outcome:
    """Return a feasible set of projects with the greatest total utility (exact optimum).

    Among several optima the solver's choice is returned; ``details['welfare']`` is the
    optimum, which is unique.
    """
    scores = profile.scores().tolist()
    costs = profile.costs.tolist()
    useful = [j for j in range(profile.n_projects) if scores[j] > 0 and costs[j] <= profile.budget]
    picked = [
        useful[k]
        for k in _solve([scores[j] for j in useful], [costs[j] for j in useful], profile.budget)
    ]
    spent = sum(costs[j] for j in picked)
    if spent > profile.budget:
        raise RuleError("the welfare solver returned an infeasible set")
    decisions = tuple(
        Decision(
            profile.ids[j],
            "selected" if j in picked else "skipped",
            Code.OPTIMUM_IN if j in picked else Code.OPTIMUM_OUT,
            {"score": scores[j], "cost": costs[j]},
        )
        for j in range(profile.n_projects)
    )
    return Outcome(
        rule="max-welfare",
        selected=tuple(profile.ids[j] for j in picked),
        cost=spent,
        budget=profile.budget,
        decisions=decisions,
        details={"welfare": sum(scores[j] for j in picked)},
    )
