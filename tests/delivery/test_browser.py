"""In Chromium: a resident finds a volunteering programme from its initiative, says what they
can do and when; the coordinator fills the shift with the optimal matching and sends the
offer; the resident accepts, checks in on the day, and the coordinator confirms the hours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from coproduce.delivery.models import SignUp, SignUpStatus
from coproduce.initiatives.models import Contribution

from .conftest import start_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, person: Any, totp_code: Any = None) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "sign-in failed"
    if totp_code is not None:
        page.fill("input[name=code]", totp_code(person))
        page.press("input[name=code]", "Enter")
        page.wait_for_load_state()


def test_offer_time_be_matched_accept_check_in_and_have_hours_confirmed(
    chromium: Any,
    live_server: Any,
    page: Any,
    programme: Any,
    make_shift: Any,
    resident: Any,
    organiser: Any,
    with_second_factor: Any,
    totp_code: Any,
) -> None:
    shift = make_shift(days=1, hour=10, hours=2, capacity=2)
    tomorrow = (timezone.localdate() + timedelta(days=1)).weekday()

    # The resident finds the programme from the initiative and says what they can do.
    _sign_in(page, resident)
    page.goto(programme.activity.stage.initiative.get_absolute_url())
    page.get_by_role("link", name="Park volunteers").click()
    assert page.locator("h1").inner_text() == "Park volunteers"
    page.get_by_role("link", name="Say what you can do and when").click()
    page.get_by_label("Gardening").check()
    page.select_option("select[name=place]", label="North")
    page.fill("input[name=max_km]", "10")
    page.fill("input[name=hours_a_month]", "8")
    page.fill(f"input[name=day{tomorrow}_from]", "09:00")
    page.fill(f"input[name=day{tomorrow}_to]", "17:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/volunteering/me/")
    assert "Gardening" in page.inner_text("main")

    # The coordinator, with the second factor, fills the shift and sends the offer.
    staff = chromium.new_context(base_url=live_server.url)
    coordinator = staff.new_page()
    coordinator.set_default_timeout(15000)
    _sign_in(coordinator, with_second_factor(organiser), totp_code)
    coordinator.goto(f"/staff/volunteering/{programme.pk}/fill/")
    coordinator.get_by_role("button", name="Propose who takes them").click()
    assert coordinator.locator("#places-filled").inner_text() == "1"
    assert coordinator.locator("#total-distance").inner_text() == "0.0 km"
    assert "resident" in coordinator.locator("table").inner_text()
    coordinator.get_by_role("button", name="Send the offers").click()
    coordinator.wait_for_url(f"**/staff/volunteering/{programme.pk}/")
    assert "1 offers sent." in coordinator.inner_text("main")
    assert SignUp.objects.get().status == SignUpStatus.OFFERED

    # The resident accepts the offer from their volunteering page.
    page.goto("/volunteering/me/")
    assert "Offered a place" in page.inner_text("main")
    page.locator("main table a").first.click()
    page.get_by_role("button", name="Accept the place").click()
    assert page.locator("#my-status").inner_text().startswith("Signed up")

    # On the day: the shift has started; the resident checks in.
    start_now(shift)
    page.reload()
    page.get_by_role("button", name="Check in").click()
    assert "checked in" in page.locator("#my-status").inner_text()
    page.get_by_role("button", name="Check out").click()
    assert "checked out" in page.locator("#my-status").inner_text()
    # The shift ran its two hours: check-in and check-out were at its start and end.
    SignUp.objects.update(checked_in_at=shift.starts_at, checked_out_at=shift.ends_at)

    # The coordinator confirms the hours; they reach the ledger and the resident's page.
    coordinator.goto(f"/staff/volunteering/{programme.pk}/")
    coordinator.get_by_role("button", name="Confirm resident's hours").click()
    assert "Hours confirmed." in coordinator.inner_text("main")
    assert Contribution.objects.get(kind="volunteer-hours").person == resident
    page.goto("/volunteering/me/")
    assert page.locator("#my-hours").inner_text() == "2.0 hours confirmed"
    staff.close()


def test_the_volunteering_pages_fit_a_small_phone(
    phone_page: Any, programme: Any, make_shift: Any, resident: Any
) -> None:
    page = phone_page
    shift = make_shift(capacity=3)
    _sign_in(page, resident)
    for url in (
        f"/volunteering/{programme.activity.pk}/",
        f"/volunteering/shifts/{shift.pk}/",
        "/volunteering/me/offer/",
        "/volunteering/me/",
    ):
        page.goto(url)
        width = page.evaluate("document.querySelector('main').scrollWidth")
        assert width <= 375, f"{url} is {width}px wide: tables must scroll in their own box"
