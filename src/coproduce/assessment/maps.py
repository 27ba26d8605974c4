"""Maps of reports drawn on the places' boundaries, and a pin picker's projection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coproduce.places.models import Place, PlaceKind
from coproduce.ui.figures import MapShape, area_map_svg
from coproduce.ui.geometry import bounds

WIDTH, HEIGHT = 640, 420


def _areas() -> list[Place]:
    districts = list(Place.objects.filter(kind=PlaceKind.DISTRICT).exclude(boundary=None))
    return districts or list(Place.objects.filter(kind=PlaceKind.CITY).exclude(boundary=None))


@dataclass(frozen=True)
class MapFrame:
    """What the pin picker needs to turn a click into longitude and latitude."""

    svg: str
    min_lon: float
    min_lat: float
    scale: float
    height: int


def reports_map(points: Iterable[tuple[float, float, str]], *, title: str) -> str:
    """Return an SVG map of the areas with one dot per report."""
    shapes = [MapShape(p.name, p.boundary or {}, p.get_absolute_url()) for p in _areas()]
    points = list(points)
    description = _("%(n)s reports shown as dots on a map of the areas.") % {"n": len(points)}
    return area_map_svg(shapes, title=title, description=description, points=points)


def picker_frame() -> MapFrame | None:
    """Return the areas' map and its projection, or None when no place has a boundary."""
    areas = _areas()
    box = bounds([p.boundary for p in areas if p.boundary])
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    scale = min(WIDTH / max(max_lon - min_lon, 1e-9), HEIGHT / max(max_lat - min_lat, 1e-9))
    svg = area_map_svg(
        [MapShape(p.name, p.boundary or {}) for p in areas],
        title=_("Map for placing the problem"),
        description=_("Tap the map where the problem is."),
    )
    return MapFrame(svg, min_lon, min_lat, scale, HEIGHT)
