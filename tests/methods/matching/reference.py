"""Independent references for the matching: the rules written out plainly, OR-Tools' CP-SAT
and MIP solver, a greedy baseline and a brute force.

Nothing here shares code with ``coproduce.methods.matching`` except the instance classes:
eligibility is recomputed pair by pair with ``math``, and the programme is stated with one
row per overlapping pair, so a mistake in our vectorised rules or our clique rows shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from coproduce.methods.matching import MatchingInstance, Shift, Volunteer

RADIUS_KM = 6371.0088

Pair = tuple[str, str]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * RADIUS_KM * math.asin(math.sqrt(min(a, 1.0)))


def may_take(volunteer: Volunteer, shift: Shift) -> bool:
    """The issue's rule, literally."""
    if not shift.skills <= volunteer.skills:
        return False
    day = shift.start.date()
    if any(volunteer.checks.get(c) is None or volunteer.checks[c] < day for c in shift.checks):
        return False
    if not any(a <= shift.start and shift.end <= b for a, b in volunteer.available):
        return False
    distance = km(volunteer.lat, volunteer.lon, shift.lat, shift.lon)
    if volunteer.max_km is not None and distance > volunteer.max_km:
        return False
    return volunteer.max_hours is None or _hours(shift) <= volunteer.max_hours


def _hours(shift: Shift) -> float:
    return (shift.end - shift.start).total_seconds() / 3600


def _seconds(shift: Shift) -> int:
    return int((shift.end - shift.start).total_seconds())


def eligible(instance: MatchingInstance) -> dict[Pair, int]:
    """Return every pair that may match, with its distance in whole metres."""
    return {
        (v.id, s.id): round(km(v.lat, v.lon, s.lat, s.lon) * 1000)
        for v in instance.volunteers
        for s in instance.shifts
        if may_take(v, s)
    }


def overlap(a: Shift, b: Shift) -> bool:
    """Whether two shifts share an instant (touching ends do not)."""
    return a.start < b.end and b.start < a.end


def feasible(instance: MatchingInstance, pairs: Iterable[Pair]) -> bool:
    """Whether ``pairs`` keeps every rule: eligibility, capacity, overlap, hours."""
    pairs = list(pairs)
    volunteers = {v.id: v for v in instance.volunteers}
    shifts = {s.id: s for s in instance.shifts}
    if len(set(pairs)) != len(pairs):
        return False
    if any(not may_take(volunteers[v], shifts[s]) for v, s in pairs):
        return False
    for shift in instance.shifts:
        if sum(s == shift.id for _, s in pairs) > shift.capacity:
            return False
    for volunteer in instance.volunteers:
        mine = [shifts[s] for v, s in pairs if v == volunteer.id]
        if any(overlap(a, b) for i, a in enumerate(mine) for b in mine[i + 1 :]):
            return False
        limit = volunteer.max_hours
        if limit is not None and sum(_seconds(s) for s in mine) > round(limit * 3600):
            return False
    return True


def brute_force(instance: MatchingInstance) -> tuple[int, int]:
    """Return (places filled, metres) of the best matching, by trying every set of pairs."""
    pairs = eligible(instance)
    names = sorted(pairs)
    best = (0, 0)
    for mask in range(1 << len(names)):
        chosen = [names[i] for i in range(len(names)) if mask >> i & 1]
        key = (len(chosen), -sum(pairs[p] for p in chosen))
        if key > (best[0], -best[1]) and feasible(instance, chosen):
            best = (len(chosen), -key[1])
    return best


