"""An indicator's chart: its measurements over time from the baseline, with the target as
a second (dashed) line. Drawn by ``ui.line_chart`` and always shown beside a table."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from coproduce.evaluation.models import Indicator
from coproduce.evaluation.selectors import IndicatorRecord
from coproduce.ui.line_chart import line_chart_svg

TICKS = 5


def number_text(value: float) -> str:
    """A value as people write it: no trailing zeros, thousands grouped."""
    text = formats.number_format(round(value, 2), decimal_pos=2, use_l10n=True, force_grouping=True)
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return text


def _scale(values: list[float]) -> list[tuple[float, str]]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = (high - low) / (TICKS - 1)
    return [(low + n * step, number_text(low + n * step)) for n in range(TICKS)]


def indicator_chart(record: IndicatorRecord) -> str:
    """Return the SVG, or "" when there is nothing to draw."""
    indicator: Indicator = record.indicator
    points = list(record.points)
    base, base_date = indicator.baseline_value, indicator.baseline_date
    if base is not None and base_date is not None and (not points or base_date < points[0][0]):
        points.insert(0, (base_date, base))
    if not points:
        return ""
    values = [v for _, v in points]
    series: list[tuple[str, list[float | None]]] = [(_("Measured"), list(values))]
    if indicator.target_value is not None:
        series.append((_("Target"), [indicator.target_value] * len(points)))
        values.append(indicator.target_value)
    description = _(
        "%(name)s from %(first)s to %(last)s: %(start)s, then %(end)s; target %(target)s. "
        "The same figures are in the table below."
    ) % {
        "name": indicator.name,
        "first": formats.date_format(points[0][0], "SHORT_DATE_FORMAT"),
        "last": formats.date_format(points[-1][0], "SHORT_DATE_FORMAT"),
        "start": number_text(points[0][1]),
        "end": number_text(points[-1][1]),
        "target": number_text(indicator.target_value)
        if indicator.target_value is not None
        else _("none"),
    }
    return line_chart_svg(
        series,
        x_labels=[formats.date_format(d, "M Y") for d, _ in points],
        y_labels=_scale(values),
        title=indicator.name,
        description=description,
    )
