"""The interval chart: one row per estimate, zero always shown, every mark in the view box."""

from __future__ import annotations

import re

from coproduce.ui.interval_chart import interval_chart_svg


def _chart(rows: list[tuple[str, float, float, float]]) -> str:
    return interval_chart_svg(
        rows,
        title="Effect of the letters",
        description="Each letter against no letter.",
        value_text=lambda v: f"{v:.1f}",
        zero_label="0: no difference",
    )


def test_nothing_to_draw_gives_no_chart() -> None:
    assert _chart([]) == ""


def test_it_draws_each_estimate_with_its_interval_and_a_zero_line() -> None:
    svg = _chart([("Letter B against A", 12.5, 4.0, 21.0), ("Letter C against A", 3.0, -2.0, 8.0)])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "12.5 [4.0, 21.0]" in svg and "3.0 [-2.0, 8.0]" in svg
    assert "0: no difference" in svg and 'stroke-dasharray="4 3"' in svg
    width, height = (float(v) for v in re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    xs = [float(x) for x in re.findall(r'\bx[12]?="(-?[\d.]+)"', svg)]
    assert min(xs) >= 0 and max(xs) <= width
    ys = [float(y) for y in re.findall(r'\by[12]?="(-?[\d.]+)"', svg)]
    assert min(ys) >= 0 and max(ys) <= height


def test_zero_is_on_the_scale_even_when_every_interval_is_above_it() -> None:
    svg = _chart([("B", 30.0, 20.0, 40.0)])
    zero_x = float(
        re.search(
            r'<line x1="([\d.]+)" x2="\1" y1="[\d.]+" y2="[\d.]+" stroke="#0b0c0c"', svg
        ).group(1)
    )
    low_x = float(
        re.search(
            r'<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" '
            r'stroke="#1d70b8" stroke-width="3"',
            svg,
        ).group(1)
    )
    assert zero_x < low_x
