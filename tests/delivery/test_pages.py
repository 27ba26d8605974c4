"""Volunteering pages: staff set a programme up from "Add an activity" with their second
factor; residents find it from the initiative, say what they can do and sign up; checks
stay private; the wrong person gets 403 or 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.delivery.models import Opportunity, Role, Shift, SignUp, SignUpStatus
from coproduce.delivery.services.setup import check_record
from coproduce.initiatives.models import Activity

from .conftest import at

pytestmark = pytest.mark.django_db


def test_adding_a_volunteering_programme_leads_staff_to_set_it_up(
    client: Any, organiser: Any, initiative: Any, with_second_factor: Any
) -> None:
    with_second_factor(organiser)
    client.force_login(organiser)
    response = client.post(
        f"/staff/initiatives/{initiative.slug}/activities/new/",
        {
            "co": "delivery",
            "kind": "volunteering",
            "title": "Litter pickers",
            "starts_at": "2026-01-01T09:00",
            "ends_at": "2030-01-01T09:00",
        },
        follow=True,
    )
    activity = Activity.objects.get(title="Litter pickers")
    assert response.redirect_chain[-1][0] == f"/staff/volunteering/activity/{activity.pk}/"
    response = client.post(
        f"/staff/volunteering/activity/{activity.pk}/",
        {"approach": "co_implementing", "place": ""},
    )
    opportunity = Opportunity.objects.get(activity=activity)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/volunteering/{opportunity.pk}/"
    page = f"/staff/volunteering/{opportunity.pk}/"
    client.post(f"{page}roles/", {"name": "Picker", "skills": ["gardening"], "checks": ["dbs"]})
    role = Role.objects.get()
    assert role.skills == ["gardening"] and role.checks == ["dbs"]
    response = client.post(
        f"{page}shifts/",
        {
            "role": role.pk,
            "starts_at": at(3, 10).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(3, 9).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "4",
        },
    )
    assert response.status_code == 200
    assert "The shift must end after it starts." in response.content.decode()
    assert not Shift.objects.exists()
    client.post(
        f"{page}shifts/",
        {
            "role": role.pk,
            "starts_at": at(3, 10).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(3, 12).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "4",
            "lat": "51.5",
            "lon": "0.5",
        },
    )
    assert Shift.objects.get().capacity == 4
    assert client.get(page).status_code == 200
    assert client.get(f"{page}fill/").status_code == 200
    response = client.post(
        f"{page}checks/", {"email": "nobody@example.org", "kind": "dbs", "expires_on": "2030-01-01"}
    )
    assert "No account has this email." in response.content.decode()
    client.post(
        f"{page}checks/", {"email": organiser.email, "kind": "dbs", "expires_on": "2030-01-01"}
    )
    assert "1 Jan 2030" in client.get(f"{page}checks/").content.decode()


def test_staff_pages_need_the_role_and_the_second_factor(
    client: Any, programme: Any, organiser: Any, resident: Any
) -> None:
    pages = [
        "/staff/volunteering/",
        f"/staff/volunteering/{programme.pk}/",
        f"/staff/volunteering/{programme.pk}/checks/",
        f"/staff/volunteering/{programme.pk}/fill/",
    ]
    client.force_login(resident)
    assert [client.get(url).status_code for url in pages] == [403] * 4
    client.force_login(organiser)  # no second factor: led to set it up
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/" not in response["Location"]


def test_a_resident_finds_the_programme_offers_time_and_signs_up(
    client: Any, programme: Any, make_shift: Any, resident: Any, city: Any
) -> None:
    shift = make_shift(capacity=1)
    client.force_login(resident)
    initiative_page = client.get(programme.activity.stage.initiative.get_absolute_url())
    assert f"/volunteering/{programme.activity.pk}/" in initiative_page.content.decode()
    page = client.get(f"/volunteering/{programme.activity.pk}/").content.decode()
    assert "Park volunteers" in page and "Gardener" in page
    north = city.children.get(slug="north")
    response = client.post(
        "/volunteering/me/offer/",
        {
            "skills": ["gardening"],
            "place": north.pk,
            "max_km": "5",
            "hours_a_month": "8",
            "day5_from": "09:00",
            "day5_to": "13:00",
            "day6_from": "10:00",
        },
    )
    assert response.status_code == 200  # Sunday has a start and no end
    assert "Give both times, or neither." in response.content.decode()
    response = client.post(
        "/volunteering/me/offer/",
        {"skills": ["gardening"], "place": north.pk, "day5_from": "09:00", "day5_to": "13:00"},
    )
    assert response.status_code == 302
    assert resident.volunteer_offer.windows.get().weekday == 5
    client.post(f"/volunteering/shifts/{shift.pk}/act/", {"do": "sign_up"})
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED
    mine = client.get("/volunteering/me/").content.decode()
    assert "Gardener" in mine and "Signed up" in mine


def test_checks_are_never_shown_on_public_pages(
    client: Any, programme: Any, council: Any, organiser: Any, make_shift: Any, resident: Any
) -> None:
    check_record(
        organisation=council,
        actor=organiser,
        person=resident,
        kind="dbs",
        expires_on=timezone.localdate() + timedelta(days=400),
    )
    shift = make_shift()
    expiry = timezone.localdate() + timedelta(days=400)
    for url in (f"/volunteering/{programme.activity.pk}/", f"/volunteering/shifts/{shift.pk}/"):
        page = client.get(url).content.decode()
        assert "Safeguarding (DBS) check" not in page  # the role needs none
        for secret in (resident.email, expiry.isoformat(), date_format(expiry, "j M Y")):
            assert secret not in page
    client.force_login(organiser)
    assert client.get(f"/staff/volunteering/{programme.pk}/checks/").status_code == 302


def test_an_unset_programme_sends_residents_to_the_activity_page(
    client: Any, activity_in: Any, resident: Any
) -> None:
    activity = activity_in("delivery", "volunteering", title="Not ready")
    client.force_login(resident)
    response = client.get(f"/volunteering/{activity.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/activities/{activity.pk}/"


def test_the_wrong_person_cannot_act_on_a_place(
    client: Any, make_shift: Any, resident: Any, other_resident: Any, organiser: Any
) -> None:
    from coproduce.delivery.services.sign_ups import shift_sign_up

    held = shift_sign_up(shift=make_shift(), person=resident)
    client.force_login(other_resident)
    response = client.post(f"/volunteering/shifts/{held.shift_id}/act/", {"do": "withdraw"})
    assert response.status_code == 404
    response = client.post(f"/staff/volunteering/sign-ups/{held.pk}/", {"do": "check_in"})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == SignUpStatus.CONFIRMED and held.checked_in_at is None


def test_the_programme_pages_cost_the_same_queries_for_many_shifts(
    client: Any,
    programme: Any,
    make_shift: Any,
    make_person: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    from coproduce.delivery.services.sign_ups import shift_sign_up

    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    resident = make_person("busy")
    shift_sign_up(shift=make_shift(days=1), person=resident)
    client.force_login(resident)
    public = f"/volunteering/{programme.activity.pk}/"
    count(public)  # the first request warms the session and caches
    few = (count(public), count("/volunteering/me/"))
    for day in range(2, 12):
        shift_sign_up(shift=make_shift(days=day), person=resident)
    assert (count(public), count("/volunteering/me/")) == few
    with_second_factor(organiser)
    client.force_login(organiser)
    staff = f"/staff/volunteering/{programme.pk}/"
    count(staff)
    before = count(staff)
    for day in range(12, 20):
        shift_sign_up(shift=make_shift(days=day), person=make_person(f"p{day}"))
    assert count(staff) == before


def test_the_api_lists_roles_and_coming_shifts_without_people(
    client: Any, programme: Any, make_shift: Any, resident: Any
) -> None:
    from coproduce.delivery.services.sign_ups import shift_sign_up

    shift = make_shift(capacity=3)
    shift_sign_up(shift=shift, person=resident)
    data = client.get(f"/api/volunteering/{programme.activity.pk}").json()
    assert data["approach"] == "co_managing" and data["roles"][0]["name"] == "Gardener"
    assert [(s["id"], s["places"], s["places_left"]) for s in data["shifts"]] == [(shift.pk, 3, 2)]
    assert resident.email not in str(data)
    assert client.get("/api/volunteering/999999").status_code == 404
