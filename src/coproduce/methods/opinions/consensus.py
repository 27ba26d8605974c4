"""Consensus statements, group-informed consensus and comment-routing priority."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.stats import Z_90, GroupCounts, prop_test

__all__ = [
    "ConsensusStat",
    "consensus_statements",
    "group_informed_consensus",
    "statement_priorities",
]

FloatArray = NDArray[np.float64]

#: Polis' fixed priority of meta statements, before squaring.
META_PRIORITY = 7.0


@dataclass(frozen=True)
class ConsensusStat:
    """A statement most participants agree (or disagree) with: counts, probability, z-score."""

    statement: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def _top(
    counts: GroupCounts, success: FloatArray, out: set[int], pick_max: int, z: float
) -> tuple[ConsensusStat, ...]:
    seen = counts.seen[0]
    p = (success + 1) / (seen + 2)
    t = prop_test(success, seen)
    ids = counts.statement_ids.tolist()
    ok = [j for j in range(len(ids)) if ids[j] not in out and p[j] > 0.5 and t[j] > z]
    ok.sort(key=lambda j: -(p[j] * t[j]))
    return tuple(
        ConsensusStat(ids[j], int(success[j]), int(seen[j]), float(p[j]), float(t[j]))
        for j in ok[:pick_max]
    )


def consensus_statements(
    everyone: GroupCounts, *, mod_out: Collection[int] = (), pick_max: int = 5, z: float = Z_90
) -> dict[Literal["agree", "disagree"], tuple[ConsensusStat, ...]]:
    """Return Polis' consensus: per direction, up to ``pick_max`` statements whose
    probability exceeds 1/2 with a significant z-score, by p × z descending.

    ``everyone`` holds the counts of all participants as a single group (Polis does not
    restrict consensus to clustered participants).
    """
    out = set(mod_out)
    return {
        "agree": _top(everyone, everyone.agree[0], out, pick_max, z),
        "disagree": _top(everyone, everyone.disagree[0], out, pick_max, z),
    }


def group_informed_consensus(counts: GroupCounts, *, vote: int = 1) -> dict[int, float]:
    """Return, per statement, the product over groups of (agrees + 1) / (votes + 2).

    High values mean every group agrees; ``vote=-1`` gives the disagree version.
    """
    success = counts.agree if vote == 1 else counts.disagree
    product = np.prod((success + 1.0) / (counts.seen + 2.0), axis=0)
    return dict(zip(counts.statement_ids.tolist(), product.tolist(), strict=True))


def statement_priorities(
    counts: GroupCounts, extremity: FloatArray, meta: Collection[int] = ()
) -> dict[int, float]:
    """Return Polis' comment-routing priority per statement (higher is shown sooner).

    priority = (a · (1 − p) · (1 + extremity) · (1 + 8 · 2^(−S/5)))², with a and p the
    pseudocount agree and pass probabilities over grouped participants and S their votes;
    meta statements get 7² = 49.
    """
    a_count, seen = counts.agree.sum(0), counts.seen.sum(0)
    p_count = seen - a_count - counts.disagree.sum(0)
    a, p = (a_count + 1) / (seen + 2), (p_count + 1) / (seen + 2)
    value = a * (1 - p) * (1 + extremity) * (1 + 8 * np.power(2.0, -seen / 5))
    ids = counts.statement_ids.tolist()
    meta_set = set(meta)
    return {
        tid: (META_PRIORITY if tid in meta_set else float(v)) ** 2
        for tid, v in zip(ids, value.tolist(), strict=True)
    }
