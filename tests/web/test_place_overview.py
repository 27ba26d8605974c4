"""A page for each place: what happens there, from every app, as the reader may see it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coproduce.assessment.models import CloseReason, Report, ReportCategory, ReportStatus
from coproduce.commissioning.models import (
    BallotArea,
    BudgetingRound,
    ProjectResult,
    Proposal,
    ProposalStatus,
    TallyStatus,
)
from coproduce.governance.models import Commitment, CommitmentOwner
from coproduce.initiatives.models import (
    Activity,
    Channel,
    Co,
    Contribution,
    Initiative,
    Lead,
    Mode,
    Origin,
    Stage,
)
from coproduce.places.models import Place
from coproduce.web.selectors import place_overview, places_within

pytestmark = pytest.mark.django_db


def _initiative(council: Any, place: Place, slug: str, visibility: str = "public") -> Initiative:
    initiative = Initiative.objects.create(
        title=f"Initiative {slug}",
        slug=slug,
        summary="…",
        origin=Origin.INSIDE_OUT,
        organisation=council,
        place=place,
        visibility=visibility,
    )
    for co in Co:
        Stage.objects.create(initiative=initiative, co=co, lead=Lead.SHARED)
    return initiative


def _activity(initiative: Initiative, co: str, kind: str, title: str, **extra: Any) -> Activity:
    values: dict[str, Any] = {
        "starts_at": timezone.now() - timedelta(days=1),
        "ends_at": timezone.now() + timedelta(days=10),
    }
    values.update(extra)
    return Activity.objects.create(
        stage=initiative.stages.get(co=co), kind=kind, title=title, **values
    )


class World:
    """Everything that happens in one place, each item named after it."""

    def __init__(self, council: Any, place: Place, name: str, visibility: str = "public") -> None:
        self.initiative = _initiative(council, place, f"{name}-initiative", visibility)
        self.round_activity = _activity(
            self.initiative, Co.COMMISSIONING, "budgeting_round", f"{name} round"
        )
        self.round = BudgetingRound.objects.create(
            activity=self.round_activity, total_budget=10_000_000
        )
        self.area = BallotArea.objects.create(
            round=self.round, place=place, name=f"{name} area", budget=10_000_000
        )
        self.proposal = Proposal.objects.create(
            round=self.round,
            area=self.area,
            title=f"{name} proposal",
            description="…",
            estimated_cost=1_234_500,
            status=ProposalStatus.FEASIBLE,
        )
        self.survey = _activity(self.initiative, Co.ASSESSMENT, "survey", f"{name} survey")
        self.panel = _activity(self.initiative, Co.ASSESSMENT, "scrutiny_panel", f"{name} panel")
        self.commitment = Commitment.objects.create(
            title=f"{name} commitment",
            owner=CommitmentOwner.ORGANISATION,
            organisation=council,
            initiative=self.initiative,
            progress=40,
        )
        for kind, channel in [("survey-response", Channel.ONLINE), ("panel-apply", Channel.PAPER)]:
            Contribution.objects.create(
                activity=self.survey, co=Co.ASSESSMENT, mode=Mode.VOICE, kind=kind, channel=channel
            )
        category = ReportCategory.objects.create(
            organisation=council, code=f"{name}-pothole", name=f"{name} pothole"
        )
        self.report = Report.objects.create(
            category=category, description="…", place=place, lon=0.1, lat=51.1
        )
        self.fixed = Report.objects.create(
            category=category,
            description="…",
            place=place,
            status=ReportStatus.CLOSED,
            close_reason=CloseReason.FIXED,
            closed_at=timezone.now(),
        )
        counted = _activity(
            self.initiative,
            Co.COMMISSIONING,
            "budgeting_round",
            f"{name} last year",
            starts_at=timezone.now() - timedelta(days=400),
            ends_at=timezone.now() - timedelta(days=300),
        )
        last_year = BudgetingRound.objects.create(
            activity=counted, total_budget=10_000_000, tally_status=TallyStatus.DONE
        )
        area = BallotArea.objects.create(round=last_year, place=place, name=name, budget=10_000_000)
        self.funded = Proposal.objects.create(
            round=last_year,
            area=area,
            title=f"{name} funded",
            description="…",
            estimated_cost=1_234_500,
            status=ProposalStatus.FEASIBLE,
        )
        ProjectResult.objects.create(proposal=self.funded, area=area, votes=10, selected=True)
        lost = Proposal.objects.create(
            round=last_year,
            area=area,
            title=f"{name} not funded",
            description="…",
            estimated_cost=1_000,
            status=ProposalStatus.FEASIBLE,
        )
        ProjectResult.objects.create(proposal=lost, area=area, votes=1, selected=False)


def _titles(overview: Any) -> set[str]:
    return (
        {i.title for i in overview.initiatives.items}
        | {r.activity.title for r in overview.rounds}
        | {p.title for p in overview.proposals.items}
        | {f"{r.category.name} {r.status}" for r in overview.reports.items}
        | {c.title for c in overview.commitments.items}
        | {a.title for a, _url in overview.assessments}
        | {r.proposal.title for r in overview.funded.items}
        | {f"{r.category.name} fixed" for r in overview.fixed.items}
    )


NORTH_ITEMS = {
    "Initiative ward-initiative",
    "ward round",
    "ward proposal",
    "ward pothole open",
    "ward pothole closed",
    "ward commitment",
    "ward survey",
    "ward panel",
    "ward funded",
    "ward pothole fixed",
}


@pytest.fixture
def wards(council: Any, city: Any) -> dict[str, World]:
    return {
        "ward": World(council, Place.objects.get(slug="north-ward"), "ward"),
        "south": World(council, Place.objects.get(slug="south"), "south"),
    }


def test_a_place_counts_with_every_place_inside_it(city):
    assert {p.slug for p in places_within(Place.objects.get(slug="north"))} == {
        "north",
        "north-ward",
    }
    assert len(places_within(city)) == 4


def test_each_section_shows_what_happens_in_the_place_and_its_wards_only(wards, anonymous):
    overview = place_overview(Place.objects.get(slug="north"), anonymous)

    assert _titles(overview) == NORTH_ITEMS
    assert overview.proposals.total == 1
    assert overview.reports.total == 2
    assert overview.open_reports == 1
    assert overview.participation == 2
    assert overview.funded.total == 1
    assert overview.funded_amounts == ["£12,345"]
    assert overview.fixed.total == 1


def test_the_city_page_brings_every_district_together(wards, city, anonymous):
    overview = place_overview(city, anonymous)

    assert {p.title for p in overview.proposals.items} == {"ward proposal", "south proposal"}
    assert overview.participation == 4
    assert overview.funded_amounts == ["£24,690"]


def test_no_winner_is_shown_while_voting_is_open(wards, anonymous):
    open_round = wards["ward"].round
    open_round.tally_status = TallyStatus.DONE
    open_round.save(update_fields=["tally_status"])
    ProjectResult.objects.create(
        proposal=wards["ward"].proposal, area=wards["ward"].area, votes=3, selected=True
    )

    funded = place_overview(Place.objects.get(slug="north"), anonymous).funded

    assert [r.proposal.title for r in funded.items] == ["ward funded"]


def test_who_takes_part_is_a_chart_with_its_table_in_words(wards, anonymous):
    charts = place_overview(Place.objects.get(slug="south"), anonymous).participation_charts

    assert len(charts) == 2
    assert all('role="img"' in chart and "<table" in chart for chart in charts)
    assert "Survey answers" in charts[0] and "Applications to panels" in charts[0]
    assert "Online" in charts[1] and "Paper" in charts[1]


def test_members_only_items_are_hidden_from_the_public_and_shown_to_members(
    council, city, anonymous, resident, organiser
):
    north = Place.objects.get(slug="north")
    World(council, north, "private", visibility="members")
    public = _initiative(council, north, "public-initiative")
    _activity(public, Co.ASSESSMENT, "survey", "staff survey", visibility="members")

    for person in (anonymous, resident):
        overview = place_overview(north, person)
        # reports are public whatever initiative they came through, as on the reports list
        seen = {t for t in _titles(overview) if "pothole" not in t}
        assert seen == {"Initiative public-initiative"}
        assert overview.participation == 0
        assert overview.participation_charts == []
        assert overview.funded_amounts == []

    member_sees = _titles(place_overview(north, organiser))
    assert {
        "Initiative private-initiative",
        "private round",
        "private commitment",
        "staff survey",
    } <= member_sees


def test_the_page_shows_every_section_and_keeps_the_follow_button(client, wards):
    response = client.get(reverse("web:place", args=["north"]))

    content = response.content.decode()
    assert response.status_code == 200
    for title in [
        "Initiative ward-initiative",
        "ward round",
        "ward proposal",
        "ward commitment",
        "ward survey",
        "ward funded",
    ]:
        assert title in content
    assert "south" not in content.lower().replace("south</a>", "")
    assert "<circle" in content  # the report on the map
    assert 'aria-valuenow="40"' in content
    assert "follow" in content.lower()


def test_numbers_are_written_the_spanish_way(client, wards, anonymous):
    north = Place.objects.get(slug="north")
    north.population = 12_345
    north.save(update_fields=["population"])
    Contribution.objects.bulk_create(
        Contribution(
            activity=wards["ward"].survey, co=Co.ASSESSMENT, mode=Mode.VOICE, kind="survey-response"
        )
        for _ in range(1_500)
    )
    client.cookies["django_language"] = "es"

    content = client.get(reverse("web:place", args=["north"])).content.decode()

    assert "12\xa0345" in content
    assert "1\xa0502" in content
    assert "£12\xa0345" in content
    with translation.override("es"):
        assert place_overview(north, anonymous).funded_amounts == ["£12\xa0345"]


def test_a_place_with_nothing_still_has_its_page(client, city):
    response = client.get(reverse("web:place", args=["south"]))

    assert response.status_code == 200
    assert b"No budgeting round is open here now." in response.content
    assert b"No project has been funded here yet." in response.content


def _queries(client: Any, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:place", args=[slug])).status_code == 200
    return len(queries)


def test_the_page_answers_in_the_same_number_of_queries_however_much_happens(
    client, council, city, organiser, django_assert_max_num_queries
):
    client.force_login(organiser)
    ward = Place.objects.get(slug="north-ward")
    World(council, ward, "first")
    _queries(client, "north")  # the first request of a session stores it
    few = _queries(client, "north")
    for n in range(15):
        World(council, ward, f"more-{n}")

    assert _queries(client, "north") == few
    with django_assert_max_num_queries(40):
        client.get(reverse("web:place", args=["north"]))


def test_the_demo_citys_place_pages_show_what_happens_there(client, anonymous, shared_data):
    from coproduce.assessment import demo as assessment_demo
    from coproduce.commissioning import demo as commissioning_demo
    from coproduce.web import demo

    city = demo.load()
    commissioning_demo.load(city)
    assessment_demo.load(city)

    for place in Place.objects.all():
        assert client.get(place.get_absolute_url()).status_code == 200
    overview = place_overview(city.city, anonymous)
    assert overview.rounds and overview.proposals.total and overview.reports.total
    assert overview.funded.total and overview.participation_charts
