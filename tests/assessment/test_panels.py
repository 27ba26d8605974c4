"""Scrutiny panels round the wheel of co-assessment; recommendations become commitments."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.assessment import lottery
from coproduce.assessment.models import (
    PanelMember,
    PanelMemberRole,
    PanelMemberStatus,
    PanelRecruitment,
    RecommendationResponse,
    WheelStage,
)
from coproduce.assessment.services import panels as service
from coproduce.audit.models import AuditEvent
from coproduce.governance.models import Commitment, CommitmentSource
from coproduce.initiatives.selectors import lineage_of
from coproduce.places.models import PopulationGroup


def test_quotas_follow_the_population_by_largest_remainder():
    population = {"young": 300, "middle": 500, "old": 200}
    assert lottery.quotas(population, {"young": 9, "middle": 9, "old": 9}, 10) == {
        "young": 3,
        "middle": 5,
        "old": 2,
    }


def test_seats_a_stratum_cannot_fill_go_to_the_others_then_to_unknowns():
    population = {"young": 500, "old": 500}
    assert lottery.quotas(population, {"young": 1, "old": 9}, 6) == {"young": 1, "old": 5}
    assert lottery.quotas(population, {"young": 1, "old": 1, "": 5}, 6) == {
        "young": 1,
        "old": 1,
        "": 4,
    }


def test_the_draw_is_repeatable_with_its_seed():
    applicants = [(i, "young" if i % 3 else "old") for i in range(30)]
    population = {"young": 1, "old": 1}
    first = lottery.draw(applicants, population, 6, seed=7)
    assert first == lottery.draw(applicants, population, 6, seed=7)
    assert sum(1 for i in first if i % 3 == 0) == 3


pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(activity_in, organiser):
    activity = activity_in("assessment", "scrutiny_panel", title="Parks scrutiny panel")
    return service.panel_create(activity=activity, actor=organiser, seats=3)


def _round_to_effecting(panel, actor):
    service.panel_focus(panel=panel, actor=actor, topic="Are the parks safe after dark?")
    service.panel_advance(panel=panel, actor=actor)
    service.panel_focus(panel=panel, actor=actor, plan="Walk the parks; interview users.")
    service.panel_advance(panel=panel, actor=actor)
    service.evidence_add(panel=panel, actor=actor, kind="visit", title="Night walk, 3 parks")
    service.panel_advance(panel=panel, actor=actor)
    service.finding_add(panel=panel, actor=actor, text="Two of three parks are unlit.", score=2)
    service.panel_advance(panel=panel, actor=actor)


def test_the_panel_goes_round_the_wheel_in_order(panel, organiser):
    with pytest.raises(ValidationError, match="topic"):
        service.panel_advance(panel=panel, actor=organiser)
    _round_to_effecting(panel, organiser)
    assert panel.stage == WheelStage.EFFECTING
    with pytest.raises(ValidationError):
        service.finding_add(panel=panel, actor=organiser, text="Too late")
    service.recommendation_add(panel=panel, actor=organiser, title="Light the paths")
    assert service.panel_advance(panel=panel, actor=organiser) == WheelStage.DONE
    assert AuditEvent.objects.filter(action="panel.advance").count() == 5


def test_open_recruitment_seats_volunteers_until_full(panel, make_person):
    people = [make_person(f"v{i}") for i in range(4)]
    statuses = [service.panel_apply(panel=panel, person=p).status for p in people]
    assert statuses == ["selected"] * 3 + ["applied"]
    with pytest.raises(ValidationError):
        service.panel_apply(panel=panel, person=people[0])


def test_a_lottery_panel_is_drawn_in_proportion_to_the_population(
    panel, organiser, make_person, city
):
    from coproduce.accounts.services import demographics_give

    panel.recruitment = PanelRecruitment.LOTTERY
    panel.seats = 4
    panel.save()
    PopulationGroup.objects.create(place=city, dimension="age_band", category="16-34", count=750)
    PopulationGroup.objects.create(place=city, dimension="age_band", category="65+", count=250)
    for index in range(10):
        person = make_person(f"a{index}")
        demographics_give(person=person, values={"age_band": "65+" if index < 7 else "16-34"})
        service.panel_apply(panel=panel, person=person)
    assert not PanelMember.objects.filter(status="selected").exists()
    chosen = service.panel_draw(panel=panel, actor=organiser, seed=1)
    assert sorted(m.stratum for m in chosen) == ["16-34", "16-34", "16-34", "65+"]
    assert PanelMember.objects.filter(status=PanelMemberStatus.NOT_SELECTED).count() == 6
    assert AuditEvent.objects.get(action="panel.draw").data["seed"] == 1


def test_only_members_and_organisers_work_on_the_panel(panel, resident, make_person):
    with pytest.raises(PermissionDenied):
        service.panel_focus(panel=panel, actor=resident, topic="Mine")
    member = make_person("member")
    service.panel_apply(panel=panel, person=member)
    service.panel_focus(panel=panel, actor=member, topic="Chosen by a member")
    assert panel.topic == "Chosen by a member"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("organiser", True), ("councillor", True), ("moderator", False), ("resident", False)],
)
def test_who_may_respond_to_recommendations(panel, organiser, request, persona, allowed):
    _round_to_effecting(panel, organiser)
    recommendation = service.recommendation_add(panel=panel, actor=organiser, title="Light")
    actor = request.getfixturevalue(persona)
    if allowed:
        service.recommendation_respond(
            recommendation=recommendation,
            actor=actor,
            response=RecommendationResponse.REJECTED,
            reason="No budget this year.",
        )
    else:
        with pytest.raises(PermissionDenied):
            service.recommendation_respond(
                recommendation=recommendation,
                actor=actor,
                response=RecommendationResponse.REJECTED,
                reason="x",
            )


def test_an_accepted_recommendation_becomes_a_commitment_with_lineage(
    panel, organiser, councillor, make_person, mailoutbox, django_capture_on_commit_callbacks
):
    member = make_person("member")
    service.panel_apply(panel=panel, person=member)
    _round_to_effecting(panel, organiser)
    recommendation = service.recommendation_add(
        panel=panel, actor=member, title="Light the park paths", body="LED bollards."
    )
    with django_capture_on_commit_callbacks(execute=True):
        service.recommendation_respond(
            recommendation=recommendation,
            actor=councillor,
            response=RecommendationResponse.ACCEPTED,
            reason="Funded from the lighting budget.",
        )
    commitment = Commitment.objects.get()
    assert commitment.source == CommitmentSource.RECOMMENDATION
    assert commitment.title == "Light the park paths"
    assert [e.item for e in lineage_of(commitment).origins] == [recommendation]
    assert "Funded from the lighting budget." in mailoutbox[0].body
    with pytest.raises(ValidationError):
        service.recommendation_respond(
            recommendation=recommendation,
            actor=councillor,
            response=RecommendationResponse.REJECTED,
            reason="Changed our minds",
        )


def test_a_rejected_recommendation_needs_a_reason_and_makes_no_commitment(panel, organiser):
    _round_to_effecting(panel, organiser)
    recommendation = service.recommendation_add(panel=panel, actor=organiser, title="Gold gates")
    with pytest.raises(ValidationError):
        service.recommendation_respond(
            recommendation=recommendation,
            actor=organiser,
            response=RecommendationResponse.REJECTED,
            reason=" ",
        )
    service.recommendation_respond(
        recommendation=recommendation,
        actor=organiser,
        response=RecommendationResponse.REJECTED,
        reason="Not value for money.",
    )
    assert not Commitment.objects.exists()


def test_the_panel_page_shows_the_wheel_at_the_current_stage(client, panel, organiser):
    service.panel_focus(panel=panel, actor=organiser, topic="Safety after dark")
    service.panel_advance(panel=panel, actor=organiser)
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "Wheel of co-assessment" in page and "Stage 2 of 5" in page
    assert "▶ Co-directing" in page and "✓ Co-focussing" in page
    assert panel.activity.get_absolute_url() == panel.get_absolute_url()


def test_members_work_through_the_panel_page(client, panel, make_person):
    member = make_person("member")
    client.force_login(member)
    client.post(reverse("assessment:panel_apply", args=[panel.pk]))
    client.post(reverse("assessment:panel_work", args=[panel.pk]), {"topic": "Play areas"})
    client.post(reverse("assessment:panel_advance", args=[panel.pk]))
    panel.refresh_from_db()
    assert (panel.topic, panel.stage) == ("Play areas", WheelStage.DIRECTING)


def test_staff_seat_a_councillor(client, panel, organiser, councillor, with_second_factor):
    client.force_login(with_second_factor(organiser))
    url = reverse("assessment_staff:panel", args=[panel.pk])
    client.post(url, {"email": councillor.email, "role": "councillor"})
    member = PanelMember.objects.get(person=councillor)
    assert member.role == PanelMemberRole.COUNCILLOR and member.status == "selected"


def test_a_recommendation_can_also_lead_to_an_initiative(
    client, panel, organiser, initiative, with_second_factor
):
    _round_to_effecting(panel, organiser)
    recommendation = service.recommendation_add(panel=panel, actor=organiser, title="Co-design")
    client.force_login(with_second_factor(organiser))
    url = reverse("assessment_staff:recommendation_link", args=[recommendation.pk])
    client.post(url, {"target": f"initiative:{initiative.pk}"})
    assert [e.item for e in lineage_of(initiative).origins] == [recommendation]
    assert "Better parks" in client.get(panel.get_absolute_url()).content.decode()


def test_evidence_files_are_served_to_those_who_can_see_the_panel(client, panel, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    service.panel_focus(panel=panel, actor=organiser, topic="Safety")
    service.panel_advance(panel=panel, actor=organiser)
    service.panel_focus(panel=panel, actor=organiser, plan="Walks")
    service.panel_advance(panel=panel, actor=organiser)
    upload = SimpleUploadedFile("notes.txt", b"Night walk notes")
    evidence = service.evidence_add(
        panel=panel, actor=organiser, kind="file", title="Notes", file=upload
    )
    response = client.get(reverse("assessment:evidence_file", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == b"Night walk notes"
    assert (
        reverse("assessment:evidence_file", args=[evidence.pk])
        in client.get(panel.get_absolute_url()).content.decode()
    )


def test_councillors_see_recommendations_awaiting_a_response_with_overdue_ones_flagged(
    client, panel, organiser, councillor, with_second_factor
):
    from datetime import date

    _round_to_effecting(panel, organiser)
    late = service.recommendation_add(
        panel=panel, actor=organiser, title="Late one", response_due=date(2020, 1, 1)
    )
    service.recommendation_add(panel=panel, actor=organiser, title="On time")
    assert late.is_overdue
    client.force_login(with_second_factor(councillor))
    page = client.get(reverse("assessment_staff:recommendations")).content.decode()
    assert page.index("Late one") < page.index("On time") and "Overdue" in page
    assert "Response overdue" in client.get(panel.get_absolute_url()).content.decode()
