"""In Chromium: the benefits view flags an under-served deprivation quintile, and staff set
the threshold and log an outreach action against it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from coproduce.initiatives.models import BenefitThreshold, OutreachAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_view_flags_an_under_served_quintile_and_staff_log_outreach(
    page: Any,
    profiled: Any,
    council: Any,
    test_source: Any,
    organiser: Any,
    with_second_factor: Any,
    totp_code: Any,
) -> None:
    with_second_factor(organiser)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", organiser.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=code]", totp_code(organiser))
    page.press("input[name=code]", "Enter")
    page.wait_for_load_state()

    page.goto("/participation/")
    page.get_by_role(
        "link", name="See who benefits from what is funded, fixed and delivered"
    ).click()
    assert page.locator("h1").inner_text() == "Who benefits"
    section = page.locator("#section-test-grants")
    section.get_by_label("Flag a group whose ratio is below").fill("0.75")
    section.get_by_role("button", name="Set the threshold for Test grants").click()
    assert BenefitThreshold.objects.get().minimum_ratio == Decimal("0.75")

    warning = page.locator("#flags-test-grants").inner_text()
    assert "deprivation quintile 1 (most deprived)" in warning and "North" in warning
    row = page.locator("#table-test-grants-quintile tr[data-group='1']")
    assert "Under-served" in row.inner_text()  # in words, not by colour alone

    section.get_by_text("Log an outreach action for 1 (most deprived)").click()
    section.get_by_label("What was done").first.fill("Drop-in sessions at the library")
    section.get_by_label("By whom").first.fill("Community team")
    section.get_by_role("button", name="Log the action").first.click()
    page.wait_for_load_state()
    assert "The outreach action was logged." in page.content()
    outreach = page.locator("#outreach").inner_text()
    assert "Drop-in sessions at the library" in outreach and "0.40" in outreach
    action = OutreachAction.objects.get()
    assert (action.alert.group, action.logged_by) == ("1", organiser)
