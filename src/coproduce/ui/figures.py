"""Server-rendered SVG pictures with accessible titles: maps and bar charts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
    """Return an SVG map of the shapes and labelled points, as one image with a text
    alternative, followed by a list of links to the shapes that have a URL.

    The links are beside the image, not inside it: an image (role="img") holds nothing a
    person can focus or press (axe's "nested-interactive" rule).
    """
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
        body.append(path)
    for lon, lat, label in points:
        x, y = project(lon, lat)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0b0c0c">'
            f"<title>{escape(label)}</title></circle>"
        )
    links = "".join(
        f'<li><a class="govuk-link" href="{escape(shape.url)}">{escape(shape.label)}</a></li>'
        for shape in shapes
        if shape.url
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {width + 8} {height + 8}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    ) + (f'<ul class="govuk-list cp-map-links">{links}</ul>' if links else "")


FONT = 14
"""Font size of labels and values, in the view box's units."""
LABEL_COLUMN = 230
"""The widest a label column grows; longer labels wrap onto more lines, never cut."""
TITLE_FONT = 16
_NARROW = frozenset("iljtf.,;:'!|()[] ")
_WIDE = frozenset("mwMW@%—✓★")


def text_width(text: str, size: float = FONT) -> float:
    """Return a generous estimate of the width of ``text`` in a sans-serif font of ``size``.

    The server does not know the reader's font: the estimate errs wide, so that text drawn
    from it stays inside the view box.
    """
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.34
        elif char in _WIDE:
            em += 0.95
        elif char.isupper() or not char.isascii():
            em += 0.72
        else:
            em += 0.6
    return em * size


def wrap_text(text: str, width: float, size: float = FONT) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` (estimated), at spaces where
    it can be and inside a word only when the word alone is wider; nothing is dropped."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, size) > width:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines


def _lines(lines: Sequence[str], *, x: float, y: float, size: float, **attrs: str) -> str:
    """Return a <text> of several lines (one <tspan> each), the first baseline at ``y``."""
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    step = round(size * 1.2, 1)
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else step}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{spans}</text>'


def _heading(title: str, width: float) -> tuple[str, float]:
    """Return the chart's visible title (wrapped to ``width``) and the height it takes."""
    lines = wrap_text(title, width - 8, TITLE_FONT)
    text = _lines(lines, x=4, y=TITLE_FONT + 2, size=TITLE_FONT, font_weight="bold")
    return text, len(lines) * TITLE_FONT * 1.2 + 10


def _svg(width: float, height: float, uid: str, title: str, description: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>{body}</svg>'
    )


def _number(value: float, unit: str) -> str:
    """Return the value grouped as the active language writes numbers (one decimal at most)."""
    places = 0 if float(value).is_integer() else 1
    return f"{number_format(value, decimal_pos=places, force_grouping=True)}{unit}"


def bar_chart_svg(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    unit: str = "",
    value_text: Callable[[float], str] | None = None,
) -> str:
    """Return a horizontal bar chart headed by its title; every bar carries its value as text.

    ``value_text`` writes a value as the page does (money in the round's currency, a number
    in the reader's language); without it values are grouped numbers followed by ``unit``.
    Long labels wrap onto several lines; every mark and text lies inside the view box.
    """
    if not bars:
        return ""
    shown = [value_text(value) if value_text else _number(value, unit) for _, value in bars]
    wrapped = [wrap_text(label, LABEL_COLUMN) for label, _ in bars]
    label_width = max(text_width(line) for lines in wrapped for line in lines) + 12
    value_width = max(text_width(text) for text in shown) + 12
    bar_width = 300
    total_width = label_width + bar_width + value_width
    heading, top_margin = _heading(title, total_width)
    top = max((value for _, value in bars), default=0) or 1
    rows, y = [], top_margin
    for index, ((label, value), lines, text) in enumerate(zip(bars, wrapped, shown, strict=True)):
        row = max(28.0, len(lines) * FONT * 1.2 + 11)
        middle = y + row / 2
        length = bar_width * max(value, 0) / top
        first_baseline = middle - (len(lines) - 1) * FONT * 0.6 + FONT * 0.35
        rows.append(
            _lines(lines, x=label_width - 8, y=first_baseline, size=FONT, text_anchor="end")
            + f'<rect x="{label_width:.1f}" y="{middle - 10:.1f}" width="{length:.1f}" '
            f'height="20" fill="{PALETTE[index % len(PALETTE)]}">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
            f'<text x="{label_width + length + 6:.1f}" y="{middle + FONT * 0.35:.1f}" '
            f'font-size="{FONT}">{escape(text)}</text>'
        )
        y += row
    return _svg(total_width, y + 6, _figure_id(title), title, description, heading + "".join(rows))


def paired_bar_chart_svg(
    rows: Sequence[tuple[str, float | None, float]],
    *,
    series: tuple[str, str],
    title: str,
    description: str,
) -> str:
    """Return bars in pairs (e.g. participants' share beside the population's) headed by the
    title and a legend; values are shares (0.25 is 25%).

    A missing first value (suppressed) is drawn as an outline with its label saying so. Long
    labels wrap onto several lines; every mark and text lies inside the view box.
    """
    if not rows:
        return ""
    wrapped = [wrap_text(label, LABEL_COLUMN) for label, _, _ in rows]
    label_width = max(text_width(line) for lines in wrapped for line in lines) + 12
    bar_width, small = 300, 12
    total_width = max(
        label_width + bar_width + text_width("100%", small) + 12,
        label_width + 36 + text_width(series[0], 13) + text_width(series[1], 13),
    )
    heading, y = _heading(title, total_width)
    top = max(max(a or 0, b) for _, a, b in rows) or 1
    second_key = label_width + 24 + text_width(series[0], 13) + 12
    parts = [
        heading,
        f'<rect x="{label_width:.1f}" y="{y:.1f}" width="12" height="12" fill="{PALETTE[0]}"/>'
        f'<text x="{label_width + 18:.1f}" y="{y + 11:.1f}" font-size="13">{escape(series[0])}'
        f'</text><rect x="{second_key:.1f}" y="{y:.1f}" width="12" height="12" fill="#b1b4b6"/>'
        f'<text x="{second_key + 18:.1f}" y="{y + 11:.1f}" font-size="13">{escape(series[1])}'
        "</text>",
    ]
    y += 22
    for (_label, first, second), lines in zip(rows, wrapped, strict=True):
        row = max(48.0, len(lines) * FONT * 1.2 + 12)
        baseline = y + 20 - (len(lines) - 1) * FONT * 0.6
        parts.append(_lines(lines, x=label_width - 8, y=baseline, size=FONT, text_anchor="end"))
        for offset, value, colour in ((0, first, PALETTE[0]), (20, second, "#b1b4b6")):
            if value is None:
                parts.append(
                    f'<rect x="{label_width:.1f}" y="{y + offset:.1f}" width="40" height="16" '
                    f'fill="none" stroke="{PALETTE[0]}" stroke-dasharray="3 2"/>'
                    f'<text x="{label_width + 46:.1f}" y="{y + offset + 13:.1f}" '
                    f'font-size="{small}">–</text>'
                )
                continue
            length = bar_width * value / top
            parts.append(
                f'<rect x="{label_width:.1f}" y="{y + offset:.1f}" width="{length:.1f}" '
                f'height="16" fill="{colour}"/><text x="{label_width + length + 6:.1f}" '
                f'y="{y + offset + 13:.1f}" font-size="{small}">{value:.0%}</text>'
            )
        y += row
    return _svg(total_width, y, _figure_id(title), title, description, "".join(parts))


def figures_table(rows: Sequence[Sequence[str]], *, caption: str, headers: Sequence[str]) -> str:
    """Return a chart's figures as a table in a closed "Show the figures as a table" box, to
    sit beside the chart for anyone who cannot read it (the first column heads each row)."""
    numeric = " govuk-table__header--numeric"
    head = "".join(
        f'<th scope="col" class="govuk-table__header{numeric if i else ""}">{escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = "".join(
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(row[0])}</th>'
        + "".join(
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(cell)}</td>'
            for cell in row[1:]
        )
        + "</tr>"
        for row in rows
    )
    summary = _("Show the figures as a table")
    return (
        '<details class="govuk-details cp-figure__table"><summary class="govuk-details__summary">'
        f'<span class="govuk-details__summary-text">{escape(summary)}'
        '</span></summary><div class="govuk-details__text cp-table-scroll">'
        f'<table class="govuk-table"><caption class="govuk-table__caption '
        f'govuk-table__caption--s">{escape(caption)}</caption><thead class="govuk-table__head">'
        f'<tr class="govuk-table__row">{head}</tr></thead><tbody class="govuk-table__body">'
        f"{body}</tbody></table></div></details>"
    )


def bar_chart_figure(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    headers: tuple[str, str],
    unit: str = "",
    value_text: Callable[[float], str] | None = None,
) -> str:
    """Return ``bar_chart_svg`` followed by its figures as a table (for a page that has no
    table of them already); ``headers`` name the label and value columns."""
    svg = bar_chart_svg(
        bars, title=title, description=description, unit=unit, value_text=value_text
    )
    if not svg:
        return ""
    rows = [
        (label, value_text(value) if value_text else _number(value, unit)) for label, value in bars
    ]
    return svg + figures_table(rows, caption=title, headers=headers)


def paired_bar_chart_figure(
    rows: Sequence[tuple[str, float | None, float]],
    *,
    series: tuple[str, str],
    title: str,
    description: str,
    label_header: str,
) -> str:
    """Return ``paired_bar_chart_svg`` followed by its figures as a table ("–" where the first
    value is suppressed)."""
    svg = paired_bar_chart_svg(rows, series=series, title=title, description=description)
    if not svg:
        return ""
    cells = [
        (label, "–" if first is None else f"{first:.0%}", f"{second:.0%}")
        for label, first, second in rows
    ]
    return svg + figures_table(cells, caption=title, headers=(label_header, *series))


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
