"""Initiatives, activities, eligibility, visibility, lineage and the ledger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.governance.services import commitment_create
from coproduce.initiatives.models import ActivityState, Co, LineageKind, Mode, Visibility
from coproduce.initiatives.selectors import (
    activities_for_user,
    eligibility_for,
    initiatives_for_user,
    lineage_of,
    participation_summary,
)
from coproduce.initiatives.services import contribution_record, lineage_link
from coproduce.places.models import Place, Residency

pytestmark = pytest.mark.django_db


def test_an_activity_is_upcoming_then_open_then_closed(activity_in):
    now = timezone.now()
    activity = activity_in(Co.DESIGN, "workshop", starts_at=now, ends_at=now + timedelta(days=1))
    assert activity.state_at(now - timedelta(seconds=1)) == ActivityState.UPCOMING
    assert activity.state_at(now) == ActivityState.OPEN
    assert activity.state_at(now + timedelta(days=1)) == ActivityState.CLOSED


@pytest.mark.parametrize(
    ("born", "ok"), [(date(2000, 1, 1), True), (date(2015, 1, 1), False), (None, False)]
)
def test_age_limits_are_checked_on_the_day(activity_in, make_person, born, ok):
    activity = activity_in(Co.COMMISSIONING, "budgeting_round", min_age=16)
    person = make_person("p", date_of_birth=born)
    assert eligibility_for(person, activity, on=date(2026, 11, 29)).ok is ok


def test_residents_of_a_ward_are_residents_of_its_district_and_city(activity_in, resident):
    north = Place.objects.get(slug="north")
    activity = activity_in(Co.COMMISSIONING, "budgeting_round", eligible_place=north)
    verdict = eligibility_for(resident, activity, on=date(2026, 1, 1))
    assert not verdict.ok and "North" in verdict.reason
    Residency.objects.create(
        person=resident, place=Place.objects.get(slug="north-ward"), method="staff"
    )
    assert eligibility_for(resident, activity, on=date(2026, 1, 1)).ok
    south_activity = activity_in(
        Co.COMMISSIONING, "survey", eligible_place=Place.objects.get(slug="south")
    )
    assert not eligibility_for(resident, south_activity, on=date(2026, 1, 1)).ok


def test_anonymous_visitors_are_asked_to_sign_in(activity_in, anonymous):
    activity = activity_in(Co.DESIGN, "workshop")
    assert (
        eligibility_for(anonymous, activity, on=date(2026, 1, 1)).reason == "Sign in to take part."
    )


def test_members_only_initiatives_are_hidden_from_others(
    initiative, organiser, resident, anonymous
):
    initiative.visibility = Visibility.MEMBERS
    initiative.save(update_fields=["visibility"])
    assert initiative in initiatives_for_user(organiser)
    assert initiative not in initiatives_for_user(resident)
    assert initiative not in initiatives_for_user(anonymous)


def test_hidden_activities_404_for_outsiders(client, activity_in, resident):
    activity = activity_in(Co.DESIGN, "workshop", visibility=Visibility.MEMBERS)
    assert activity not in activities_for_user(resident)
    client.force_login(resident)
    assert client.get(reverse("web:activity", args=[activity.pk])).status_code == 404


def test_a_lineage_link_shows_on_both_items(client, activity_in, council, initiative):
    reports = activity_in(Co.ASSESSMENT, "report_channel", title="Street reports")
    commitment = commitment_create(
        title="Fix the crossing",
        organisation=council,
        owner="organisation",
        actor=None,
        initiative=initiative,
    )
    lineage_link(source=reports, target=commitment, kind=LineageKind.LED_TO)
    assert [e.item for e in lineage_of(commitment).origins] == [reports]
    assert [e.item for e in lineage_of(reports).outcomes] == [commitment]
    commitment_page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Street reports" in commitment_page
    activity_page = client.get(reports.get_absolute_url()).content.decode()
    assert "Fix the crossing" in activity_page


def test_linking_twice_keeps_one_link_and_self_links_are_refused(activity_in, initiative):
    a = activity_in(Co.DESIGN, "workshop")
    lineage_link(source=a, target=initiative, kind=LineageKind.LED_TO)
    lineage_link(source=a, target=initiative, kind=LineageKind.LED_TO)
    assert len(lineage_of(initiative).origins) == 1
    with pytest.raises(ValueError):
        lineage_link(source=a, target=a, kind=LineageKind.LED_TO)


def test_the_ledger_counts_by_co_mode_and_channel(activity_in, resident, organiser):
    survey = activity_in(Co.ASSESSMENT, "survey")
    shifts = activity_in(Co.DELIVERY, "volunteering")
    contribution_record(person=resident, activity=survey, kind="response", mode=Mode.VOICE)
    contribution_record(
        person=None,
        activity=survey,
        kind="response",
        mode=Mode.VOICE,
        channel="paper",
        recorded_by=organiser,
    )
    contribution_record(person=resident, activity=shifts, kind="shift", mode=Mode.ACTION)
    summary = participation_summary()
    assert summary["assessment"] == {"voice": 2, "online": 1, "paper": 1, "total": 2}
    assert summary["delivery"]["action"] == 1


def test_the_initiative_page_shows_the_four_stages_in_cycle_order(client, initiative, activity_in):
    activity_in(Co.DELIVERY, "volunteering", title="Park volunteers")
    page = client.get(reverse("web:initiative", args=[initiative.slug])).content.decode()
    positions = [
        page.index(label)
        for label in ("Co-commissioning", "Co-design", "Co-delivery", "Co-assessment")
    ]
    assert positions == sorted(positions)
    assert "Park volunteers" in page


def test_the_participation_profile_compares_participants_with_the_population(
    city, activity_in, make_person
):
    from coproduce.accounts.services import demographics_give
    from coproduce.initiatives.selectors import participation_profile
    from coproduce.places.models import PopulationGroup

    PopulationGroup.objects.create(place=city, dimension="sex", category="female", count=500)
    PopulationGroup.objects.create(place=city, dimension="sex", category="male", count=500)
    survey = activity_in(Co.ASSESSMENT, "survey")
    for n in range(8):
        person = make_person(f"p{n}")
        demographics_give(person=person, values={"sex": "female" if n < 6 else "male"})
        contribution_record(person=person, activity=survey, kind="response", mode=Mode.VOICE)
        contribution_record(person=person, activity=survey, kind="response", mode=Mode.VOICE)
    female, male = participation_profile(city)["sex"]
    assert (female.participants, female.participant_share, female.population_share) == (
        6,
        0.75,
        0.5,
    )
    assert female.ratio == 1.5
    assert male.participants is None and male.ratio is None  # 2 people: suppressed


def test_the_participation_page_flags_under_represented_groups(
    client, city, activity_in, make_person
):
    from coproduce.accounts.services import demographics_give
    from coproduce.places.models import PopulationGroup

    for band, count in (("16-34", 300), ("35-64", 400), ("65+", 300)):
        PopulationGroup.objects.create(place=city, dimension="age_band", category=band, count=count)
    survey = activity_in(Co.ASSESSMENT, "survey")
    for n in range(12):
        person = make_person(f"p{n}")
        demographics_give(person=person, values={"age_band": "65+" if n < 6 else "35-64"})
        contribution_record(person=person, activity=survey, kind="response", mode=Mode.VOICE)
    page = client.get(reverse("web:participation"), {"place": city.slug}).content.decode()
    assert "Participants compared with the population, by age band" in page
    warning = page.split("govuk-warning-text__text")[1].split("</strong>")[0]
    assert "Age band: 16 to 34" in warning and "65 and over" not in warning
    assert "age_band" not in page and "16-34" not in page
