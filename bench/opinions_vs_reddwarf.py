"""Benchmark: coproduce.methods.opinions against red-dwarf 0.4.0, in one process.

Usage: .venv/bin/python bench/opinions_vs_reddwarf.py [--quick] [--agreement]

For the largest shared Polis conversations and a synthetic conversation of 100,000
participants × 2,000 statements at 3 % density (6 million votes) it prints stage times,
the speed ratio and the peak memory of both implementations, the agreement of their
results, and the time of an incremental update of 1,000 votes. ``--quick`` skips running
red-dwarf on the synthetic conversation (about 5 minutes and 10 GB). ``--agreement`` also
prints, for all 18 shared conversations, PCA cosine, ARI against red-dwarf and against
Polis' own groups.

Peak memory is the high-water mark of the process' resident set above its level at the
start of each run, sampled every 5 ms (so it counts C allocations too).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import itertools
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coproduce.methods.opinions import Conversation, analyse, read_polis_export, update
from coproduce.methods.opinions.matrix import build_vote_matrix, in_conversation
from coproduce.methods.opinions.synthetic import planted_conversation

POLIS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"
LARGEST = [
    "american-assembly.bowling-green",
    "austria-climate.2vkxcncppn.2022-07-07",
    "austria-climate.5twd2jsnkf.2022-08-08",
    "vtaiwan.uberx",
    "ssis.land-bank-farmland.2rumnecbeh.2021-08-01",
]


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


def _release() -> None:
    gc.collect()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def measured(run: Callable[[], Any]) -> tuple[Any, float, float]:
    """Return (result, seconds, peak MB above the starting resident set)."""
    _release()
    start, peak, done = _rss(), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    began = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - began
    done.set()
    thread.join()
    return result, seconds, max(peak[0], _rss()) - start


def reddwarf_inputs(conversation: Conversation) -> tuple[list[dict[str, Any]], list[int]]:
    """Return red-dwarf's vote dicts (latest vote per pair) and the participants we cluster."""
    matrix = build_vote_matrix(conversation)
    coo = matrix.codes.tocoo()
    pids, tids = matrix.participant_ids, matrix.statement_ids
    votes = [
        {"participant_id": int(p), "statement_id": int(t), "vote": int(v) - 2, "modified": 0.0}
        for p, t, v in zip(
            pids[coo.row].tolist(), tids[coo.col].tolist(), coo.data.tolist(), strict=True
        )
    ]
    return votes, pids[in_conversation(matrix)].tolist()


