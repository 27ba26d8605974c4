"""In Chromium: the map component — a resident finds the place of a problem by its street or
by dragging the pin, and the stored report has those coordinates; the map fits a 360 px
phone, is usable from the keyboard, and nothing is fetched from outside this machine."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from coproduce.assessment.models import Report
from coproduce.places.models import Street
from coproduce.places.streets import streets_replace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture
def streets(city: Any) -> list[Street]:
    line = {"type": "LineString", "coordinates": [[0.2, 51.3], [0.4, 51.3]]}
    streets_replace(
        streets=[
            Street(name="Station Road", lat=51.3, lon=0.3, line=line),
            Street(name="Côte Lane", lat=50.5, lon=0.5),
        ],
        actor=None,
    )
    return list(Street.objects.all())


@pytest.fixture
def report_category(council: Any, activity_in: Any) -> Any:
    from coproduce.assessment.models import ReportCategory

    channel = activity_in("assessment", "report_channel", title="Report a street problem")
    return ReportCategory.objects.create(
        organisation=council, activity=channel, code="litter", name="Litter", group="Streets"
    )


def _sign_in(page: Any, person: Any) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "sign-in failed"


def _watch_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _outside(urls: list[str]) -> list[str]:
    return [
        url
        for url in urls
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
        and urlsplit(url).hostname not in LOCAL
    ]


def test_a_resident_searches_a_street_and_the_report_has_its_point(
    page, resident, report_category, streets
):
    requests = _watch_requests(page)
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/new/?category={report_category.code}")
    page.locator(".cp-leaflet").wait_for()
    page.fill("#address-q", "station")
    page.get_by_role("button", name="Station Road").click()
    assert page.locator("#id_lat").input_value() == "51.300000"
    assert page.locator("#id_lon").input_value() == "0.300000"
    assert page.locator("#id_address").input_value() == "Station Road"
    assert "Pin placed at latitude 51.300000" in page.locator(".cp-map-status").inner_text()
    page.fill("textarea[name=description]", "Bags of rubbish by the bus stop")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/assessment/reports/*/")
    report = Report.objects.get()
    assert (report.lat, report.lon) == (51.3, 0.3)
    assert report.place.slug == "north-ward"
    assert _outside(requests) == []


def test_a_resident_drags_the_pin_and_the_report_has_where_it_was_dropped(
    phone_page, resident, report_category, streets
):
    page = phone_page
    requests = _watch_requests(page)
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/new/?category={report_category.code}")
    box = page.locator(".cp-leaflet").bounding_box()
    page.locator(".cp-leaflet").click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    pin = page.locator(".cp-marker--pin")
    pin.wait_for()
    first = (page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value())
    assert first[0] and first[1]
    start = pin.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 4 * step, y + 3 * step)
    page.mouse.up()
    page.wait_for_function(
        "([lat, lon]) => document.querySelector('#id_lat').value !== lat"
        " || document.querySelector('#id_lon').value !== lon",
        arg=list(first),
    )
    lat = float(page.locator("#id_lat").input_value())
    lon = float(page.locator("#id_lon").input_value())
    assert lat < float(first[0]) and lon > float(first[1])  # down and to the right
    page.fill("textarea[name=description]", "Broken glass on the pavement")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/assessment/reports/*/")
    report = Report.objects.get()
    assert (report.lat, report.lon) == (lat, lon)
    assert _outside(requests) == []


def test_from_the_keyboard_the_pin_goes_to_the_middle_of_the_map(
    page, resident, report_category, streets
):
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/new/?category={report_category.code}")
    container = page.locator(".cp-leaflet")
    assert container.get_attribute("aria-label") == "Interactive map: Map for placing the problem"
    area = page.locator(".cp-leaflet .leaflet-overlay-pane path").first
    before = area.bounding_box()["width"]
    container.focus()
    page.keyboard.press("Equal")  # "+" (the "=" key) zooms in
    page.wait_for_function(
        f"() => document.querySelector('.cp-leaflet .leaflet-overlay-pane path')"
        f".getBoundingClientRect().width > {before} * 1.5"
    )
    page.get_by_role("button", name="Put the pin at the middle of the map").focus()
    page.keyboard.press("Enter")
    assert page.locator("#id_lat").input_value() != ""
    assert page.locator("#id_lon").input_value() != ""
    assert page.locator(".cp-marker--pin").count() == 1


@pytest.mark.parametrize("path", ["/assessment/reports/", "/places/testford/"])
def test_the_map_fits_a_360px_phone_and_fetches_nothing_from_outside(
    chromium, live_server, resident, report_category, streets, path
):
    from coproduce.places.models import Place

    Report.objects.create(
        category=report_category,
        description="Overflowing bin",
        lon=0.25,
        lat=51.25,
        place=Place.objects.get(slug="north-ward"),
    )
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    requests = _watch_requests(page)
    page.goto(path)
    page.locator(".cp-leaflet .leaflet-overlay-pane path").first.wait_for()
    assert page.locator(".cp-map-fallback svg").is_hidden()
    assert page.locator(".cp-leaflet").is_visible()
    assert page.locator(".cp-leaflet .leaflet-marker-icon").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width} px wide at 360 px"
    map_width = page.locator(".cp-leaflet").bounding_box()["width"]
    assert 200 < map_width <= 360
    page.wait_for_load_state("networkidle")
    assert _outside(requests) == []
    context.close()


def test_without_javascript_the_map_is_an_image_and_a_list_and_the_search_sets_the_point(
    chromium, live_server, resident, report_category, streets
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/new/?category={report_category.code}")
    assert page.locator(".cp-map-fallback svg[role=img]").is_visible()
    assert page.locator(".cp-leaflet").count() == 0
    page.fill("#address-q", "cote")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Côte Lane").click()
    assert page.locator("#id_lat").input_value() == "50.5"
    assert page.locator("#id_address").input_value() == "Côte Lane"
    page.fill("textarea[name=description]", "Fly-tipping in the lay-by")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/assessment/reports/*/")
    report = Report.objects.get()
    assert (report.lat, report.lon, report.address) == (50.5, 0.5, "Côte Lane")
    context.close()
