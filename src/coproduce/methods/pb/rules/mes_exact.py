"""The Method of Equal Shares for one fixed budget per voter, in exact rational arithmetic.

This is the reference the fast path (:mod:`.mes_fast`) must agree with; it is also what the
fast path falls back to when two decisions are too close to call in floating point.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from coproduce.methods.pb.profile import IntArray, Profile

__all__ = ["MesRun", "mes_exact_run"]


@dataclass
class MesRun:
    """One run of Equal Shares: winners in order, each one's price ``rho`` (money per unit of
    utility) and, when recorded, who paid what: ``payments[j] = (groups, amounts)``.
    ``certified``: every budget between the run it was checked against and this one gives the
    same winners (fast path only, see :mod:`.mes_fast`).
    """

    selected: list[int]
    rhos: list[float | Fraction]
    payments: dict[int, tuple[list[int], list[float | Fraction]]] = field(default_factory=dict)
    left: Sequence[float | Fraction] | npt.NDArray[np.float64] = field(default_factory=list)
    exact: bool = True
    certified: bool = False
    exact_rhos: list[Fraction | None] = field(default_factory=list)
    # the fast path keeps exact prices as integer pairs (den 0: unknown) and makes Fractions
    # only for recorded runs
    exact_num: IntArray | None = None
    exact_den: IntArray | None = None


def _price(
    cost: int, groups: list[int], utils: list[int], weights: list[int], left: list[Fraction]
) -> Fraction | None:
    """Return the least rho with sum(min(left, rho*u)) = cost, or None if unaffordable."""
    if sum(weights[g] * left[g] for g in groups) < cost:
        return None
    order = sorted(range(len(groups)), key=lambda k: left[groups[k]] / utils[k])
    paid = Fraction(0)
    rich = sum(weights[g] * u for g, u in zip(groups, utils, strict=True))
    for k in order:
        g, u = groups[k], utils[k]
        rho = (cost - paid) / rich
        if rho * u <= left[g]:
            return rho
        paid += weights[g] * left[g]
        rich -= weights[g] * u
    return None


def mes_exact_run(
    profile: Profile, per_voter: Fraction, ranks: IntArray, *, record: bool = False
) -> MesRun:
    """Run Equal Shares with ``per_voter`` money each; ties go to the lowest ``ranks``.

    Projects nobody supports are never funded; free projects with support are funded first.
    """
    weights = profile.weights.tolist()
    left = [Fraction(per_voter)] * len(weights)
    supp = [tuple(a.tolist() for a in profile.supporters(j)) for j in range(profile.n_projects)]
    costs = profile.costs.tolist()
    run = MesRun(selected=[], rhos=[])
    heap: list[tuple[Fraction, int, int]] = []
    for j in sorted(range(profile.n_projects), key=lambda j: int(ranks[j])):
        groups, utils = supp[j]
        if not groups:
            continue
        if costs[j] == 0:
            run.selected.append(j)
            run.rhos.append(Fraction(0))
            continue
        total = sum(weights[g] * u for g, u in zip(groups, utils, strict=True))
        heap.append((Fraction(costs[j], total), int(ranks[j]), j))
    heapq.heapify(heap)
    while heap:
        bound, rank, j = heapq.heappop(heap)
        rho = _price(costs[j], supp[j][0], supp[j][1], weights, left)
        if rho is None:
            continue
        if rho > bound:
            heapq.heappush(heap, (rho, rank, j))
            continue
        _pay(run, j, rho, supp[j], left, record)
    run.left = list(left)
    return run


def _pay(
    run: MesRun,
    j: int,
    rho: Fraction,
    supporters: tuple[list[int], list[int]],
    left: list[Fraction],
    record: bool,
) -> None:
    paid: list[Fraction | float] = []
    for g, u in zip(*supporters, strict=True):
        amount = min(left[g], rho * u)
        left[g] -= amount
        paid.append(amount)
    run.selected.append(j)
    run.rhos.append(rho)
    if record:
        run.payments[j] = (list(supporters[0]), paid)
