"""Split an instance into independent parts, and find the parts that are plain assignments.

A volunteer's own rules (no overlap, at most ``max_hours``) are the only thing that links
the shifts they may take. When the hours cannot bind (no set of their non-overlapping
shifts exceeds them), only overlap links shifts, so the volunteer splits into independent
*agents*, one per run of overlapping shifts. When the hours can bind, the volunteer is one
agent. An agent whose shifts all overlap one another (a clique; by Helly's property for
intervals, they share an instant) may take at most one of them and nothing else: a
component of agents and shifts made only of such agents is a bipartite assignment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from coproduce.methods.compiled import compiled
from coproduce.methods.matching.arrays import Arrays, Bools, Ints, time_ranks
from coproduce.methods.matching.eligibility import Edges

__all__ = ["Agents", "Structure", "agents_of", "max_nonoverlapping", "structure_of"]


@dataclass(frozen=True, eq=False, slots=True)
class Agents:
    """Who holds each edge's constraint (edges indexed as in :class:`Edges`)."""

    agent: Ints  # per edge, numbered in edge order
    clique: Bools  # per agent: takes at most one of its shifts and is otherwise unlimited
    binding: Bools  # per volunteer: their hours limit can bind

    @property
    def leaf(self) -> Bools:
        """Per edge: its agent has no other edge (the volunteer can add this shift to any
        set of their other shifts)."""
        size = np.bincount(self.agent, minlength=len(self.clique))
        leaf: Bools = (size[self.agent] == 1) & self.clique[self.agent]
        return leaf


@dataclass(frozen=True, eq=False, slots=True)
class Structure:
    """Agents and independent components of the eligibility graph."""

    agents: Agents
    component: Ints  # per edge, numbered in order of first edge
    n_components: int
    assignment: Bools  # per component: every agent is a clique (solvable as an assignment)


def agents_of(arrays: Arrays, edges: Edges) -> Agents:
    """Return the agents of ``edges`` (sorted by volunteer, then shift start)."""
    start, end = _ranks(arrays, edges)
    first = np.ones(len(edges), dtype=np.bool_)
    first[1:] = edges.volunteer[1:] != edges.volunteer[:-1]
    # a new run of overlapping shifts starts where a shift begins after every earlier one ended
    reach = np.maximum.accumulate(end) if len(edges) else end
    new_run = first.copy()
    new_run[1:] |= start[1:] >= reach[:-1]
    binding = _binding(arrays, edges, first)
    new_agent = first | (new_run & ~binding[edges.volunteer])
    heads = np.flatnonzero(new_agent)
    clique = np.zeros(len(heads), dtype=np.bool_)
    if len(edges):
        clique = np.maximum.reduceat(start, heads) < np.minimum.reduceat(end, heads)
    clique &= ~binding[edges.volunteer[heads]]
    return Agents(agent=np.cumsum(new_agent) - 1, clique=clique, binding=binding)


def structure_of(arrays: Arrays, edges: Edges) -> Structure:
    """Return the agents and independent components of the eligibility graph."""
    agents = agents_of(arrays, edges)
    n_agents = len(agents.clique)
    component, n_components = _components(agents.agent, edges.shift, n_agents, len(arrays.shifts))
    assignment = np.ones(n_components, dtype=np.bool_)
    assignment[component[~agents.clique[agents.agent]]] = False
    return Structure(agents, component, n_components, assignment)


def _ranks(arrays: Arrays, edges: Edges) -> tuple[Ints, Ints]:
    """Return each edge's shift start and end as time ranks offset by volunteer, so that a
    running maximum restarts at each volunteer."""
    start, end, width = time_ranks(arrays)
    offset = edges.volunteer * width
    return start[edges.shift] + offset, end[edges.shift] + offset


def _binding(arrays: Arrays, edges: Edges, first: Bools) -> Bools:
    """Return, per volunteer, whether some set of their shifts that do not overlap exceeds
    their hours; only volunteers whose eligible shifts add up to more are examined."""
    binding = np.zeros(len(arrays.volunteers), dtype=np.bool_)
    if not len(edges):
        return binding
    heads = np.flatnonzero(first)
    volunteers = edges.volunteer[heads]
    total = np.add.reduceat(arrays.duration[edges.shift], heads)
    over = np.flatnonzero(total > arrays.limit[volunteers])
    bounds = np.append(heads, len(edges))
    best = _segments_max_nonoverlapping(
        arrays.start[edges.shift], arrays.end[edges.shift], bounds[over], bounds[over + 1]
    )
    binding[volunteers[over]] = best > arrays.limit[volunteers[over]]
    return binding


def max_nonoverlapping(start: Ints, end: Ints) -> int:
    """Return the greatest total length of intervals ``[start, end)`` that do not overlap."""
    lo, hi = np.zeros(1, dtype=np.int64), np.full(1, len(start), dtype=np.int64)
    return int(_segments_max_nonoverlapping(start, end, lo, hi)[0])


@compiled
def _segments_max_nonoverlapping(start, end, lo, hi):  # type: ignore[no-untyped-def]
    """Weighted interval scheduling (by end time) on each segment ``lo[k]:hi[k]``."""
    result = np.zeros(len(lo), dtype=np.int64)
    for k in range(len(lo)):
        order = np.argsort(end[lo[k] : hi[k]], kind="mergesort")
        ends = end[lo[k] : hi[k]][order]
        starts = start[lo[k] : hi[k]][order]
        best = np.zeros(len(order) + 1, dtype=np.int64)
        for i in range(len(order)):
            before = np.searchsorted(ends, starts[i], side="right")  # those ending by then
            best[i + 1] = max(best[i], best[before] + ends[i] - starts[i])
        result[k] = best[len(order)]
    return result


def _components(agent: Ints, shift: Ints, n_agents: int, n_shifts: int) -> tuple[Ints, int]:
    """Return the component of each edge in the graph of agents and shifts."""
    n = n_agents + n_shifts
    graph = sp.coo_matrix(
        (np.ones(len(agent), dtype=np.int8), (agent, n_agents + shift)), shape=(n, n)
    ).tocsr()
    n_components, label = connected_components(graph, directed=False)
    # renumber the components that hold edges, in order of their first edge
    used, first = np.unique(label[agent], return_index=True)
    order = np.argsort(first, kind="stable")
    renumber = np.zeros(max(n_components, 1), dtype=np.int64)
    renumber[used[order]] = np.arange(len(used))
    return renumber[label[agent]], len(used)
