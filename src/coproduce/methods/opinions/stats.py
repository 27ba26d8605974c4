"""Polis' vote statistics: pseudocount probabilities and the one-sided proportion tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.matrix import VoteMatrix

__all__ = ["Z_90", "GroupCounts", "group_counts", "prop_test", "two_prop_test"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Polis' critical value for a one-sided 90 % z-test (``z-sig-90?``).
Z_90 = 1.2816


def prop_test(success: FloatArray, trials: FloatArray) -> FloatArray:
    """Return Polis' one-proportion z-score of ``success`` out of ``trials`` against 1/2.

    Both counts get a pseudocount of 1: 2·sqrt(n+1)·((s+1)/(n+1) − 1/2).
    """
    s, n = success + 1.0, trials + 1.0
    return np.asarray(2.0 * np.sqrt(n) * (s / n - 0.5), dtype=np.float64)


def two_prop_test(
    s_in: FloatArray, s_out: FloatArray, n_in: FloatArray, n_out: FloatArray
) -> FloatArray:
    """Return Polis' two-proportion z-score (group vs rest), every count plus 1; 0 if p̂ = 1."""
    s1, s2, n1, n2 = s_in + 1.0, s_out + 1.0, n_in + 1.0, n_out + 1.0
    pi_hat = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pi_hat * (1.0 - pi_hat) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.asarray(np.where(pi_hat == 1.0, 0.0, z), dtype=np.float64)


@dataclass(frozen=True)
class GroupCounts:
    """Agree / disagree / seen counts per group (rows) and statement (columns)."""

    statement_ids: IntArray
    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray

    @property
    def passed(self) -> FloatArray:
        """Return pass counts per group and statement."""
        return self.seen - self.agree - self.disagree


def group_counts(matrix: VoteMatrix, labels: IntArray, k: int) -> GroupCounts:
    """Return vote counts of each group; ``labels`` gives each row's group, -1 for none."""
    codes = matrix.codes
    m = matrix.shape[1]
    indices, data = codes.indices, codes.data
    if k == 1 and bool((labels == 0).all()):
        # everyone in one group: no need to expand the labels to every vote
        slot = indices.astype(np.int64) * 4 + data
    else:
        entry_group = np.repeat(labels.astype(np.int64), np.diff(codes.indptr))
        if len(entry_group) and entry_group.min() < 0:
            inside = entry_group >= 0
            entry_group, indices, data = entry_group[inside], indices[inside], data[inside]
        # one pass: slot (group, statement, stored code 1..3) → count
        slot = (entry_group * m + indices) * 4 + data
    flat = np.bincount(slot, minlength=k * m * 4).reshape(k, m, 4).astype(np.float64)
    agree, disagree = flat[:, :, 3], flat[:, :, 1]
    return GroupCounts(matrix.statement_ids, agree, disagree, flat[:, :, 1:].sum(axis=2))
