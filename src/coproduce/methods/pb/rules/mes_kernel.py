"""Equal Shares runs in floating point, compiled to machine code by Numba.

The Python source below is the algorithm of :mod:`.mes_fast` written as loops over flat
arrays so that Numba can compile it: ``mes_kernel`` (a lazy heap of price bounds, after an
optional guessed prefix), ``certify_kernel`` (following expected winners and checking their
rivals), and ``price_kernel`` (water-filling). Nothing is decided within ``TOLERANCE``
(relative): the kernels return ``NEAR_TIE`` and the caller re-runs that budget in exact
arithmetic. Exact prices travel as integer pairs (cost, utility of those who did not run
out); they are compared with 128-bit products, so no comparison overflows.

The compiled code is cached on disk (see :mod:`coproduce.methods.compiled`); the first call
in a fresh checkout compiles it (a few seconds).
"""

from __future__ import annotations

import numpy as np

from coproduce.methods.compiled import compiled

__all__ = [
    "DEPARTED",
    "DONE",
    "NEAR_TIE",
    "TOLERANCE",
    "certify_kernel",
    "mes_kernel",
    "price_kernel",
]

TOLERANCE = 1e-9
DONE, NEAR_TIE, DEPARTED = 0, 1, 2
_LOW = np.uint64(0xFFFFFFFF)
_HALF = np.uint64(32)


@compiled
def _mul128(a: int, b: int) -> tuple[np.uint64, np.uint64]:
    """Return (high, low) 64-bit words of a × b for non-negative a, b."""
    x, y = np.uint64(a), np.uint64(b)
    x0, x1 = x & _LOW, x >> _HALF
    y0, y1 = y & _LOW, y >> _HALF
    p00, p01, p10, p11 = x0 * y0, x0 * y1, x1 * y0, x1 * y1
    mid = (p00 >> _HALF) + (p01 & _LOW) + (p10 & _LOW)
    low = (p00 & _LOW) | ((mid & _LOW) << _HALF)
    high = p11 + (p01 >> _HALF) + (p10 >> _HALF) + (mid >> _HALF)
    return high, low


@compiled
def _compare(a: int, b: int, c: int, d: int) -> int:
    """Return -1, 0 or 1 as a/b is below, equal to or above c/d (b, d > 0; a, c ≥ 0)."""
    h1, l1 = _mul128(a, d)
    h2, l2 = _mul128(c, b)
    if h1 != h2:
        return -1 if h1 < h2 else 1
    if l1 != l2:
        return -1 if l1 < l2 else 1
    return 0


@compiled
def price_kernel(  # type: ignore[no-untyped-def]
    j, lower, left, indptr, members, uf, mw, mwu, mwui, costs_f, costs_i, totf, toti, ratio, rest
):
    """Return (status, rho, num, den) for project ``j`` with money ``left``; ``lower`` is a
    lower bound on its price (0 if none is known).

    status 0: priced; 1: unaffordable; 2: a near tie. ``num/den`` is the exact price when it is
    known — everyone who ran out had nothing left — else ``den`` is 0. ``ratio`` and ``rest``
    are scratch space (one float and one index per approval).
    """
    a, b = indptr[j], indptr[j + 1]
    cost = costs_f[j]
    avail = 0.0
    tmin = np.inf
    for k in range(a, b):
        r = left[members[k]]
        avail += mw[k] * r
        t = r / uf[k]
        ratio[k] = t
        tmin = min(tmin, t)
    if abs(avail - cost) <= TOLERANCE * cost:
        return 2, 0.0, 0, 0
    if avail < cost:
        return 1, 0.0, 0, 0
    rho = cost / totf[j]
    if rho <= tmin:
        return 0, rho, costs_i[j], toti[j]
    # water-filling from a lower bound on the price: those who cannot pay rho × utility pay
    # all they have; raise rho until nobody else runs out. From a lower bound the next value
    # is again a lower bound and no smaller, so the poor set only grows and this ends.
    # ``rest`` lists those still paying in full; each pass looks only at them.
    rho = max(rho, lower)
    paid, poor_u, poor_ui, someone_had_money = 0.0, 0.0, 0, False
    n_rest = 0
    for k in range(a, b):  # the first pass looks at everyone and lists who is left
        if ratio[k] < rho:
            g = members[k]
            paid += mw[k] * left[g]
            poor_u += mwu[k]
            poor_ui += mwui[k]
            if left[g] != 0.0:
                someone_had_money = True
        else:
            rest[n_rest] = k
            n_rest += 1
    while True:
        rich = totf[j] - poor_u
        if rich <= 0.0:
            return 2, 0.0, 0, 0
        rho = (cost - paid) / rich
        kept = 0
        for q in range(n_rest):
            k = rest[q]
            if ratio[k] < rho:
                g = members[k]
                paid += mw[k] * left[g]
                poor_u += mwu[k]
                poor_ui += mwui[k]
                if left[g] != 0.0:
                    someone_had_money = True
            else:
                rest[kept] = k
                kept += 1
        if kept == n_rest:
            break
        n_rest = kept
    if someone_had_money:
        return 0, rho, 0, 0
    return 0, rho, costs_i[j], toti[j] - poor_ui


