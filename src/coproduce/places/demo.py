"""Riverton's streets for the demo: the address search finds them and the maps draw them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coproduce.places.models import Street
from coproduce.places.streets import streets_replace

if TYPE_CHECKING:
    from coproduce.initiatives.demo_city import City

# name, then the line as (longitude, latitude) points, west or south first
STREETS: list[tuple[str, list[tuple[float, float]]]] = [
    ("High Street", [(-1.585, 52.452), (-1.53, 52.451), (-1.47, 52.452), (-1.415, 52.453)]),
    ("Station Road", [(-1.512, 52.408), (-1.511, 52.45), (-1.513, 52.492)]),
    ("Mill Lane", [(-1.59, 52.421), (-1.555, 52.423), (-1.52, 52.42)]),
    ("River Walk", [(-1.49, 52.412), (-1.45, 52.425), (-1.41, 52.44)]),
    ("Church Street", [(-1.561, 52.428), (-1.56, 52.447)]),
    ("North Road", [(-1.55, 52.458), (-1.552, 52.495)]),
    ("Park Avenue", [(-1.485, 52.471), (-1.42, 52.47)]),
    ("Canal Street", [(-1.49, 52.456), (-1.47, 52.472), (-1.45, 52.49)]),
    ("Garden Row", [(-1.445, 52.458), (-1.43, 52.466)]),
    ("Bridge Street", [(-1.5, 52.432), (-1.47, 52.431)]),
    ("Orchard Close", [(-1.58, 52.47), (-1.57, 52.478)]),
    ("Côte Lane", [(-1.44, 52.405), (-1.43, 52.43)]),
]


def load(city: City) -> None:
    """Replace the gazetteer's streets with Riverton's (idempotent)."""
    streets = []
    for name, points in STREETS:
        middle = points[len(points) // 2] if len(points) > 2 else points[0]
        if len(points) == 2:
            middle = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
        line = {"type": "LineString", "coordinates": [[lon, lat] for lon, lat in points]}
        streets.append(
            Street(name=name, lat=round(middle[1], 6), lon=round(middle[0], 6), line=line)
        )
    streets_replace(streets=streets, actor=None)
