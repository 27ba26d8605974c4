"""A line chart on a scale labelled in words (e.g. each side's rating at each review).

Kept beside ``figures`` (which it reuses) so the two can grow without treading on each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from coproduce.ui.figures import PALETTE, _figure_id

_MARKERS = ("circle", "square")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'


def line_chart_svg(
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[tuple[float, str]],
    title: str,
    description: str,
) -> str:
    """Return up to two series as lines over ``x_labels``, on a scale labelled in words.

    The series differ by marker shape and line style as well as colour; a missing value
    (None) breaks the line. Pair it with a text table of the same numbers.
    """
    if not x_labels or not y_labels:
        return ""
    label_width, step, plot_height, top_pad = 150, 110, 200, 64
    low, high = min(v for v, _ in y_labels), max(v for v, _ in y_labels)
    span = (high - low) or 1
    width = max(label_width + step * len(x_labels) + 20, 560)

    def y_of(value: float) -> float:
        return top_pad + plot_height * (high - value) / span

    def x_of(index: int) -> float:
        return label_width + step / 2 + index * step

    parts = []
    for value, label in y_labels:
        y = y_of(value)
        parts.append(
            f'<line x1="{label_width}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/><text x="{label_width - 8}" y="{y + 5:.1f}" '
            f'text-anchor="end" font-size="13">{escape(label)}</text>'
        )
    for index, label in enumerate(x_labels):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{top_pad + plot_height + 24}" text-anchor="middle" '
            f'font-size="13">{escape(label)}</text>'
        )
    for number, (name, values) in enumerate(series[: len(_MARKERS)]):
        colour, shape = PALETTE[number], _MARKERS[number]
        dash = ' stroke-dasharray="6 4"' if number else ""
        legend_y = 12 + number * 22
        parts.append(_marker(shape, 16, legend_y, colour))
        parts.append(f'<text x="28" y="{legend_y + 5}" font-size="13">{escape(name)}</text>')
        points = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, point in enumerate(values):
            if point is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), y_of(point)))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash}/>'
                )
        parts.extend(_marker(shape, x, y, colour) for x, y in points)
    height = top_pad + plot_height + 36
    uid = _figure_id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-family="sans-serif"><title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
