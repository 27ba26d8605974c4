"""Shared pieces: seeded generators keyed by names, arms and strata as plain values."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.experiments.errors import ExperimentError

#: A stratum is one value (``"north"``) or a combination (``("north", "65+")``).
Stratum = str | tuple[str, ...]
StratumKey = tuple[str, ...]


def generator(seed: int, *keys: str) -> np.random.Generator:
    """Return a PCG64 generator for ``seed`` and ``keys``: the same stream on every platform.

    Each key is hashed (SHA-256) into the seed sequence, so one stored seed gives every
    stratum and every comparison a stream of its own that does not depend on the others.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ExperimentError("bad_seed", f"the seed must be a non-negative integer, not {seed!r}")
    words = [seed]
    for key in keys:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        words += [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
    return np.random.Generator(np.random.PCG64(words))


def stratum_key(value: Stratum) -> StratumKey:
    """Return ``value`` as a tuple of strings (one string becomes a 1-tuple)."""
    return (value,) if isinstance(value, str) else tuple(value)


def stratum_label(key: StratumKey) -> str:
    """Return a stratum's name for people: its values joined by `` / ``."""
    return " / ".join(key)


def resolve_control(names: Sequence[str], control: str | None) -> tuple[str, bool]:
    """Return the control arm and whether it was the default (the first in sorted order).

    Raise ``ExperimentError`` (``unknown_control``) if ``control`` is not one of ``names``.
    """
    if control is None:
        return sorted(names)[0], True
    if control not in names:
        raise ExperimentError(
            "unknown_control",
            f"control arm {control!r} is not in the data; the arms are {', '.join(sorted(names))}",
            control=control,
            arms=sorted(names),
        )
    return control, False


def arm_labels(arms: Sequence[str], n: int) -> tuple[str, ...]:
    """Return the arm of each row; raise ``ExperimentError`` if lengths or labels are wrong."""
    if len(arms) != n:
        raise ExperimentError(
            "length_mismatch", f"there are {len(arms)} arm labels for {n} rows", arms=len(arms), n=n
        )
    labels = tuple(str(a) for a in arms)
    for row, label in enumerate(labels, start=1):
        if not label:
            raise ExperimentError("empty_arm", f"row {row}: the arm is empty", row=row)
    if len(set(labels)) < 2:
        raise ExperimentError(
            "one_arm", "an experiment needs at least two arms in the data", arms=sorted(set(labels))
        )
    return labels


def strata_keys(strata: Sequence[Stratum] | None, n: int) -> tuple[StratumKey, ...] | None:
    """Return each row's stratum key, or ``None`` when unstratified; check the length."""
    if strata is None:
        return None
    if len(strata) != n:
        raise ExperimentError(
            "length_mismatch",
            f"there are {len(strata)} strata for {n} rows",
            strata=len(strata),
            n=n,
        )
    return tuple(stratum_key(s) for s in strata)


def check_outcomes(outcomes: Sequence[float] | NDArray[Any]) -> NDArray[np.float64]:
    """Return the outcomes as floats; raise ``not_a_number`` naming the first bad row."""
    if isinstance(outcomes, np.ndarray) and outcomes.dtype.kind in "iuf":
        finite = np.isfinite(outcomes)
        if finite.all():
            return outcomes.astype(np.float64)
        outcomes = outcomes.tolist()  # to report the first bad row below
    for row, value in enumerate(outcomes, start=1):
        number = isinstance(value, int | float | np.integer | np.floating)
        if isinstance(value, bool | np.bool_) or not number or not math.isfinite(value):
            raise ExperimentError(
                "not_a_number",
                f"row {row}: the outcome {value!r} is not a finite number",
                row=row,
                value=str(value),
            )
    return np.asarray(outcomes, dtype=np.float64)
