"""The exact path: an integer programme over components, solved by HiGHS in two stages.

Stage one finds the most places that can be filled; stage two adds the row "places filled
≥ that number" and minimises the metres travelled. Two stages rather than one weighted
objective because a weight that makes one place outweigh every distance must exceed the sum
of all of them: on large instances the objective then nears 10¹², where a solver's
tolerances no longer resolve a metre. In two stages both objectives are integers of
moderate size, and a gap below one proves each optimum. Stage one is usually settled by its
linear relaxation alone: if stage two is feasible at the relaxation's bound, that bound is
the optimum; only if it is not is stage one solved as an integer programme.

Rows (see :mod:`.agent_rows` for an agent's): each shift takes at most its capacity; each
agent takes at most one shift of each set that pairwise conflict, and keeps to its hours.
"""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np
import scipy.sparse as sp

from coproduce.methods.matching.agent_rows import agent_rows
from coproduce.methods.matching.arrays import Arrays, Bools, Floats, Ints
from coproduce.methods.matching.eligibility import Edges
from coproduce.methods.matching.errors import MatchingError
from coproduce.methods.matching.structure import Agents

__all__ = ["Rows", "quiet_highs", "solve_programme"]


class Rows:
    """Constraint rows ``lower ≤ Σ value·x ≤ upper`` under construction, in blocks."""

    def __init__(self) -> None:
        self._columns: list[Ints] = []
        self._values: list[Floats] = []
        self._lengths: list[Ints] = []
        self._lower: list[Floats] = []
        self._upper: list[Floats] = []

    def add(self, columns: Ints, lengths: Ints, upper: Floats, values: Floats | None = None,
            lower: Floats | None = None) -> None:  # fmt: skip
        """Add rows: row ``i`` holds the next ``lengths[i]`` of ``columns`` (coefficients
        ``values``, default one) and is at most ``upper[i]`` (at least ``lower[i]``)."""
        self._columns.append(np.asarray(columns, dtype=np.int64))
        self._values.append(np.ones(len(columns)) if values is None else values)
        self._lengths.append(np.asarray(lengths, dtype=np.int64))
        self._upper.append(np.asarray(upper, dtype=np.float64))
        self._lower.append(np.full(len(lengths), -np.inf) if lower is None else lower)

    def with_row(self, columns: Ints, lower: float) -> Rows:
        """Return a copy with one more row, ``Σ x[columns] ≥ lower``."""
        other = Rows()
        for name in ("_columns", "_values", "_lengths", "_lower", "_upper"):
            setattr(other, name, list(getattr(self, name)))
        other.add(columns, np.array([len(columns)]), np.array([np.inf]), None, np.array([lower]))
        return other

    def bounds(self) -> tuple[Floats, Floats]:
        """Return the lower and upper bound of every row."""
        return np.concatenate([np.zeros(0), *self._lower]), np.concatenate(
            [np.zeros(0), *self._upper]
        )

    def matrix(self, n: int) -> sp.csc_matrix:
        """Return the rows as a sparse matrix with ``n`` columns."""
        lengths = np.concatenate([np.zeros(0, dtype=np.int64), *self._lengths])
        return sp.csr_matrix(
            (
                np.concatenate([np.zeros(0), *self._values]),
                np.concatenate([np.zeros(0, dtype=np.int64), *self._columns]),
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=(len(lengths), n),
        ).tocsc()


def quiet_highs() -> highspy.Highs:
    """Return a silent solver set for exact integer objectives; HiGHS prints a banner on
    stdout when created, which would spoil JSON output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # both objectives are integers
    # Presolve and primal heuristics cost far more than they save on these programmes
    # (minutes at 100,000 pairs); the root relaxation with cuts usually closes them.
    h.setOptionValue("presolve", "off")
    h.setOptionValue("mip_heuristic_effort", 0.0)
    # One thread: on two busy cores HiGHS' second worker mostly waits (half the time at
    # 10,000 × 2,000). HiGHS keeps one scheduler per process, so if another part of the
    # process started it with more threads, _run goes along with that.
    h.setOptionValue("threads", 1)
    return h


def solve_programme(h: highspy.Highs, arrays: Arrays, edges: Edges, agents: Agents) -> Bools:
    """Return which of ``edges`` (whole components) to take: the most places filled, then
    the fewest metres, under every rule. Raise :class:`MatchingError` if HiGHS fails."""
    rows = _rows(arrays, edges, agents)
    ones = np.ones(len(edges))
    relaxed = _run(h, ones, highspy.ObjSense.kMaximize, rows, integer=False)
    if relaxed is None:
        raise MatchingError("the matching relaxation has no solution")
    # a bound that is too high only costs the fallback below; one too low would be wrong
    target = int(np.floor(relaxed.sum() + 0.01))
    if target == 0:
        return np.zeros(len(edges), dtype=np.bool_)
    chosen = _least_metres(h, edges, rows, target)
    if chosen is None:  # the bound is not reached: find the most places first
        first = _run(h, ones, highspy.ObjSense.kMaximize, rows, integer=True)
        filled = 0 if first is None else int(np.rint(first).sum())
        chosen = _least_metres(h, edges, rows, filled)
    if chosen is None:
        raise MatchingError("the matching programme has no solution at its own optimum")
    return chosen > 0.5


def _least_metres(h: highspy.Highs, edges: Edges, rows: Rows, filled: int) -> Floats | None:
    """Return the solution of fewest metres among those filling ``filled`` places, or
    ``None`` if none does."""
    cost = edges.metres.astype(np.float64)
    with_count = rows.with_row(np.arange(len(edges)), filled)
    return _run(h, cost, highspy.ObjSense.kMinimize, with_count, integer=True)


def _run(
    h: highspy.Highs,
    cost: Floats,
    sense: highspy.ObjSense,
    rows: Rows,
    *,
    integer: bool,
) -> Floats | None:
    """Return an optimal solution, or ``None`` if there is none."""
    n = len(cost)
    matrix = rows.matrix(n)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, matrix.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_, lp.row_upper_ = rows.bounds()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data
    kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
    lp.integrality_ = [kind] * n
    lp.sense_ = sense
    h.clearModel()
    h.passModel(lp)
    if h.run() == highspy.HighsStatus.kError:  # the scheduler runs with other threads
        h.setOptionValue("threads", 0)
        h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status != highspy.HighsModelStatus.kOptimal:
        raise MatchingError(f"the matching programme was not solved: {status}")
    return np.array(h.getSolution().col_value, dtype=np.float64)


def _rows(arrays: Arrays, edges: Edges, agents: Agents) -> Rows:
    """Return the capacity, conflict and hours rows of ``edges`` (columns are positions)."""
    rows = Rows()
    by_shift = np.argsort(edges.shift, kind="stable")
    shifts, degree = np.unique(edges.shift, return_counts=True)
    over = degree > arrays.capacity[shifts]  # other capacity rows cannot bind
    take = np.repeat(over, degree)
    rows.add(by_shift[take], degree[over], arrays.capacity[shifts[over]].astype(np.float64))
    heads = np.flatnonzero(np.diff(agents.agent, prepend=-1))
    size = np.diff(np.append(heads, len(edges)))
    clique = agents.clique[agents.agent[heads]]
    simple = clique & (size > 1)  # at most one of the agent's shifts
    rows.add(np.flatnonzero(np.repeat(simple, size)), size[simple], np.ones(int(simple.sum())))
    other = ~clique
    lo, hi = heads[other], heads[other] + size[other]
    shift = edges.shift
    limit = arrays.limit[edges.volunteer[lo]]
    columns, lengths, upper, values = agent_rows(
        arrays.start[shift], arrays.end[shift], arrays.duration[shift], limit, lo, hi
    )
    rows.add(columns, lengths, upper, values)
    return rows
