"""Benchmark: our PB rules against pabutools, in one process, on the largest shared files.

    .venv/bin/python bench/pb_vs_pabutools.py                 # compare on the largest files
    .venv/bin/python bench/pb_vs_pabutools.py --all-ours      # every rule on every file, ours only
    .venv/bin/python bench/pb_vs_pabutools.py --write-cache   # pabutools winners -> bench/data/pb
    .venv/bin/python bench/pb_vs_pabutools.py --retry --limit 10800   # entries that timed out
    .venv/bin/python bench/pb_vs_pabutools.py --only equal-shares/cost/add1e Poland_Lodz_2022

Prints, per file and rule, both times, their ratio and whether the winners agree. pabutools
runs each rule in a child process with a time limit (``--limit`` seconds, default 600).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
DATA = ROOT.parent / "shared" / "data" / "pabulib"
CACHE = ROOT / "bench" / "data" / "pb" / "pabutools_winners.json"
LARGEST = [
    "Poland_Lodz_2022",
    "Poland_Warszawa_2026",
    "Hungary_Budapest_2024",
    "Poland_Krakow_2024",
    "Poland_Wroclaw_2015_150_-_500",
    "Poland_Katowice_2020",
    "Poland_Gdynia_2023_Green_Budget",
    "Netherlands_Amsterdam_621",
    "Poland_Wieliczka_2023_Green_Budget",
]

from coproduce.methods.pb import read_pabulib, tally  # noqa: E402
from tests.methods.pb import reference  # noqa: E402


def _key_name(key: tuple[str, str, str]) -> str:
    return "/".join(k for k in key if k)


def _theirs_worker(path: str, key: tuple[str, str, str], out: Any) -> None:
    instance, profile = reference.load(Path(path))
    started = time.perf_counter()
    winners = reference.run(instance, profile, key)
    out.put((sorted(winners), time.perf_counter() - started))


def theirs(path: Path, key: tuple[str, str, str], limit: float) -> tuple[list[str] | None, float]:
    """Return pabutools' winners and time, or (None, limit) when it did not finish in time."""
    queue: Any = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=_theirs_worker, args=(str(path), key, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, limit
    winners, seconds = queue.get()
    return list(winners), float(seconds)


def ours(path: Path, key: tuple[str, str, str]) -> tuple[list[str], float]:
    """Return our winners (pabutools-compatibility mode) and the time."""
    election = read_pabulib(path)
    rule, utility, completion = key
    started = time.perf_counter()
    outcome = tally(
        election,
        rule=rule,
        utility=utility,  # type: ignore[arg-type]
        completion=completion or None,
        comparison="none",
        compat="pabutools",
    )
    return sorted(outcome.selected), time.perf_counter() - started


def compare(names: list[str], limit: float, only: str | None = None) -> None:
    """Print the comparison table for the given files (``only``: one rule key, e.g.
    ``equal-shares/cost/add1e``)."""
    print(f"{'file':<36}{'rule':<28}{'ours s':>9}{'pabutools s':>13}{'ratio':>9}  agree")
    for name in names:
        path = DATA / f"{name}.pb"
        vote_type = read_pabulib(path).vote_type
        for key in reference.keys_for(vote_type):
            if only is not None and _key_name(key) != only:
                continue
            mine, t_ours = ours(path, key)
            other, t_theirs = theirs(path, key, limit)
            agree = "timeout" if other is None else ("yes" if other == mine else "NO")
            theirs_s = f"> {limit:.0f}" if other is None else f"{t_theirs:.2f}"
            ratio = f"> {limit / t_ours:.0f}×" if other is None else f"{t_theirs / t_ours:.0f}×"
            print(
                f"{name[:35]:<36}{_key_name(key):<28}{t_ours:>9.3f}{theirs_s:>13}{ratio:>9}"
                f"  {agree}",
                flush=True,
            )


def all_ours() -> None:
    """Time every rule on every shared file (ours only); print the slowest and the total."""
    keys = [
        ("greedy", None, None),
        ("greedy-no-skip", None, None),
        ("greedy-per-cost", None, None),
        ("phragmen", None, None),
        ("max-welfare", None, None),
        ("equal-shares", None, "none"),
        ("equal-shares", None, "add1"),
        ("equal-shares", None, "budget-increase"),
    ]
    totals: dict[str, float] = {}
    for path in sorted(DATA.glob("*.pb")):
        election = read_pabulib(path)
        spent = 0.0
        for rule, utility, completion in keys:
            if rule == "phragmen" and election.vote_type not in ("approval", "choose-1"):
                continue
            started = time.perf_counter()
            tally(election, rule=rule, utility=utility, completion=completion)
            spent += time.perf_counter() - started
        totals[path.stem] = spent
    for name in sorted(totals, key=lambda n: -totals[n])[:8]:
        print(f"{name:<60}{totals[name]:>8.2f} s")
    print(f"every rule on every shared file: {sum(totals.values()):.1f} s in total")


def write_cache(limit: float) -> None:
    """Compute pabutools' winners for every file and rule key; keep what finishes in time."""
    cache: dict[str, dict[str, Any]] = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    for path in sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size):
        entry = cache.setdefault(path.stem, {})
        for key in reference.keys_for(read_pabulib(path).vote_type):
            if _key_name(key) in entry:
                continue
            winners, seconds = theirs(path, key, limit)
            entry[_key_name(key)] = {"winners": winners, "seconds": round(seconds, 3)}
            CACHE.write_text(json.dumps(cache, indent=1, sort_keys=True))
            print(
                path.stem,
                _key_name(key),
                "timeout" if winners is None else f"{seconds:.1f}s",
                flush=True,
            )


