"""Benchmark: our exact matching against a greedy baseline and OR-Tools' MIP solver, on the
same random, reproducible city programmes, in one run.

    .venv/bin/python bench/matching.py                        # every size, seeds 1–3
    .venv/bin/python bench/matching.py --sizes 10000x2000 --seeds 1
    .venv/bin/python bench/matching.py --no-ortools --limit 120

Prints, per instance, the places filled, the distance and the time of each method, and
their ratios to ours. The greedy baseline fills shifts in order of start, each with its
nearest eligible volunteers still free. OR-Tools' MIP solver (SCIP) gets the same eligible
pairs (our eligibility; the tests check it against the rules written out plainly) and the
programme stated plainly (a row per overlapping pair, hours in minutes), solved in the same
two stages; "optimal" means it proved both within ``--limit`` seconds each. (OR-Tools'
CP-SAT, which the tests use on small instances, proves neither stage of 1,000 × 200 within
two minutes.) Times include computing eligibility, not building the instance.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from coproduce.methods.matching import MatchingInstance, match  # noqa: E402
from coproduce.methods.matching.arrays import Arrays, arrays_from  # noqa: E402
from coproduce.methods.matching.eligibility import Edges, eligible_edges  # noqa: E402
from coproduce.methods.matching.synthetic import city_instance  # noqa: E402

SIZES = ["200x40", "1000x200", "3000x600", "10000x2000"]


def greedy(instance: MatchingInstance) -> tuple[int, int, float]:
    """Return (filled, metres, seconds) of the greedy baseline."""
    started = time.perf_counter()
    arrays = arrays_from(instance)
    edges = eligible_edges(arrays)
    order = np.lexsort((edges.metres, edges.shift, arrays.start[edges.shift]))
    hours = np.zeros(len(arrays.volunteers), dtype=np.int64)
    taken: dict[int, list[int]] = {}
    places = arrays.capacity.copy()
    filled = metres = 0
    for e in order.tolist():
        v, s = int(edges.volunteer[e]), int(edges.shift[e])
        if places[s] == 0 or hours[v] + arrays.duration[s] > arrays.limit[v]:
            continue
        mine = taken.setdefault(v, [])
        if any(arrays.start[s] < arrays.end[t] and arrays.start[t] < arrays.end[s] for t in mine):
            continue
        mine.append(s)
        hours[v] += arrays.duration[s]
        places[s] -= 1
        filled += 1
        metres += int(edges.metres[e])
    return filled, metres, time.perf_counter() - started


def ortools(instance: MatchingInstance, limit: float) -> tuple[int, int, float, str]:
    """Return (filled, metres, seconds, status) of OR-Tools' MIP solver (SCIP) on the same
    pairs, in the same two stages as ours."""
    from ortools.linear_solver import pywraplp

    started = time.perf_counter()
    arrays = arrays_from(instance)
    edges = eligible_edges(arrays)
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = _programme(solver, arrays, edges)
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    solver.SetTimeLimit(int(limit * 1000))
    solver.Maximize(sum(x))
    first = solver.Solve(params)
    filled = round(solver.Objective().Value())
    solver.Add(sum(x) >= filled)
    solver.Minimize(sum(int(m) * x[e] for e, m in enumerate(edges.metres.tolist())))
    second = solver.Solve(params)
    seconds = time.perf_counter() - started
    chosen = np.array([b.solution_value() > 0.5 for b in x], dtype=np.bool_)
    optimal = first == second == pywraplp.Solver.OPTIMAL
    return (
        int(chosen.sum()),
        int(edges.metres[chosen].sum()),
        seconds,
        ("optimal" if optimal else "limit"),
    )


def _programme(solver, arrays: Arrays, edges: Edges) -> list:  # type: ignore[no-untyped-def]
    """The programme stated plainly: one row per shift, one per set of a volunteer's shifts
    that share an instant (equivalent to a row per overlapping pair, which is 700,000 rows
    at 10,000 × 2,000), one for each volunteer's hours (in minutes)."""
    x = [solver.BoolVar(f"x{e}") for e in range(len(edges))]
    minute = 60_000_000
    by_shift: dict[int, list[int]] = {}
    by_volunteer: dict[int, list[int]] = {}
    for e, (v, s) in enumerate(zip(edges.volunteer.tolist(), edges.shift.tolist(), strict=True)):
        by_shift.setdefault(s, []).append(e)
        by_volunteer.setdefault(v, []).append(e)
    for s, es in by_shift.items():
        if len(es) > arrays.capacity[s]:
            solver.Add(sum(x[e] for e in es) <= int(arrays.capacity[s]))
    for v, es in by_volunteer.items():
        for clique in _sharing_an_instant(arrays, edges, es):
            solver.Add(sum(x[e] for e in clique) <= 1)
        length = arrays.duration[edges.shift[es]] // minute
        if length.sum() * minute > arrays.limit[v]:
            limit = int(arrays.limit[v] // minute)
            solver.Add(sum(int(n) * x[e] for e, n in zip(es, length, strict=True)) <= limit)
    return x


def _sharing_an_instant(arrays: Arrays, edges: Edges, es: list[int]) -> list[list[int]]:
    """Return the sets of the volunteer's pairs whose shifts contain one of their starts,
    when there are two or more."""
    start, end = arrays.start[edges.shift[es]], arrays.end[edges.shift[es]]
    sets = {tuple(e for e, a, b in zip(es, start, end, strict=True) if a <= t < b) for t in start}
    return [list(s) for s in sets if len(s) > 1]


def ours(instance: MatchingInstance) -> tuple[int, int, float]:
    """Return (filled, metres, seconds) of our exact matching."""
    started = time.perf_counter()
    result = match(instance)
    return result.filled, result.distance_m, time.perf_counter() - started


def run(size: str, seed: int, limit: float, with_ortools: bool) -> None:
    """Print one row: the instance, then each method and its ratios to ours."""
    volunteers, shifts = (int(n) for n in size.split("x"))
    instance = city_instance(volunteers=volunteers, shifts=shifts, seed=seed)
    places = sum(s.capacity for s in instance.shifts)
    filled, metres, seconds = ours(instance)
    g_filled, g_metres, g_seconds = greedy(instance)
    row = (
        f"{size:>11} {seed:>4} {places:>7,} | {filled:>6,} {metres / 1000:>10,.1f} "
        f"{seconds:>7.2f} | {g_filled / filled:>6.3f} {g_metres / metres:>6.3f} "
        f"{g_seconds:>6.2f}"
    )
    print(row, end="" if with_ortools else "\n", flush=True)
    if with_ortools:
        o_filled, o_metres, o_seconds, status = ortools(instance, limit)
        same = "=" if (o_filled, o_metres) == (filled, metres) else "≠"
        print(
            f" | {o_filled:>6,} {o_metres / 1000:>10,.1f} {o_seconds:>7.1f} {status:>8} "
            f"{same} {o_seconds / seconds:>6.1f}×",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=SIZES, help="VOLUNTEERSxSHIFTS")
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--limit", type=float, default=600.0, help="OR-Tools seconds per stage")
    parser.add_argument("--no-ortools", action="store_true")
    args = parser.parse_args()
    match(city_instance(volunteers=20, shifts=5))  # compile (or load) the Numba loops
    print(
        f"{'size':>11} {'seed':>4} {'places':>7} | {'ours: filled':>12} {'km':>10} {'s':>7} | "
        f"{'greedy/ours: filled':>12} {'km':>6} {'s':>6}"
        + ("" if args.no_ortools else " | OR-Tools: filled, km, s, status, same?, time/ours")
    )
    for size in args.sizes:
        for seed in args.seeds:
            run(size, seed, args.limit, not args.no_ortools)


if __name__ == "__main__":
    main()
