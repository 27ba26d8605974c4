"""Estimates with their confidence intervals, one row each, about a zero line (a "forest
plot"): e.g. each arm of an experiment against its control.

Kept beside ``figures`` (which it reuses) so the two can grow without treading on each other.
Every estimate is also written as text on its row; pair it with a table of the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from coproduce.ui.figures import FONT, PALETTE, _figure_id, text_width, wrap_text

PLOT_WIDTH = 240
# Narrower than a bar chart's label column: the chart must stay legible on a phone.
LABEL_WIDTH = 150


def interval_chart_svg(
    rows: Sequence[tuple[str, float, float, float]],
    *,
    title: str,
    description: str,
    value_text: Callable[[float], str],
    zero_label: str,
) -> str:
    """Return ``(label, estimate, low, high)`` rows as a dot and a whisker each, on one
    scale that always shows zero (a dashed line labelled ``zero_label``).

    ``value_text`` writes a number as the page does. Long labels wrap; every mark and text
    lies inside the view box.
    """
    if not rows:
        return ""
    shown = [
        f"{value_text(est)} [{value_text(low)}, {value_text(high)}]" for _l, est, low, high in rows
    ]
    wrapped = [wrap_text(label, LABEL_WIDTH) for label, *_rest in rows]
    label_width = max(text_width(line) for lines in wrapped for line in lines) + 12
    value_width = max(text_width(text, 13) for text in shown) + 16
    width = label_width + PLOT_WIDTH + value_width
    lowest = min(0.0, *(low for _l, _e, low, _h in rows))
    highest = max(0.0, *(high for _l, _e, _lo, high in rows))
    pad = (highest - lowest) * 0.05 or 1.0
    lowest, highest = lowest - pad, highest + pad
    title_lines = wrap_text(title, width - 8, 16)
    top = len(title_lines) * 19.2 + 12

    def x_of(value: float) -> float:
        return label_width + PLOT_WIDTH * (value - lowest) / (highest - lowest)

    parts = [
        '<text x="4" y="18" font-size="16" font-weight="bold">'
        + "".join(
            f'<tspan x="4" dy="{0 if i == 0 else 19.2}">{escape(line)}</tspan>'
            for i, line in enumerate(title_lines)
        )
        + "</text>"
    ]
    y = top
    for index, ((label, estimate, low, high), lines, text) in enumerate(
        zip(rows, wrapped, shown, strict=True)
    ):
        row = max(36.0, len(lines) * FONT * 1.2 + 14)
        middle = y + row / 2
        colour = PALETTE[index % len(PALETTE)]
        first = middle - (len(lines) - 1) * FONT * 0.6 + FONT * 0.35
        parts.append(
            f'<text x="{label_width - 8:.1f}" y="{first:.1f}" font-size="{FONT}" '
            'text-anchor="end">'
            + "".join(
                f'<tspan x="{label_width - 8:.1f}" dy="{0 if i == 0 else FONT * 1.2}">'
                f"{escape(line)}</tspan>"
                for i, line in enumerate(lines)
            )
            + "</text>"
            f'<line x1="{x_of(low):.1f}" x2="{x_of(high):.1f}" y1="{middle:.1f}" '
            f'y2="{middle:.1f}" stroke="{colour}" stroke-width="3"/>'
            f'<line x1="{x_of(low):.1f}" x2="{x_of(low):.1f}" y1="{middle - 7:.1f}" '
            f'y2="{middle + 7:.1f}" stroke="{colour}" stroke-width="2"/>'
            f'<line x1="{x_of(high):.1f}" x2="{x_of(high):.1f}" y1="{middle - 7:.1f}" '
            f'y2="{middle + 7:.1f}" stroke="{colour}" stroke-width="2"/>'
            f'<rect x="{x_of(estimate) - 6:.1f}" y="{middle - 6:.1f}" width="12" height="12" '
            f'fill="{colour}"><title>{escape(label)}: {escape(text)}</title></rect>'
            f'<text x="{label_width + PLOT_WIDTH + 10:.1f}" y="{middle + 5:.1f}" '
            f'font-size="13">{escape(text)}</text>'
        )
        y += row
    zero = x_of(0.0)
    parts.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 4:.1f}" y2="{y + 4:.1f}" '
        'stroke="#0b0c0c" stroke-width="1" stroke-dasharray="4 3"/>'
        f'<text x="{zero:.1f}" y="{y + 20:.1f}" font-size="13" text-anchor="middle">'
        f"{escape(zero_label)}</text>"
    )
    height = y + 28
    uid = _figure_id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>{"".join(parts)}</svg>'
    )
