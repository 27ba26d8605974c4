"""Random, stratified, reproducible assignment of units (people or places) to arms.

Within each stratum the allocation sequence is a run of permuted blocks: a block holds each
arm ``ratio`` times (ratios reduced by their greatest common divisor) in a random order. The
last, partial block gives each arm the whole or the next whole number of its share of the
units left over, chosen by systematic sampling so that every arm's chance is exactly its share;
so each arm's count in a stratum is within 1 of ``n × ratio / block``. The stratum's units,
sorted, take the sequence in a random order (so neighbouring ids are not paired in a block).

Every stratum draws from its own PCG64 stream, seeded by the stored seed and the stratum's
values, after sorting units, strata and arms: the same seed and units give the same assignment on
every run and platform, whatever order the units came in, and adding a stratum leaves the
others' assignment as it was.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from coproduce.methods.experiments._common import (
    Stratum,
    StratumKey,
    generator,
    stratum_key,
)
from coproduce.methods.experiments.errors import ExperimentError

__all__ = ["SCHEME", "Assignment", "StratumAllocation", "Unit", "assign"]

#: A unit is a person or a place, named by an integer or string id.
Unit = int | str

#: Names the algorithm and its random streams, stored beside the seed to replay an assignment.
SCHEME = "permuted-blocks/pcg64/v1"


@dataclass(frozen=True)
class StratumAllocation:
    """How many units of one stratum went to each arm."""

    stratum: StratumKey
    counts: Mapping[str, int]


@dataclass(frozen=True)
class Assignment:
    """Each unit's arm, with the design that produced it (enough to replay it)."""

    arms: tuple[str, ...]
    ratios: tuple[int, ...]
    seed: int
    arm_of: Mapping[Unit, str]
    strata: tuple[StratumAllocation, ...]
    scheme: str = SCHEME

    def counts(self) -> dict[str, int]:
        """Return the number of units in each arm."""
        totals = dict.fromkeys(self.arms, 0)
        for allocation in self.strata:
            for arm, count in allocation.counts.items():
                totals[arm] += count
        return totals


def _unit_order(unit: Unit) -> tuple[int, int | str]:
    # integers before strings, so mixed ids still sort the same way everywhere
    return (0, unit) if isinstance(unit, int) else (1, unit)


def _check_arms(arms: Sequence[str], ratios: Sequence[int] | None) -> tuple[int, ...]:
    if len(arms) < 2 or len(set(arms)) != len(arms) or not all(arms):
        raise ExperimentError(
            "bad_arms", "give at least two distinct, non-empty arm names", arms=list(arms)
        )
    given = [1] * len(arms) if ratios is None else list(ratios)
    if len(given) != len(arms) or any(
        isinstance(r, bool) or not isinstance(r, int) or r < 1 for r in given
    ):
        raise ExperimentError(
            "bad_ratios", "give one positive whole-number ratio per arm", ratios=given
        )
    return tuple(given)


def _check_units(units: Sequence[Unit]) -> list[Unit]:
    for unit in units:
        if isinstance(unit, bool) or not isinstance(unit, int | str):
            raise ExperimentError(
                "bad_unit", f"unit ids are integers or strings, not {unit!r}", unit=repr(unit)
            )
    seen: set[Unit] = set()
    for unit in units:
        if unit in seen:
            raise ExperimentError("duplicate_unit", f"unit {unit!r} is listed twice", unit=unit)
        seen.add(unit)
    return sorted(units, key=_unit_order)


def _group(
    units: list[Unit], strata: Mapping[Unit, Stratum] | None
) -> dict[StratumKey, list[Unit]]:
    groups: dict[StratumKey, list[Unit]] = {}
    for unit in units:
        if strata is not None and unit not in strata:
            raise ExperimentError(
                "unit_without_stratum", f"unit {unit!r} has no stratum", unit=unit
            )
        key = () if strata is None else stratum_key(strata[unit])
        groups.setdefault(key, []).append(unit)
    return dict(sorted(groups.items()))


def _partial_block(rest: int, ratios: tuple[int, ...], rng: np.random.Generator) -> list[int]:
    """Return arm indices for ``rest`` units: floor or ceiling of each arm's share.

    Systematic sampling on the shares' fractional parts (which sum to a whole number of
    units) gives each arm its extra unit with probability equal to its fractional part.
    """
    block = sum(ratios)
    start = rng.random() * block
    arms: list[int] = []
    cumulative = 0
    for arm, ratio in enumerate(ratios):
        whole, fraction = divmod(rest * ratio, block)
        # points start, start + block, … falling in [cumulative, cumulative + fraction)
        extra = math.ceil((cumulative + fraction - start) / block) - math.ceil(
            (cumulative - start) / block
        )
        arms += [arm] * (whole + extra)
        cumulative += fraction
    return arms


def _sequence(n: int, ratios: tuple[int, ...], rng: np.random.Generator) -> list[int]:
    block = [arm for arm, ratio in enumerate(ratios) for _ in range(ratio)]
    full, rest = divmod(n, len(block))
    sequence: list[int] = []
    for _ in range(full):
        sequence += rng.permutation(block).tolist()
    if rest:
        sequence += rng.permutation(_partial_block(rest, ratios, rng)).tolist()
    return sequence


def assign(
    units: Sequence[Unit],
    arms: Sequence[str],
    *,
    strata: Mapping[Unit, Stratum] | None = None,
    seed: int,
    ratios: Sequence[int] | None = None,
) -> Assignment:
    """Return a random assignment of ``units`` to ``arms``, stratified by ``strata``.

    ``strata`` maps every unit to its stratum (one value or a tuple, e.g. place and age band);
    ``ratios`` gives the arms' relative sizes (default equal). The result depends only on the
    seed, the set of units, their strata, the arms and the ratios. Raise ``ExperimentError``
    for fewer than two arms, repeated or badly typed units, a unit without a stratum, ratios
    that are not positive whole numbers, or a negative seed.
    """
    checked = _check_arms(arms, ratios)
    divisor = math.gcd(*checked)
    # arms in sorted order, so listing them in another order changes nothing
    pairs = sorted(zip(arms, checked, strict=True))
    names = tuple(arm for arm, _ in pairs)
    reduced = tuple(ratio // divisor for _, ratio in pairs)
    generator(seed)  # checks the seed even when there are no units
    arm_of: dict[Unit, str] = {}
    allocations: list[StratumAllocation] = []
    for key, members in _group(_check_units(units), strata).items():
        rng = generator(seed, "assign", *key)
        sequence = _sequence(len(members), reduced, rng)
        order = rng.permutation(len(members))
        for slot, index in enumerate(order.tolist()):
            arm_of[members[index]] = names[sequence[slot]]
        counts = dict.fromkeys(arms, 0)
        for arm in sequence:
            counts[names[arm]] += 1
        allocations.append(StratumAllocation(key, counts))
    ordered = {unit: arm_of[unit] for unit in units}
    return Assignment(tuple(arms), checked, seed, ordered, tuple(allocations))
