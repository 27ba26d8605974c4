"""Drawing a panel by lot, stratified so its make-up follows the population's."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")
UNKNOWN = ""


def quotas(
    population: Mapping[str, float], available: Mapping[str, int], seats: int
) -> dict[str, int]:
    """Seats per stratum: proportional to the population, by largest remainder.

    A stratum cannot get more seats than it has applicants; seats it cannot fill go to the
    other strata in proportion, and any still left go to applicants of unknown stratum
    (key ``""``). Ties in remainders go to the category named first in sorted order.
    """
    allocation = {stratum: 0 for stratum in available}
    left = min(seats, sum(available.values()))
    open_strata = [s for s in sorted(population) if available.get(s, 0) > 0]
    while left > 0 and open_strata:
        total = sum(population[s] for s in open_strata) or 1.0
        exact = {s: left * population[s] / total for s in open_strata}
        give = {s: min(int(exact[s]), available[s] - allocation[s]) for s in open_strata}
        if not any(give.values()):
            best = max(open_strata, key=lambda s: (exact[s] - int(exact[s]), -open_strata.index(s)))
            give = {best: 1}
        for stratum, count in give.items():
            allocation[stratum] += count
            left -= count
        open_strata = [s for s in open_strata if allocation[s] < available[s]]
    if left > 0 and UNKNOWN in available:
        allocation[UNKNOWN] += min(left, available[UNKNOWN])
    return {s: n for s, n in allocation.items() if n}


def draw(
    applicants: Sequence[tuple[T, str]],
    population: Mapping[str, float],
    seats: int,
    *,
    seed: int,
) -> list[T]:
    """Return the applicants drawn, given each one's stratum; ``seed`` makes it repeatable."""
    by_stratum: dict[str, list[T]] = {}
    for applicant, stratum in applicants:
        key = stratum if stratum in population else UNKNOWN
        by_stratum.setdefault(key, []).append(applicant)
    counts = {stratum: len(members) for stratum, members in by_stratum.items()}
    rng = random.Random(seed)
    chosen: list[T] = []
    for stratum, count in sorted(quotas(population, counts, seats).items()):
        chosen += rng.sample(by_stratum[stratum], count)
    return chosen
