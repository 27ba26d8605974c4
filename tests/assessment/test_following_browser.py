"""In Chromium: a resident follows a report, staff change its status, the resident sees the
unread count and the notification, then opens "Your activity"."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.assessment.models import Report, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, person: Any, totp_code: Any = None) -> None:
    # The sign-in form's own button (the first submit on the page is the language switcher).
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


def test_a_resident_follows_a_report_and_hears_when_staff_change_it(
    chromium: Any,
    live_server: Any,
    page: Any,
    resident: Any,
    other_resident: Any,
    organiser: Any,
    category: Any,
    totp_code: Any,
    with_second_factor: Any,
) -> None:
    report = Report.objects.create(
        category=category, description="Broken kerb by the school", reporter=other_resident
    )
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/{report.pk}/")
    page.get_by_role("button", name="Follow this report").click()
    page.get_by_text("You follow this report").first.wait_for()
    assert page.locator(".cp-unread").count() == 0

    staff = chromium.new_context(base_url=live_server.url)
    staff_page = staff.new_page()
    staff_page.set_default_timeout(15000)
    with_second_factor(organiser)
    _sign_in(staff_page, organiser, totp_code)
    staff_page.goto(f"/staff/assessment/reports/{report.pk}/")
    staff_page.select_option("select[name=status]", ReportStatus.IN_PROGRESS)
    staff_page.fill("textarea[name=text]", "A crew is booked for Monday.")
    staff_page.get_by_role("button", name="Save and tell the reporter").click()
    staff_page.wait_for_load_state()
    staff.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS

    page.goto("/")
    unread = page.locator("#notifications-link .cp-unread")
    assert unread.inner_text() == "1 unread"
    page.locator("#notifications-link").click()
    page.wait_for_url("**/account/notifications/")
    assert page.get_by_role("link", name=f"Report {report.pk}: In progress").is_visible()
    assert "A crew is booked for Monday." in page.content()
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state()
    assert page.locator("#notifications-link .cp-unread").count() == 0

    page.get_by_role("link", name="Your activity").first.click()
    page.wait_for_url("**/account/activity/")
    follows = page.locator("[data-section=follows]")
    assert follows.get_by_role("link", name=str(report)).is_visible()
    assert "In progress" in follows.inner_text()