def ortools(instance: MatchingInstance, time_limit: float = 600.0) -> tuple[int, int, bool]:
    """Return (places filled, metres, proved optimal) from CP-SAT, lexicographic through an
    exact integer weight: one place outweighs every distance together."""
    from ortools.sat.python import cp_model

    pairs = eligible(instance)
    model = cp_model.CpModel()
    x = {p: model.NewBoolVar(f"{p[0]}|{p[1]}") for p in pairs}
    shifts = {s.id: s for s in instance.shifts}
    for shift in instance.shifts:
        model.Add(sum(x[p] for p in pairs if p[1] == shift.id) <= shift.capacity)
    for volunteer in instance.volunteers:
        mine = [p for p in pairs if p[0] == volunteer.id]
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if overlap(shifts[a[1]], shifts[b[1]]):
                    model.AddBoolOr([x[a].Not(), x[b].Not()])
        if volunteer.max_hours is not None:
            limit = round(volunteer.max_hours * 3600)
            model.Add(sum(_seconds(shifts[p[1]]) * x[p] for p in mine) <= limit)
    weight = sum(pairs.values()) + 1
    model.Maximize(sum((weight - pairs[p]) * x[p] for p in pairs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT: {solver.StatusName(status)}")
    chosen = [p for p in pairs if solver.Value(x[p])]
    return len(chosen), sum(pairs[p] for p in chosen), status == cp_model.OPTIMAL


def ortools_mip(instance: MatchingInstance) -> tuple[int, int, bool]:
    """Return (places filled, metres, proved optimal) from OR-Tools' MIP solver (SCIP), in
    two stages: the most places, then the fewest metres with that many."""
    from ortools.linear_solver import pywraplp

    pairs = eligible(instance)
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = {p: solver.BoolVar(f"{p[0]}|{p[1]}") for p in pairs}
    shifts = {s.id: s for s in instance.shifts}
    for shift in instance.shifts:
        solver.Add(sum(x[p] for p in pairs if p[1] == shift.id) <= shift.capacity)
    for volunteer in instance.volunteers:
        mine = [p for p in pairs if p[0] == volunteer.id]
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if overlap(shifts[a[1]], shifts[b[1]]):
                    solver.Add(x[a] + x[b] <= 1)
        if volunteer.max_hours is not None:
            limit = round(volunteer.max_hours * 3600)
            solver.Add(sum(_seconds(shifts[p[1]]) * x[p] for p in mine) <= limit)
    exact = pywraplp.MPSolverParameters()
    exact.SetDoubleParam(exact.RELATIVE_MIP_GAP, 0.0)
    solver.Maximize(sum(x.values()))
    first = solver.Solve(exact)
    filled = round(solver.Objective().Value())
    solver.Add(sum(x.values()) >= filled)
    solver.Minimize(sum(pairs[p] * x[p] for p in pairs))
    second = solver.Solve(exact)
    chosen = [p for p in pairs if x[p].solution_value() > 0.5]
    proved = first == second == pywraplp.Solver.OPTIMAL
    return len(chosen), sum(pairs[p] for p in chosen), proved


def greedy(instance: MatchingInstance) -> list[Pair]:
    """The obvious baseline: shifts by start time, each filled with its nearest eligible
    volunteers who are still free then and have the hours left."""
    pairs = eligible(instance)
    volunteers = {v.id: v for v in instance.volunteers}
    by_shift: dict[str, list[tuple[int, str]]] = {}
    for (v, s), metres in pairs.items():
        by_shift.setdefault(s, []).append((metres, v))
    taken: dict[str, list[Shift]] = {v: [] for v in volunteers}
    chosen: list[Pair] = []
    for shift in sorted(instance.shifts, key=lambda s: (s.start, s.id)):
        places = shift.capacity
        for _, v in sorted(by_shift.get(shift.id, [])):
            if places == 0:
                break
            mine, limit = taken[v], volunteers[v].max_hours
            if any(overlap(shift, other) for other in mine):
                continue
            hours = sum(_seconds(s) for s in mine) + _seconds(shift)
            if limit is not None and hours > round(limit * 3600):
                continue
            mine.append(shift)
            chosen.append((v, shift.id))
            places -= 1
    return sorted(chosen)


def at(text: str) -> datetime:
    """``datetime.fromisoformat``, short."""
    return datetime.fromisoformat(text)