@compiled
def _before(hb, hr, x, y):  # type: ignore[no-untyped-def]
    return hb[x] < hb[y] or (hb[x] == hb[y] and hr[x] < hr[y])


@compiled
def _push(hb, hr, hj, he, hn, hd, size, bound, rank, j, epoch, num, den):  # type: ignore[no-untyped-def]
    at = size
    hb[at], hr[at], hj[at], he[at], hn[at], hd[at] = bound, rank, j, epoch, num, den
    while at > 0:
        parent = (at - 1) // 2
        if not _before(hb, hr, at, parent):
            break
        hb[at], hb[parent] = hb[parent], hb[at]
        hr[at], hr[parent] = hr[parent], hr[at]
        hj[at], hj[parent] = hj[parent], hj[at]
        he[at], he[parent] = he[parent], he[at]
        hn[at], hn[parent] = hn[parent], hn[at]
        hd[at], hd[parent] = hd[parent], hd[at]
        at = parent
    return size + 1


@compiled
def _pop(hb, hr, hj, he, hn, hd, size):  # type: ignore[no-untyped-def]
    """Remove the top; return (bound, rank, project, epoch, num, den, new size)."""
    top = (hb[0], hr[0], hj[0], he[0], hn[0], hd[0])
    size -= 1
    hb[0], hr[0], hj[0], he[0], hn[0], hd[0] = (
        hb[size],
        hr[size],
        hj[size],
        he[size],
        hn[size],
        hd[size],
    )
    at = 0
    while True:
        child = 2 * at + 1
        if child >= size:
            break
        if child + 1 < size and _before(hb, hr, child + 1, child):
            child += 1
        if not _before(hb, hr, child, at):
            break
        hb[at], hb[child] = hb[child], hb[at]
        hr[at], hr[child] = hr[child], hr[at]
        hj[at], hj[child] = hj[child], hj[at]
        he[at], he[child] = he[child], he[at]
        hn[at], hn[child] = hn[child], hn[at]
        hd[at], hd[child] = hd[child], hd[at]
        at = child
    return top[0], top[1], top[2], top[3], top[4], top[5], size


