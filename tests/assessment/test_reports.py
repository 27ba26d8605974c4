"""Reports: checks, photos without location, duplicates nearby, "me too", triage, "is it fixed?"."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from coproduce.assessment.models import Report, ReportStatus, ReportSupport
from coproduce.assessment.selectors.reports import (
    ReportFilters,
    duplicates_near,
    reports_public,
    response_stats,
)
from coproduce.assessment.services.reports import (
    ReportInput,
    report_create,
    report_fix_answer,
    report_support,
    report_triage,
)
from coproduce.audit.models import AuditEvent
from coproduce.initiatives.models import Channel, Contribution
from tests.assessment.conftest import LAT, LON, jpeg_with_gps

pytestmark = pytest.mark.django_db

# One degree of latitude is about 111.2 km, so 0.0001° is about 11 m.
METRES_PER_DEGREE = 111_195


def test_a_report_is_placed_in_the_smallest_area_and_recorded_in_the_ledger(make_report, resident):
    report = make_report(resident)
    assert report.place.slug == "north-ward"
    assert report.attributes == {"depth": 12}
    row = Contribution.objects.get(person=resident)
    assert (row.co, row.kind, row.channel) == ("assessment", "report", Channel.ONLINE)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lon": None, "lat": None}, "location"),
        ({"description": "  "}, "description"),
        ({"attributes": {}}, "attributes"),
        ({"attributes": {"depth": "deep"}}, "attributes"),
        ({"attributes": {"depth": "3", "where": "sky"}}, "attributes"),
        ({"attributes": {"depth": "3", "hazards": ["water", "fire"]}}, "attributes"),
        ({"lon": 500.0}, "location"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(make_report, resident, changes, field):
    with pytest.raises(ValidationError) as caught:
        make_report(resident, **changes)
    assert field in caught.value.message_dict
    assert not Report.objects.exists() and not Contribution.objects.exists()


def test_a_typed_address_is_enough_without_a_pin(make_report, resident, city):
    from coproduce.places.models import Place

    south = Place.objects.get(slug="south")
    report = make_report(resident, lon=None, lat=None, address="12 High Street", area=south)
    assert report.lon is None and report.place == south


def test_photo_location_is_stripped_before_storage(make_report, resident, photo):
    report = make_report(resident, photo=photo)
    with report.photo.open("rb") as stored:
        content = stored.read()
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in content and b"GPS" not in content


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"%PDF-1.4 not a photo", "doc.pdf"), (b"GIF89a" + b"\0" * 40, "anim.gif")],
)
def test_files_that_are_not_photos_are_refused(make_report, resident, content, name):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        make_report(resident, photo=upload)
    assert "photo" in caught.value.message_dict
    assert not Report.objects.exists()


def test_oversized_photos_are_refused(make_report, resident, settings, monkeypatch):
    from coproduce.ui import images

    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 1000)
    upload = SimpleUploadedFile("big.jpg", jpeg_with_gps((400, 400)), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="MB or smaller"):
        make_report(resident, photo=upload)
    assert not Report.objects.exists()


def test_duplicates_are_offered_within_the_category_distance_only(
    make_report, resident, category, streetlight
):
    near = make_report(resident, lat=LAT + 40 / METRES_PER_DEGREE)
    make_report(resident, lat=LAT + 60 / METRES_PER_DEGREE)
    found = duplicates_near(category=category, lon=LON, lat=LAT)
    assert [n.report for n in found] == [near]
    assert 39 < found[0].metres < 41
    assert duplicates_near(category=streetlight, lon=LON, lat=LAT) == []
    category.duplicate_distance_m = 100
    assert len(duplicates_near(category=category, lon=LON, lat=LAT)) == 2


def test_closed_reports_are_not_offered_as_duplicates(make_report, resident, organiser, category):
    report = make_report(resident)
    report_triage(report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed")
    assert duplicates_near(category=category, lon=LON, lat=LAT) == []


def test_me_too_counts_once_per_person(make_report, resident, other_resident):
    report = make_report(resident)
    assert report_support(report=report, person=other_resident)
    assert not report_support(report=report, person=other_resident)
    assert not report_support(report=report, person=resident)
    assert ReportSupport.objects.filter(report=report).count() == 1
    assert Contribution.objects.filter(kind="report-support").count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("organiser", True), ("moderator", True), ("councillor", False), ("other_resident", False)],
)
def test_only_staff_and_moderators_triage(make_report, resident, request, persona, allowed):
    report = make_report(resident)
    actor = request.getfixturevalue(persona)
    if allowed:
        report_triage(report=report, actor=actor, status=ReportStatus.ACKNOWLEDGED)
        assert report.acknowledged_at is not None
    else:
        with pytest.raises(PermissionDenied):
            report_triage(report=report, actor=actor, status=ReportStatus.ACKNOWLEDGED)


def test_triage_is_audited_and_the_reporter_is_told(
    make_report, resident, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(resident)
    with django_capture_on_commit_callbacks(execute=True):
        report_triage(
            report=report,
            actor=organiser,
            status=ReportStatus.IN_PROGRESS,
            text="A crew is booked for Tuesday.",
            assignee=organiser,
        )
    event = AuditEvent.objects.get(action="report.triage")
    assert event.data["status"] == "in_progress" and event.actor == organiser
    assert len(mailoutbox) == 1 and "Tuesday" in mailoutbox[0].body
    assert mailoutbox[0].to == [resident.email]


def test_closing_needs_a_reason(make_report, resident, organiser):
    report = make_report(resident)
    with pytest.raises(ValidationError) as caught:
        report_triage(report=report, actor=organiser, status=ReportStatus.CLOSED)
    assert "close_reason" in caught.value.message_dict
    assert Report.objects.get().status == ReportStatus.OPEN


def test_a_duplicate_is_closed_and_linked_to_the_original(make_report, resident, organiser):
    from coproduce.initiatives.selectors import lineage_of

    original, copy = make_report(resident), make_report(resident)
    report_triage(
        report=copy,
        actor=organiser,
        status=ReportStatus.CLOSED,
        close_reason="duplicate",
        duplicate_of=original,
    )
    assert [e.item for e in lineage_of(original).origins] == [copy]


def test_is_it_fixed_no_reopens_the_report_and_is_counted(
    make_report, resident, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(resident)
    with django_capture_on_commit_callbacks(execute=True):
        report_triage(
            report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed"
        )
    assert "Is it really fixed?" in mailoutbox[-1].body
    report_fix_answer(report=report, person=resident, fixed=False, comment="Still a hole.")
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.reopened_count == 1
    assert report.closed_at is None
    assert AuditEvent.objects.filter(action="report.reopen").count() == 1
    stats = response_stats(reports_public())
    assert [s.reopened for s in stats] == [1]


def test_is_it_fixed_yes_keeps_it_closed(make_report, resident, organiser):
    report = make_report(resident)
    report_triage(report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed")
    report_fix_answer(report=report, person=resident, fixed=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.reopened_count == 0


def test_only_the_reporter_answers_is_it_fixed(make_report, resident, other_resident, organiser):
    report = make_report(resident)
    with pytest.raises(PermissionDenied):
        report_fix_answer(report=report, person=resident, fixed=False)
    report_triage(report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed")
    with pytest.raises(PermissionDenied):
        report_fix_answer(report=report, person=other_resident, fixed=False)


def test_phone_reports_are_recorded_as_staff_assisted(category, organiser, other_resident):
    data = ReportInput(
        category=category,
        description="Caller says the hole is growing",
        address="Opposite the library",
        attributes={"depth": "20"},
        contact="phone",
        contact_phone="01234 567890",
    )
    report = report_create(
        data=data, reporter=None, channel=Channel.ASSISTED, recorded_by=organiser
    )
    row = Contribution.objects.get()
    assert row.channel == Channel.ASSISTED and row.recorded_by == organiser
    assert report.contact_phone == "01234 567890"
    with pytest.raises(PermissionDenied):
        report_create(
            data=data, reporter=None, channel=Channel.ASSISTED, recorded_by=other_resident
        )


def test_response_statistics_give_median_hours_per_district(make_report, resident, organiser):
    from datetime import timedelta

    for hours in (2, 4, 30):
        report = make_report(resident)
        report_triage(report=report, actor=organiser, status=ReportStatus.ACKNOWLEDGED)
        Report.objects.filter(pk=report.pk).update(
            acknowledged_at=report.created_at + timedelta(hours=hours)
        )
    make_report(resident, lon=0.5, lat=50.5)
    stats = {s.area.slug: s for s in response_stats(reports_public())}
    assert stats["north"].median_hours_to_acknowledge == 4.0
    assert stats["north"].reports == 3 and stats["south"].reports == 1
    assert stats["south"].median_hours_to_acknowledge is None


def test_the_public_list_filters_by_category_status_area_and_date(
    make_report, resident, organiser, streetlight, client, django_assert_max_num_queries
):
    from datetime import date

    for _ in range(5):
        make_report(resident)
    make_report(resident, category=streetlight, attributes={}, lon=0.5, lat=50.5)
    assert reports_public(ReportFilters(category="streetlight")).count() == 1
    assert reports_public(ReportFilters(area="north")).count() == 5
    assert reports_public(ReportFilters(area="south")).count() == 1
    assert reports_public(ReportFilters(status="closed")).count() == 0
    assert reports_public(ReportFilters(since=date(2000, 1, 1))).count() == 6
    assert reports_public(ReportFilters(until=date(2000, 1, 1))).count() == 0
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessment:reports") + "?area=north")
    assert response.status_code == 200
    assert response.content.count(b'class="govuk-link" href="/assessment/reports/') == 5


def test_reporters_are_reminded_once_to_say_whether_it_is_fixed(
    make_report, resident, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    answered, silent, recent = make_report(resident), make_report(resident), make_report(resident)
    for report in (answered, silent, recent):
        report_triage(
            report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed"
        )
    report_fix_answer(report=answered, person=resident, fixed=True)
    old = timezone.now() - timedelta(days=20)
    Report.objects.filter(pk__in=[answered.pk, silent.pk]).update(closed_at=old)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("assessment", "remind-fixed")
        call_command("assessment", "remind-fixed")
    reminders = [m for m in mailoutbox if m.subject.startswith("Is it really fixed?")]
    assert [m.subject for m in reminders] == [f"Is it really fixed? Report {silent.pk}"]


def test_reporters_without_an_account_are_told_at_the_address_they_gave(
    category, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    data = ReportInput(
        category=category,
        description="From an app",
        address="Mill Lane",
        attributes={"depth": "3"},
        contact_email="app-user@example.net",
    )
    report = report_create(data=data, reporter=None)
    with django_capture_on_commit_callbacks(execute=True):
        report_triage(report=report, actor=organiser, status=ReportStatus.ACKNOWLEDGED)
    assert [m.to for m in mailoutbox] == [["app-user@example.net"]]
