"""What a coordinator asks for: volunteers, shifts, and the rules that link them.

A volunteer may take a shift when they hold every skill it needs, each check it needs is
valid on the shift's date (expiry on or after the date the shift starts), the shift lies
inside one of their availability windows, and it is within ``max_km`` of them. The shifts a
volunteer takes must not overlap and must not add up to more than ``max_hours``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from coproduce.methods.matching.errors import InstanceError

__all__ = ["MatchingInstance", "Shift", "Volunteer"]


@dataclass(frozen=True, slots=True)
class Volunteer:
    """A person who offers time: where they are, when they can, what they hold.

    ``checks`` maps a check (``"dbs"``) to its expiry date; ``max_km`` and ``max_hours`` are
    ``None`` for no limit. ``available`` holds ``(start, end)`` windows.
    """

    id: str
    lat: float
    lon: float
    available: tuple[tuple[datetime, datetime], ...] = ()
    skills: frozenset[str] = frozenset()
    checks: Mapping[str, date] = field(default_factory=dict)
    max_km: float | None = None
    max_hours: float | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    """Places to fill: ``capacity`` people from ``start`` to ``end`` at one place."""

    id: str
    start: datetime
    end: datetime
    lat: float
    lon: float
    capacity: int
    skills: frozenset[str] = frozenset()
    checks: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MatchingInstance:
    """Volunteers and shifts to match; validated when built.

    Raise :class:`InstanceError` naming the field (``shifts[2].end``) if an id repeats, a
    time span is empty, a coordinate or limit is out of range, or naive and timezone-aware
    times are mixed.
    """

    volunteers: tuple[Volunteer, ...]
    shifts: tuple[Shift, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "volunteers", tuple(self.volunteers))
        object.__setattr__(self, "shifts", tuple(self.shifts))
        _check_ids("volunteers", (v.id for v in self.volunteers))
        _check_ids("shifts", (s.id for s in self.shifts))
        for i, volunteer in enumerate(self.volunteers):
            _check_volunteer(f"volunteers[{i}]", volunteer)
        for i, shift in enumerate(self.shifts):
            _check_shift(f"shifts[{i}]", shift)
        _check_one_kind_of_time(self)


def _check_ids(where: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if not isinstance(ident, str) or not ident:
            raise InstanceError(f"{where}[{i}].id", "must be a non-empty string")
        if ident in seen:
            raise InstanceError(f"{where}[{i}].id", f"repeats {ident!r}")
        seen.add(ident)


def _check_place(where: str, lat: float, lon: float) -> None:
    if not (_is_number(lat) and -90 <= lat <= 90):
        raise InstanceError(f"{where}.lat", "must be a number from -90 to 90")
    if not (_is_number(lon) and -180 <= lon <= 180):
        raise InstanceError(f"{where}.lon", "must be a number from -180 to 180")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_limit(where: str, value: float | None) -> None:
    if value is not None and not (_is_number(value) and value >= 0):
        raise InstanceError(where, "must be a number ≥ 0 or absent")


def _check_span(where: str, start: datetime, end: datetime) -> None:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, datetime):
            raise InstanceError(f"{where}.{name}", "must be a datetime")
    if _comparable(start, end) and not start < end:
        raise InstanceError(f"{where}.end", "must be after the start")


def _comparable(a: datetime, b: datetime) -> bool:
    return (a.tzinfo is None) == (b.tzinfo is None)


def _check_volunteer(where: str, volunteer: Volunteer) -> None:
    _check_place(where, volunteer.lat, volunteer.lon)
    _check_limit(f"{where}.max_km", volunteer.max_km)
    _check_limit(f"{where}.max_hours", volunteer.max_hours)
    for j, window in enumerate(volunteer.available):
        if len(window) != 2:
            raise InstanceError(f"{where}.available[{j}]", "must be a (start, end) pair")
        _check_span(f"{where}.available[{j}]", *window)
    _check_names(f"{where}.skills", volunteer.skills)
    for name, expiry in volunteer.checks.items():
        if not isinstance(name, str) or not name:
            raise InstanceError(f"{where}.checks", "names must be non-empty strings")
        if isinstance(expiry, datetime) or not isinstance(expiry, date):
            raise InstanceError(f"{where}.checks.{name}", "must be a date")


def _check_shift(where: str, shift: Shift) -> None:
    _check_place(where, shift.lat, shift.lon)
    _check_span(where, shift.start, shift.end)
    if isinstance(shift.capacity, bool) or not isinstance(shift.capacity, int):
        raise InstanceError(f"{where}.capacity", "must be a whole number")
    if shift.capacity < 0:
        raise InstanceError(f"{where}.capacity", "must be ≥ 0")
    _check_names(f"{where}.skills", shift.skills)
    _check_names(f"{where}.checks", shift.checks)


def _check_names(where: str, names: Iterable[str]) -> None:
    if isinstance(names, str) or any(not isinstance(n, str) or not n for n in names):
        raise InstanceError(where, "must be a set of non-empty strings")


def _check_one_kind_of_time(instance: MatchingInstance) -> None:
    """Naive times are wall-clock times of one place; they cannot be compared with aware ones."""
    aware: bool | None = None
    for where, value in _times(instance):
        if aware is None:
            aware = value.tzinfo is not None
        elif (value.tzinfo is not None) != aware:
            raise InstanceError(where, "mixes timezone-aware and naive times")


def _times(instance: MatchingInstance) -> Iterator[tuple[str, datetime]]:
    for i, shift in enumerate(instance.shifts):
        yield f"shifts[{i}].start", shift.start
        yield f"shifts[{i}].end", shift.end
    for i, volunteer in enumerate(instance.volunteers):
        for j, (start, end) in enumerate(volunteer.available):
            yield f"volunteers[{i}].available[{j}]", start
            yield f"volunteers[{i}].available[{j}]", end
