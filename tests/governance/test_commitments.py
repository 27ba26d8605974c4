"""Commitments: public history with reasons, staff-only updates, the tracker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.governance.models import Commitment, CommitmentStatus
from coproduce.governance.services import commitment_create, commitment_update, evidence_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council, organiser):
    return commitment_create(
        title="Reopen the library on Sundays",
        organisation=council,
        owner="organisation",
        actor=organiser,
        due_date=timezone.localdate() + timedelta(days=30),
    )


def test_an_update_moves_the_commitment_and_keeps_its_history(commitment, organiser):
    commitment_update(
        commitment=commitment,
        actor=organiser,
        status=CommitmentStatus.IN_PROGRESS,
        progress=40,
        reason="Staff recruited.",
    )
    commitment_update(
        commitment=commitment,
        actor=organiser,
        status=CommitmentStatus.DONE,
        progress=100,
        reason="Open since 1 March.",
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == ("done", 100)
    assert [u.reason for u in commitment.updates.all()] == [
        "Open since 1 March.",
        "Staff recruited.",
    ]
    assert AuditEvent.objects.filter(action="commitment.update").count() == 2


@pytest.mark.parametrize(
    ("status", "progress", "reason", "field"),
    [
        ("in_progress", 140, "x", "progress"),
        ("in_progress", 10, "  ", "reason"),
        ("done", 80, "x", "progress"),
    ],
)
def test_bad_updates_are_refused_and_change_nothing(
    commitment, organiser, status, progress, reason, field
):
    with pytest.raises(ValidationError) as caught:
        commitment_update(
            commitment=commitment, actor=organiser, status=status, progress=progress, reason=reason
        )
    assert field in caught.value.message_dict
    commitment.refresh_from_db()
    assert commitment.status == "planned" and not commitment.updates.exists()


@pytest.mark.parametrize("persona", ["resident", "moderator", "councillor"])
def test_only_those_allowed_may_update(commitment, persona, request):
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        commitment_update(
            commitment=commitment, actor=person, status="in_progress", progress=5, reason="x"
        )


def test_evidence_must_be_a_link(commitment, organiser):
    with pytest.raises(ValidationError):
        evidence_add(commitment=commitment, actor=organiser, label="Photo", url="not a link")
    evidence_add(
        commitment=commitment, actor=organiser, label="Photo", url="https://example.org/p.jpg"
    )
    assert commitment.evidence.count() == 1


def test_the_tracker_filters_by_status_and_overdue(client, council, organiser):
    commitment_create(
        title="Late one",
        organisation=council,
        owner="organisation",
        actor=organiser,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    commitment_create(
        title="On time",
        organisation=council,
        owner="participants",
        actor=organiser,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    page = client.get(reverse("web:commitments"), {"overdue": "1"}).content.decode()
    assert "Late one" in page and "On time" not in page
    page = client.get(reverse("web:commitments"), {"owner": "participants"}).content.decode()
    assert "On time" in page and "Late one" not in page
    assert "Commitments by status" in page


def test_the_tracker_makes_a_fixed_number_of_queries(
    client, council, organiser, django_assert_max_num_queries
):
    for n in range(25):
        commitment_create(
            title=f"Promise {n}", organisation=council, owner="organisation", actor=organiser
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("web:commitments"))


def test_staff_update_a_commitment_through_the_page(
    client, commitment, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    url = reverse("governance:commitment_edit", args=[commitment.pk])
    response = client.post(url, {"status": "in_progress", "progress": "20", "reason": ""})
    assert (
        "Say why the commitment changed" in response.content.decode()
        or "This field is required" in response.content.decode()
    )
    response = client.post(url, {"status": "in_progress", "progress": "20", "reason": "Begun."})
    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).progress == 20


def test_residents_cannot_open_the_staff_update_page(client, commitment, resident):
    client.force_login(resident)
    assert (
        client.get(reverse("governance:commitment_edit", args=[commitment.pk])).status_code == 403
    )


def test_followers_are_emailed_when_a_commitment_moves_on(
    client,
    commitment,
    organiser,
    resident,
    other_resident,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(resident)
    client.post(reverse("web:commitment_follow", args=[commitment.pk]), {"follow": "1"})
    client.post(reverse("web:commitment_follow", args=[commitment.pk]), {"follow": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment,
            actor=organiser,
            status="in_progress",
            progress=10,
            reason="Rota agreed.",
        )
    (mail,) = mailoutbox
    assert mail.to == [resident.email] and "Rota agreed." in mail.body
    client.post(reverse("web:commitment_follow", args=[commitment.pk]), {"follow": "0"})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment,
            actor=organiser,
            status="in_progress",
            progress=20,
            reason="More.",
        )
    assert mailoutbox == []


def test_staff_set_the_due_date_in_the_update_form_and_it_is_audited(
    client, commitment, organiser, with_second_factor
):
    from coproduce.audit.models import AuditEvent

    client.force_login(with_second_factor(organiser))
    page = client.get(f"/staff/commitments/{commitment.pk}/").content.decode()
    due = commitment.due_date.isoformat()
    assert 'type="date"' in page and f'value="{due}"' in page
    response = client.post(
        f"/staff/commitments/{commitment.pk}/",
        {"status": "in_progress", "progress": "10", "due_date": "2027-03-31", "reason": "Agreed."},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.due_date.isoformat() == "2027-03-31"
    event = AuditEvent.objects.filter(action="commitment.update").latest("pk")
    assert event.data["due"] == {"from": due, "to": "2027-03-31"}
    public = client.get(f"/commitments/{commitment.pk}/").content.decode()
    assert "31 March 2027" in public or "31 Mar 2027" in public or "March 31, 2027" in public


def test_a_reason_over_the_limit_is_refused(council, organiser):
    from django.core.exceptions import ValidationError

    from coproduce.governance.services import commitment_create, commitment_update

    commitment = commitment_create(
        title="T", organisation=council, owner="organisation", actor=organiser
    )
    with pytest.raises(ValidationError, match="4,000 characters"):
        commitment_update(
            commitment=commitment,
            actor=organiser,
            status="in_progress",
            progress=10,
            reason="x" * 4001,
        )
    assert not commitment.updates.exists()


def test_the_commitment_page_has_the_follow_button(client, commitment, resident):
    client.force_login(resident)
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Follow this commitment" in page
    client.post(
        reverse("accounts:follow", args=["governance.commitment", commitment.pk]), {"follow": "1"}
    )
    assert "Stop following" in client.get(commitment.get_absolute_url()).content.decode()
