"""In Chromium: a resident proposes a project and places it with the map's pin; the stored
proposal has the pin's coordinates and the round's map shows it."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.commissioning.models import Phase, Proposal
from coproduce.commissioning.services.round_setup import AreaSpec
from coproduce.places.models import Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_places_a_proposal_with_the_pin(page: Any, make_round: Any, voter: Any) -> None:
    areas = (
        AreaSpec("North", 50_000, Place.objects.get(slug="north")),
        AreaSpec("South", 50_000, Place.objects.get(slug="south")),
    )
    round_ = make_round(phase=Phase.PROPOSALS, costs=(), areas=areas)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", voter.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/budgets/{round_.pk}/propose/")
    page.fill("input[name=title]", "Benches by the pond")
    page.fill("textarea[name=description]", "Three benches facing the water.")
    page.fill("input[name=estimated_cost]", "900")
    page.select_option("select[name=area]", label="North")
    box = page.locator(".cp-leaflet").bounding_box()
    page.locator(".cp-leaflet").click(position={"x": box["width"] / 2, "y": box["height"] / 3})
    page.locator(".cp-marker--pin").wait_for()
    lat = float(page.locator("#id_latitude").input_value())
    lon = float(page.locator("#id_longitude").input_value())
    assert 50 < lat < 52 and 0 < lon < 1
    page.click("button[value=submit]")
    page.wait_for_url("**/proposals/*/")
    proposal = Proposal.objects.get(title="Benches by the pond")
    assert (proposal.latitude, proposal.longitude) == (lat, lon)
