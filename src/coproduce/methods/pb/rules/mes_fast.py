"""Equal Shares in floating point, with exact re-decision of near ties and a *skip* certificate.

The float run tracks, for every voter group, how its money left moves with the per-voter
budget ``b`` (an affine slope), and records every comparison that decided the run: which
supporters ran out, which projects were unaffordable, and each winner against every rival's
price bound. All of these are affine in ``b`` for a fixed course of the run, so the smallest
distance at which one of them could flip is a certified interval ``[b, b + skip)`` on which the
outcome cannot change — what lets the add1 completion jump over thousands of steps.

Whenever two decisions are within ``TOLERANCE`` (relative) the run raises :class:`NearTie` and
the caller re-runs that budget in exact arithmetic (:mod:`.mes_exact`).
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

    @classmethod
    def of(cls, profile: Profile, ranks: IntArray) -> FastSetup:
        """Return the setup for ``profile`` with tie ranks ``ranks``."""
        weights = profile.weights.astype(np.float64)
        parts = [profile.supporters(j) for j in range(profile.n_projects)]
        utils = tuple(u.astype(np.float64) for _, u in parts)
        wu = tuple(weights[g] * u for (g, _), u in zip(parts, utils, strict=True))
        exact = tuple(int((profile.weights[g] * u).sum()) for g, u in parts)
        order = sorted(range(profile.n_projects), key=lambda j: int(ranks[j]))
        costs = tuple(int(c) for c in profile.costs)
        return cls(
            profile=profile,
            ranks=ranks,
            weights=weights,
            groups=tuple(g for g, _ in parts),
            utils=utils,
            wu=wu,
            total_u=tuple(float(x.sum()) for x in wu),
            exact_total_u=exact,
            costs=costs,
            free=tuple(j for j in order if exact[j] > 0 and costs[j] == 0),
            priced=tuple(j for j in order if exact[j] > 0 and costs[j] > 0),
        )


@dataclass
class _State:
    left: FloatArray
    slope: FloatArray
    skip: float
    track: bool

    def bound_skip(self, margin: FloatArray, rate: FloatArray) -> None:
        """Shrink ``skip`` so that no margin (>= 0, moving at ``rate`` per unit of b) flips."""
        falling = rate < 0
        if np.any(falling):
            self.skip = min(self.skip, float(np.min(margin[falling] / -rate[falling])))


def _price(s: FastSetup, st: _State, j: int) -> tuple[float, float, bool] | None:
    """Return (rho, d rho / d b, whether nobody ran out) for project j, or None if unaffordable."""
    g, u, wu, c = s.groups[j], s.utils[j], s.wu[j], float(s.costs[j])
    r = st.left[g]
    w = s.weights[g]
    avail = float(w @ r)
    if abs(avail - c) <= TOLERANCE * c:
        raise NearTie
    if avail < c:
        if st.track:
            st.bound_skip(np.array([c - avail]), np.array([-float(w @ st.slope[g])]))
        return None
    t = r / u
    rho0 = c / s.total_u[j]
    if rho0 <= float(t.min()):
        return rho0, 0.0, True
    order = np.argsort(t, kind="stable")
    ws, wus, ts = (w * r)[order], wu[order], t[order]
    paid_before = np.cumsum(ws) - ws
    rich_u = s.total_u[j] - (np.cumsum(wus) - wus)
    rho_k = (c - paid_before) / rich_u
    fits = np.flatnonzero(rho_k <= ts)
    if len(fits) == 0:
        raise NearTie
    k = int(fits[0])
    rho = float(rho_k[k])
    if st.track:
        poor = order[:k]
        drho = -float((w[poor] * st.slope[g][poor]).sum()) / float(rich_u[k])
        st.bound_skip(rho * u[poor] - r[poor], drho * u[poor] - st.slope[g][poor])
    return rho, (0.0 if not st.track else drho), False


_Entry = tuple[float, int, int, float, int, bool]


def _settle_rivals(s: FastSetup, st: _State, heap: list[_Entry], win: _Entry, epoch: int) -> _Entry:
    """Return the true winner after re-pricing every rival within tolerance of ``win``.

    Raise NearTie unless the close call can be decided exactly: both prices are then plain
    ``cost / total utility`` (nobody ran out), compared as fractions.
    """
    while heap and heap[0][0] - win[0] <= TOLERANCE * win[0]:
        rival = heapq.heappop(heap)
        if rival[4] != epoch:
            priced = _price(s, st, rival[2])
            if priced is not None:
                heapq.heappush(heap, (priced[0], rival[1], rival[2], priced[1], epoch, priced[2]))
            continue
        if not (rival[5] and win[5]):
            raise NearTie
        mine = Fraction(s.costs[win[2]], s.exact_total_u[win[2]])
        theirs = Fraction(s.costs[rival[2]], s.exact_total_u[rival[2]])
        if (theirs, rival[1]) < (mine, win[1]):
            heapq.heappush(heap, win)
            win = rival
        else:
            heapq.heappush(heap, rival)
            break
    if st.track and heap:
        bounds = np.array([e[0] for e in heap])
        rates = np.array([e[3] for e in heap]) - win[3]
        st.bound_skip(bounds - win[0], rates)
    return win


def mes_fast_run(
    s: FastSetup, per_voter: Fraction, *, track: bool = False, record: bool = False
) -> MesRun:
    """Run Equal Shares at ``per_voter`` in floats; raise NearTie when it cannot decide.

    With ``track`` the returned ``skip`` certifies the outcome on ``[b, b + skip)``.
    """
    n_groups = len(s.weights)
    st = _State(
        left=np.full(n_groups, float(per_voter)),
        slope=np.ones(n_groups),
        skip=float("inf"),
        track=track,
    )
    run = MesRun(selected=list(s.free), rhos=[0.0] * len(s.free), exact=False)
    heap: list[_Entry] = [
        (s.costs[j] / s.total_u[j], int(s.ranks[j]), j, 0.0, -1, True) for j in s.priced
    ]
    heapq.heapify(heap)
    epoch = 0
    while heap:
        entry = heapq.heappop(heap)
        if entry[4] != epoch:
            priced = _price(s, st, entry[2])
            if priced is None:
                continue
            fresh = (priced[0], entry[1], entry[2], priced[1], epoch, priced[2])
            if priced[0] > entry[0]:
                heapq.heappush(heap, fresh)
                continue
            entry = fresh
        entry = _settle_rivals(s, st, heap, entry, epoch)
        _pay(s, st, run, entry[2], entry[0], entry[3], record)
        epoch += 1
    run.left = list(st.left.tolist())
    run.skip = st.skip
    return run


def _pay(
    s: FastSetup, st: _State, run: MesRun, j: int, rho: float, drho: float, record: bool
) -> None:
    g, u = s.groups[j], s.utils[j]
    share = rho * u
    r = st.left[g]
    poor = r < share
    paid = np.where(poor, r, share)
    st.left[g] = r - paid
    if st.track:
        st.slope[g] = np.where(poor, 0.0, st.slope[g] - drho * u)
    run.selected.append(j)
    run.rhos.append(rho)
    if record:
        run.payments[j] = (g.tolist(), paid.tolist())
