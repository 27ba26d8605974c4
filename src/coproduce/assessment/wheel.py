"""The wheel of co-assessment as an SVG picture, showing where an enquiry has got to."""

from __future__ import annotations

import math
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.assessment.models import WheelStage

STAGES = [
    (WheelStage.FOCUSING, gettext_lazy("Co-focussing")),
    (WheelStage.DIRECTING, gettext_lazy("Co-directing")),
    (WheelStage.DETECTING, gettext_lazy("Co-detecting")),
    (WheelStage.JUDGING, gettext_lazy("Co-judging")),
    (WheelStage.EFFECTING, gettext_lazy("Co-effecting")),
]
DONE, NOW, TODO = "#00703c", "#1d70b8", "#f3f2f1"


def _point(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _segment(index: int, cx: float, cy: float, outer: float, inner: float) -> str:
    start = -math.pi / 2 + index * 2 * math.pi / 5 + 0.02
    end = start + 2 * math.pi / 5 - 0.04
    x1, y1 = _point(cx, cy, outer, start)
    x2, y2 = _point(cx, cy, outer, end)
    x3, y3 = _point(cx, cy, inner, end)
    x4, y4 = _point(cx, cy, inner, start)
    return (
        f"M{x1:.1f} {y1:.1f} A{outer} {outer} 0 0 1 {x2:.1f} {y2:.1f} "
        f"L{x3:.1f} {y3:.1f} A{inner} {inner} 0 0 0 {x4:.1f} {y4:.1f} Z"
    )


def wheel_svg(current: str) -> str:
    """Return the five-stage wheel; done stages are ticked, the current one is marked "now"."""
    order = [stage for stage, _label in STAGES]
    position = order.index(WheelStage(current)) if current in order else len(order)
    cx = cy = 170
    parts = []
    for index, (_stage, label) in enumerate(STAGES):
        fill, text_colour, mark = TODO, "#0b0c0c", ""
        if index < position:
            fill, text_colour, mark = DONE, "#ffffff", "✓ "
        elif index == position:
            fill, text_colour, mark = NOW, "#ffffff", "▶ "
        middle = -math.pi / 2 + (index + 0.5) * 2 * math.pi / 5
        tx, ty = _point(cx, cy, 112, middle)
        state = _("done") if index < position else _("now") if index == position else _("to come")
        parts.append(
            f'<path d="{_segment(index, cx, cy, 160, 64)}" fill="{fill}" stroke="#0b0c0c" '
            f'stroke-width="{3 if index == position else 1}"><title>{escape(str(label))}: '
            f"{escape(state)}</title></path>"
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="13" '
            f'font-weight="{"bold" if index == position else "normal"}" fill="{text_colour}">'
            f"{escape(mark + str(label))}</text>"
        )
    centre = (
        _("Complete") if position == len(order) else _("Stage %(n)s of 5") % {"n": position + 1}
    )
    parts.append(
        f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" font-size="15" font-weight="bold">'
        f"{escape(centre)}</text>"
    )
    description = _("The five stages of co-assessment. The enquiry is at: %(stage)s.") % {
        "stage": WheelStage(current).label
    }
    title = _("Wheel of co-assessment")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 340" role="img" '
        'aria-labelledby="wheel-title wheel-desc" font-family="sans-serif">'
        f'<title id="wheel-title">{escape(title)}</title>'
        f'<desc id="wheel-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
