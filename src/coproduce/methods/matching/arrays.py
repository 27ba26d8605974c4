"""An instance as NumPy arrays, volunteers and shifts in order of id.

Times become integer microseconds (UTC for aware times, the wall clock for naive ones), so
comparisons and sums of hours are exact. Only the skills and checks some shift needs are
kept: skills as bit sets (64 to a word), checks as expiry day numbers (-1 when not held).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from coproduce.methods.matching.instance import MatchingInstance, Shift, Volunteer

__all__ = ["NO_LIMIT", "Arrays", "arrays_from", "microseconds", "time_ranks"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Words = npt.NDArray[np.uint64]

#: The hours limit of a volunteer without one, in microseconds.
NO_LIMIT = np.iinfo(np.int64).max
_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_HOUR = 3_600_000_000


def microseconds(value: datetime) -> int:
    """Return microseconds since 1970: UTC for an aware time, the wall clock for a naive one."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return (value - _EPOCH) // _MICROSECOND


@dataclass(frozen=True, eq=False, slots=True)
class Arrays:
    """Column arrays of an instance; index ``v`` is ``volunteers[v]``, ``s`` is ``shifts[s]``."""

    volunteers: tuple[Volunteer, ...]
    shifts: tuple[Shift, ...]
    volunteer_lat: Floats
    volunteer_lon: Floats
    max_km: Floats  # inf when unlimited
    limit: Ints  # hours limit in microseconds; NO_LIMIT when unlimited
    has_skills: Words  # (volunteers, words)
    expiry: Ints  # (volunteers, checks): day number, -1 when not held
    window_volunteer: Ints
    window_start: Ints
    window_end: Ints
    shift_lat: Floats
    shift_lon: Floats
    start: Ints
    end: Ints
    day: Ints  # the day number of the shift's date (the date it starts)
    capacity: Ints
    needs_skills: Words  # (shifts, words)
    needs_checks: Bools  # (shifts, checks)

    @property
    def duration(self) -> Ints:
        """Each shift's length in microseconds."""
        return self.end - self.start


def time_ranks(arrays: Arrays) -> tuple[Ints, Ints, int]:
    """Return each shift's start and end as ranks among all shift times (same order, small
    numbers), and one more than the largest rank."""
    times = np.unique(np.concatenate([arrays.start, arrays.end]))
    start = np.searchsorted(times, arrays.start).astype(np.int64)
    end = np.searchsorted(times, arrays.end).astype(np.int64)
    return start, end, len(times) + 1


def arrays_from(instance: MatchingInstance) -> Arrays:
    """Return the arrays of ``instance``, volunteers and shifts sorted by id."""
    volunteers = tuple(sorted(instance.volunteers, key=lambda v: v.id))
    shifts = tuple(sorted(instance.shifts, key=lambda s: s.id))
    skills = sorted({k for s in shifts for k in s.skills})
    checks = sorted({c for s in shifts for c in s.checks})
    windows = [
        (v, microseconds(a), microseconds(b))
        for v, volunteer in enumerate(volunteers)
        for a, b in volunteer.available
    ]
    window = np.array(windows, dtype=np.int64).reshape(-1, 3)
    return Arrays(
        volunteers=volunteers,
        shifts=shifts,
        volunteer_lat=np.array([v.lat for v in volunteers], dtype=np.float64),
        volunteer_lon=np.array([v.lon for v in volunteers], dtype=np.float64),
        max_km=np.array([np.inf if v.max_km is None else v.max_km for v in volunteers]),
        limit=np.array([_limit(v.max_hours) for v in volunteers], dtype=np.int64),
        has_skills=_bits([v.skills for v in volunteers], skills),
        expiry=_expiry(volunteers, checks),
        window_volunteer=window[:, 0].copy(),
        window_start=window[:, 1].copy(),
        window_end=window[:, 2].copy(),
        shift_lat=np.array([s.lat for s in shifts], dtype=np.float64),
        shift_lon=np.array([s.lon for s in shifts], dtype=np.float64),
        start=np.array([microseconds(s.start) for s in shifts], dtype=np.int64),
        end=np.array([microseconds(s.end) for s in shifts], dtype=np.int64),
        day=np.array([s.start.date().toordinal() for s in shifts], dtype=np.int64),
        capacity=np.array([s.capacity for s in shifts], dtype=np.int64),
        needs_skills=_bits([s.skills for s in shifts], skills),
        needs_checks=np.array(
            [[c in s.checks for c in checks] for s in shifts], dtype=np.bool_
        ).reshape(len(shifts), len(checks)),
    )


def _limit(max_hours: float | None) -> int:
    if max_hours is None or max_hours * _HOUR >= NO_LIMIT:
        return int(NO_LIMIT)
    return round(max_hours * _HOUR)  # to the microsecond, so 1/3 hour is 20 minutes


def _bits(sets: list[frozenset[str]], universe: list[str]) -> Words:
    position = {name: i for i, name in enumerate(universe)}
    words = np.zeros((len(sets), max(1, -(-len(universe) // 64))), dtype=np.uint64)
    for row, names in enumerate(sets):
        for name in names:
            i = position.get(name)
            if i is not None:
                words[row, i // 64] |= np.uint64(1 << (i % 64))
    return words


def _expiry(volunteers: tuple[Volunteer, ...], checks: list[str]) -> Ints:
    table = np.full((len(volunteers), len(checks)), -1, dtype=np.int64)
    for row, volunteer in enumerate(volunteers):
        for col, name in enumerate(checks):
            expiry = volunteer.checks.get(name)
            if expiry is not None:
                table[row, col] = expiry.toordinal()
    return table
