"""Equal Shares in floating point, with exact re-decision of near ties and certified jumps.

The runs are :func:`.mes_kernel.mes_kernel` and, to certify a jump,
:func:`.mes_kernel.certify_kernel` (compiled by Numba); this module prepares the flat arrays
they run on and turns their results into :class:`MesRun` objects.

Near ties: whenever a decision is within ``TOLERANCE`` (relative) the run raises
:class:`NearTie` and the caller re-runs that budget in exact arithmetic (:mod:`.mes_exact`),
unless both exact prices are known (everyone who ran out had nothing left) and compare.

Certified jumps (what makes add1 fast). With the same sequence of winners, raising the
per-voter budget from ``b`` to ``b'`` never lowers anyone's money left and never raises any
price (prices fall as budgets grow, and money left is ``max(0, before - price × utility)``).
So if, following the winners of the run at ``b``, each is affordable at ``b'``, at every
round ``t`` no rival could be bought at the winner's price *at b* with the money its
supporters have *at b'* — ``Σ min(left_i(b'), ρ_t(b) · u_i) < cost`` — and nothing more is
affordable at the end, then every budget in between picks those winners too: the rival's
price stays above ``ρ_t(b)``, the winner's below.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from coproduce.methods.pb.profile import IntArray, Profile
from coproduce.methods.pb.rules import mes_kernel
from coproduce.methods.pb.rules.mes_exact import MesRun

__all__ = ["FastSetup", "NearTie", "mes_fast_run", "price"]

TOLERANCE = mes_kernel.TOLERANCE
FloatArray = npt.NDArray[np.float64]
# the compiled kernels (Numba's dispatchers are not typed)
_run_kernel: Any = mes_kernel.mes_kernel
_certify_kernel: Any = mes_kernel.certify_kernel
_price_kernel: Any = mes_kernel.price_kernel


class NearTie(Exception):
    """Two decisions of the float run were too close to call; decide them exactly."""


@dataclass(frozen=True, eq=False)
class FastSetup:
    """What every run on one profile shares (built once, reused by every completion step):
    flat arrays for the compiled run."""

    profile: Profile
    ranks: IntArray
    free: tuple[int, ...]
    priced: IntArray
    weights: FloatArray
    member_utils: FloatArray
    member_weights: FloatArray
    member_weighted_utils: FloatArray
    member_exact_weighted_utils: IntArray
    costs_f: FloatArray
    total_u: FloatArray
    exact_total_u: IntArray
    floor_price: FloatArray
    supporter_weight: FloatArray

    @classmethod
    def of(cls, profile: Profile, ranks: IntArray) -> FastSetup:
        """Return the setup for ``profile`` with tie ranks ``ranks``."""
        weights = profile.weights.astype(np.float64)
        owner = profile.owners()
        exact = np.zeros(profile.n_projects, dtype=np.int64)
        np.add.at(exact, owner, profile.weights[profile.members] * profile.utils)
        order = sorted(range(profile.n_projects), key=lambda j: int(ranks[j]))
        costs = profile.costs.astype(np.int64)
        with np.errstate(divide="ignore"):
            floor = np.where(exact > 0, costs / np.maximum(exact, 1), np.inf)
        supporter_weight = np.zeros(profile.n_projects)
        np.add.at(supporter_weight, owner, weights[profile.members])
        return cls(
            profile=profile,
            ranks=np.asarray(ranks, dtype=np.int64),
            free=tuple(j for j in order if exact[j] > 0 and costs[j] == 0),
            priced=np.array([j for j in order if exact[j] > 0 and costs[j] > 0], dtype=np.int64),
            weights=weights,
            member_utils=profile.utils.astype(np.float64),
            member_weights=weights[profile.members],
            member_weighted_utils=weights[profile.members] * profile.utils.astype(np.float64),
            member_exact_weighted_utils=profile.weights[profile.members] * profile.utils,
            costs_f=costs.astype(np.float64),
            total_u=exact.astype(np.float64),
            exact_total_u=exact,
            floor_price=floor.astype(np.float64),
            supporter_weight=supporter_weight,
        )

    def arrays(self) -> tuple[object, ...]:
        """Return the profile arrays in the order the kernels take them."""
        p = self.profile
        return (
            p.indptr,
            p.members,
            self.member_utils,
            self.member_weights,
            self.member_weighted_utils,
            self.member_exact_weighted_utils,
            self.costs_f,
            p.costs,
            self.total_u,
            self.exact_total_u,
        )


def price(
    s: FastSetup, left: FloatArray, j: int, lower: float = 0.0
) -> tuple[float, Fraction | None] | None:
    """Return (rho, exact rho or None) for project ``j`` with money ``left``, or None if it is
    unaffordable; raise NearTie when affordability is too close to call. ``lower``: a known
    lower bound on the price (where the search starts)."""
    m = len(s.profile.members)
    status, rho, num, den = _price_kernel(
        j,
        0.0,
        np.asarray(left, dtype=np.float64),
        *s.arrays(),
        np.empty(m),
        np.empty(m, dtype=np.int64),
    )
    if status == 2:
        raise NearTie
    if status == 1:
        return None
    return float(rho), (Fraction(int(num), int(den)) if den else None)


def mes_fast_run(
    s: FastSetup,
    per_voter: Fraction,
    *,
    record: bool = False,
    certify: MesRun | None = None,
    guess: MesRun | None = None,
) -> MesRun:
    """Run Equal Shares at ``per_voter`` in floats; raise NearTie when it cannot decide.

    With ``certify`` (a run at a lower budget) the run follows that run's winners and
    ``certified`` tells whether every budget in between is shown to give the same (if not,
    the run is incomplete and must not be used). ``guess``: a run at a nearby budget whose
    winners are tried first (only the speed depends on it).
    """
    if certify is not None:
        return _certify(s, per_voter, certify)
    status, n, selected, rhos, nums, dens, left, paid = _run_kernel(
        float(per_voter),
        len(s.weights),
        *s.arrays(),
        s.ranks,
        s.priced,
        s.floor_price,
        s.supporter_weight,
        record,
        np.asarray(guess.selected[len(s.free) :] if guess is not None else (), dtype=np.int64),
    )
    if status == mes_kernel.NEAR_TIE:
        raise NearTie
    winners = [int(j) for j in selected[:n]]
    run = _run(s, winners, rhos[:n], nums[:n], dens[:n], left)
    if record:
        p = s.profile
        for j in winners:
            a, b = int(p.indptr[j]), int(p.indptr[j + 1])
            run.payments[j] = (p.members[a:b].tolist(), paid[a:b].tolist())
        assert run.exact_num is not None and run.exact_den is not None
        run.exact_rhos = [
            Fraction(int(a), int(b)) if b else None
            for a, b in zip(run.exact_num, run.exact_den, strict=True)
        ]
    return run


def _certify(s: FastSetup, per_voter: Fraction, low: MesRun) -> MesRun:
    """Return the run at ``per_voter`` following ``low``'s winners; ``certified`` tells
    whether every budget in between is shown to give the same winners."""
    free = len(s.free)
    cert_sel = np.asarray(low.selected[free:], dtype=np.int64)
    cert_num, cert_den = _exact_pairs(low, free)
    status, rhos, nums, dens, left = _certify_kernel(
        float(per_voter),
        len(s.weights),
        *s.arrays(),
        s.ranks,
        s.priced,
        s.floor_price,
        s.supporter_weight,
        cert_sel,
        np.asarray(low.rhos[free:], dtype=np.float64),
        cert_num,
        cert_den,
    )
    if status == mes_kernel.NEAR_TIE:
        raise NearTie
    run = _run(s, low.selected[free:], rhos, nums, dens, left)
    run.certified = status == mes_kernel.DONE
    return run


def _run(
    s: FastSetup,
    winners: list[int],
    rhos: FloatArray,
    nums: IntArray,
    dens: IntArray,
    left: FloatArray,
) -> MesRun:
    free = len(s.free)
    prices: list[float | Fraction] = [0.0] * free
    prices += [float(x) for x in rhos]
    run = MesRun(selected=list(s.free) + list(winners), rhos=prices, exact=False, exact_rhos=[])
    run.exact_num = np.concatenate((np.zeros(free, dtype=np.int64), nums))
    run.exact_den = np.concatenate((np.ones(free, dtype=np.int64), dens))
    run.left = left
    return run


def _exact_pairs(run: MesRun, free: int) -> tuple[IntArray, IntArray]:
    """Return the exact prices of ``run``'s priced rounds as (numerators, denominators)."""
    if run.exact_num is None or run.exact_den is None:
        raise ValueError("only a fast run can be certified against")
    return run.exact_num[free:], run.exact_den[free:]
