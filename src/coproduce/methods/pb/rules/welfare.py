"""Maximum utilitarian welfare: the exact knapsack, solved as an integer programme by HiGHS."""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np

from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.outcome import Decision, Outcome
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


def _solve(scores: list[int], costs: list[int], budget: int) -> list[int]:
    if not scores:
        return []
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
            "optimum",
            {"score": scores[j]},
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
