"""Scale benchmark: Equal Shares + add1 on a synthetic election of 1,000,000 voters × 500
projects (approval, about 5 approvals each), built directly as sparse arrays.

    .venv/bin/python bench/pb_scale.py [--voters N] [--projects M]

Prints the time of each phase and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coproduce.methods.pb.profile import approval_profile
from coproduce.methods.pb.rules.equal_shares import equal_shares_run


def synthetic(
    voters: int, projects: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (costs, ballot_indptr, ballot_projects): popularity is skewed (Zipf-like)."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(20_000, 2_000_000, size=projects) // 1000 * 1000
    popularity = 1.0 / np.arange(1, projects + 1) ** 0.7
    popularity /= popularity.sum()
    lengths = rng.integers(3, 8, size=voters)
    indptr = np.zeros(voters + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(lengths)
    picks = rng.choice(projects, size=int(indptr[-1]), p=popularity)
    # drop repeats inside a ballot: keep the first occurrence of (voter, project)
    voter_of = np.repeat(np.arange(voters), lengths)
    keys = voter_of * projects + picks
    _, first = np.unique(keys, return_index=True)
    first.sort()
    voter_of, picks = voter_of[first], picks[first]
    indptr = np.zeros(voters + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(voter_of, minlength=voters))
    return costs.astype(np.int64), indptr, picks.astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=1_000_000)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--budget", type=int, default=50_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    costs, indptr, picks = synthetic(args.voters, args.projects)
    built = time.perf_counter()
    profile = approval_profile(
        costs=costs, budget=args.budget, ballot_indptr=indptr, ballot_projects=picks
    )
    compiled = time.perf_counter()

    last = [0.0]

    def progress(step: int, per_voter: Fraction) -> None:
        if time.monotonic() - last[0] > 2:
            last[0] = time.monotonic()
            print(
                f"  add1 step {step} ({float(per_voter):.1f} per voter)",
                file=sys.stderr,
                flush=True,
            )

    result = equal_shares_run(profile, tie_break="cost-votes", completion="add1", progress=progress)
    done = time.perf_counter()
    print("", file=sys.stderr)
    spent = sum(int(profile.costs[j]) for j in result.run.selected)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"voters {args.voters:,}, projects {args.projects}, approvals {len(picks):,}")
    print(f"generate {built - started:.1f} s, compile {compiled - built:.1f} s")
    print(
        f"Equal Shares + add1: {done - compiled:.1f} s, {result.steps} steps, "
        f"{result.evaluated} runs, {result.exact_runs} exact; "
        f"{len(result.run.selected)} winners, spent {spent:,} of {args.budget:,}"
    )
    print(f"peak memory {peak_mb:,.0f} MB ({peak_mb * 2**20 / len(picks):.0f} bytes per approval)")


if __name__ == "__main__":
    main()
