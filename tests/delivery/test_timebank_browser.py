"""In Chromium: a coordinator confirms a volunteer's hours, the volunteer sees the credits in
the time bank, records an exchange with a neighbour who confirms it, and both statements
show it; the time bank pages fit a small phone."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.delivery.models import Exchange, ExchangeStatus, SignUp
from coproduce.delivery.selectors.timebank import balance_of, ledger_problems
from coproduce.delivery.services.hours import shift_check_in
from coproduce.delivery.services.sign_ups import shift_sign_up
from coproduce.delivery.services.timebank import bank_join, listing_create

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


def test_hours_earn_credits_that_are_spent_in_an_exchange_both_sides_confirm(
    chromium: Any,
    live_server: Any,
    page: Any,
    bank: Any,
    programme: Any,
    make_shift: Any,
    resident: Any,
    other_resident: Any,
    organiser: Any,
    with_second_factor: Any,
    totp_code: Any,
) -> None:
    shift = make_shift(days=1, hour=10, hours=2, capacity=2)
    sign_up = shift_sign_up(shift=shift, person=resident)
    start_now(shift)
    shift_check_in(sign_up=sign_up, actor=resident)
    SignUp.objects.update(checked_in_at=shift.starts_at, checked_out_at=shift.ends_at)
    neighbour_account = bank_join(bank=bank, person=other_resident)
    listing_create(
        bank=bank, person=other_resident, kind="offer", title="Hedge trimming", category="home"
    )

    # The coordinator, with the second factor, confirms the volunteer's two hours.
    staff = chromium.new_context(base_url=live_server.url)
    coordinator = staff.new_page()
    coordinator.set_default_timeout(15000)
    _sign_in(coordinator, with_second_factor(organiser), totp_code)
    coordinator.goto(f"/staff/volunteering/{programme.pk}/")
    coordinator.get_by_role("button", name="Confirm resident's hours").click()
    assert "Hours confirmed." in coordinator.inner_text("main")

    # The volunteer finds the time bank from their volunteering page and sees the credits.
    _sign_in(page, resident)
    page.goto("/volunteering/me/")
    page.get_by_role("link", name="Time banks: your time credits, offers and requests").click()
    page.get_by_role("link", name="Testford time bank").click()
    assert page.locator("#my-balance").inner_text() == "2 h"

    # The neighbour trimmed the volunteer's hedge: the volunteer records it from the offer.
    page.get_by_role("link", name="Hedge trimming").click()
    page.get_by_role("link", name="Record the time for this").click()
    assert page.get_by_label("They gave time to me").is_checked()
    page.fill("input[name=hours]", "1")
    page.fill("input[name=minutes]", "30")
    page.get_by_role("button", name="Record it").click()
    assert "the other member confirms it" in page.inner_text("main")
    exchange = Exchange.objects.get()
    assert exchange.status == ExchangeStatus.PENDING
    assert exchange.giver == neighbour_account and exchange.minutes == 90

    # The neighbour confirms it; the credits move.
    neighbour_context = chromium.new_context(base_url=live_server.url)
    neighbour = neighbour_context.new_page()
    neighbour.set_default_timeout(15000)
    _sign_in(neighbour, other_resident)
    neighbour.goto(bank.get_absolute_url())
    assert "says they gave you" not in neighbour.inner_text("main")
    assert "says you gave them 1 h 30 min" in neighbour.inner_text("main")
    neighbour.get_by_role("button", name="Confirm", exact=True).click()
    assert "the credits have moved" in neighbour.inner_text("main")
    assert neighbour.locator("#my-balance").inner_text() == "1 h 30 min"
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.CONFIRMED

    # Both statements show it, with the running balance.
    neighbour.get_by_role("link", name="Your statement").click()
    row = neighbour.locator("#statement tbody tr").last.inner_text()
    assert "Hedge trimming" in row and "resident" in row
    assert neighbour.locator("#statement-balance").inner_text() == "1 h 30 min"
    page.goto(f"/volunteering/time-banks/{bank.pk}/statement/")
    rows = page.locator("#statement tbody tr")
    assert rows.count() == 2
    assert "Volunteering: Park volunteers" in rows.first.inner_text()
    assert "Hedge trimming" in rows.last.inner_text()
    assert page.locator("#statement-balance").inner_text() == "30 min"
    assert balance_of(neighbour_account) == 90
    assert ledger_problems(bank) == []

    # The staff read the bank's totals with their second factor.
    coordinator.goto("/staff/volunteering/")
    coordinator.get_by_role("link", name="Time banks: open one, its settings and totals").click()
    coordinator.get_by_role("link", name="Testford time bank").click()
    assert coordinator.locator("#total-issued").inner_text() == "2 h"
    assert coordinator.locator("#total-exchanged").inner_text().startswith("1 h 30 min")
    assert coordinator.locator("#total-members").inner_text() == "2"
    assert "Balanced" in coordinator.locator("#ledger-check").inner_text()
    staff.close()
    neighbour_context.close()


def test_the_time_bank_pages_fit_a_small_phone(
    phone_page: Any, bank: Any, make_member: Any
) -> None:
    page = phone_page
    member = make_member("ann", minutes=60)
    listing = listing_create(
        bank=bank, person=member, kind="offer", title="Dog walking", category="care"
    )
    _sign_in(page, member)
    for url in (
        "/volunteering/time-banks/",
        bank.get_absolute_url(),
        f"/volunteering/time-banks/{bank.pk}/statement/",
        f"/volunteering/time-banks/{bank.pk}/exchange/",
        listing.get_absolute_url(),
    ):
        page.goto(url)
        width = page.evaluate("document.querySelector('main').scrollWidth")
        assert width <= 375, f"{url} is {width}px wide: tables must scroll in their own box"