def _estimate(path: Path, key: tuple[str, str, str], entry: dict[str, Any]) -> float:
    """Estimate pabutools' seconds for ``key``: add1e runs Equal Shares once per step."""
    rule, utility, completion = key
    if completion != "add1e":  # slow paths of pabutools (profile conversion): try them last
        return 1e6 + float(entry[_key_name(key)]["seconds"])
    outcome = tally(
        read_pabulib(path),
        rule=rule,
        utility=utility,  # type: ignore[arg-type]
        completion="add1e",
        comparison="none",
        compat="pabutools",
    )
    one_run = entry.get(f"{rule}/{utility}/none", {}).get("seconds") or 60.0
    return float(outcome.details.get("steps", 1)) * float(one_run)


def retry(limit: float, only: str | None = None) -> None:
    """Recompute the cached entries that timed out (``only``: of one rule key), the cheapest
    (estimated) first."""
    cache: dict[str, dict[str, Any]] = json.loads(CACHE.read_text())
    todo = []
    for stem, entry in cache.items():
        path = DATA / f"{stem}.pb"
        for key in reference.keys_for(read_pabulib(path).vote_type):
            if only is not None and _key_name(key) != only:
                continue
            if entry.get(_key_name(key), {}).get("winners", []) is None:
                todo.append((_estimate(path, key, entry), stem, key))
    todo.sort()
    for estimate, stem, key in todo:
        print(f"{stem} {_key_name(key)}: estimated {estimate:.0f} s", flush=True)
    for _, stem, key in todo:
        winners, seconds = theirs(DATA / f"{stem}.pb", key, limit)
        cache = json.loads(CACHE.read_text())
        cache[stem][_key_name(key)] = {"winners": winners, "seconds": round(seconds, 3)}
        CACHE.write_text(json.dumps(cache, indent=1, sort_keys=True))
        done = "timed out again" if winners is None else "finished"
        print(stem, _key_name(key), f"{done} after {seconds:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write-cache", action="store_true")
    parser.add_argument("--all-ours", action="store_true")
    parser.add_argument("--retry", action="store_true")
    parser.add_argument("--only", help="one rule key, e.g. equal-shares/cost/add1e")
    parser.add_argument("--limit", type=float, default=600.0)
    parser.add_argument("files", nargs="*", default=LARGEST)
    args = parser.parse_args()
    if args.write_cache:
        write_cache(args.limit)
    elif args.retry:
        retry(args.limit, args.only)
    elif args.all_ours:
        all_ours()
    else:
        compare(args.files, args.limit, args.only)


if __name__ == "__main__":
    main()
