"""SVG charts: titled, every mark and text inside the view box, long labels wrapped whole."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from coproduce.ui.figures import bar_chart_svg, paired_bar_chart_svg, text_width, wrap_text

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Resurfacing the towpath between the lock and the old mill, with benches"


def _parse(svg: str) -> tuple[ET.Element, float, float]:
    root = ET.fromstring(svg)
    _x, _y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    return root, width, height


def _texts(root: ET.Element) -> list[tuple[float, float, str, str, float]]:
    """Return (x, baseline, anchor, text, size) for each line of text drawn."""
    drawn = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.attrib["font-size"])
        anchor = text.attrib.get("text-anchor", "start")
        spans = list(text.iter(f"{SVG}tspan"))
        y = float(text.attrib["y"])
        if not spans:
            drawn.append((float(text.attrib["x"]), y, anchor, text.text or "", size))
        for span in spans:
            y += float(span.attrib.get("dy", 0))
            drawn.append((float(span.attrib["x"]), y, anchor, span.text or "", size))
    return drawn


def _assert_inside(svg: str) -> None:
    root, width, height = _parse(svg)
    for x, y, anchor, text, size in _texts(root):
        left = x - text_width(text, size) if anchor == "end" else x
        right = x if anchor == "end" else x + text_width(text, size)
        assert left >= 0 and right <= width, (text, left, right, width)
        assert y - size >= 0 and y <= height, (text, y, height)
    for rect in root.iter(f"{SVG}rect"):
        assert float(rect.attrib["x"]) >= 0 and float(rect.attrib["y"]) >= 0
        assert float(rect.attrib["x"]) + float(rect.attrib["width"]) <= width
        assert float(rect.attrib["y"]) + float(rect.attrib["height"]) <= height


def _labels(svg: str) -> list[str]:
    """Return each bar's label as drawn, its lines joined."""
    root, _w, _h = _parse(svg)
    return [
        " ".join(span.text or "" for span in text.iter(f"{SVG}tspan"))
        for text in root.iter(f"{SVG}text")
        if text.attrib.get("text-anchor") == "end"
    ]


def test_the_first_mark_and_every_label_and_value_stay_inside_the_view_box() -> None:
    svg = bar_chart_svg(
        [(f"✓ {LONG}", 4_199_950.0), ("✓ Play area", 3_000_000.0), ("Bins", 5.0)],
        title="Cost per project in North (✓ marks winners)",
        description="…",
        value_text=lambda pence: f"£{pence / 100:,.2f}",
    )
    _assert_inside(svg)


def test_long_labels_wrap_onto_several_lines_and_are_never_cut() -> None:
    svg = bar_chart_svg([(LONG, 3.0), ("Short", 1.0)], title="Votes", description="d")
    assert _labels(svg) == [LONG, "Short"]
    assert "…" not in svg
    root, _w, _h = _parse(svg)
    first = next(t for t in root.iter(f"{SVG}text") if t.attrib.get("text-anchor") == "end")
    assert len(list(first.iter(f"{SVG}tspan"))) >= 2


def test_a_word_longer_than_the_column_is_broken_not_dropped() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenhalterung" * 2
    lines = wrap_text(word, 120)
    assert "".join(lines) == word and len(lines) > 1
    assert all(text_width(line) <= 120 for line in lines)


def test_every_chart_shows_its_title_as_a_heading_not_only_to_screen_readers() -> None:
    for svg in (
        bar_chart_svg([("A", 1.0)], title="Voters by channel", description="A: 1"),
        paired_bar_chart_svg(
            [(LONG, 0.2, 0.3), ("Over 65", None, 0.1)],
            series=("Participants", "Population"),
            title="Participants compared with the population, by age",
            description="…",
        ),
    ):
        root, _w, _h = _parse(svg)
        title = root.find(f"{SVG}title")
        assert title is not None
        heading = next(t for t in root.iter(f"{SVG}text") if t.attrib.get("font-weight") == "bold")
        assert " ".join(s.text or "" for s in heading.iter(f"{SVG}tspan")) == title.text
        _assert_inside(svg)


def test_values_are_written_as_the_caller_writes_them() -> None:
    svg = bar_chart_svg(
        [("A", 4_199_950.0)], title="Cost", description="…", value_text=lambda v: "£41,999.50"
    )
    assert ">£41,999.50</text>" in svg and "e+06" not in svg


def test_plain_values_are_grouped_numbers_not_scientific_notation() -> None:
    svg = bar_chart_svg([("A", 1_234_567.0)], title="Votes", description="…")
    assert ">1,234,567</text>" in svg


def test_a_chart_figure_carries_its_figures_as_a_table_beside_it() -> None:
    from coproduce.ui.figures import bar_chart_figure, paired_bar_chart_figure

    html = bar_chart_figure(
        [(LONG, 1_200.0), ("Bins", 5.0)],
        title="Votes per project",
        description="d",
        headers=("Project", "Votes"),
    )
    svg, table = html.split("</svg>", 1)
    _assert_inside(svg + "</svg>")
    assert "Show the figures as a table" in table and "<caption" in table
    assert f'<th scope="row" class="govuk-table__header">{LONG}</th>' in table
    assert ">1,200</td>" in table and ">5</td>" in table
    paired = paired_bar_chart_figure(
        [("Over 65", None, 0.25)],
        series=("Participants", "Population"),
        title="Who took part",
        description="d",
        label_header="Age",
    )
    assert ">–</td>" in paired and ">25%</td>" in paired and ">Population</th>" in paired


def test_a_map_is_an_image_with_nothing_to_press_inside_and_its_links_beside_it():
    from coproduce.ui.figures import MapShape, area_map_svg

    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    shifted = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    html = area_map_svg(
        [MapShape("North & Co", square, "/places/north/"), MapShape("South", shifted)],
        title="Map",
        description="Two areas.",
    )
    svg, links = html.split("</svg>")
    assert 'role="img"' in svg
    assert "<a " not in svg
    assert links == (
        '<ul class="govuk-list cp-map-links">'
        '<li><a class="govuk-link" href="/places/north/">North &amp; Co</a></li></ul>'
    )
    without_links = area_map_svg([MapShape("South", shifted)], title="Map", description="One.")
    assert without_links.endswith("</svg>")