@compiled
def mes_kernel(  # type: ignore[no-untyped-def]
    per_voter,
    n_groups,
    indptr,
    members,
    uf,
    mw,
    mwu,
    mwui,
    costs_f,
    costs_i,
    totf,
    toti,
    ranks,
    priced,
    floor_price,
    supporter_weight,
    record,
    guess,
):
    """Run Equal Shares on the priced projects at ``per_voter`` money each (status DONE or
    NEAR_TIE).

    Returns (status, n, selected, rhos, nums, dens, left, paid): the first ``n`` winners in
    order with their prices and exact prices (den 0: unknown), everyone's money left, and —
    when ``record`` — what each approval paid.

    ``guess`` (possibly empty) is the winners of a run at a nearby budget. While its next
    project is shown to be the cheapest — every open rival's supporters could not pay for it
    at that price — it is bought without the heap; from the first round where that fails the
    run goes on with the heap. Either way the result is that of the plain run.
    """
    left = np.full(n_groups, per_voter)
    ratio = np.empty(len(members))
    rest = np.empty(len(members), dtype=np.int64)
    paid_rec = np.zeros(len(members) if record else 0)
    cap = len(priced) + 2
    hb = np.empty(cap)
    hr = np.empty(cap, dtype=np.int64)
    hj = np.empty(cap, dtype=np.int64)
    he = np.empty(cap, dtype=np.int64)
    hn = np.empty(cap, dtype=np.int64)
    hd = np.empty(cap, dtype=np.int64)
    selected = np.empty(len(priced), dtype=np.int64)
    rhos = np.empty(len(priced))
    nums = np.empty(len(priced), dtype=np.int64)
    dens = np.empty(len(priced), dtype=np.int64)
    is_open = np.zeros(len(costs_f), dtype=np.bool_)
    for j in priced:
        is_open[j] = True
    n, lower = 0, 0.0
    if len(guess) > 0:
        avail = supporter_weight * per_voter
        seen_pay = np.zeros(len(costs_f))
        seen_rho = np.full(len(costs_f), -1.0)
        for w in guess:
            status, p, num, den = price_kernel(
                w, lower, left, indptr, members, uf, mw, mwu, mwui, costs_f, costs_i, totf,
                toti, ratio, rest,
            )  # fmt: skip
            if status != 0:
                break
            is_open[w] = False
            if not _cheapest(
                p, left, avail, is_open, indptr, members, uf, mw, costs_f, totf, floor_price,
                seen_pay, seen_rho,
            ):  # fmt: skip
                is_open[w] = True
                break
            _buy(w, p, left, indptr, members, uf, paid_rec, record)
            selected[n], rhos[n], nums[n], dens[n] = w, p, num, den
            n += 1
            lower = p
    size = 0
    for j in priced:
        # a project whose supporters could not afford it with all their money never can
        if not is_open[j] or supporter_weight[j] * per_voter < costs_f[j] * (1 - 1e-6):
            continue
        # prices never fall during a run: the last winner's bounds the others' from below
        bound = max(costs_f[j] / totf[j], lower)
        size = _push(hb, hr, hj, he, hn, hd, size, bound, ranks[j], j, -1, 0, 0)
    epoch = 0
    while size > 0:
        eb, er, ej, ee, en, ed, size = _pop(hb, hr, hj, he, hn, hd, size)
        if ee != epoch:
            status, p, num, den = price_kernel(
                ej, eb, left, indptr, members, uf, mw, mwu, mwui, costs_f, costs_i, totf, toti,
                ratio, rest,
            )  # fmt: skip
            if status == 2:
                return NEAR_TIE, n, selected, rhos, nums, dens, left, paid_rec
            if status == 1:
                continue
            if p > eb:
                size = _push(hb, hr, hj, he, hn, hd, size, p, er, ej, epoch, num, den)
                continue
            eb, ee, en, ed = p, epoch, num, den
        # rivals within tolerance of the winner: re-price them, and decide ties exactly
        while size > 0 and hb[0] - eb <= TOLERANCE * eb:
            rb, rr, rj, re, rn, rd, size = _pop(hb, hr, hj, he, hn, hd, size)
            if re != epoch:
                status, p, num, den = price_kernel(
                    rj, rb, left, indptr, members, uf, mw, mwu, mwui, costs_f, costs_i, totf, toti,
                    ratio, rest,
                )  # fmt: skip
                if status == 2:
                    return NEAR_TIE, n, selected, rhos, nums, dens, left, paid_rec
                if status == 0:
                    size = _push(hb, hr, hj, he, hn, hd, size, p, rr, rj, epoch, num, den)
                continue
            if ed == 0 or rd == 0:
                return NEAR_TIE, n, selected, rhos, nums, dens, left, paid_rec
            order = _compare(rn, rd, en, ed)
            if order < 0 or (order == 0 and rr < er):
                size = _push(hb, hr, hj, he, hn, hd, size, eb, er, ej, ee, en, ed)
                eb, er, ej, ee, en, ed = rb, rr, rj, re, rn, rd
            else:
                size = _push(hb, hr, hj, he, hn, hd, size, rb, rr, rj, re, rn, rd)
                break
        _buy(ej, eb, left, indptr, members, uf, paid_rec, record)
        selected[n], rhos[n], nums[n], dens[n] = ej, eb, en, ed
        n += 1
        epoch += 1
    return DONE, n, selected, rhos, nums, dens, left, paid_rec


