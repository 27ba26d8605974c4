"""An accepted idea becomes a commitment on the public tracker, linked by lineage."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.accounts.following import is_following
from coproduce.accounts.models import Notification
from coproduce.audit.models import AuditEvent
from coproduce.design.services.ideas import idea_answer, idea_become_commitment
from coproduce.governance.models import Commitment
from coproduce.initiatives.models import Lineage

pytestmark = pytest.mark.django_db


def test_an_accepted_idea_becomes_one_commitment_its_author_follows(
    idea: Any, organiser: Any
) -> None:
    idea_answer(idea=idea, actor=organiser, status="accepted", text="We will add four benches.")
    commitment = idea_become_commitment(idea=idea, actor=organiser, title="Four benches")
    assert commitment.title == "Four benches"
    assert commitment.initiative == idea.board.activity.stage.initiative
    assert "We will add four benches." in commitment.description
    link = Lineage.objects.get()
    assert (link.source, link.target, link.kind) == (idea, commitment, "became")
    assert is_following(idea.author, commitment)
    told = Notification.objects.get(person=idea.author, event="idea.commitment")
    assert "is now a commitment" in told.subject
    assert AuditEvent.objects.filter(action="commitment.create").exists()
    with pytest.raises(ValidationError, match="already a commitment"):
        idea_become_commitment(idea=idea, actor=organiser)
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize("status", [None, "rejected", "studied"])
def test_only_an_accepted_idea_becomes_a_commitment(
    idea: Any, organiser: Any, status: str | None
) -> None:
    if status:
        idea_answer(idea=idea, actor=organiser, status=status, text="Because.")
    with pytest.raises(ValidationError, match="accept it first"):
        idea_become_commitment(idea=idea, actor=organiser)
    assert not Commitment.objects.exists() and not Lineage.objects.exists()


def test_a_resident_cannot_turn_an_idea_into_a_commitment(
    idea: Any, organiser: Any, other_resident: Any
) -> None:
    idea_answer(idea=idea, actor=organiser, status="accepted", text="Yes.")
    with pytest.raises(PermissionDenied):
        idea_become_commitment(idea=idea, actor=other_resident)
    assert not Commitment.objects.exists()


def test_staff_do_it_from_the_answer_page_and_the_idea_links_to_it(
    client: Any, idea: Any, organiser: Any, other_resident: Any, with_second_factor: Any
) -> None:
    idea_answer(idea=idea, actor=organiser, status="accepted", text="Yes.")
    url = reverse("design_staff:idea_commitment", args=[idea.board.activity_id, idea.pk])
    client.force_login(other_resident)
    assert client.post(url, {"c-title": "Forged"}).status_code == 403
    assert not Commitment.objects.exists()
    client.force_login(with_second_factor(organiser))
    answer_page = reverse("design_staff:idea_answer", args=[idea.board.activity_id, idea.pk])
    assert "Create the commitment" in client.get(answer_page).content.decode()
    bad = client.post(url, {"c-due_date": "next year"})
    assert bad.status_code == 400 and not Commitment.objects.exists()
    done = client.post(url, {"c-title": "", "c-due_date": "2027-06-30"})
    commitment = Commitment.objects.get()
    assert done.status_code == 302 and done["Location"] == commitment.get_absolute_url()
    assert commitment.title == idea.title and str(commitment.due_date) == "2027-06-30"
    page = client.get(reverse("design:idea", args=[idea.board.activity_id, idea.pk]))
    assert commitment.get_absolute_url() in page.content.decode()
    again = client.post(url, {"c-title": "Twice"})
    assert again.status_code == 400 and "already a commitment" in again.content.decode()
    assert Commitment.objects.count() == 1
