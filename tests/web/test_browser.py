"""A resident's walk through the site in Debian's Chromium: home → initiative → commitments."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(initiative, council, organiser, activity_in):
    from coproduce.governance.services import commitment_create

    activity_in("delivery", "volunteering", title="Park volunteers")
    commitment_create(
        title="Open the park café",
        organisation=council,
        owner="organisation",
        actor=organiser,
        initiative=initiative,
    )
    return initiative


def test_a_resident_walks_from_home_to_an_initiative_to_its_commitments(page, world):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Shape your public services, together"
    page.get_by_role("link", name="Better parks").first.click()
    assert page.locator("h1").inner_text() == "Better parks"
    stages = page.locator(".cp-cycle__stage h3").all_inner_texts()
    assert stages == ["1. Co-commissioning", "2. Co-design", "3. Co-delivery", "4. Co-assessment"]
    assert page.get_by_role("link", name="Park volunteers").is_visible()
    page.get_by_role("link", name="Open the park café").click()
    assert page.locator("h1").inner_text() == "Open the park café"
    page.get_by_role("link", name="Commitments tracker").first.click()
    assert page.get_by_role("img", name="Commitments by status").is_visible()
    page.get_by_label("Status", exact=True).select_option("planned")
    page.get_by_role("button", name="Apply filters").click()
    assert "status=planned" in page.url
    assert page.get_by_role("link", name="Open the park café").is_visible()


def test_the_pages_are_keyboard_reachable_and_labelled(page, world):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []
    assert page.evaluate("document.documentElement.lang") == "en-gb"


def test_the_language_switcher_works_without_javascript(chromium, live_server, world):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Change language").click()
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.get_by_role("link", name="Initiativen").first.is_visible()
    context.close()


def test_pages_fit_a_small_phone(phone_page, world):
    for path in (
        "/",
        "/initiatives/better-parks/",
        "/commitments/",
        "/participation/",
        "/api/docs",
    ):
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"


def test_staff_sign_in_with_their_second_factor(page, organiser, with_second_factor, sign_in):
    with_second_factor(organiser)
    sign_in(page, organiser)
    page.goto("/staff/")
    assert page.locator("h1").inner_text() == "Staff pages"
