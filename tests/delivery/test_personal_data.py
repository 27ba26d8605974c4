"""What volunteering holds about a person is exported whole, and erasure deletes the private
part (what they offered, checks, places not yet given) and keeps confirmed hours anonymous;
the certificate of hours."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from coproduce.accounts.services import person_delete, person_export
from coproduce.delivery.models import SignUp, VolunteerCheck, VolunteerOffer
from coproduce.delivery.services.hours import hours_confirm, shift_check_in
from coproduce.delivery.services.setup import check_record
from coproduce.delivery.services.sign_ups import shift_sign_up
from coproduce.initiatives.models import Contribution

from .conftest import start_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(
    make_volunteer: Any, make_shift: Any, council: Any, organiser: Any
) -> tuple[Any, Any, Any]:
    person = make_volunteer("vera", skills=("cooking",), max_km=4, hours=10)
    check_record(
        organisation=council,
        actor=organiser,
        person=person,
        kind="dbs",
        expires_on=timezone.localdate() + timedelta(days=300),
    )
    done = shift_sign_up(shift=make_shift(days=1), person=person)
    start_now(done.shift)
    shift_check_in(sign_up=done, actor=organiser)
    hours_confirm(sign_up=done, actor=organiser)
    coming = make_shift(days=5)
    shift_sign_up(shift=coming, person=person)
    return person, done, coming


def test_the_export_holds_the_offer_checks_shifts_and_hours(volunteer: Any) -> None:
    person, _done, _coming = volunteer
    section = person_export(person)["volunteering"]
    json.dumps(section)
    assert section["offer"]["skills"] == ["cooking"] and section["offer"]["max_km"] == 4
    assert len(section["offer"]["availability"]) == 7
    assert [c["kind"] for c in section["checks"]] == ["dbs"]
    assert sorted(s["hours"] or 0 for s in section["shifts"]) == [0, 2.0]


def test_erasure_deletes_the_private_part_and_keeps_hours_anonymous(volunteer: Any) -> None:
    person, done, coming = volunteer
    person_delete(person)
    assert not VolunteerOffer.objects.exists() and not VolunteerCheck.objects.exists()
    coming.refresh_from_db()
    assert coming.taken == 0 and not SignUp.objects.filter(shift=coming).exists()
    kept = SignUp.objects.get(pk=done.pk)
    assert kept.person is None and kept.minutes == 120
    assert Contribution.objects.get(kind="volunteer-hours").person is None


def test_the_certificate_lists_confirmed_hours_by_programme(client: Any, volunteer: Any) -> None:
    person, _done, _coming = volunteer
    client.force_login(person)
    page = client.get("/volunteering/me/certificate/").content.decode()
    assert "vera has given 2.0 hours" in page and "Park volunteers" in page
    assert "Testford Council" in page
    assert "/volunteering/me/certificate/" in client.get("/volunteering/me/").content.decode()
