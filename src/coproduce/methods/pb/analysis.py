"""Analysis of any outcome: who is represented, how satisfied, at what cost, how proportional.

The proportionality check is EJR up to one project for approval ballots: for every set T of
projects and every group S of voters who all approve T and are numerous enough to pay for it
(|S| / n · budget ≥ cost(T)), some member must get at least u(T) from the outcome, or more
than u(T) once one project of T is added. A failure comes with the counterexample (T, S).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.outcome import Outcome

__all__ = ["EjrResult", "analyse", "ejr_up_to_one"]

EXHAUSTIVE_UP_TO = 14
SUBSET_SIZE_LIMIT = 3


@dataclass(frozen=True, slots=True)
class EjrResult:
    """The EJR-up-to-one check: ``holds``; if not, the projects T and the voters S that
    witness it. ``complete`` is False when only sets T up to ``SUBSET_SIZE_LIMIT`` were tried."""

    holds: bool
    complete: bool
    projects: tuple[str, ...] = ()
    voters: tuple[str, ...] = ()


def _utility(election: Election, by_cost: bool) -> dict[str, int]:
    return {p.id: (p.cost if by_cost else 1) for p in election.projects}


def ejr_up_to_one(
    election: Election, selected: frozenset[str], *, by_cost: bool = False
) -> EjrResult:
    """Check EJR up to one project for approval ballots, with cardinality (or cost) utility.

    Exhaustive over all project sets when there are at most ``EXHAUSTIVE_UP_TO`` projects;
    otherwise over sets of up to ``SUBSET_SIZE_LIMIT`` projects (``complete`` is then False).
    """
    util = _utility(election, by_cost)
    cost = {p.id: p.cost for p in election.projects}
    approvals = [frozenset(b.projects) for b in election.ballots]
    supporters: dict[str, set[int]] = {p.id: set() for p in election.projects}
    for i, approved in enumerate(approvals):
        for pid in approved:
            supporters[pid].add(i)
    n, budget = len(approvals), election.budget
    gained = [sum(util[p] for p in a & selected) for a in approvals]
    ids = [p.id for p in election.projects if p.cost <= budget and supporters[p.id]]
    complete = len(ids) <= EXHAUSTIVE_UP_TO
    largest = len(ids) if complete else min(SUBSET_SIZE_LIMIT, len(ids))
    context = _Context(supporters, gained, util, cost, selected, n, budget)
    found = _search(ids, (), None, largest, context)
    if found is None:
        return EjrResult(True, complete)
    subset, group = found
    voters = tuple(election.ballots[i].voter_id for i in sorted(group))
    return EjrResult(False, complete, subset, voters)


def _search(
    ids: list[str],
    subset: tuple[str, ...],
    group: set[int] | None,
    largest: int,
    c: _Context,
) -> tuple[tuple[str, ...], list[int]] | None:
    """Depth-first over project sets; a set whose supporters cannot afford it is not extended
    (adding projects only shrinks the group and raises the cost)."""
    start = ids.index(subset[-1]) + 1 if subset else 0
    for pid in ids[start:]:
        bigger = (*subset, pid)
        shared = c.supporters[pid] if group is None else group & c.supporters[pid]
        if len(shared) * c.budget < sum(c.cost[p] for p in bigger) * c.n:
            continue
        unhappy = _violation(bigger, shared, c)
        if unhappy is not None:
            return bigger, unhappy
        if len(bigger) < largest:
            deeper = _search(ids, bigger, shared, largest, c)
            if deeper is not None:
                return deeper
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    supporters: dict[str, set[int]]
    gained: list[int]
    util: dict[str, int]
    cost: dict[str, int]
    selected: frozenset[str]
    n: int
    budget: int


def _violation(subset: tuple[str, ...], group: set[int], c: _Context) -> list[int] | None:
    """Return the unsatisfied cohesive voters for T = subset if they are enough to afford T."""
    needed = sum(c.cost[p] for p in subset) * c.n
    missing = [p for p in subset if p not in c.selected]
    if not missing:
        return None
    worth = sum(c.util[p] for p in subset)
    best_add = max(c.util[p] for p in missing)
    unhappy = [i for i in group if c.gained[i] < worth and c.gained[i] + best_add <= worth]
    return unhappy if len(unhappy) * c.budget >= needed else None


def analyse(election: Election, outcome: Outcome, *, check_ejr: bool = True) -> dict[str, Any]:
    """Return the analysis of ``outcome`` as plain data (JSON-ready).

    Keys: ``voters``, ``share_with_a_winner``, ``average_satisfaction`` (approved winners per
    voter), ``satisfaction_distribution``, ``cost_share``, ``winners`` (cost and votes each) and
    ``ejr_up_to_one`` (approval ballots only).
    """
    chosen = outcome.selected_set
    per_voter = [len(chosen.intersection(b.projects)) for b in election.ballots]
    n = max(len(per_voter), 1)
    votes = Counter(p for b in election.ballots for p in b.projects)
    index = election.project_index()
    result: dict[str, Any] = {
        "voters": len(per_voter),
        "share_with_a_winner": sum(1 for k in per_voter if k > 0) / n,
        "average_satisfaction": sum(per_voter) / n,
        "satisfaction_distribution": dict(sorted(Counter(per_voter).items())),
        "cost_share": outcome.cost / election.budget if election.budget else 0.0,
        "winners": [
            {"project": pid, "cost": index[pid].cost, "votes": votes[pid]}
            for pid in outcome.selected
        ],
    }
    if check_ejr and election.vote_type in ("approval", "choose-1"):
        ejr = ejr_up_to_one(election, chosen)
        result["ejr_up_to_one"] = {
            "holds": ejr.holds,
            "complete": ejr.complete,
            "projects": list(ejr.projects),
            "voters": list(ejr.voters[:20]),
            "group_size": len(ejr.voters),
        }
    return result
