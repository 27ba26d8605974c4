"""Match volunteers to shifts exactly: the most places filled, then the least distance.

Pairs no optimal matching uses are dropped (:mod:`.reduce`); the rest split into
independent components (:mod:`.structure`). A component where every agent takes at most
one shift is an assignment solved by :func:`.flow.assign`, any other an integer programme
solved by :func:`.mip.solve_programme`. The matching is checked against every rule before
it is returned.
"""

from __future__ import annotations

import numpy as np

from coproduce.methods.matching.arrays import Arrays, Bools, arrays_from
from coproduce.methods.matching.eligibility import Edges, eligible_edges
from coproduce.methods.matching.errors import MatchingError
from coproduce.methods.matching.explain import outcomes
from coproduce.methods.matching.flow import assign
from coproduce.methods.matching.instance import MatchingInstance
from coproduce.methods.matching.mip import quiet_highs, solve_programme
from coproduce.methods.matching.reduce import subset, useful_pairs
from coproduce.methods.matching.result import Matching
from coproduce.methods.matching.structure import Agents, structure_of

__all__ = ["match"]


def match(instance: MatchingInstance, *, shortcuts: bool = True) -> Matching:
    """Return an optimal matching of ``instance``: the most places filled and, among those
    matchings, the least total distance (in whole metres per pair).

    Among several optimal matchings the solvers' choice is returned; it depends only on the
    instance's content, not on the order of its volunteers or shifts. With
    ``shortcuts=False`` no pair is dropped and every component is solved as an integer
    programme (same optimum, slower; for checking). Raise :class:`MatchingError` if a solver fails.
    """
    arrays = arrays_from(instance)
    edges = eligible_edges(arrays)
    useful = useful_pairs(arrays, edges) if shortcuts else np.arange(len(edges))
    taken = np.zeros(len(edges), dtype=np.bool_)
    taken[useful], details = _solve(arrays, subset(edges, useful), shortcuts=shortcuts)
    details = {"eligible_pairs": len(edges), "pairs_dropped": len(edges) - len(useful), **details}
    _check(arrays, edges, taken)
    volunteers, shifts = arrays.volunteers, arrays.shifts
    pairs = zip(edges.volunteer[taken].tolist(), edges.shift[taken].tolist(), strict=True)
    return Matching(
        assignment=tuple(sorted((volunteers[v].id, shifts[s].id) for v, s in pairs)),
        filled=int(taken.sum()),
        distance_m=int(edges.metres[taken].sum()),
        shifts=outcomes(arrays, edges, taken),
        details=details,
    )


def _solve(arrays: Arrays, edges: Edges, *, shortcuts: bool) -> tuple[Bools, dict[str, int]]:
    """Return the edges taken and counts of how the components were solved."""
    structure = structure_of(arrays, edges)
    agents = structure.agents
    taken = np.zeros(len(edges), dtype=np.bool_)
    fast = structure.assignment.copy() if shortcuts else np.zeros(structure.n_components, np.bool_)
    on_fast = fast[structure.component]
    if on_fast.any():
        index = np.flatnonzero(on_fast)
        chosen = assign(
            agents.agent[index], edges.shift[index], edges.metres[index], arrays.capacity
        )
        if chosen is None:  # too large to be exact in floating point
            fast[:] = False
        else:
            taken[index] = chosen
    slow = np.flatnonzero(~fast)
    if len(slow):
        h = quiet_highs()
        order = np.argsort(structure.component, kind="stable")  # keeps edge order inside
        heads = np.searchsorted(structure.component[order], np.arange(len(fast) + 1))
        for c in slow.tolist():
            index = order[heads[c] : heads[c + 1]]
            part = Agents(agents.agent[index], agents.clique, agents.binding)
            taken[index] = solve_programme(h, arrays, subset(edges, index), part)
    details = {
        "components": structure.n_components,
        "assignment_components": int(fast.sum()),
        "programme_components": len(slow),
        "programme_pairs": int((~fast[structure.component]).sum()),
    }
    return taken, details


def _check(arrays: Arrays, edges: Edges, taken: Bools) -> None:
    """Raise :class:`MatchingError` if ``taken`` breaks a capacity, overlap or hours rule."""
    volunteer, shift = edges.volunteer[taken], edges.shift[taken]  # by volunteer, then start
    filled = np.bincount(shift, minlength=len(arrays.shifts))
    # sorted by start, intervals that overlap at all include two neighbours that do
    overlap = (volunteer[1:] == volunteer[:-1]) & (arrays.end[shift[:-1]] > arrays.start[shift[1:]])
    hours = np.zeros(len(arrays.volunteers), dtype=np.int64)
    np.add.at(hours, volunteer, arrays.duration[shift])
    if (filled > arrays.capacity).any() or overlap.any() or (hours > arrays.limit).any():
        raise MatchingError("the solver returned a matching that breaks a rule")
