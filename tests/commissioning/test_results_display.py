"""How results read: charts with whole labels and money as the tables write it, plural
forms, and turnout only against a known electorate (defect 10 of issue 11)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse

from coproduce.commissioning.models import BallotFormat, Phase, Proposal, Rule
from coproduce.commissioning.selectors.results import area_reports
from coproduce.commissioning.services.results import round_tally
from coproduce.methods import pb
from coproduce.methods.pb.explain import sentence

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
LONG = "Resurfacing the towpath between the lock and the old mill, with benches"


def _counted(make_round: Any, ballots_for: Any, votes: list[tuple[str, ...]], **kw: Any) -> Any:
    round_ = make_round(phase=Phase.RESULTS, ballot_format=BallotFormat.APPROVAL, **kw)
    ballots_for(round_, votes)
    round_tally(round_.pk)
    return round_


def _drawn(svg: str) -> list[str]:
    """Return the texts the chart draws (each <text>, its lines joined by spaces)."""
    root = ET.fromstring(svg)
    return [
        " ".join(s.text or "" for s in text.iter(f"{SVG}tspan")) or (text.text or "")
        for text in root.iter(f"{SVG}text")
    ]


def test_chart_labels_are_whole_titles_however_long(make_round: Any, ballots_for: Any) -> None:
    round_ = _counted(make_round, ballots_for, [("A", "B")] * 3)
    Proposal.objects.filter(round=round_, title="Project A").update(title=LONG)
    (report,) = area_reports(round_)
    assert f"✓ {LONG}" in _drawn(report.votes_chart)
    assert f"✓ {LONG}" in _drawn(report.cost_chart)


def test_costs_in_charts_are_written_with_the_currency_as_in_the_table(
    client: Any, make_round: Any, ballots_for: Any
) -> None:
    round_ = _counted(
        make_round,
        ballots_for,
        [("A",)] * 3,
        costs=(4_199_950, 4_200_000),
        total_budget=10_000_000,
    )
    (report,) = area_reports(round_)
    drawn = _drawn(report.cost_chart)
    assert "£41,999.50" in drawn and "£42,000" in drawn
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "GBP" not in page and page.count("£41,999.50") >= 2


def test_each_chart_has_a_visible_title(make_round: Any, ballots_for: Any) -> None:
    round_ = _counted(make_round, ballots_for, [("A",)] * 2)
    (report,) = area_reports(round_)
    for svg, title in (
        (report.votes_chart, "Votes per project in Park budget (✓ marks winners)"),
        (report.cost_chart, "Cost per project in Park budget (✓ marks winners)"),
    ):
        heading = next(
            t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("font-weight") == "bold"
        )
        assert " ".join(s.text or "" for s in heading.iter(f"{SVG}tspan")) == title


def test_a_project_with_one_supporter_reads_in_the_singular(
    client: Any, make_round: Any, ballots_for: Any
) -> None:
    round_ = _counted(
        make_round, ballots_for, [("A",), ("B",)], rule=Rule.EQUAL_SHARES, costs=(40_000, 30_000)
    )
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "its only supporter" in page and "its 1 supporters" not in page
    assert "from 2 ballots." in page


def test_the_methods_library_writes_one_supporter_in_the_singular() -> None:
    election = pb.election_from_data(
        budget=100,
        projects=[{"id": "a", "cost": 60}, {"id": "b", "cost": 40}],
        ballots=[["a"], ["b"], ["a"]],
        vote_type="approval",
    )
    outcome = pb.tally(election, rule="equal-shares", completion=None, comparison="none")
    texts = {pid: sentence(election, why) for pid, why in pb.explain(election, outcome).items()}
    assert "its only supporter" in texts["b"] and "1 supporters" not in texts["b"]
    assert "its 2 supporters" in texts["a"]


def test_turnout_is_shown_only_against_a_known_electorate_and_never_as_zero() -> None:
    from coproduce.commissioning.selectors.results import turnout_text

    assert turnout_text(6, None) == ""
    assert turnout_text(0, 500) == ""
    assert turnout_text(6, 1_000_000) == "Turnout: less than 0.01% of 1,000,000 residents."
    assert turnout_text(6, 50_000) == "Turnout: 0.01% of 50,000 residents."
    assert turnout_text(123, 1_000) == "Turnout: 12.3% of 1,000 residents."


def test_the_results_page_never_says_zero_turnout(
    client: Any, make_round: Any, ballots_for: Any, city: Any
) -> None:
    city.population = 2_000_000
    city.save(update_fields=["population"])
    round_ = _counted(make_round, ballots_for, [("A",)] * 3)
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "0.00%" not in page and "less than 0.01%" in page
    city.population = None
    city.save(update_fields=["population"])
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "Turnout" not in page and "from 3 ballots." in page
