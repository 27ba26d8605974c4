"""Who benefits: the registry, the Co apps' sources on stored rows, the page's numbers (equal
to the methods library's), thresholds and outreach actions, and who may set them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from coproduce.audit.models import AuditEvent
from coproduce.initiatives import benefits as registry
from coproduce.initiatives.benefit_selectors import (
    alerts_for_place,
    area_quintile,
    benefits_picture,
)
from coproduce.initiatives.benefits import Period, benefit_source
from coproduce.initiatives.models import (
    BenefitAlert,
    BenefitThreshold,
    GroupKind,
    OutreachAction,
)
from coproduce.methods.stats.benefits import BenefitGroup, benefit_shares, concentration_index
from coproduce.places.models import Place, PopulationGroup

TODAY = date(2026, 6, 1)
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def test_the_co_apps_register_their_sources_and_an_unknown_one_is_refused():
    keys = {s.key for s in registry.benefit_sources()}
    assert {"money-funded", "reports-fixed", "days-to-fix", "volunteer-hours"} <= keys
    with pytest.raises(registry.UnknownBenefitSource):
        benefit_source("nothing-such")


def test_a_period_is_followed_by_one_of_the_same_length():
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    assert period.following() == Period(date(2026, 1, 1), date(2026, 12, 31))


def test_an_area_takes_the_quintile_most_of_its_people_live_in():
    assert area_quintile({"deprivation_quintile": {"1": 5, "2": 9, "3": 9}}) == "2"
    assert area_quintile({"age_band": {"16-24": 4}}) is None


def test_the_picture_rolls_wards_up_to_their_area_and_equals_the_maths(profiled, test_source):
    picture = benefits_picture(profiled, test_source, YEAR, threshold=Decimal("0.8"))
    expected = benefit_shares(
        [BenefitGroup("north", 500, (10.0, 20.0)), BenefitGroup("south", 500, (30.0, 40.0, 50.0))]
    )
    assert [r.figures for r in picture.by_area] == expected
    assert [r.key for r in picture.by_quintile] == ["1", "5"]
    assert picture.elsewhere_units == 1
    north = picture.row(GroupKind.PLACE, "north")
    assert north is not None and north.figures.ratio == pytest.approx(0.4)
    assert north.under_served and picture.row(GroupKind.QUINTILE, "1").under_served
    assert not picture.row(GroupKind.QUINTILE, "5").under_served
    assert picture.concentration == pytest.approx(concentration_index([0.06, 0.24], [500, 500]))


def test_the_page_shows_the_numbers_of_the_maths(client, profiled, test_source):
    BenefitThreshold.objects.create(place=profiled, source="test-grants", minimum_ratio="0.80")
    response = client.get(reverse("web:benefits"), {"place": "testford", "period": "this-year"})
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('id="table-test-grants-quintile"') :]
    rows = re.findall(r'data-group="(\d)".*?data-ratio>([^<]+)<', table, flags=re.S)[:2]
    assert rows == [("1", number_format(0.4, 2)), ("5", number_format(1.6, 2))]
    assert "Under-served (representation ratio below 0.80)" in html
    assert number_format(concentration_index([0.06, 0.24], [500, 500]), 3) in html


def test_the_co_sources_read_stored_rows(profiled, council, activity_in, make_person):
    from coproduce.assessment.models import Report, ReportCategory
    from coproduce.delivery.models import Opportunity, Role, Shift, SignUp

    ward = Place.objects.get(slug="north-ward")
    category = ReportCategory.objects.create(
        organisation=council, name="Potholes", code="potholes", place=profiled
    )
    now = timezone.now()
    for days_ago, took in ((10, 2), (20, 6), (400, 1)):
        Report.objects.create(
            category=category,
            description="A hole.",
            place=ward,
            status="closed",
            close_reason="fixed",
            created_at=now - timedelta(days=days_ago + took),
            closed_at=now - timedelta(days=days_ago),
        )
    period = Period(timezone.localdate() - timedelta(days=100), timezone.localdate())
    fixed = benefit_source("reports-fixed").units_by_place(period)
    assert fixed == {ward.pk: [1.0, 1.0]}
    days = sorted(benefit_source("days-to-fix").units_by_place(period)[ward.pk])
    assert days == pytest.approx([2.0, 6.0])

    activity = activity_in("delivery", "volunteering")
    opportunity = Opportunity.objects.create(
        activity=activity, approach="co_implementing", place=ward
    )
    role = Role.objects.create(opportunity=opportunity, name="Litter pick")
    shift = Shift.objects.create(
        opportunity=opportunity,
        role=role,
        starts_at=now - timedelta(days=3, hours=3),
        ends_at=now - timedelta(days=3),
        capacity=3,
    )
    for index, minutes in enumerate((90, 180)):
        SignUp.objects.create(
            shift=shift,
            person=make_person(f"v{index}"),
            status="confirmed",
            minutes=minutes,
            confirmed_at=now,
        )
    hours = benefit_source("volunteer-hours").units_by_place(period)
    assert hours == {ward.pk: [1.5, 3.0]}


def test_money_funded_counts_winning_projects_by_the_date_results_began(profiled, activity_in):
    from coproduce.commissioning.models import (
        AreaResult,
        Phase,
        ProjectResult,
        Proposal,
        ProposalStatus,
    )
    from coproduce.commissioning.services.rounds import AreaSpec, round_create
    from coproduce.initiatives.models import ActivityPhase

    north = Place.objects.get(slug="north")
    activity = activity_in("commissioning", "budgeting_round", eligible_place=profiled)
    round_ = round_create(
        activity=activity,
        actor=None,
        total_budget=200_000,
        areas=(AreaSpec("North", 100_000, north), AreaSpec("Everywhere", 100_000, None)),
    )
    decided = timezone.now() - timedelta(days=30)
    ActivityPhase.objects.create(activity=activity, key=Phase.RESULTS, starts_at=decided)
    for area in round_.areas.all():
        AreaResult.objects.create(area=area, rule="greedy", ballots=10, funded=0)
        for cost, won in ((40_000, True), (25_000, True), (90_000, False)):
            proposal = Proposal.objects.create(
                round=round_,
                area=area,
                title="P",
                description="P",
                estimated_cost=cost,
                status=ProposalStatus.FEASIBLE,
            )
            ProjectResult.objects.create(proposal=proposal, area=area, votes=5, selected=won)
    money = benefit_source("money-funded")
    recent = Period(timezone.localdate() - timedelta(days=60), timezone.localdate())
    assert sorted(money.units_by_place(recent)[north.pk]) == [250.0, 400.0]
    assert money.units_by_place(recent.following()) == {}


# Thresholds and outreach: who may, and what a refusal leaves.


def _threshold_post(client: Any, ratio: str = "0.90") -> Any:
    url = reverse("initiatives:benefit_threshold", args=["testford", "test-grants"])
    return client.post(url, {"test-grants-minimum_ratio": ratio, "period": "this-year"})


def _outreach_post(client: Any, group: str = "1", what: str = "Drop-in sessions") -> Any:
    today = timezone.localdate()
    url = reverse("initiatives:outreach_action", args=["testford", "test-grants"])
    return client.post(
        url,
        {
            "group_kind": "quintile",
            "group": group,
            "period_start": date(today.year, 1, 1).isoformat(),
            "period_end": today.isoformat(),
            "what": what,
            "done_on": today.isoformat(),
            "done_by": "Community team",
            "period": "this-year",
        },
    )


def test_a_resident_an_anonymous_visitor_and_staff_without_second_factor_set_nothing(
    client, profiled, council, test_source, resident, organiser
):
    assert _threshold_post(client).status_code == 302  # to the sign-in page
    client.force_login(resident)
    assert _threshold_post(client).status_code == 403
    assert _outreach_post(client).status_code == 403
    client.force_login(organiser)  # no second factor: sent to set one up
    assert "/accounts/2fa/" in _threshold_post(client)["Location"]
    assert not BenefitThreshold.objects.exists()
    assert not OutreachAction.objects.exists() and not BenefitAlert.objects.exists()


def test_staff_set_a_threshold_and_log_outreach_against_a_flagged_group(
    client, profiled, council, test_source, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    assert _threshold_post(client, "0.90").status_code == 302
    threshold = BenefitThreshold.objects.get()
    assert (threshold.minimum_ratio, threshold.set_by) == (Decimal("0.90"), organiser)
    assert AuditEvent.objects.filter(action="benefits.threshold_set").exists()

    assert _outreach_post(client, group="1").status_code == 302
    action = OutreachAction.objects.get()
    assert (action.what, action.done_by, action.logged_by) == (
        "Drop-in sessions",
        "Community team",
        organiser,
    )
    assert (action.alert.group_kind, action.alert.group) == ("quintile", "1")
    assert AuditEvent.objects.filter(action="benefits.outreach_logged").exists()
    (view,) = alerts_for_place(profiled)
    assert view.then is not None and view.then.figures.ratio == pytest.approx(0.4)
    assert view.actions == [action]
    page = client.get(reverse("web:benefits"), {"place": "testford"}).content.decode()
    assert "Drop-in sessions" in page


def test_bad_input_and_a_group_that_is_not_under_served_change_nothing(
    client, profiled, council, test_source, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    response = _threshold_post(client, "7")
    assert "between 0.01 and 2" in str(list(response.wsgi_request._messages))
    assert not BenefitThreshold.objects.exists()
    _outreach_post(client)  # no threshold yet
    _threshold_post(client, "0.80")
    response = _outreach_post(client, group="5")  # quintile 5 is over-served
    assert "not under-served" in str(list(response.wsgi_request._messages))
    _outreach_post(client, what="   ")
    assert not OutreachAction.objects.exists() and not BenefitAlert.objects.exists()


def test_a_median_source_takes_no_threshold(
    client, profiled, council, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    url = reverse("initiatives:benefit_threshold", args=["testford", "days-to-fix"])
    client.post(url, {"days-to-fix-minimum_ratio": "0.8"})
    assert not BenefitThreshold.objects.exists()


def test_the_page_reads_the_same_number_of_queries_whatever_the_number_of_areas(
    client, profiled, test_source
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("web:benefits"), {"place": "testford"})
        return len(queries)

    before = count()
    for slug in ("east", "west"):
        east = Place.objects.create(name=slug, slug=slug, kind="district", parent=profiled)
        PopulationGroup.objects.create(
            place=east, dimension="deprivation_quintile", category="2", count=100
        )
    assert count() == before
