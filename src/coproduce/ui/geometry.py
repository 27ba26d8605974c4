"""Point-in-area tests on GeoJSON geometries (pure Python, longitude/latitude order)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Ring = Sequence[Sequence[float]]


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(lon: float, lat: float, rings: Sequence[Ring]) -> bool:
    if not rings or not _in_ring(lon, lat, rings[0]):
        return False
    return not any(_in_ring(lon, lat, hole) for hole in rings[1:])


def contains(geometry: dict[str, Any] | None, *, lon: float, lat: float) -> bool:
    """Return True if the point lies inside a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return False
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(lon, lat, coordinates)
    if kind == "MultiPolygon":
        return any(_in_polygon(lon, lat, polygon) for polygon in coordinates)
    return False


def bounds(geometries: Sequence[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """Return (min_lon, min_lat, max_lon, max_lat) over all geometries, or None if empty."""
    points = [point for geometry in geometries for point in _points(geometry)]
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _points(geometry: dict[str, Any]) -> list[Sequence[float]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Point":
        return [coordinates]
    if kind == "Polygon":
        return [p for ring in coordinates for p in ring]
    if kind == "MultiPolygon":
        return [p for polygon in coordinates for ring in polygon for p in ring]
    return []


def validate_geometry(geometry: Any) -> str | None:
    """Return a message describing why ``geometry`` is not a usable boundary, or None."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return "A boundary must be a GeoJSON Polygon or MultiPolygon."
    try:
        points = _points(geometry)
        if len(points) < 4 or any(len(p) < 2 for p in points):
            return "A boundary needs at least four positions of [longitude, latitude]."
        if any(not (-180 <= float(p[0]) <= 180 and -90 <= float(p[1]) <= 90) for p in points):
            return "Positions must be [longitude, latitude] within the world's range."
    except (TypeError, ValueError):
        return "Positions must be pairs of numbers."
    return None
