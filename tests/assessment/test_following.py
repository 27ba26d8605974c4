"""A report's followers hear of its status changes; "Your activity" lists a person's own
reports, survey answers and panel seats, and commitments they follow."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.accounts.activity import activity_sections
from coproduce.accounts.following import follow_start
from coproduce.accounts.models import Notification
from coproduce.assessment.models import (
    Panel,
    PanelMember,
    PanelMemberRole,
    PanelMemberStatus,
    ReportStatus,
    Survey,
    SurveyResponse,
)
from coproduce.assessment.services.reports import report_triage

pytestmark = pytest.mark.django_db


def _items(key: str, person: Any) -> list[Any]:
    section = next(s for s in activity_sections() if s.key == key)
    return section.items(person)


def test_followers_of_a_report_hear_when_staff_change_its_status(
    make_report: Any,
    resident: Any,
    other_resident: Any,
    organiser: Any,
    make_person: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = make_report(resident)
    bystander = make_person("bystander")
    follow_start(person=other_resident, target=report)
    follow_start(person=resident, target=report)  # the reporter is told once, not twice
    with django_capture_on_commit_callbacks(execute=True):
        report_triage(
            report=report, actor=organiser, status=ReportStatus.IN_PROGRESS, text="Crew booked."
        )
    (theirs,) = Notification.objects.filter(person=other_resident)
    assert theirs.event == "report.status" and "In progress" in theirs.subject
    assert theirs.body == "Crew booked." and theirs.url == report.get_absolute_url()
    assert Notification.objects.filter(person=resident).count() == 1
    assert not Notification.objects.filter(person=bystander).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([resident.email, other_resident.email])


def test_a_resident_follows_a_report_from_its_page(
    client: Any, make_report: Any, resident: Any, other_resident: Any
) -> None:
    report = make_report(resident)
    client.force_login(other_resident)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Follow this report" in page
    client.post(reverse("accounts:follow", args=["assessment.report", report.pk]), {"follow": "1"})
    assert "Stop following" in client.get(report.get_absolute_url()).content.decode()
    (item,) = _items("follows", other_resident)
    assert item.url == report.get_absolute_url() and item.status == "Open"


def test_your_activity_lists_your_own_reports_answers_and_panels_never_anothers(
    make_report: Any,
    resident: Any,
    other_resident: Any,
    activity_in: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        make_report(resident)
    make_report(other_resident)
    survey = Survey.objects.create(activity=activity_in("assessment", "survey", title="Parks"))
    SurveyResponse.objects.create(survey=survey, person=resident, once_key=resident.pk)
    SurveyResponse.objects.create(survey=survey, person=other_resident, once_key=other_resident.pk)
    panel = Panel.objects.create(activity=activity_in("assessment", "scrutiny_panel"))
    PanelMember.objects.create(
        panel=panel,
        person=resident,
        role=PanelMemberRole.CITIZEN,
        status=PanelMemberStatus.SELECTED,
    )
    with django_assert_max_num_queries(1):
        reports = _items("reports", resident)
    assert len(reports) == 3 and all(r.status == "Open" for r in reports)
    with django_assert_max_num_queries(2):
        (answer,) = _items("surveys", resident)
    assert answer.title == "Parks" and "open" in str(answer.detail)
    with django_assert_max_num_queries(1):
        (seat,) = _items("panels", resident)
    assert seat.status == "Member"  # the label of PanelMemberStatus.SELECTED
    assert len(_items("reports", other_resident)) == 1
    assert _items("panels", other_resident) == []


def test_commitments_you_follow_show_their_status_and_progress(
    resident: Any,
    other_resident: Any,
    council: Any,
    organiser: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from coproduce.governance.services import commitment_create, commitment_update

    commitments = [
        commitment_create(
            title=f"Promise {i}", organisation=council, owner="organisation", actor=organiser
        )
        for i in range(3)
    ]
    for c in commitments[:2]:
        follow_start(person=resident, target=c)
    commitment_update(
        commitment=commitments[0],
        actor=organiser,
        status="in_progress",
        progress=40,
        reason="Started.",
    )
    with django_assert_max_num_queries(2):
        items = _items("commitments", resident)
    assert {i.title for i in items} == {"Promise 0", "Promise 1"}
    assert any("40%" in str(i.detail) for i in items)
    assert _items("commitments", other_resident) == []
    assert Notification.objects.filter(person=resident, event="commitment.update").count() == 1


def test_the_activity_page_shows_every_section_to_its_owner_only(
    client: Any,
    make_report: Any,
    resident: Any,
    other_resident: Any,
    django_assert_max_num_queries: Any,
) -> None:
    report = make_report(resident)
    follow_start(person=resident, target=report)
    client.force_login(other_resident)
    page = client.get(reverse("accounts:activity")).content.decode()
    assert "A deep pothole" not in page and "You have not reported a problem." in page
    client.force_login(resident)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("accounts:activity")).content.decode()
    for heading in (
        "Your proposals",
        "Your ballots",
        "Your reports",
        "Your survey answers",
        "Panels you sit on",
        "Commitments you follow",
        "What you follow",
    ):
        assert heading in page
    assert page.count(report.get_absolute_url()) == 2  # your report, and you follow it
    assert client.get(reverse("accounts:activity")).status_code == 200
    client.logout()
    assert client.get(reverse("accounts:activity")).status_code == 302


def test_what_you_follow_costs_a_few_queries_per_kind_however_many_items(
    make_report: Any,
    resident: Any,
    other_resident: Any,
    council: Any,
    organiser: Any,
    city: Any,
    initiative: Any,
    activity_in: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from coproduce.governance.services import commitment_create

    def follow_some(count: int) -> None:
        for index in range(count):
            follow_start(person=resident, target=make_report(other_resident))
            follow_start(
                person=resident,
                target=commitment_create(
                    title=f"Promise {count}-{index}",
                    organisation=council,
                    owner="organisation",
                    actor=organiser,
                ),
            )
            follow_start(person=resident, target=activity_in("assessment", "survey"))

    follow_start(person=resident, target=city)
    follow_start(person=resident, target=initiative)
    follow_some(1)
    with django_assert_max_num_queries(12) as few:
        assert len(_items("follows", resident)) == 5
    follow_some(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        items = _items("follows", resident)
    assert len(items) == 17
    assert all(i.url for i in items)
    assert _items("follows", other_resident) == []


def test_followers_of_a_survey_who_have_not_answered_are_reminded_once_before_it_closes(
    client: Any,
    resident: Any,
    other_resident: Any,
    activity_in: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.accounts.reminders import reminders_send
    from coproduce.assessment.reminders import survey_reminders

    activity = activity_in(
        "assessment",
        "survey",
        title="Library hours",
        ends_at=timezone.now() + timedelta(days=1),
    )
    survey = Survey.objects.create(activity=activity)
    client.force_login(resident)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Follow this survey" in page
    client.post(
        reverse("accounts:follow", args=["initiatives.activity", activity.pk]), {"follow": "1"}
    )
    follow_start(person=other_resident, target=activity)
    SurveyResponse.objects.create(survey=survey, person=other_resident, once_key=other_resident.pk)
    with django_capture_on_commit_callbacks(execute=True):
        told = reminders_send()
    assert told["assessment.survey"] == 1
    (reminder,) = Notification.objects.filter(event="survey.reminder")
    assert reminder.person == resident and "Library hours" in reminder.subject
    assert [m.to for m in mailoutbox] == [[resident.email]]
    assert survey_reminders(timezone.now()) == 0


def test_followers_of_a_place_hear_of_a_new_report_there(
    make_report: Any, resident: Any, other_resident: Any, make_person: Any
) -> None:
    first = make_report(make_person("first"))
    assert first.place is not None
    follow_start(person=resident, target=first.place)
    follow_start(person=other_resident, target=first.place)
    report = make_report(other_resident)
    (told,) = Notification.objects.all()  # the reporter is not told of their own report
    assert told.person == resident and told.event == "place.report"
    assert told.url == report.get_absolute_url() and "Pothole" in told.subject
