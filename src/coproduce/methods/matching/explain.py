"""Why each shift has the places it has: a reason code and the numbers behind it.

In an optimal matching every eligible volunteer left off a shift with places to spare is
busy: on a shift that overlaps it, or out of hours (else adding them would fill one more
place). :func:`outcomes` counts them, and for a shift nobody may take, how many volunteers
fail each rule.
"""

from __future__ import annotations

import numpy as np

from coproduce.methods.matching.arrays import Arrays, Bools, Ints, time_ranks
from coproduce.methods.matching.eligibility import RULES, Edges, available_for, rule_masks
from coproduce.methods.matching.result import Reason, ShiftOutcome

__all__ = ["busy", "outcomes"]


def outcomes(arrays: Arrays, edges: Edges, taken: Bools) -> tuple[ShiftOutcome, ...]:
    """Return the outcome of every shift (by id) under the matching ``taken`` (per edge)."""
    n = len(arrays.shifts)
    eligible = np.bincount(edges.shift, minlength=n)
    filled = np.bincount(edges.shift[taken], minlength=n)
    overlap, hours = busy(arrays, edges, taken)
    idle = ~taken
    busy_overlap = np.bincount(edges.shift[idle & overlap], minlength=n)
    busy_hours = np.bincount(edges.shift[idle & hours], minlength=n)
    result = []
    for s, shift in enumerate(arrays.shifts):
        counts = {"eligible": int(eligible[s])}
        if filled[s] == shift.capacity:
            reason = Reason.FILLED
        elif eligible[s] == 0:
            reason, counts = Reason.NO_ELIGIBLE_VOLUNTEER, _failing(arrays, s)
        elif eligible[s] == filled[s]:
            reason = Reason.TOO_FEW_ELIGIBLE
        else:
            reason = Reason.ELIGIBLE_BUSY
            counts |= {"busy_overlap": int(busy_overlap[s]), "busy_hours": int(busy_hours[s])}
        result.append(ShiftOutcome(shift.id, shift.capacity, int(filled[s]), reason, counts))
    return tuple(result)


def busy(arrays: Arrays, edges: Edges, taken: Bools) -> tuple[Bools, Bools]:
    """Return, per edge, whether its volunteer's taken shifts overlap its shift, and whether
    its shift would take them over their hours (both about the other shifts they take)."""
    duration = arrays.duration
    hours = np.zeros(len(arrays.volunteers), dtype=np.int64)
    np.add.at(hours, edges.volunteer[taken], duration[edges.shift[taken]])
    own = np.where(taken, duration[edges.shift], 0)
    over = hours[edges.volunteer] - own + duration[edges.shift] > arrays.limit[edges.volunteer]
    return _overlaps_taken(arrays, edges, taken), over


def _overlaps_taken(arrays: Arrays, edges: Edges, taken: Bools) -> Bools:
    """Return, per edge not taken, whether a shift its volunteer takes overlaps it.

    A volunteer's taken shifts do not overlap, so sorted by start their ends are sorted too:
    the only candidate is the last one starting before this shift ends.
    """
    start, end, width = time_ranks(arrays)
    chosen = np.flatnonzero(taken)
    if not len(chosen):
        return np.zeros(len(edges), dtype=np.bool_)
    chosen_start = edges.volunteer[chosen] * width + start[edges.shift[chosen]]
    order = np.argsort(chosen_start, kind="stable")
    chosen, chosen_start = chosen[order], chosen_start[order]
    until = edges.volunteer * width + end[edges.shift]
    last = np.searchsorted(chosen_start, until, side="left") - 1
    candidate = chosen[np.maximum(last, 0)]
    same = (last >= 0) & (edges.volunteer[candidate] == edges.volunteer)
    overlaps: Bools = same & (end[edges.shift[candidate]] > start[edges.shift])
    return overlaps


def _failing(arrays: Arrays, shift: int) -> dict[str, int]:
    """Return how many volunteers fail each rule for ``shift``."""
    volunteers: Ints = np.arange(len(arrays.volunteers))
    masks, _ = rule_masks(arrays, volunteers, np.full(len(volunteers), shift))
    masks["availability"] = available_for(arrays, shift)
    counts = {"volunteers": len(volunteers)}
    counts |= {f"failing_{rule}": int((~masks[rule]).sum()) for rule in RULES}
    return counts
