"""In Chromium on a 360 px phone: the menu folds behind a button, content starts on the
first screen, the menu opens by mouse or keyboard, and without JavaScript it is all there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url, viewport=SCREEN, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def round_path(activity_in: Any) -> str:
    from coproduce.commissioning.services.rounds import round_create

    round_ = round_create(
        activity=activity_in("commissioning", "budgeting_round", title="Parks budget"),
        actor=None,
        total_budget=1000,
    )
    return f"/budgets/{round_.pk}/"


def _heading_bottom(page: Any) -> float:
    box = page.locator("h1").first.bounding_box()
    assert box is not None
    return float(box["y"] + box["height"])


def test_on_a_small_phone_the_heading_is_on_the_first_screen_with_the_menu_closed(
    small_phone: Any, round_path: str
) -> None:
    for path in ("/", round_path):
        small_phone.goto(path)
        menu = small_phone.get_by_role("button", name="Menu")
        assert menu.is_visible()
        assert menu.get_attribute("aria-expanded") == "false"
        assert not small_phone.locator("#navigation").is_visible()
        assert _heading_bottom(small_phone) < SCREEN["height"], path


def test_the_menu_opens_with_the_button_and_from_the_keyboard(small_phone: Any) -> None:
    small_phone.goto("/")
    menu = small_phone.get_by_role("button", name="Menu")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert small_phone.locator("#navigation").get_by_role("link", name="Budgets").is_visible()
    menu.click()
    assert not small_phone.locator("#navigation").is_visible()

    menu.focus()
    small_phone.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    small_phone.keyboard.press("Tab")
    focused = small_phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Initiatives"
    small_phone.keyboard.press("Enter")
    small_phone.wait_for_url("**/initiatives/")


def test_without_javascript_the_menu_is_open_and_no_button_shows(
    chromium: Any, live_server: Any
) -> None:
    context = chromium.new_context(
        base_url=live_server.url, viewport=SCREEN, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#navigation").get_by_role("link", name="Budgets").is_visible()
    context.close()


def test_a_resident_sends_feedback_from_the_banner_about_the_page_they_were_on(
    small_phone: Any, round_path: str
) -> None:
    from coproduce.web.models import Feedback

    small_phone.goto(round_path)
    small_phone.get_by_role("link", name="feedback").click()
    assert small_phone.locator("h1").inner_text() == "Give feedback on this site"
    small_phone.get_by_role("button", name="Send feedback").click()
    assert small_phone.get_by_role("link", name="Enter your feedback").is_visible()
    small_phone.get_by_label("What would you like to tell us?").fill("Hard to read on my phone")
    small_phone.get_by_role("button", name="Send feedback").click()
    assert small_phone.locator("h1").inner_text() == "Thank you for your feedback"
    assert Feedback.objects.get().page == round_path
    small_phone.get_by_role("link", name="Go back to the page you were on").click()
    small_phone.wait_for_url(f"**{round_path}")


def test_staff_read_feedback_from_the_footer_and_mark_it_read(
    small_phone: Any, organiser: Any, with_second_factor: Any, sign_in: Any
) -> None:
    from coproduce.web.models import Feedback
    from coproduce.web.services import feedback_submit

    item = feedback_submit(text="The map is hard to use", page="/places/")
    with_second_factor(organiser)
    sign_in(small_phone, organiser)
    small_phone.goto("/")
    small_phone.get_by_role("link", name="Feedback received").click()
    assert small_phone.locator("h1").inner_text() == "Feedback received"
    assert small_phone.get_by_text("The map is hard to use").is_visible()
    small_phone.get_by_role("button", name="Mark as read").click()
    assert small_phone.get_by_text("Marked as read.").is_visible()
    assert Feedback.objects.get(pk=item.pk).read_by == organiser