@compiled
def _buy(j, rho, left, indptr, members, uf, paid_rec, record):  # type: ignore[no-untyped-def]
    """Each supporter of ``j`` pays ``rho`` × utility, or all they have left."""
    for k in range(indptr[j], indptr[j + 1]):
        g = members[k]
        pay = min(left[g], rho * uf[k])
        left[g] -= pay
        if record:
            paid_rec[k] = pay


@compiled
def _cheapest(  # type: ignore[no-untyped-def]
    rho, left, avail, is_open, indptr, members, uf, mw, costs_f, totf, floor_price, seen_pay,
    seen_rho,
):  # fmt: skip
    """True when no open project can be bought at price ``rho`` or less (with a margin):
    its supporters could not collect its cost paying at most ``rho`` × utility each.

    The screens and the loop are those of ``_rivals_priced_out`` on purpose: sharing them as
    a helper (even one Numba inlines) made Budapest's add1 12–14 % slower.
    """
    for j in range(len(costs_f)):
        if not is_open[j] or floor_price[j] > rho * (1 + TOLERANCE):
            continue
        near = costs_f[j] * (1 - TOLERANCE)
        if avail[j] < near * (1 - 1e-6):
            continue
        if seen_rho[j] >= 0.0:
            bound = seen_pay[j] + max(0.0, rho - seen_rho[j]) * totf[j]
            if bound < near * (1 - 1e-6):
                continue
        money, could_pay = 0.0, 0.0
        for k in range(indptr[j], indptr[j + 1]):
            r = left[members[k]]
            money += mw[k] * r
            could_pay += mw[k] * min(r, rho * uf[k])
        avail[j] = money
        seen_pay[j], seen_rho[j] = could_pay, rho
        if could_pay >= near:
            return False
    return True


