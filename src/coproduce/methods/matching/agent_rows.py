"""An agent's rows in the integer programme: its conflicts, its hours, and cuts from both.

Two of an agent's shifts *conflict* when they overlap or, if the hours can bind, when
together they exceed the hours. The agent takes at most one shift of any set that pairwise
conflict (a clique). For intervals alone the maximal cliques are the sets sharing an
instant, and their rows say exactly "no two overlap" (tighter than one row per overlapping
pair). When the hours bind, each such set is grown greedily, longest shift first, by
shifts that conflict with all of it; so is the set of shifts longer than half the hours.
Then come the knapsack row of the hours and the count of shifts that fit in them at most
(the shortest first). Every row is valid for every matching; the extra ones only tighten
the relaxation, which is what makes HiGHS close large programmes at the root.
"""

from __future__ import annotations

import numpy as np

from coproduce.methods.compiled import compiled
from coproduce.methods.matching.arrays import Floats, Ints

__all__ = ["agent_rows"]


def agent_rows(
    start: Ints, end: Ints, duration: Ints, limit: Ints, lo: Ints, hi: Ints
) -> tuple[Ints, Ints, Floats, Floats]:
    """Return the rows of the agents whose edges are ``lo[k]:hi[k]`` (sorted by start;
    ``limit[k]`` is the agent's hours, all in microseconds), as flat ``columns``, row
    ``lengths``, ``upper`` bounds and coefficient ``values``."""
    columns, lengths, upper, values = _agent_rows(start, end, duration, limit, lo, hi)
    return columns, lengths, upper, values


@compiled
def _agent_rows(start, end, duration, limit, lo, hi):  # type: ignore[no-untyped-def]
    columns = [np.int64(x) for x in range(0)]
    values = [np.float64(x) for x in range(0)]
    lengths = [np.int64(x) for x in range(0)]
    upper = [np.float64(x) for x in range(0)]
    for k in range(len(lo)):
        a, m, hours = lo[k], hi[k] - lo[k], limit[k]
        d = duration[a : a + m]
        binding = d.sum() > hours
        conflict = _conflicts(start[a : a + m], end[a : a + m], d, hours, binding)
        longest = np.argsort(-d, kind="mergesort")
        for mask in _interval_cliques(start[a : a + m], end[a : a + m]):
            if binding:
                _grow(mask, conflict, longest)
            _emit_clique(mask, a, columns, values, lengths, upper)
        if not binding:
            continue
        mask = 2 * d > hours
        if mask.sum() > 0:
            _grow(mask, conflict, longest)
            _emit_clique(mask, a, columns, values, lengths, upper)
        fits = np.searchsorted(np.cumsum(np.sort(d)), hours, side="right")
        if fits < m:
            for i in range(m):
                columns.append(a + i)
                values.append(np.float64(1.0))
            lengths.append(m)
            upper.append(np.float64(fits))
        unit = _gcd_all(d, hours)
        for i in range(m):
            columns.append(a + i)
            values.append(np.float64(d[i] // unit))
        lengths.append(m)
        upper.append(np.float64(hours // unit))
    return np.asarray(columns), np.asarray(lengths), np.asarray(upper), np.asarray(values)


@compiled
def _conflicts(start, end, d, hours, binding):  # type: ignore[no-untyped-def]
    m = len(d)
    conflict = np.zeros((m, m), dtype=np.bool_)
    for i in range(m):
        for j in range(m):
            overlap = start[i] < end[j] and start[j] < end[i]
            conflict[i, j] = i != j and (overlap or (binding and d[i] + d[j] > hours))
    return conflict


@compiled
def _interval_cliques(start, end):  # type: ignore[no-untyped-def]
    """Return masks of the maximal sets of intervals (sorted by start) sharing an instant:
    the set at a start time is maximal when someone leaves before the next one joins."""
    m = len(start)
    cliques = []
    i = 0
    while i < m:
        t = start[i]
        j = i
        while j < m and start[j] == t:
            j += 1
        mask = np.zeros(m, dtype=np.bool_)
        first_end = end[i]
        for q in range(j):
            if end[q] > t:
                mask[q] = True
                first_end = min(first_end, end[q])
        if j == m or first_end <= start[j]:
            cliques.append(mask)
        i = j
    return cliques


@compiled
def _grow(mask, conflict, order):  # type: ignore[no-untyped-def]
    for q in order:
        if not mask[q] and np.all(conflict[q][mask]):
            mask[q] = True


@compiled
def _emit_clique(mask, offset, columns, values, lengths, upper):  # type: ignore[no-untyped-def]
    members = np.flatnonzero(mask)
    if len(members) > 1:
        for q in members:
            columns.append(offset + q)
            values.append(np.float64(1.0))
        lengths.append(len(members))
        upper.append(np.float64(1.0))


@compiled
def _gcd_all(d, hours):  # type: ignore[no-untyped-def]
    g = hours
    for x in d:
        a, b = g, x
        while b:
            a, b = b, a % b
        g = a
    return max(g, 1)
