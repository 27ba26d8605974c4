"""The fast path: components where every agent takes at most one shift are assignments.

Each shift becomes as many slots as it has places (at most its eligible agents); each slot
is matched to an agent or to a slot-only stand-in that costs more than any set of real
distances could, so a full matching of least cost fills the most places and, among those,
travels the least. SciPy's sparse Jonker–Volgenant (LAPJVsp) solves it exactly: costs are
whole metres (plus one, as SciPy needs non-zero weights), and every sum stays below 2⁵³,
where floating point is exact.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from coproduce.methods.matching.arrays import Bools, Ints

__all__ = ["EXACT_BELOW", "assign"]

#: Integers below this are exact in floating point.
EXACT_BELOW = 2**53


def assign(agent: Ints, shift: Ints, metres: Ints, capacity: Ints) -> Bools | None:
    """Return which edges to take so each agent has at most one and each shift at most its
    capacity, filling the most places, then travelling the least; ``None`` when the costs are
    too large to be exact in floating point (the caller then uses the integer programme).

    ``agent`` and ``shift`` are the edges' endpoints (numbered from 0, no pair repeated);
    ``capacity`` is indexed by shift.
    """
    agents, agent_local = np.unique(agent, return_inverse=True)
    shifts, shift_local = np.unique(shift, return_inverse=True)
    slots = np.minimum(capacity[shifts], np.bincount(shift_local, minlength=len(shifts)))
    if slots.sum() == 0:
        return np.zeros(len(agent), dtype=np.bool_)
    graph = _slot_graph(agent_local, shift_local, metres + 1, slots, len(agents))
    if graph is None:
        return None
    row, col = min_weight_full_bipartite_matching(graph)
    real = col < len(agents)
    slot_shift = np.repeat(np.arange(len(shifts)), slots)
    have = agent_local * len(shifts) + shift_local
    wanted = col[real] * len(shifts) + slot_shift[row[real]]
    order = np.argsort(have)
    taken = np.zeros(len(agent), dtype=np.bool_)
    taken[order[np.searchsorted(have[order], wanted)]] = True
    return taken


def _slot_graph(
    agent: Ints, shift: Ints, cost: Ints, slots: Ints, n_agents: int
) -> sp.csr_matrix | None:
    """Return the slots × (agents, stand-ins) cost matrix, or ``None`` if its sums could
    reach 2⁵³. Each edge appears once per slot of its shift; slot ``k`` has stand-in ``k``."""
    dearest = np.zeros(len(slots), dtype=np.int64)
    np.maximum.at(dearest, shift, cost)
    stand_in = int((dearest * slots).sum()) + 1  # dearer than every real matching together
    n_slots = int(slots.sum())
    if stand_in * (n_slots + 1) >= EXACT_BELOW:
        return None
    first_slot = np.cumsum(slots) - slots
    copies = slots[shift]
    edge = np.repeat(np.arange(len(agent)), copies)
    slot = (
        first_slot[shift[edge]]
        + np.arange(len(edge))
        - np.repeat(np.cumsum(copies) - copies, copies)
    )
    rows = np.concatenate([slot, np.arange(n_slots)])
    cols = np.concatenate([agent[edge], n_agents + np.arange(n_slots)])
    weights = np.concatenate([cost[edge], np.full(n_slots, stand_in)]).astype(np.float64)
    return sp.csr_matrix((weights, (rows, cols)), shape=(n_slots, n_agents + n_slots))
