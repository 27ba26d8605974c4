"""A resident reads a neighbourhood's page in Debian's Chromium, on a small phone."""

from __future__ import annotations

import pytest

from coproduce.places.models import Place
from tests.web.test_place_overview import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_reads_what_happens_in_their_district_on_a_phone(phone_page, council, city):
    World(council, Place.objects.get(slug="north-ward"), "ward")
    World(council, Place.objects.get(slug="south"), "south")

    phone_page.goto("/places/north/")

    assert phone_page.locator("h1").inner_text() == "North"
    headings = phone_page.locator("h2").all_inner_texts()
    for heading in [
        "Budgeting rounds open now",
        "Problems reported here",
        "Commitments and their progress",
        "Surveys and panels",
        "Who takes part",
        "What was funded and fixed",
    ]:
        assert heading in headings
    assert phone_page.get_by_role("img", name="Taking part in North, by what people did").count()
    assert phone_page.get_by_role("link", name="south proposal").count() == 0
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the place page is {width}px wide"
    phone_page.get_by_role("link", name="ward funded").click()
    assert phone_page.locator("h1").inner_text() == "ward funded"
