"""The one map component's data: what ``web/includes/map.html`` shows and ``web/map.js`` draws.

A page builds a ``MapView`` with ``map_view(...)`` and includes the template with it. Without
JavaScript the reader gets the server-side SVG (an image with a text alternative) and lists
of the areas and the points; with it, Leaflet draws the same areas and points (clustered),
the council's streets when no tile server is configured (``MAP_TILE_URL``), and — when the
page asks for a pin — a marker to drag that fills the page's latitude and longitude fields.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.places.models import Street
from coproduce.ui.figures import MapShape, area_map_svg

__all__ = ["MapArea", "MapPoint", "MapView", "PinFields", "map_view"]

LISTED = 100
"""The most points listed under a map (the map itself shows them all)."""
STREETS = 2000
"""The most streets drawn on a map without tiles."""


@dataclass(frozen=True)
class MapArea:
    name: str
    geometry: dict[str, Any]
    url: str = ""


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    label: str
    url: str = ""


@dataclass(frozen=True)
class PinFields:
    """The ids of the inputs a draggable pin fills (they stay plain inputs without JS)."""

    lat: str
    lon: str


@dataclass(frozen=True)
class MapView:
    key: str
    title: str
    svg: str
    points: list[MapPoint]
    data: dict[str, Any]

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    @property
    def listed(self) -> list[MapPoint]:
        return self.points[:LISTED]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.points) - LISTED)


def _messages(title: str) -> dict[str, str]:
    return {
        "map": _("Interactive map: %(title)s") % {"title": title},
        "keys": _("Use the arrow keys to move the map and the plus and minus keys to zoom."),
        "keysPoints": _("Points are buttons: press Enter on one for its details."),
        "locate": _("Use my location"),
        "finding": _("Finding your location…"),
        "located": _("The map shows your location."),
        "unsupported": _("Your browser cannot share your location."),
        "failed": _("We could not get your location."),
        "centre": _("Put the pin at the middle of the map"),
        "pin": _("Pin: drag it to where it is"),
        "placed": _("Pin placed at latitude %(lat)s, longitude %(lon)s."),
        "you": _("You are here"),
        "cluster": _("%(n)s points here: press to zoom in"),
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "suggestions": _("%(n)s places found: choose one to move the pin."),
        "none": _("No place found with that name."),
    }


def _streets() -> list[dict[str, Any]]:
    lines = Street.objects.exclude(line=None).values_list("name", "line")[:STREETS]
    streets = []
    for name, line in lines:
        if isinstance(line, dict) and line.get("type") == "LineString":
            coordinates = [[p[1], p[0]] for p in line.get("coordinates") or [] if len(p) >= 2]
            if len(coordinates) >= 2:
                streets.append({"name": name, "line": coordinates})
    return streets


def map_view(
    *,
    title: str,
    description: str,
    areas: Sequence[MapArea],
    points: Iterable[MapPoint] = (),
    pin: PinFields | None = None,
    search: bool = False,
) -> MapView | None:
    """Return the map of the areas and points, or None when no area has a boundary.

    ``pin`` names the latitude and longitude inputs a draggable pin fills; ``search`` gives
    the map the address search's JSON endpoint (for the suggestions that move the pin).
    """
    points = list(points)
    svg = area_map_svg(
        [MapShape(a.name, a.geometry, a.url) for a in areas if a.geometry],
        title=title,
        description=description,
        points=[(p.lon, p.lat, p.label) for p in points],
    )
    if not svg:
        return None
    key = "map-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    tiles = settings.MAP_TILE_URL
    data: dict[str, Any] = {
        "title": title,
        "areas": [{"name": a.name, "url": a.url, "geometry": a.geometry} for a in areas],
        "points": [{"lat": p.lat, "lon": p.lon, "label": p.label, "url": p.url} for p in points],
        "tiles": {"url": tiles, "attribution": settings.MAP_TILE_ATTRIBUTION} if tiles else None,
        "streets": [] if tiles else _streets(),
        "pin": {"lat": pin.lat, "lon": pin.lon} if pin else None,
        "geocode": reverse("geocode:search") if search else "",
        "messages": _messages(title),
    }
    return MapView(key=key, title=title, svg=svg, points=points, data=data)
