"""Fixtures for volunteering: a programme with a role, shifts on coming days, volunteers."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """Return a local time ``days`` from today at ``hour``."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def programme(activity_in: Any, organiser: Any, city: Any) -> Any:
    from coproduce.delivery.services.setup import opportunity_create

    activity = activity_in(
        "delivery",
        "volunteering",
        title="Park volunteers",
        ends_at=timezone.now() + timedelta(days=60),
    )
    north = city.children.get(slug="north")
    return opportunity_create(
        activity=activity, actor=organiser, approach="co_managing", place=north
    )


@pytest.fixture
def role(programme: Any, organiser: Any) -> Any:
    from coproduce.delivery.services.setup import role_add

    return role_add(opportunity=programme, actor=organiser, name="Gardener")


@pytest.fixture
def make_shift(programme: Any, organiser: Any, role: Any) -> Any:
    from coproduce.delivery.services.setup import shift_add

    def make(
        *, days: int = 2, hour: int = 10, hours: int = 2, capacity: int = 2, **extra: Any
    ) -> Any:
        return shift_add(
            opportunity=programme,
            actor=organiser,
            role=extra.pop("role", role),
            starts_at=at(days, hour),
            ends_at=at(days, hour + hours),
            capacity=capacity,
            **extra,
        )

    return make


@pytest.fixture
def make_volunteer(make_person: Any, city: Any) -> Any:
    """Return ``make(name, place=..., skills=..., max_km=..., hours=...)``: a person free
    every day from 08:00 to 20:00."""
    from coproduce.delivery.services.sign_ups import volunteer_offer_save

    def make(
        name: str,
        *,
        place: str = "north",
        skills: tuple[str, ...] = (),
        max_km: float | None = None,
        hours: int | None = None,
    ) -> Any:
        person = make_person(name)
        volunteer_offer_save(
            person=person,
            skills=skills,
            place=city.__class__.objects.get(slug=place),
            max_km=max_km,
            hours_a_month=hours,
            windows=[(day, time(8), time(20)) for day in range(7)],
        )
        return person

    return make


def start_now(shift: Any) -> None:
    """Move a shift (signed up for while it was ahead) to have started ten minutes ago."""
    from coproduce.delivery.models import Shift

    length = shift.ends_at - shift.starts_at
    starts = timezone.now() - timedelta(minutes=10)
    Shift.objects.filter(pk=shift.pk).update(starts_at=starts, ends_at=starts + length)
    shift.refresh_from_db()


@pytest.fixture
def bank(council: Any, organiser: Any) -> Any:
    """Testford Council's time bank, paying for volunteering hours (overdraft 0)."""
    from coproduce.delivery.services.timebank import timebank_create

    return timebank_create(
        organisation=council,
        actor=organiser,
        name="Testford time bank",
        credits_for_volunteering=True,
    )


@pytest.fixture
def make_member(bank: Any, make_person: Any, organiser: Any) -> Any:
    """Return ``make(name, minutes=0)``: a person who joined the bank, with ``minutes``
    issued to them; the person's account is ``person.time_account``."""
    from coproduce.delivery.services.timebank import bank_join, credits_issue

    def make(name: str, minutes: int = 0) -> Any:
        person = make_person(name)
        person.time_account = bank_join(bank=bank, person=person)
        if minutes:
            credits_issue(
                account=person.time_account, minutes=minutes, actor=organiser, memo="start"
            )
        return person

    return make
