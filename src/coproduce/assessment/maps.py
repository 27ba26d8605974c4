"""Maps of reports on the places' boundaries, and the report form's pin (places.maps)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coproduce.places.maps import MapArea, MapPoint, MapView, PinFields, map_view
from coproduce.places.models import Place, PlaceKind


def _areas() -> list[MapArea]:
    places = list(Place.objects.filter(kind=PlaceKind.DISTRICT).exclude(boundary=None))
    places = places or list(Place.objects.filter(kind=PlaceKind.CITY).exclude(boundary=None))
    return [MapArea(p.name, p.boundary or {}, p.get_absolute_url()) for p in places]


def reports_map(points: Iterable[MapPoint], *, title: str) -> MapView | None:
    """Return the map of the areas with one point per report."""
    points = list(points)
    description = _("%(n)s reports shown as dots on a map of the areas.") % {
        "n": number_format(len(points), force_grouping=True)
    }
    return map_view(title=title, description=description, areas=_areas(), points=points)


def picker_map() -> MapView | None:
    """Return the report form's map: a pin to drag that fills its latitude and longitude,
    and suggestions from the address search that move it; None when no place has a boundary."""
    return map_view(
        title=_("Map for placing the problem"),
        description=_("The areas of the map. Type the latitude and longitude, or an address."),
        areas=_areas(),
        pin=PinFields(lat="id_lat", lon="id_lon"),
        search=True,
    )