@compiled
def certify_kernel(  # type: ignore[no-untyped-def]
    per_voter,
    n_groups,
    indptr,
    members,
    uf,
    mw,
    mwu,
    mwui,
    costs_f,
    costs_i,
    totf,
    toti,
    ranks,
    priced,
    floor_price,
    supporter_weight,
    cert_sel,
    cert_rho,
    cert_num,
    cert_den,
):
    """Check that every budget from the run ``cert_sel`` was made at up to ``per_voter`` picks
    the same winners in the same order (see :mod:`.mes_fast`), following those winners.

    Returns (status, rhos, nums, dens, left): DONE with the winners' prices at ``per_voter``
    when certified; DEPARTED when not (the winners may differ somewhere in between); NEAR_TIE
    when a price at ``per_voter`` is too close to call. No heap is needed: at each round the
    expected winner is priced, and every open rival is shown unable to beat it.
    """
    left = np.full(n_groups, per_voter)
    ratio = np.empty(len(members))
    rest = np.empty(len(members), dtype=np.int64)
    n = len(cert_sel)
    rhos = np.zeros(n)
    nums = np.zeros(n, dtype=np.int64)
    dens = np.zeros(n, dtype=np.int64)
    is_open = np.zeros(len(costs_f), dtype=np.bool_)
    for j in priced:
        is_open[j] = True
    avail = supporter_weight * per_voter  # upper bounds on each project's supporters' money
    seen_pay = np.zeros(len(costs_f))  # what a rival could collect when last checked ...
    seen_rho = np.full(len(costs_f), -1.0)  # ... at this price (-1: never checked)
    lower = 0.0  # prices never fall during a run: the last one bounds the next from below
    for t in range(n):
        w = cert_sel[t]
        status, p, num, den = price_kernel(
            w, lower, left, indptr, members, uf, mw, mwu, mwui, costs_f, costs_i, totf, toti,
            ratio, rest,
        )  # fmt: skip
        if status == 2:
            return NEAR_TIE, rhos, nums, dens, left
        if status == 1 or p > cert_rho[t] * (1 + TOLERANCE):
            return DEPARTED, rhos, nums, dens, left
        is_open[w] = False
        if not _rivals_priced_out(
            t, left, avail, is_open, indptr, members, uf, mw, costs_f, costs_i, totf, toti,
            ranks, floor_price, cert_sel, cert_rho, cert_num, cert_den, seen_pay, seen_rho,
        ):  # fmt: skip
            return DEPARTED, rhos, nums, dens, left
        for k in range(indptr[w], indptr[w + 1]):
            g = members[k]
            left[g] -= min(left[g], p * uf[k])
        rhos[t], nums[t], dens[t], lower = p, num, den, p
    # nothing else can be bought at the end: money left only grows with the budget
    for j in priced:
        if not is_open[j] or avail[j] < costs_f[j] * (1 - 1e-6):
            continue
        money = 0.0
        for k in range(indptr[j], indptr[j + 1]):
            money += mw[k] * left[members[k]]
        if money >= costs_f[j] * (1 - 1e-6):
            return DEPARTED, rhos, nums, dens, left
    return DONE, rhos, nums, dens, left


@compiled
def _rivals_priced_out(  # type: ignore[no-untyped-def]
    at, left, avail, is_open, indptr, members, uf, mw, costs_f, costs_i, totf, toti, ranks,
    floor_price, cert_sel, cert_rho, cert_num, cert_den, seen_pay, seen_rho,
):  # fmt: skip
    """True when no open rival could beat round ``at``'s winner of the certified run anywhere
    between the two budgets: it cannot be bought at that winner's price with the money now
    ``left`` (the most it will have), or even its lowest possible price (cost / total
    utility) is above that price, or equal with a worse tie rank.
    """
    rho = cert_rho[at]
    rank = ranks[cert_sel[at]]
    for j in range(len(costs_f)):
        if not is_open[j] or floor_price[j] > rho * (1 + TOLERANCE):
            continue
        near = costs_f[j] * (1 - TOLERANCE)
        if avail[j] < near * (1 - 1e-6):
            continue
        # what j could collect at an earlier round's price rho_s bounds it now: money only
        # falls, and raising the price to rho adds at most (rho - rho_s) × total utility
        if seen_rho[j] >= 0.0:
            bound = seen_pay[j] + max(0.0, rho - seen_rho[j]) * totf[j]
            if bound < near * (1 - 1e-6):
                continue
        # money only falls during a run, so avail[j] stays an upper bound once refreshed
        money, could_pay = 0.0, 0.0
        for k in range(indptr[j], indptr[j + 1]):
            r = left[members[k]]
            money += mw[k] * r
            could_pay += mw[k] * min(r, rho * uf[k])
        avail[j] = money
        seen_pay[j], seen_rho[j] = could_pay, rho
        if could_pay < near:
            continue
        if cert_den[at] == 0:
            return False
        order = _compare(costs_i[j], toti[j], cert_num[at], cert_den[at])
        if order < 0 or (order == 0 and ranks[j] < rank):
            return False
    return True
