"""Volunteering services: set-up, sign-ups, the waiting list, offers, check-in and hours,
and the refusals (expired check, missing skill, overlapping shift, full shift, wrong person)."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.delivery.models import Opportunity, Shift, SignUp, SignUpStatus, VolunteerCheck
from coproduce.delivery.services.hours import hours_confirm, shift_check_in, shift_check_out
from coproduce.delivery.services.setup import (
    check_record,
    opportunity_create,
    role_add,
    shift_add,
)
from coproduce.delivery.services.sign_ups import (
    offer_accept,
    offer_decline,
    offers_send,
    shift_sign_up,
    shift_withdraw,
    volunteer_offer_save,
)
from coproduce.initiatives.models import Channel, Contribution

from .conftest import at, start_now

pytestmark = pytest.mark.django_db


def test_a_resident_signs_up_and_holds_a_place(make_shift: Any, resident: Any) -> None:
    shift = make_shift(capacity=2)
    sign_up = shift_sign_up(shift=shift, person=resident)
    assert sign_up.status == SignUpStatus.CONFIRMED
    shift.refresh_from_db()
    assert shift.taken == 1 and shift.places_left == 1


def test_signing_up_twice_is_refused_and_takes_one_place(make_shift: Any, resident: Any) -> None:
    shift = make_shift()
    shift_sign_up(shift=shift, person=resident)
    with pytest.raises(ValidationError, match="already have a place"):
        shift_sign_up(shift=shift, person=resident)
    shift.refresh_from_db()
    assert shift.taken == 1 and SignUp.objects.count() == 1


def test_a_full_shift_refuses_a_place_but_offers_the_waiting_list(
    make_shift: Any, make_person: Any
) -> None:
    shift = make_shift(capacity=1)
    shift_sign_up(shift=shift, person=make_person("first"))
    late = make_person("late")
    with pytest.raises(ValidationError, match="You can join its waiting list"):
        shift_sign_up(shift=shift, person=late)
    assert not SignUp.objects.filter(person=late).exists()
    waiting = shift_sign_up(shift=shift, person=late, wait=True)
    assert waiting.status == SignUpStatus.WAITING
    shift.refresh_from_db()
    assert shift.taken == 1


def test_a_withdrawal_frees_the_place_and_offers_it_to_the_first_waiting(
    make_shift: Any, make_person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    shift = make_shift(capacity=1)
    holder = make_person("holder")
    held = shift_sign_up(shift=shift, person=holder)
    first, second = make_person("first"), make_person("second")
    shift_sign_up(shift=shift, person=first, wait=True)
    shift_sign_up(shift=shift, person=second, wait=True)
    with django_capture_on_commit_callbacks(execute=True):
        shift_withdraw(sign_up=held, person=holder)
    assert SignUp.objects.get(person=holder).status == SignUpStatus.WITHDRAWN
    offered = SignUp.objects.get(person=first)
    assert offered.status == SignUpStatus.OFFERED
    assert SignUp.objects.get(person=second).status == SignUpStatus.WAITING
    shift.refresh_from_db()
    assert shift.taken == 1
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "A place came free" in mail.outbox[0].subject
    offer_accept(sign_up=offered, person=first)
    assert SignUp.objects.get(person=first).status == SignUpStatus.CONFIRMED


def test_the_place_goes_to_the_first_waiting_who_may_still_take_it(
    make_shift: Any, make_person: Any
) -> None:
    shift = make_shift(capacity=1, hour=10)
    holder, busy, free = make_person("holder"), make_person("busy"), make_person("free")
    held = shift_sign_up(shift=shift, person=holder)
    shift_sign_up(shift=shift, person=busy, wait=True)
    shift_sign_up(shift=shift, person=free, wait=True)
    shift_sign_up(shift=make_shift(capacity=1, hour=11), person=busy)  # overlaps now
    shift_withdraw(sign_up=held, person=holder)
    assert SignUp.objects.get(shift=shift, person=busy).status == SignUpStatus.WAITING
    assert SignUp.objects.get(shift=shift, person=free).status == SignUpStatus.OFFERED


def test_declining_an_offer_frees_the_place(make_shift: Any, make_person: Any) -> None:
    shift = make_shift(capacity=1)
    holder, waiting = make_person("holder"), make_person("waiting")
    held = shift_sign_up(shift=shift, person=holder)
    shift_sign_up(shift=shift, person=waiting, wait=True)
    shift_withdraw(sign_up=held, person=holder)
    offered = SignUp.objects.get(person=waiting)
    offer_decline(sign_up=offered, person=waiting)
    shift.refresh_from_db()
    assert SignUp.objects.get(person=waiting).status == SignUpStatus.DECLINED
    assert shift.taken == 0
    with pytest.raises(ValidationError, match="no offer to accept"):
        offer_accept(sign_up=offered, person=waiting)


def test_nobody_withdraws_or_accepts_someone_elses_place(
    make_shift: Any, resident: Any, other_resident: Any
) -> None:
    shift = make_shift()
    held = shift_sign_up(shift=shift, person=resident)
    with pytest.raises(PermissionDenied):
        shift_withdraw(sign_up=held, person=other_resident)
    with pytest.raises(PermissionDenied):
        offer_decline(sign_up=held, person=other_resident)
    with pytest.raises(PermissionDenied):
        shift_check_in(sign_up=held, actor=other_resident)
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED


def test_an_expired_check_is_refused_and_an_in_date_one_accepted(
    programme: Any, organiser: Any, council: Any, make_shift: Any, resident: Any
) -> None:
    role = role_add(opportunity=programme, actor=organiser, name="Youth club", checks=["dbs"])
    shift = make_shift(role=role, days=10)
    with pytest.raises(ValidationError, match="Safeguarding"):
        shift_sign_up(shift=shift, person=resident)
    # Valid today, expired by the day of the shift.
    check = check_record(
        organisation=council,
        actor=organiser,
        person=resident,
        kind="dbs",
        expires_on=timezone.localdate() + timedelta(days=5),
    )
    with pytest.raises(ValidationError, match="valid on the day of the shift"):
        shift_sign_up(shift=shift, person=resident)
    assert not SignUp.objects.exists()
    check.expires_on = timezone.localdate() + timedelta(days=10)
    check.save(update_fields=["expires_on"])
    assert shift_sign_up(shift=shift, person=resident).status == SignUpStatus.CONFIRMED


def test_a_check_is_recorded_only_by_staff_and_never_already_expired(
    council: Any, organiser: Any, resident: Any, other_resident: Any
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        check_record(
            organisation=council,
            actor=resident,
            person=other_resident,
            kind="dbs",
            expires_on=tomorrow,
        )
    with pytest.raises(ValidationError, match="already expired"):
        check_record(
            organisation=council,
            actor=organiser,
            person=resident,
            kind="dbs",
            expires_on=timezone.localdate() - timedelta(days=1),
        )
    assert not VolunteerCheck.objects.exists()


def test_a_role_needing_a_skill_refuses_someone_without_it(
    programme: Any, organiser: Any, make_shift: Any, make_volunteer: Any
) -> None:
    role = role_add(opportunity=programme, actor=organiser, name="Driver", skills=["driving"])
    shift = make_shift(role=role)
    walker = make_volunteer("walker")
    with pytest.raises(ValidationError, match="Driving"):
        shift_sign_up(shift=shift, person=walker)
    driver = make_volunteer("driver", skills=("driving",))
    assert shift_sign_up(shift=shift, person=driver).status == SignUpStatus.CONFIRMED


def test_an_overlapping_shift_is_refused(make_shift: Any, resident: Any) -> None:
    morning = make_shift(hour=9, hours=3)
    overlapping = make_shift(hour=11, hours=2)
    after = make_shift(hour=12, hours=2)  # starts as the morning one ends: no overlap
    shift_sign_up(shift=morning, person=resident)
    with pytest.raises(ValidationError, match="already have a shift at that time"):
        shift_sign_up(shift=overlapping, person=resident)
    overlapping.refresh_from_db()
    assert overlapping.taken == 0
    assert shift_sign_up(shift=after, person=resident).status == SignUpStatus.CONFIRMED


def test_a_shift_that_started_is_closed_to_sign_ups(
    programme: Any, organiser: Any, role: Any, resident: Any
) -> None:
    shift = shift_add(
        opportunity=programme,
        actor=organiser,
        role=role,
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=1),
        capacity=3,
    )
    with pytest.raises(ValidationError, match="already started"):
        shift_sign_up(shift=shift, person=resident)


def test_only_coordinators_set_programmes_up(
    activity_in: Any, programme: Any, role: Any, resident: Any
) -> None:
    activity = activity_in("delivery", "volunteering", title="Another")
    with pytest.raises(PermissionDenied):
        opportunity_create(activity=activity, actor=resident, approach="peer_support")
    with pytest.raises(PermissionDenied):
        role_add(opportunity=programme, actor=resident, name="Anything")
    with pytest.raises(PermissionDenied):
        shift_add(
            opportunity=programme,
            actor=resident,
            role=role,
            starts_at=at(1, 10),
            ends_at=at(1, 12),
            capacity=1,
        )
    assert Opportunity.objects.count() == 1 and not Shift.objects.exists()


def test_bad_shifts_are_refused_with_a_reason(
    programme: Any, organiser: Any, role: Any, activity_in: Any
) -> None:
    with pytest.raises(ValidationError, match="end after it starts"):
        shift_add(
            opportunity=programme,
            actor=organiser,
            role=role,
            starts_at=at(1, 12),
            ends_at=at(1, 10),
            capacity=1,
        )
    with pytest.raises(ValidationError, match="from 1 to 500 places"):
        shift_add(
            opportunity=programme,
            actor=organiser,
            role=role,
            starts_at=at(1, 10),
            ends_at=at(1, 12),
            capacity=0,
        )
    with pytest.raises(ValidationError, match="both the latitude and the longitude"):
        shift_add(
            opportunity=programme,
            actor=organiser,
            role=role,
            starts_at=at(1, 10),
            ends_at=at(1, 12),
            capacity=1,
            lat=51.0,
        )
    with pytest.raises(ValidationError, match="already set up"):
        opportunity_create(activity=programme.activity, actor=organiser, approach="peer_support")
    survey = activity_in("assessment", "survey")
    with pytest.raises(ValidationError, match="not a volunteering programme"):
        opportunity_create(activity=survey, actor=organiser, approach="peer_support")
    assert not Shift.objects.exists()


def test_what_a_resident_offers_is_checked(resident: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        volunteer_offer_save(
            person=resident,
            skills=["juggling"],
            place=None,
            max_km=-1,
            hours_a_month=0,
            windows=[(0, time(12), time(10))],
        )
    assert set(refused.value.message_dict) == {"skills", "max_km", "hours_a_month", "windows"}
    offer = volunteer_offer_save(
        person=resident,
        skills=["cooking"],
        place=None,
        max_km=3,
        hours_a_month=6,
        windows=[(5, time(9), time(13))],
    )
    assert offer.windows.get().weekday == 5


def test_check_in_and_confirmed_hours_become_a_ledger_row(
    programme: Any, organiser: Any, role: Any, resident: Any
) -> None:
    shift = shift_add(
        opportunity=programme,
        actor=organiser,
        role=role,
        starts_at=timezone.now() + timedelta(minutes=20),
        ends_at=timezone.now() + timedelta(minutes=140),
        capacity=2,
    )
    sign_up = shift_sign_up(shift=shift, person=resident)
    with pytest.raises(ValidationError, match="Check the volunteer in"):
        hours_confirm(sign_up=sign_up, actor=organiser)
    shift_check_in(sign_up=sign_up, actor=resident)
    with pytest.raises(ValidationError, match="once the shift has started"):
        hours_confirm(sign_up=sign_up, actor=organiser)
    start_now(shift)
    with pytest.raises(PermissionDenied):
        hours_confirm(sign_up=sign_up, actor=resident)
    done = hours_confirm(sign_up=sign_up, actor=organiser)
    assert done.minutes == 120
    row = Contribution.objects.get(kind="volunteer-hours")
    assert row.person == resident and row.activity == programme.activity
    assert row.channel == Channel.ONLINE and row.co == "delivery"
    with pytest.raises(ValidationError, match="already confirmed"):
        hours_confirm(sign_up=sign_up, actor=organiser, minutes=60)
    assert Contribution.objects.filter(kind="volunteer-hours").count() == 1


def test_a_coordinator_checks_in_someone_without_a_phone_as_an_assisted_row(
    make_shift: Any, organiser: Any, resident: Any
) -> None:
    sign_up = shift_sign_up(shift=make_shift(days=3), person=resident)
    with pytest.raises(ValidationError, match="half an hour before"):
        shift_check_in(sign_up=sign_up, actor=resident)
    shift_check_in(sign_up=sign_up, actor=organiser)
    start_now(sign_up.shift)
    hours_confirm(sign_up=sign_up, actor=organiser, minutes=90)
    row = Contribution.objects.get(kind="volunteer-hours")
    assert row.channel == Channel.ASSISTED and row.recorded_by == organiser


def test_hours_default_to_the_time_from_check_in_to_check_out(
    make_shift: Any, organiser: Any, resident: Any, other_resident: Any
) -> None:
    sign_up = shift_sign_up(shift=make_shift(days=3, hours=3), person=resident)
    with pytest.raises(ValidationError, match="Check in before checking out"):
        shift_check_out(sign_up=sign_up, actor=resident)
    start_now(sign_up.shift)
    shift_check_in(sign_up=sign_up, actor=resident)
    with pytest.raises(PermissionDenied):
        shift_check_out(sign_up=sign_up, actor=other_resident)
    shift_check_out(sign_up=sign_up, actor=resident)
    with pytest.raises(ValidationError, match="Already checked out"):
        shift_check_out(sign_up=sign_up, actor=organiser)
    in_at = timezone.now() - timedelta(minutes=95)
    SignUp.objects.filter(pk=sign_up.pk).update(
        checked_in_at=in_at, checked_out_at=in_at + timedelta(minutes=95)
    )
    assert hours_confirm(sign_up=sign_up, actor=organiser).minutes == 95


def test_offers_are_sent_only_where_still_possible(
    programme: Any, organiser: Any, make_shift: Any, make_person: Any, resident: Any
) -> None:
    shift = make_shift(capacity=1)
    other = make_person("other")
    sent, skipped = offers_send(
        opportunity=programme,
        actor=organiser,
        pairs=[(resident, shift, 1.5), (other, shift, 2.0)],
    )
    assert (sent, skipped) == (1, 1)
    offered = SignUp.objects.get()
    assert offered.person == resident and offered.status == SignUpStatus.OFFERED
    assert offered.distance_km == 1.5
    with pytest.raises(PermissionDenied):
        offers_send(opportunity=programme, actor=resident, pairs=[])
