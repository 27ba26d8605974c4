"""Random, reproducible matching instances that look like a city's programme, for tests and
benchmarks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from coproduce.methods.matching.instance import MatchingInstance, Shift, Volunteer

__all__ = ["city_instance"]

SKILLS = ("first-aid", "driving", "food-hygiene", "languages", "lifting")
DAY0 = datetime(2026, 12, 1)
CENTRE = (51.5074, -0.1278)
KM_PER_DEGREE_LAT = 111.2


def _points(rng: np.random.Generator, n: int, radius_km: float) -> npt.NDArray[np.float64]:
    """Return n (lat, lon) points spread around the centre, denser near it."""
    r = radius_km * np.sqrt(rng.random(n)) * rng.choice([0.5, 1.0], size=n, p=[0.4, 0.6])
    angle = rng.random(n) * 2 * np.pi
    lat = CENTRE[0] + r * np.sin(angle) / KM_PER_DEGREE_LAT
    lon = CENTRE[1] + r * np.cos(angle) / (KM_PER_DEGREE_LAT * np.cos(np.radians(CENTRE[0])))
    return np.column_stack([lat, lon])


def _shifts(rng: np.random.Generator, n: int, days: int) -> list[Shift]:
    sites = _points(rng, max(10, n // 8), 15)
    result = []
    for i in range(n):
        site = sites[rng.integers(len(sites))]
        start = DAY0 + timedelta(days=int(rng.integers(days)), hours=int(rng.integers(8, 19)))
        hours = int(rng.choice([1, 2, 3, 4], p=[0.15, 0.4, 0.3, 0.15]))
        needs = rng.random(len(SKILLS)) < 0.08
        result.append(
            Shift(
                id=f"s{i}",
                start=start,
                end=start + timedelta(hours=hours),
                lat=float(site[0]),
                lon=float(site[1]),
                capacity=int(rng.choice([1, 2, 3, 4, 6], p=[0.3, 0.3, 0.2, 0.1, 0.1])),
                skills=frozenset(s for s, need in zip(SKILLS, needs, strict=True) if need),
                checks=frozenset({"dbs"}) if rng.random() < 0.25 else frozenset(),
            )
        )
    return result


def _volunteers(rng: np.random.Generator, n: int, days: int) -> list[Volunteer]:
    homes = _points(rng, n, 18)
    result = []
    for i in range(n):
        windows = []
        for _ in range(int(rng.integers(1, 4))):
            start = DAY0 + timedelta(days=int(rng.integers(days)), hours=int(rng.integers(7, 16)))
            windows.append((start, start + timedelta(hours=int(rng.integers(3, 10)))))
        dbs = date(2026, 11, 1) + timedelta(days=int(rng.integers(0, 420)))
        result.append(
            Volunteer(
                id=f"v{i}",
                lat=float(homes[i, 0]),
                lon=float(homes[i, 1]),
                available=tuple(windows),
                skills=frozenset(s for s in SKILLS if rng.random() < 0.3),
                checks={"dbs": dbs} if rng.random() < 0.6 else {},
                max_km=float(rng.choice([2, 3, 5, 8, 12])),
                max_hours=float(rng.choice([3, 4, 6, 8, 12, 20])),
            )
        )
    return result


def city_instance(
    *, volunteers: int, shifts: int, seed: int = 0, days: int = 14
) -> MatchingInstance:
    """Return a reproducible random instance: a city's volunteering programme over ``days``.

    Volunteers live around a centre (denser near it) with one to three availability windows
    of 3 to 9 hours, a DBS check expiring between November 2026 and December 2027 (60 %),
    each of five skills with probability 0.3, a travel limit of 2 to 12 km and an hours
    limit of 3 to 20. Shifts of 1 to 4 hours start between 08:00 and 18:00 at one of
    ``shifts // 8`` sites, need 1 to 6 people, each skill with probability 0.08 and a DBS
    check with probability 0.25.
    """
    rng = np.random.default_rng([seed, volunteers, shifts])
    return MatchingInstance(
        volunteers=tuple(_volunteers(rng, volunteers, days)),
        shifts=tuple(_shifts(rng, shifts, days)),
    )
