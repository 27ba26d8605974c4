"""Equal Shares as an :class:`Outcome`: completion, greedy top-up, comparison step, reasons."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.profile import Profile
from coproduce.methods.pb.rules.equal_shares import MesResult, equal_shares_run
from coproduce.methods.pb.rules.greedy import greedy

__all__ = ["COMPARISONS", "equal_shares", "prefer_counts"]

COMPARISONS = ("none", "satisfaction")


def prefer_counts(profile: Profile, first: list[int], second: list[int]) -> tuple[int, int]:
    """Return (voters preferring ``first``, voters preferring ``second``) by their utility."""
    totals = np.zeros((2, len(profile.weights)), dtype=np.int64)
    for row, chosen in enumerate((first, second)):
        for j in chosen:
            groups, utils = profile.supporters(j)
            totals[row, groups] += utils
    w = profile.weights
    return int(w[totals[0] > totals[1]].sum()), int(w[totals[1] > totals[0]].sum())


def _mes_decisions(profile: Profile, result: MesResult) -> list[Decision]:
    run, decisions = result.run, []
    left = _money_left(result)
    for j, rho in zip(run.selected, run.rhos, strict=True):
        groups, paid = run.payments.get(j, ([], []))
        left_before = [float(a) for a in paid]
        g = np.asarray(groups, dtype=np.int64)
        out = (left[g] == 0.0) & (np.asarray(left_before, dtype=np.float64) > 0)
        ran_out = int(profile.weights[g][out].sum())
        data: dict[str, Any] = {
            "rho": float(rho),
            "cost": int(profile.costs[j]),
            "supporters": int(profile.votes[j]),
            "max_paid": max(left_before, default=0.0),
            "min_paid": min(left_before, default=0.0),
            "ran_out": ran_out,
        }
        decisions.append(Decision(profile.ids[j], "selected", Code.SHARES_PAID, data))
    return decisions


def _money_left(result: MesResult) -> npt.NDArray[np.float64]:
    left = result.run.left
    if isinstance(left, np.ndarray):
        return left.astype(np.float64, copy=False)
    return np.array([float(x) for x in left], dtype=np.float64)


def _leftovers(profile: Profile, result: MesResult, chosen: set[int]) -> list[Decision]:
    left = _money_left(result)
    out = []
    for j in range(profile.n_projects):
        if j in chosen:
            continue
        groups, _ = profile.supporters(j)
        have = float((profile.weights[groups] * left[groups]).sum())
        data = {
            "cost": int(profile.costs[j]),
            "supporters": int(profile.votes[j]),
            "money_left": have,
        }
        reason = Code.NO_SUPPORT if profile.votes[j] == 0 else Code.SUPPORTERS_OUT_OF_MONEY
        out.append(Decision(profile.ids[j], "skipped", reason, data))
    return out


def equal_shares(
    election: Election,
    profile: Profile,
    greedy_profile: Profile,
    *,
    tie_break: str,
    completion: str,
    comparison: str,
    exact: bool = False,
    progress: Callable[[int, Fraction], None] | None = None,
) -> Outcome:
    """Return the Equal Shares outcome with ``completion`` and ``comparison`` applied."""
    if comparison not in COMPARISONS:
        raise RuleError(f"unknown comparison {comparison!r}; use none or satisfaction")
    result = equal_shares_run(
        profile, tie_break=tie_break, completion=completion, exact=exact, progress=progress
    )
    chosen = list(result.run.selected)
    decisions = _mes_decisions(profile, result)
    if completion in ("utilitarian", "add1u", "add1eu"):
        topped = greedy(greedy_profile, tie_break=tie_break, start=chosen)
        extra = [pid for pid in topped.selected if pid not in {profile.ids[j] for j in chosen}]
        chosen += [profile.ids.index(pid) for pid in extra]
        steps = {d.project: d.data for d in topped.decisions}
        decisions += [
            Decision(pid, "selected", Code.GREEDY_COMPLETION, steps[pid]) for pid in extra
        ]
    details: dict[str, Any] = {
        "completion": completion,
        "per_voter_budget": float(result.per_voter),
        "per_voter_budget_exact": str(result.per_voter),
        "steps": result.steps,
        "runs": result.evaluated,
        "exact_runs": result.exact_runs,
        "utility": profile.utility,
        "voters": profile.n_voters,
        "start_per_voter": float(Fraction(profile.budget, max(profile.n_voters, 1))),
        "topped_up": len(chosen) - len(result.run.selected),
    }
    if comparison == "satisfaction":
        plain = greedy(greedy_profile, tie_break=tie_break)
        other = [profile.ids.index(pid) for pid in plain.selected]
        mes_fans, greedy_fans = prefer_counts(profile, chosen, other)
        details["comparison"] = {"prefer_equal_shares": mes_fans, "prefer_greedy": greedy_fans}
        if greedy_fans > mes_fans:
            return Outcome(
                rule="equal-shares",
                selected=plain.selected,
                cost=plain.cost,
                budget=plain.budget,
                decisions=plain.decisions,
                details={**details, "switched_to_greedy": True},
            )
    decisions += _leftovers(profile, result, set(chosen))
    payments = {
        profile.ids[j]: {"groups": g, "amounts": [float(a) for a in a_]}
        for j, (g, a_) in result.run.payments.items()
    }
    return Outcome(
        rule="equal-shares",
        selected=tuple(profile.ids[j] for j in chosen),
        cost=sum(int(profile.costs[j]) for j in chosen),
        budget=profile.budget,
        decisions=tuple(decisions),
        details=details,
        payments=payments,
    )
