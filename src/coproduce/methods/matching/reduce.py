"""Drop the pairs that no optimal matching uses, before solving.

A *free* pair is one whose volunteer can add that shift to any set of their other shifts:
it overlaps none of them and their hours cannot bind (a leaf of :mod:`.structure`). Take a
shift with ``c`` places and at least ``c`` free pairs, the ``c``-th nearest at ``d``
metres. A matching that puts someone farther than ``d`` on it leaves one of those ``c``
free volunteers off it (there are only ``c`` places), and swapping them in fills as many
places for strictly less distance: so no optimal matching uses a pair farther than ``d``.
Dropping pairs makes more pairs free, so the rule is applied until nothing changes; every
optimal matching survives each round, so the optimum is the same. A shift with no places
keeps no pairs.
"""

from __future__ import annotations

import numpy as np

from coproduce.methods.matching.arrays import Arrays, Ints
from coproduce.methods.matching.eligibility import Edges
from coproduce.methods.matching.structure import agents_of

__all__ = ["subset", "useful_pairs"]


def subset(edges: Edges, keep: Ints) -> Edges:
    """Return the edges at positions ``keep`` (ascending), in the same order."""
    return Edges(edges.volunteer[keep], edges.shift[keep], edges.metres[keep])


def useful_pairs(arrays: Arrays, edges: Edges) -> Ints:
    """Return the positions in ``edges`` of the pairs some optimal matching may use."""
    kept = np.arange(len(edges))
    while True:
        current = subset(edges, kept)
        keep = current.metres <= _farthest_useful(arrays, current)[current.shift]
        if keep.all():
            return kept
        kept = kept[keep]


def _farthest_useful(arrays: Arrays, edges: Edges) -> Ints:
    """Return, per shift, the distance of its ``capacity``-th nearest free pair (no limit
    when it has fewer; below zero when it has no places)."""
    limit = np.full(len(arrays.shifts), np.iinfo(np.int64).max, dtype=np.int64)
    limit[arrays.capacity == 0] = -1
    free = np.flatnonzero(agents_of(arrays, edges).leaf)
    free = free[np.lexsort((edges.metres[free], edges.shift[free]))]
    shift, metres = edges.shift[free], edges.metres[free]
    heads = np.searchsorted(shift, np.arange(len(arrays.shifts)))
    count = np.bincount(shift, minlength=len(arrays.shifts))
    full = np.flatnonzero((count >= arrays.capacity) & (arrays.capacity > 0))
    limit[full] = metres[heads[full] + arrays.capacity[full] - 1]
    return limit
