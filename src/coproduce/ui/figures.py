"""Server-rendered SVG pictures with accessible titles: maps and bar charts."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from coproduce.ui.geometry import bounds

PALETTE = ("#1d70b8", "#4c2c92", "#00703c", "#f47738", "#d4351c", "#5694ca", "#85994b")


def _figure_id(title: str) -> str:
    return "fig-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]


@dataclass(frozen=True)
class MapShape:
    label: str
    geometry: dict[str, Any]
    url: str = ""


def _project(box: tuple[float, float, float, float], width: int, height: int) -> Any:
    min_lon, min_lat, max_lon, max_lat = box
    span_lon = max(max_lon - min_lon, 1e-9)
    span_lat = max(max_lat - min_lat, 1e-9)
    scale = min(width / span_lon, height / span_lat)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - min_lon) * scale, height - (lat - min_lat) * scale

    return project


def _path(geometry: dict[str, Any], project: Any) -> str:
    polygons = (
        [geometry["coordinates"]]
        if geometry.get("type") == "Polygon"
        else geometry.get("coordinates", [])
    )
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = " L".join("{:.1f} {:.1f}".format(*project(p[0], p[1])) for p in ring)
            parts.append(f"M{points} Z")
    return " ".join(parts)


def area_map_svg(
    shapes: Sequence[MapShape],
    *,
    title: str,
    description: str,
    points: Sequence[tuple[float, float, str]] = (),
    width: int = 640,
    height: int = 420,
) -> str:
    """Return an SVG map of the shapes (linked where they have a URL) and labelled points."""
    box = bounds([s.geometry for s in shapes])
    if box is None:
        return ""
    project = _project(box, width, height)
    uid = _figure_id(title)
    body = []
    for index, shape in enumerate(shapes):
        colour = PALETTE[index % len(PALETTE)]
        path = (
            f'<path d="{_path(shape.geometry, project)}" fill="{colour}" fill-opacity="0.18" '
            f'stroke="{colour}" stroke-width="2"><title>{escape(shape.label)}</title></path>'
        )
        if shape.url:
            path = f'<a href="{escape(shape.url)}" aria-label="{escape(shape.label)}">{path}</a>'
        body.append(path)
    for lon, lat, label in points:
        x, y = project(lon, lat)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0b0c0c">'
            f"<title>{escape(label)}</title></circle>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {width + 8} {height + 8}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart_svg(
    bars: Sequence[tuple[str, float]], *, title: str, description: str, unit: str = ""
) -> str:
    """Return a horizontal bar chart; every bar carries its value as text too."""
    if not bars:
        return ""
    label_width, bar_width, row = 200, 320, 28
    top = max((value for _, value in bars), default=0) or 1
    height = row * len(bars) + 8
    rows = []
    for index, (label, value) in enumerate(bars):
        y = index * row + 4
        length = bar_width * value / top
        shown = f"{value:g}{unit}"
        rows.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="14">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="20" '
            f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(label)}: {shown}</title></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" font-size="14">{shown}</text>'
        )
    total_width = label_width + bar_width + 90
    uid = _figure_id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_width} {height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(rows) + "</svg>"
    )


def paired_bar_chart_svg(
    rows: Sequence[tuple[str, float | None, float]],
    *,
    series: tuple[str, str],
    title: str,
    description: str,
) -> str:
    """Return bars in pairs (e.g. participants' share beside the population's), in per cent.

    A missing first value (suppressed) is drawn as an outline with its label saying so.
    """
    if not rows:
        return ""
    label_width, bar_width, row = 160, 300, 48
    top = max(max(a or 0, b) for _, a, b in rows) or 1
    uid = _figure_id(title)
    parts = [
        f'<rect x="{label_width}" y="4" width="12" height="12" fill="{PALETTE[0]}"/>'
        f'<text x="{label_width + 18}" y="15" font-size="13">{escape(series[0])}</text>'
        f'<rect x="{label_width + 180}" y="4" width="12" height="12" fill="#b1b4b6"/>'
        f'<text x="{label_width + 198}" y="15" font-size="13">{escape(series[1])}</text>'
    ]
    for index, (label, first, second) in enumerate(rows):
        y = 26 + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 24}" text-anchor="end" font-size="14">'
            f"{escape(label)}</text>"
        )
        for offset, value, colour in ((0, first, PALETTE[0]), (20, second, "#b1b4b6")):
            if value is None:
                parts.append(
                    f'<rect x="{label_width}" y="{y + offset}" width="40" height="16" fill="none" '
                    f'stroke="{PALETTE[0]}" stroke-dasharray="3 2"/>'
                    f'<text x="{label_width + 46}" y="{y + offset + 13}" font-size="12">–</text>'
                )
                continue
            length = bar_width * value / top
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" height="16" '
                f'fill="{colour}"/><text x="{label_width + length + 6:.1f}" y="{y + offset + 13}" '
                f'font-size="12">{value:.0%}</text>'
            )
    height = 26 + row * len(rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + bar_width + 70} '
        f'{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


# Group markers differ in shape as well as colour (WCAG 1.4.1: not colour alone).
_MARKERS = ("circle", "square", "triangle", "diamond", "cross")


def _marker(shape: str, x: float, y: float, r: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return (
        f'<path d="M{x - r:.1f} {y - r:.1f} L{x + r:.1f} {y + r:.1f} M{x + r:.1f} {y - r:.1f} '
        f'L{x - r:.1f} {y + r:.1f}" stroke="{colour}" stroke-width="2"/>'
    )


def group_scatter_svg(
    points: Sequence[tuple[float, float, int]],
    *,
    groups: Sequence[str],
    title: str,
    description: str,
    you: tuple[float, float] | None = None,
    you_label: str = "You",
    size: int = 360,
) -> str:
    """Return a scatter of people's positions by group, each group with its own marker shape
    and colour and a legend; ``you`` is ringed and labelled. Empty without points."""
    if not points:
        return ""
    xs = [p[0] for p in points] + ([you[0]] if you else [])
    ys = [p[1] for p in points] + ([you[1]] if you else [])
    span = max(max(map(abs, xs)), max(map(abs, ys)), 1e-9)
    half = size / 2
    legend_height = 22 * (len(groups) + (1 if you else 0)) + 8

    def place(x: float, y: float) -> tuple[float, float]:
        return half + x / span * (half - 14), half - y / span * (half - 14)

    parts = [
        f'<rect x="0" y="0" width="{size}" height="{size}" fill="#f3f2f1"/>'
        f'<line x1="{half}" y1="6" x2="{half}" y2="{size - 6}" stroke="#b1b4b6"/>'
        f'<line x1="6" y1="{half}" x2="{size - 6}" y2="{half}" stroke="#b1b4b6"/>'
    ]
    for x, y, group in points:
        px, py = place(x, y)
        parts.append(
            _marker(_MARKERS[group % len(_MARKERS)], px, py, 3.5, PALETTE[group % len(PALETTE)])
        )
    if you is not None:
        px, py = place(*you)
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="none" stroke="#0b0c0c" '
            f'stroke-width="3"/><text x="{px + 12:.1f}" y="{py - 10:.1f}" font-size="14" '
            f'font-weight="bold">{escape(you_label)}</text>'
        )
    for index, label in enumerate(groups):
        y = size + 18 + 22 * index
        shape = _MARKERS[index % len(_MARKERS)]
        parts.append(
            _marker(shape, 12, y - 5, 6, PALETTE[index % len(PALETTE)])
            + f'<text x="26" y="{y}" font-size="14">{escape(label)}</text>'
        )
    if you is not None:
        y = size + 18 + 22 * len(groups)
        parts.append(
            f'<circle cx="12" cy="{y - 5}" r="6" fill="none" stroke="#0b0c0c" stroke-width="3"/>'
            f'<text x="26" y="{y}" font-size="14">{escape(you_label)}</text>'
        )
    uid = _figure_id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + legend_height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
