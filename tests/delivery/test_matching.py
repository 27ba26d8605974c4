"""The matching adapter: the instance built from the database, solved exactly, equals a
brute force over every assignment of a small programme; what people already hold, declined
or withdrew from is respected; the coordinator's offers follow the proposal."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest

from coproduce.delivery.matching import shift_point, shifts_fill
from coproduce.delivery.models import SignUp, SignUpStatus
from coproduce.delivery.services.setup import role_add
from coproduce.delivery.services.sign_ups import offers_send, shift_sign_up

pytestmark = pytest.mark.django_db

CENTRES = {"north": (51.5, 0.5), "south": (50.5, 0.5), "north-ward": (51.25, 0.25)}


def metres(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Haversine (earth radius 6371.0088 km) in whole metres, written independently."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return round(2 * 6371.0088 * math.asin(math.sqrt(h)) * 1000)


def brute_force(people: list[dict[str, Any]], shifts: list[Any]) -> tuple[int, int]:
    """Return (places filled, metres) of the best assignment, trying every one."""
    best = (0, 0)
    options = [
        [c for r in range(len(shifts) + 1) for c in itertools.combinations(shifts, r)]
        for _ in people
    ]
    for choice in itertools.product(*options):
        load: dict[int, int] = {}
        total, ok = 0, True
        for person, taken in zip(people, choice, strict=True):
            hours = sum(s.hours for s in taken)
            if person["hours"] is not None and hours > person["hours"]:
                ok = False
            for a, b in itertools.combinations(taken, 2):
                if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                    ok = False
            for shift in taken:
                far = metres(person["at"], shift_point(shift))
                if not set(shift.role.skills) <= person["skills"]:
                    ok = False
                if person["max_km"] is not None and far > person["max_km"] * 1000:
                    ok = False
                load[shift.pk] = load.get(shift.pk, 0) + 1
                total += far
        if not ok or any(load[s.pk] > s.places_left for s in shifts if s.pk in load):
            continue
        filled = sum(load.values())
        if filled > best[0] or (filled == best[0] and total < best[1]):
            best = (filled, total)
    return best


@pytest.fixture
def small(programme: Any, organiser: Any, make_shift: Any, make_volunteer: Any) -> Any:
    drivers = role_add(opportunity=programme, actor=organiser, name="Driver", skills=["driving"])
    shifts = {
        "drive": make_shift(role=drivers, hour=10, capacity=1, lat=51.52, lon=0.5),
        "garden": make_shift(hour=10, capacity=2, lat=50.52, lon=0.5),
        "late": make_shift(hour=14, capacity=1, lat=51.5, lon=0.53),
    }
    people = {
        "ann": make_volunteer("ann", skills=("driving",)),
        "bob": make_volunteer("bob", hours=2),
        "cat": make_volunteer("cat", place="south", skills=("driving",), max_km=5),
        "dan": make_volunteer("dan", place="north-ward", max_km=40),
    }
    return shifts, people


def described(people: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "at": CENTRES[p.volunteer_offer.place.slug],
            "skills": set(p.volunteer_offer.skills),
            "max_km": p.volunteer_offer.max_km,
            "hours": p.volunteer_offer.hours_a_month,
        }
        for p in people.values()
    ]


def test_the_proposal_is_the_optimum_of_a_brute_force(programme: Any, small: Any) -> None:
    shifts, people = small
    proposal = shifts_fill(opportunity=programme, shifts=list(shifts.values()))
    filled, total = brute_force(described(people), list(shifts.values()))
    assert (proposal.filled, round(proposal.distance_km * 1000)) == (filled, total)
    pairs = {(p.person.display_name, p.shift.pk) for p in proposal.places}
    # Ann drives (the only driver in reach) and takes the late shift nearby (Dan is farther);
    # Cat gardens near home; the garden's second place is too far for Dan (40 km at most)
    # and Ann is driving then, so it goes to Bob, whose two hours it takes.
    assert pairs == {
        ("ann", shifts["drive"].pk),
        ("ann", shifts["late"].pk),
        ("cat", shifts["garden"].pk),
        ("bob", shifts["garden"].pk),
    }
    assert filled == 4 and proposal.volunteers == 4 and proposal.left == []


def test_held_shifts_and_declined_offers_are_respected(
    programme: Any, small: Any, make_shift: Any
) -> None:
    shifts, people = small
    elsewhere = make_shift(hour=9, hours=2, capacity=1, lat=51.5, lon=0.5)
    shift_sign_up(shift=elsewhere, person=people["ann"])  # 9–11 overlaps the drive
    SignUp.objects.create(shift=shifts["late"], person=people["bob"], status="declined")
    proposal = shifts_fill(opportunity=programme, shifts=list(shifts.values()))
    pairs = {(p.person.display_name, p.shift.pk) for p in proposal.places}
    assert ("ann", shifts["drive"].pk) not in pairs
    assert ("bob", shifts["late"].pk) not in pairs
    assert ("ann", shifts["late"].pk) in pairs  # 14:00, after her held shift
    drive = next(left for left in proposal.left if left.shift == shifts["drive"])
    assert drive.filled == 0 and drive.reason == "no_eligible_volunteer"


def test_sending_the_proposal_offers_each_place_once(
    programme: Any, organiser: Any, small: Any
) -> None:
    shifts, _people = small
    proposal = shifts_fill(opportunity=programme, shifts=list(shifts.values()))
    pairs = [(p.person, p.shift, p.distance_km) for p in proposal.places]
    assert offers_send(opportunity=programme, actor=organiser, pairs=pairs) == (4, 0)
    assert SignUp.objects.filter(status=SignUpStatus.OFFERED).count() == 4
    # Sent twice (a second click): nothing more is offered and no shift is overfilled.
    assert offers_send(opportunity=programme, actor=organiser, pairs=pairs) == (0, 4)
    for shift in shifts.values():
        shift.refresh_from_db()
        assert shift.taken <= shift.capacity
    assert shifts_fill(opportunity=programme, shifts=list(shifts.values())).places == []