def run_reddwarf(votes: list[dict[str, Any]], keep: list[int], mod_out: list[int]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from reddwarf.implementations.polis import run_pipeline

        return run_pipeline(
            votes=votes, mod_out_statement_ids=mod_out, keep_participant_ids=keep, random_state=0
        )


def staged(conversation: Conversation) -> tuple[Any, dict[str, float]]:
    """Analyse, returning the result and the seconds spent in each stage."""
    marks: list[tuple[str, float]] = []
    result = analyse(
        conversation, seed=0, progress=lambda stage: marks.append((stage, time.perf_counter()))
    )
    marks.append(("end", time.perf_counter()))
    return result, {a: b2 - b1 for (a, b1), (_, b2) in itertools.pairwise(marks)}


def reddwarf_labels(result: Any) -> dict[int, int]:
    frame = result.participants_df
    frame = frame[frame["to_cluster"]]
    return {int(p): int(g) for p, g in zip(frame.index, frame["cluster_id"], strict=True)}


def ari(ours: dict[int, int], theirs: dict[int, int]) -> float:
    shared = sorted(ours.keys() & theirs.keys())
    return float(adjusted_rand_score([ours[p] for p in shared], [theirs[p] for p in shared]))


def compare(name: str, conversation: Conversation, mod_out: list[int]) -> None:
    (ours, stages), t_ours, m_ours = measured(lambda: staged(conversation))
    votes, keep = reddwarf_inputs(conversation)
    theirs, t_rd, m_rd = measured(lambda: run_reddwarf(votes, keep, mod_out))
    stage_text = " ".join(f"{k}={v:.2f}" for k, v in stages.items())
    peer = reddwarf_labels(theirs)
    print(
        f"{name[:38]:38} {conversation.n_votes:>9,} ours {t_ours:7.2f}s {m_ours / 2**20:7.0f}MB"
        f" | red-dwarf {t_rd:7.2f}s {m_rd / 2**20:7.0f}MB | ×{t_rd / t_ours:5.1f} faster,"
        f" ×{m_rd / max(m_ours, 1):5.1f} less memory | groups {ours.n_groups}/"
        f"{len(set(peer.values()))} ARI {ari(ours.groups(), peer):.3f}"
        f" | stages {stage_text}",
        flush=True,
    )


def synthetic(skip_reddwarf: bool) -> None:
    (conversation, truth), t_gen, _ = measured(
        lambda: planted_conversation(
            n_participants=100_000, n_statements=2_000, density=0.03, seed=1
        )
    )
    print(f"synthetic: {conversation.n_votes:,} votes generated in {t_gen:.1f}s", flush=True)
    (ours, stages), t_ours, m_ours = measured(lambda: staged(conversation))
    rows = ours.clustered
    planted = adjusted_rand_score(truth[ours.matrix.participant_ids[rows]], ours.labels[rows])
    print(
        f"synthetic ours: {t_ours:.2f}s end to end, peak +{m_ours / 2**20:.0f}MB, "
        f"{ours.n_groups} groups, ARI vs planted {planted:.4f}; stages "
        + " ".join(f"{k}={v:.2f}s" for k, v in stages.items()),
        flush=True,
    )
    incremental(conversation, ours)
    if skip_reddwarf:
        return
    (votes, keep), t_in, _ = measured(lambda: reddwarf_inputs(conversation))
    print(f"synthetic red-dwarf input: {len(votes):,} vote dicts built in {t_in:.1f}s", flush=True)
    theirs, t_rd, m_rd = measured(lambda: run_reddwarf(votes, keep, []))
    labels = reddwarf_labels(theirs)
    print(
        f"synthetic red-dwarf: {t_rd:.1f}s, peak +{m_rd / 2**20:.0f}MB, "
        f"{len(set(labels.values()))} groups, ARI vs ours {ari(ours.groups(), labels):.4f} | "
        f"×{t_rd / t_ours:.1f} faster, ×{m_rd / max(m_ours, 1):.1f} less memory",
        flush=True,
    )


def incremental(conversation: Conversation, previous: Any) -> None:
    rng = np.random.default_rng(9)
    delta = Conversation(
        statements=conversation.statements,
        vote_participant=rng.integers(0, 100_000, 1000),
        vote_statement=rng.integers(0, 2_000, 1000),
        vote_value=rng.choice(np.array([-1, 0, 1], dtype=np.int8), 1000),
        vote_time=np.full(1000, 1e12),
    )
    updated, t_up, m_up = measured(lambda: update(previous, delta))
    same = adjusted_rand_score(previous.labels, updated.labels)
    print(
        f"synthetic incremental: 1,000 votes in {t_up:.2f}s, peak +{m_up / 2**20:.0f}MB, "
        f"ARI vs previous groups {same:.4f}",
        flush=True,
    )


def agreement() -> None:
    print("\nagreement on all shared conversations (ours vs red-dwarf, ours vs Polis)")
    for folder in sorted(POLIS.iterdir()):
        export = read_polis_export(folder)
        ours = analyse(export.conversation, seed=0)
        votes, keep = reddwarf_inputs(export.conversation)
        theirs = run_reddwarf(votes, keep, sorted(export.conversation.mod_out()))
        cosines = [
            abs(a @ b) / np.linalg.norm(b)
            for a, b in zip(ours.pca.components, theirs.reducer.components_, strict=True)
        ]
        rd = reddwarf_labels(theirs)
        sizes = np.bincount(list(rd.values()))
        print(
            f"{folder.name[:44]:44} k {ours.n_groups}/{len(sizes)} "
            f"min|cos| {min(cosines):.6f} ARI red-dwarf {ari(ours.groups(), rd):.3f}"
            f"{' (red-dwarf one-person group)' if sizes.min() == 1 else ''}"
            f" ARI Polis {ari(ours.groups(), export.polis_groups or {}):.3f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--agreement", action="store_true")
    args = parser.parse_args()
    print("real conversations (time from an in-memory conversation to all results)")
    for name in LARGEST:
        export = read_polis_export(POLIS / name)
        compare(name, export.conversation, sorted(export.conversation.mod_out()))
    if args.agreement:
        agreement()
    print()
    synthetic(args.quick)


if __name__ == "__main__":
    main()
