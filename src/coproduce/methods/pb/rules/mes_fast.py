"""Equal Shares in floating point, with exact re-decision of near ties and certified jumps.

Near ties: whenever a decision is within ``TOLERANCE`` (relative) the run raises
:class:`NearTie` and the caller re-runs that budget in exact arithmetic (:mod:`.mes_exact`),
unless both exact prices are known (everyone who ran out had nothing left) and compare.

Certified jumps (what makes add1 fast). With the same sequence of winners, raising the
per-voter budget from ``b`` to ``b'`` never lowers anyone's money left and never raises any
price (prices fall as budgets grow, and money left is ``max(0, before - price × utility)``).
So if the run at ``b'`` picks the same winners in the same order as the run at ``b``, and at
every round ``t`` no rival could be bought at the winner's price *at b* with the money its
supporters have *at b'* — ``Σ min(left_i(b'), ρ_t(b) · u_i) < cost`` — then every budget in
between picks those winners too: the rival's price stays above ``ρ_t(b)``, the winner's below.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from coproduce.methods.pb.profile import IntArray, Profile
from coproduce.methods.pb.rules.mes_exact import MesRun

__all__ = ["FastSetup", "NearTie", "mes_fast_run"]

TOLERANCE = 1e-9
FloatArray = npt.NDArray[np.float64]
# price bound, rank, project, epoch, the exact price when known (nobody with money ran out)
_Entry = tuple[float, int, int, int, Fraction | None]


class NearTie(Exception):
    """Two decisions of the float run were too close to call; decide them exactly."""


@dataclass(frozen=True, eq=False)
class FastSetup:
    """What every run on one profile shares (built once, reused by every completion step)."""

    profile: Profile
    ranks: IntArray
    weights: FloatArray
    groups: tuple[IntArray, ...]
    utils: tuple[FloatArray, ...]
    wu: tuple[FloatArray, ...]
    total_u: tuple[float, ...]
    exact_total_u: tuple[int, ...]
    costs: tuple[int, ...]
    free: tuple[int, ...]
    priced: tuple[int, ...]
    member_weights: FloatArray
    member_utils: FloatArray
    member_project: IntArray
    costs_f: FloatArray
    floor_price: FloatArray
    supporter_weight: FloatArray
    group_indptr: IntArray
    group_projects: IntArray

    @classmethod
    def of(cls, profile: Profile, ranks: IntArray) -> FastSetup:
        """Return the setup for ``profile`` with tie ranks ``ranks``."""
        weights = profile.weights.astype(np.float64)
        parts = [profile.supporters(j) for j in range(profile.n_projects)]
        utils = tuple(u.astype(np.float64) for _, u in parts)
        exact = tuple(int((profile.weights[g] * u).sum()) for g, u in parts)
        order = sorted(range(profile.n_projects), key=lambda j: int(ranks[j]))
        costs = tuple(int(c) for c in profile.costs)
        return cls(
            profile=profile,
            ranks=ranks,
            weights=weights,
            groups=tuple(g for g, _ in parts),
            utils=utils,
            wu=tuple(weights[g] * u for (g, _), u in zip(parts, utils, strict=True)),
            total_u=tuple(float(x) for x in exact),
            exact_total_u=exact,
            costs=costs,
            free=tuple(j for j in order if exact[j] > 0 and costs[j] == 0),
            priced=tuple(j for j in order if exact[j] > 0 and costs[j] > 0),
            member_weights=weights[profile.members],
            member_utils=profile.utils.astype(np.float64),
            member_project=np.repeat(
                np.arange(profile.n_projects, dtype=np.int64), np.diff(profile.indptr)
            ),
            costs_f=profile.costs.astype(np.float64),
            floor_price=np.array(
                [c / u if u else np.inf for c, u in zip(costs, exact, strict=True)]
            ),
            supporter_weight=np.array([float(weights[g].sum()) for g, _ in parts]),
            **_transpose(profile),
        )


def _transpose(profile: Profile) -> dict[str, IntArray]:
    """Return the group -> projects CSR (``group_indptr``, ``group_projects``)."""
    owner = np.repeat(np.arange(profile.n_projects, dtype=np.int64), np.diff(profile.indptr))
    order = np.argsort(profile.members, kind="stable")
    counts = np.bincount(profile.members, minlength=len(profile.weights))
    indptr = np.zeros(len(profile.weights) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(counts)
    return {"group_indptr": indptr, "group_projects": owner[order]}


def _price(s: FastSetup, left: FloatArray, j: int) -> tuple[float, Fraction | None] | None:
    """Return (rho, exact rho or None) for project j, or None if it is unaffordable.

    The exact price is known when everyone who ran out had nothing left: it is then the cost
    over the (integer) utility of the others.
    """
    g, u, c = s.groups[j], s.utils[j], float(s.costs[j])
    r = left[g]
    w = s.weights[g]
    avail = float(w @ r)
    if abs(avail - c) <= TOLERANCE * c:
        raise NearTie
    if avail < c:
        return None
    t = r / u
    rho0 = c / s.total_u[j]
    if rho0 <= float(t.min()):
        return rho0, Fraction(s.costs[j], s.exact_total_u[j])
    order, rho_k, fits = _poorest_first(s, j, w * r, t, c, rho0)
    if len(fits) == 0:
        raise NearTie
    k = int(fits[0])
    poor = order[:k]
    if np.any(r[poor] != 0.0):
        return float(rho_k[k]), None
    units = s.profile.weights[g[poor]] * s.profile.utils[s.profile.indptr[j] + poor]
    return float(rho_k[k]), Fraction(s.costs[j], s.exact_total_u[j] - int(units.sum()))


def _poorest_first(
    s: FastSetup, j: int, wr: FloatArray, t: FloatArray, c: float, rho0: float
) -> tuple[IntArray, FloatArray, IntArray]:
    """Return supporters by money per utility (stable), the price if the first ``k`` of them
    ran out, and the positions ``k`` where that price fits.

    Those below a guessed bound on the price are sorted first: they are exactly the start of
    the full order, so a fit found among them is the full scan's first fit, with the same
    sums. Only when none fits are the others sorted and appended (the full stable order).
    """
    poor = t < rho0
    rich_left = s.total_u[j] - float(s.wu[j][poor].sum())
    if rich_left <= 0.0:
        return _scan(s, j, wr, t, c, np.argsort(t, kind="stable"))
    below = t < 1.5 * (c - float(wr[poor].sum())) / rich_left
    first = np.flatnonzero(below)
    order: IntArray = first[np.argsort(t[first], kind="stable")]
    rho_k, fits = _scan(s, j, wr, t, c, order)[1:]
    if len(fits) > 0:
        return order, rho_k, fits
    rest = np.flatnonzero(~below)
    return _scan(s, j, wr, t, c, np.concatenate((order, rest[np.argsort(t[rest], kind="stable")])))


def _scan(
    s: FastSetup, j: int, wr: FloatArray, t: FloatArray, c: float, order: IntArray
) -> tuple[IntArray, FloatArray, IntArray]:
    ws, wus = wr[order], s.wu[j][order]
    paid_before = np.cumsum(ws) - ws
    rich_u = s.total_u[j] - (np.cumsum(wus) - wus)
    rho_k = (c - paid_before) / rich_u
    return order, rho_k, np.flatnonzero(rho_k <= t[order])


def _settle_rivals(
    s: FastSetup, left: FloatArray, heap: list[_Entry], win: _Entry, epoch: int
) -> _Entry:
    """Return the true winner after re-pricing every rival within tolerance of ``win``."""
    while heap and heap[0][0] - win[0] <= TOLERANCE * win[0]:
        rival = heapq.heappop(heap)
        if rival[3] != epoch:
            priced = _price(s, left, rival[2])
            if priced is not None:
                heapq.heappush(heap, (priced[0], rival[1], rival[2], epoch, priced[1]))
            continue
        mine, theirs = win[4], rival[4]
        if mine is None or theirs is None:
            raise NearTie
        if (theirs, rival[1]) < (mine, win[1]):
            heapq.heappush(heap, win)
            win = rival
        else:
            heapq.heappush(heap, rival)
            break
    return win


def _rivals_priced_out(
    s: FastSetup,
    left: FloatArray,
    avail: FloatArray,
    low: MesRun,
    at: int,
    open_: npt.NDArray[np.bool_],
) -> bool:
    """True when no open rival could beat round ``at``'s winner of ``low`` anywhere between.

    A rival is out if it cannot be bought at that winner's price with the money ``left``, or
    if even its lowest possible price (cost / total utility, nobody running out) is above it,
    or equal to it with a worse tie rank. ``avail`` (its supporters' money) screens rivals.
    """
    rho, winner = float(low.rhos[at]), low.selected[at]
    near = s.costs_f * (1 - TOLERANCE)
    maybe = open_ & (s.floor_price <= rho * (1 + TOLERANCE)) & (avail >= near * (1 - 1e-6))
    doubtful = []
    for j in np.flatnonzero(maybe).tolist():
        g = s.groups[j]
        if float(s.weights[g] @ np.minimum(left[g], rho * s.utils[j])) >= near[j]:
            doubtful.append(j)
    if not doubtful:
        return True
    mine = low.exact_rhos[at]
    if mine is None:
        return False
    rank = int(s.ranks[winner])
    for j in doubtful:
        floor = Fraction(s.costs[j], s.exact_total_u[j])
        if floor < mine or (floor == mine and int(s.ranks[j]) < rank):
            return False
    return True


def mes_fast_run(
    s: FastSetup,
    per_voter: Fraction,
    *,
    record: bool = False,
    certify: MesRun | None = None,
) -> MesRun:
    """Run Equal Shares at ``per_voter`` in floats; raise NearTie when it cannot decide.

    With ``certify`` (a run at a lower budget) the run stops as soon as it departs from that
    run's winners, and ``certified`` tells whether every budget in between gives the same.
    """
    left = np.full(len(s.weights), float(per_voter))
    run = MesRun(
        selected=list(s.free),
        rhos=[0.0] * len(s.free),
        exact=False,
        exact_rhos=[Fraction(0)] * len(s.free),
    )
    heap: list[_Entry] = [
        (s.costs[j] / s.total_u[j], int(s.ranks[j]), j, -1, None) for j in s.priced
    ]
    heapq.heapify(heap)
    avail = s.supporter_weight * float(per_voter)
    open_ = np.zeros(s.profile.n_projects, dtype=bool)
    open_[list(s.priced)] = True
    epoch, certified = 0, certify is not None
    while heap:
        entry = heapq.heappop(heap)
        if entry[3] != epoch:
            priced = _price(s, left, entry[2])
            if priced is None:
                continue
            fresh = (priced[0], entry[1], entry[2], epoch, priced[1])
            if priced[0] > entry[0]:
                heapq.heappush(heap, fresh)
                continue
            entry = fresh
        entry = _settle_rivals(s, left, heap, entry, epoch)
        open_[entry[2]] = False
        if certified and certify is not None:
            at = len(run.selected)
            if at >= len(certify.selected) or certify.selected[at] != entry[2]:
                run.certified = False
                return run
            if not _rivals_priced_out(s, left, avail, certify, at, open_):
                run.certified = False
                return run
        _pay(s, left, avail if certify is not None else None, run, entry[2], entry[0], record)
        run.exact_rhos.append(entry[4])
        epoch += 1
    run.left = list(left.tolist())
    run.certified = certified and certify is not None and len(run.selected) == len(certify.selected)
    return run


def _pay(
    s: FastSetup,
    left: FloatArray,
    avail: FloatArray | None,
    run: MesRun,
    j: int,
    rho: float,
    record: bool,
) -> None:
    g = s.groups[j]
    share = rho * s.utils[j]
    r = left[g]
    paid = np.minimum(r, share)
    left[g] = r - paid
    if avail is not None:
        starts, ends = s.group_indptr[g], s.group_indptr[g + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        projects = s.group_projects[offsets + np.arange(int(lengths.sum()))]
        spent = np.repeat(s.weights[g] * paid, lengths)
        avail -= np.bincount(projects, weights=spent, minlength=len(avail))
    run.selected.append(j)
    run.rhos.append(rho)
    if record:
        run.payments[j] = (g.tolist(), paid.tolist())
