"""The randomisation (permutation) test of the difference in means.

Arm labels are re-drawn ``m`` times as the design drew them — shuffled among the units of the
two arms compared, within each stratum when stratified — and the same estimate (difference
in means, or the blocked estimate) is recomputed each time. With ``b`` the number of
re-draws whose estimate is at least as far from zero as the observed one, the two-sided
p-value is ``(b + 1) / (m + 1)``: counting the observed assignment among the re-draws keeps
the test valid (never below its level) and the p-value above zero. It tests the sharp null
that the treatment changed no unit's outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["CHUNK", "PERMUTATIONS", "PermutationBlock", "permutation_p"]

#: Default number of re-draws: the p-value's Monte Carlo error is then at most 0.005.
PERMUTATIONS = 10_000

#: Re-draws computed together (bounds memory at CHUNK × units); fixed, as it orders the stream.
CHUNK = 500

#: Re-draws within this distance of the observed estimate, relative to the outcomes' largest
#: magnitude, count as ties (they differ by rounding only).
TOLERANCE = 1e-12


@dataclass(frozen=True)
class PermutationBlock:
    """One stratum: its weight, outcomes, and which of them are in the first arm of the pair."""

    weight: float
    outcomes: NDArray[np.float64]
    first: NDArray[np.bool_]


def _estimates(block: PermutationBlock, labels: NDArray[np.bool_]) -> NDArray[np.float64]:
    n_first = int(block.first.sum())
    n_second = len(block.first) - n_first
    sums = labels.astype(np.float64) @ block.outcomes
    total = float(block.outcomes.sum())
    return block.weight * (sums / n_first - (total - sums) / n_second)


def permutation_p(
    blocks: Sequence[PermutationBlock], *, permutations: int, rng: np.random.Generator
) -> float:
    """Return the two-sided permutation p-value ``(b + 1) / (m + 1)`` of the blocked estimate.

    The estimate is first-arm mean minus second-arm mean; its absolute value is compared, so
    the p-value does not depend on which arm is the control.
    """
    observed = abs(sum(_estimates(b, b.first[np.newaxis, :])[0] for b in blocks))
    scale = max(float(np.abs(b.outcomes).max(initial=0.0)) for b in blocks)
    threshold = observed - TOLERANCE * scale
    extreme = 0
    for start in range(0, permutations, CHUNK):
        size = min(CHUNK, permutations - start)
        total = np.zeros(size)
        for block in blocks:
            labels = rng.permuted(np.tile(block.first, (size, 1)), axis=1)
            total += _estimates(block, labels)
        extreme += int(np.count_nonzero(np.abs(total) >= threshold))
    return (extreme + 1) / (permutations + 1)
