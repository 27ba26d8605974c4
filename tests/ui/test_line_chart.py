"""The line chart: accessible, both series told apart by more than colour, gaps kept."""

from __future__ import annotations

from coproduce.ui.line_chart import line_chart_svg

SCALE = [(1.0, "Not kept"), (3.0, "Partly kept"), (5.0, "Fully kept")]


def test_it_is_an_image_with_a_title_a_description_and_labelled_scale():
    svg = line_chart_svg(
        [("Council rates group", [4, 5]), ("Group rates council", [2, 3])],
        x_labels=["Review 1", "Review 2"],
        y_labels=SCALE,
        title="Ratings <over time>",
        description="Council: 4, 5. Group: 2, 3.",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Ratings &lt;over time&gt;" in svg
    assert "Council: 4, 5. Group: 2, 3." in svg
    assert "Partly kept" in svg and "Review 2" in svg
    assert svg.count("<polyline") == 2 and 'stroke-dasharray="6 4"' in svg
    assert "<circle" in svg and "<rect" in svg  # a marker shape per series


def test_a_missing_rating_breaks_the_line():
    svg = line_chart_svg(
        [("A", [4, None, 5]), ("B", [None, None, 3])],
        x_labels=["1", "2", "3"],
        y_labels=SCALE,
        title="t",
        description="d",
    )
    assert "<polyline" not in svg
    assert svg.count("<circle") == 1 + 2  # the legend's marker and two points


def test_nothing_to_draw_gives_no_figure():
    assert line_chart_svg([], x_labels=[], y_labels=SCALE, title="t", description="d") == ""
