"""SVG figures are well-formed and accessible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coproduce.methods.opinions import analyse
from coproduce.methods.opinions.figures import opinion_map_svg, statement_votes_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_opinion_map_has_a_title_a_description_points_and_hulls(load_export) -> None:
    result = analyse(load_export("brexit-consensus").conversation)
    root = ET.fromstring(opinion_map_svg(result, title="Brexit <consensus>"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Brexit <consensus>"
    description = root.find(f"{SVG}desc").text
    assert f"{result.n_groups} opinion groups" in description
    assert len(root.findall(f".//{SVG}circle")) == len(result.clustered)
    assert len(root.findall(f".//{SVG}polygon")) == result.n_groups
    verb, share = result.repness[0][0].display()
    assert f"{round(share * 100)}% {verb}" in description


def test_a_huge_map_draws_a_bounded_number_of_points() -> None:
    from coproduce.methods.opinions.synthetic import planted_conversation

    conversation, _ = planted_conversation(n_participants=5000, n_statements=40, density=0.5)
    root = ET.fromstring(opinion_map_svg(analyse(conversation)))
    assert len(root.findall(f".//{SVG}circle")) == 3000


def test_the_bar_chart_describes_each_groups_votes(load_export) -> None:
    result = analyse(load_export("scoop-hivemind.ubi").conversation)
    statement = result.consensus["agree"][0].statement
    root = ET.fromstring(statement_votes_svg(result, statement))
    description = root.find(f"{SVG}desc").text
    assert description.count("agree") >= result.n_groups
    assert "Group A" in description
    with pytest.raises(KeyError):
        statement_votes_svg(result, 10**9)
