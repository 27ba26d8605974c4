"""Builders for the matching tests: a volunteer and a shift that match, changed one rule at a
time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from coproduce.methods.matching import MatchingInstance, Shift, Volunteer

#: Saturday 5 December 2026, 10:00–12:00, a few hundred metres from the volunteer.
SHIFT = Shift(
    id="s1",
    start=datetime(2026, 12, 5, 10),
    end=datetime(2026, 12, 5, 12),
    lat=51.501,
    lon=-0.101,
    capacity=1,
)
VOLUNTEER = Volunteer(
    id="v1",
    lat=51.5,
    lon=-0.1,
    available=((datetime(2026, 12, 5, 9), datetime(2026, 12, 5, 17)),),
    checks={"dbs": date(2027, 3, 1)},
    max_km=5,
    max_hours=8,
)


def volunteer(ident: str = "v1", **changes: Any) -> Volunteer:
    """The volunteer who may take :data:`SHIFT`, with ``changes``."""
    return replace(VOLUNTEER, id=ident, **changes)


def shift(ident: str = "s1", **changes: Any) -> Shift:
    """The shift :data:`VOLUNTEER` may take, with ``changes``."""
    return replace(SHIFT, id=ident, **changes)


def instance(volunteers: list[Volunteer], shifts: list[Shift]) -> MatchingInstance:
    """An instance of these volunteers and shifts."""
    return MatchingInstance(volunteers=tuple(volunteers), shifts=tuple(shifts))
