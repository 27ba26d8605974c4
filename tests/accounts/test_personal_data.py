"""Personal data is whole: every app's rows are exported and erased, and none is forgotten."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import models
from django.test.utils import isolate_apps

from coproduce.accounts.personal_data import person_references, uncovered_fields
from coproduce.accounts.services import person_delete, person_export

pytestmark = pytest.mark.django_db


def test_every_reference_to_a_person_is_covered_by_an_export_and_erase_hook() -> None:
    assert person_references(), "the walk found no reference to Person at all"
    assert uncovered_fields() == set()


@isolate_apps("coproduce.assessment")
def test_a_new_model_holding_a_person_without_a_hook_is_caught() -> None:
    from coproduce.accounts.models import Person

    class Diary(models.Model):
        writer = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "assessment"

    assert uncovered_fields([Diary]) == {"assessment.Diary.writer"}


@pytest.fixture
def busy_resident(resident: Any, activity_in: Any, council: Any, city: Any) -> Any:
    """A resident who proposed, supported, reported, rated, answered, sat on a panel…"""
    from coproduce.accounts.following import follow_start
    from coproduce.accounts.notifications import notify
    from coproduce.api.models import ApiToken
    from coproduce.assessment.models import (
        Panel,
        PanelMember,
        Rating,
        Report,
        ReportCategory,
        ReportSupport,
        Survey,
        SurveyResponse,
    )
    from coproduce.commissioning.models import (
        PriorityExercise,
        PriorityResponse,
        Proposal,
        ProposalSupport,
    )
    from coproduce.commissioning.services.rounds import round_create
    from coproduce.governance.models import Commitment
    from coproduce.places.models import Residency

    round_ = round_create(
        activity=activity_in("commissioning", "budgeting_round"), actor=None, total_budget=1000
    )
    proposal = Proposal.objects.create(
        round=round_,
        area=round_.areas.get(),
        title="Benches by the pond",
        description="Three benches.",
        estimated_cost=500,
        author=resident,
    )
    ProposalSupport.objects.create(proposal=proposal, person=resident)
    exercise = PriorityExercise.objects.create(
        activity=activity_in("commissioning", "priority_setting"), total=100, step=10
    )
    PriorityResponse.objects.create(exercise=exercise, person=resident, allocations={"1": 100})
    category = ReportCategory.objects.create(organisation=council, code="potholes", name="Pothole")
    report = Report.objects.create(
        category=category,
        description="A deep pothole",
        reporter=resident,
        contact_name="Rita Resident",
        contact_email="rita@example.org",
    )
    ReportSupport.objects.create(report=report, person=resident)
    Rating.objects.create(organisation=council, score=4, comment="Quick fix", person=resident)
    survey = Survey.objects.create(activity=activity_in("assessment", "survey"))
    SurveyResponse.objects.create(survey=survey, person=resident, once_key=resident.pk)
    panel = Panel.objects.create(activity=activity_in("assessment", "scrutiny_panel"))
    PanelMember.objects.create(panel=panel, person=resident, role="citizen", status="selected")
    commitment = Commitment.objects.create(
        title="Fix it", owner="organisation", organisation=council
    )
    follow_start(person=resident, target=commitment)
    notify(resident, subject="Your report moved", body="It is fixed.")
    ApiToken.objects.create(person=resident, name="my script", token_hash="x" * 64)
    Residency.objects.create(person=resident, place=city, method="staff")
    return resident


def test_the_export_holds_what_the_person_did_in_every_app(busy_resident: Any) -> None:
    data = json.loads(json.dumps(person_export(busy_resident)))
    assert data["account"]["email"] == busy_resident.email
    assert [p["title"] for p in data["commissioning"]["proposals"]] == ["Benches by the pond"]
    assert [s["proposal"] for s in data["commissioning"]["supports"]] == ["Benches by the pond"]
    assert data["commissioning"]["priorities"][0]["allocations"] == {"1": 100}
    assert data["assessment"]["reports"][0]["contact_email"] == "rita@example.org"
    assert data["assessment"]["ratings"][0]["comment"] == "Quick fix"
    assert len(data["assessment"]["survey_responses"]) == 1
    assert data["assessment"]["panels"][0]["status"] == "selected"
    assert data["following"]["follows"][0]["kind"] == "commitment"
    assert data["following"]["notifications"][0]["subject"] == "Your report moved"
    assert data["api_tokens"][0]["name"] == "my script"
    assert data["residencies"][0]["place"] == "Testford"


def test_deletion_leaves_no_row_that_names_the_person_except_the_kept_ones(
    busy_resident: Any,
) -> None:
    from django.apps import apps

    from coproduce.assessment.models import Rating, Report, SurveyResponse
    from coproduce.commissioning.models import Proposal

    person_delete(busy_resident)
    kept = {
        "admin.LogEntry.user",
        "places.RegisterEntry.claimed_by",
        "audit.AuditEvent.actor",
    }
    for reference in person_references() - kept:
        app_label, model_name, field = reference.split(".")
        model = apps.get_model(app_label, model_name)
        assert not model.objects.filter(**{field: busy_resident}).exists(), reference
    report = Report.objects.get()
    assert (report.contact_name, report.contact_email) == ("", "")
    assert Proposal.objects.get().title == "Benches by the pond"  # public content stays
    assert Rating.objects.get().score == 4 and SurveyResponse.objects.get().once_key is None
