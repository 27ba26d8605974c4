"""The map component's data and fallback: no links inside the image, the points as a list,
streets drawn only without tiles, the tile host allowed by the CSP, and the report form's
address search without JavaScript."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from coproduce.envconfig import url_origin
from coproduce.places.maps import MapArea, MapPoint, PinFields, map_view
from coproduce.places.models import Street
from coproduce.places.streets import streets_replace

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[0.2, 51.3], [0.4, 51.3]]}


@pytest.fixture
def streets(city: Any) -> None:
    streets_replace(
        streets=[
            Street(name="Station Road", lat=51.3, lon=0.3, line=LINE),
            Street(name="Côte Lane", lat=50.5, lon=0.5),
        ],
        actor=None,
    )


def _view(city: Any, **extra: Any) -> Any:
    return map_view(
        title="Map of Testford",
        description="Two districts.",
        areas=[MapArea(city.name, city.boundary, city.get_absolute_url())],
        points=[MapPoint(0.25, 51.25, "1: Litter", "/assessment/reports/1/")],
        **extra,
    )


def test_without_a_tile_url_the_map_draws_the_streets_and_fetches_no_tiles(city, streets):
    view = _view(city)
    assert view.data["tiles"] is None
    assert view.data["streets"] == [{"name": "Station Road", "line": [[51.3, 0.2], [51.3, 0.4]]}]
    assert view.data["points"] == [
        {"lat": 51.25, "lon": 0.25, "label": "1: Litter", "url": "/assessment/reports/1/"}
    ]
    assert view.data["pin"] is None and view.data["geocode"] == ""


def test_with_a_tile_url_the_map_uses_the_tiles_and_its_attribution(city, streets, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example"
    view = _view(city, pin=PinFields(lat="id_lat", lon="id_lon"), search=True)
    assert view.data["tiles"] == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© Example",
    }
    assert view.data["streets"] == []
    assert view.data["pin"] == {"lat": "id_lat", "lon": "id_lon"}
    assert view.data["geocode"] == reverse("geocode:search")


def test_no_map_without_a_boundary(db):
    assert map_view(title="t", description="d", areas=[MapArea("Nowhere", {})]) is None


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("", ""),
        ("javascript:alert(1)", ""),
        ("/tiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_the_tile_host_is_what_the_content_security_policy_allows(url, origin):
    assert url_origin(url) == origin


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, flags=re.S)


def test_the_report_map_is_an_image_without_links_and_a_list_and_its_data(
    client, city, streets, council, activity_in
):
    from coproduce.assessment.models import Report, ReportCategory

    channel = activity_in("assessment", "report_channel", title="Reports")
    category = ReportCategory.objects.create(
        organisation=council, activity=channel, code="litter", name="Litter", group="Streets"
    )
    report = Report.objects.create(category=category, description="Bin", lon=0.25, lat=51.25)
    page = client.get(reverse("assessment:reports")).content.decode()
    svg = next(s for s in _svgs(page) if "Reports on the map" in s)
    assert 'role="img"' in svg and "<a " not in svg and "tabindex" not in svg
    assert f'href="{report.get_absolute_url()}">{report.pk}: Litter</a>' in page
    data = json.loads(
        re.search(
            r'<script id="map-[0-9a-f]+-data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert data["points"][0]["url"] == report.get_absolute_url()
    assert data["streets"][0]["name"] == "Station Road"
    assert "web/map.js" in page and "vendor/leaflet/leaflet.js" in page


def test_without_javascript_the_address_search_lists_matches_that_set_the_point(
    client, city, streets, council, activity_in, resident
):
    from coproduce.assessment.models import ReportCategory

    channel = activity_in("assessment", "report_channel", title="Reports")
    ReportCategory.objects.create(
        organisation=council, activity=channel, code="litter", name="Litter", group="Streets"
    )
    client.force_login(resident)
    url = reverse("assessment:report_new")
    page = client.get(url, {"category": "litter", "q": "COTE"}).content.decode()
    assert (
        "?category=litter&amp;lat=50.500000&amp;lon=0.500000&amp;address=C%C3%B4te%20Lane" in page
    )
    page = client.get(url, {"category": "litter", "q": "nowhere"}).content.decode()
    assert "No street or place is called “nowhere”" in page
    page = client.get(
        url, {"category": "litter", "lat": "50.5", "lon": "0.5", "address": "Côte Lane"}
    ).content.decode()
    assert re.search(r'name="lat" value="50.5"', page)
    assert re.search(r'name="lon" value="0.5"', page)
    assert 'value="Côte Lane"' in page
    page = client.get(url, {"category": "litter", "lat": "nan", "lon": "0.5"}).content.decode()
    assert 'name="lat" value=' not in page
