"""Writes for commitments: create, update with a reason, add evidence."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import follow_start, follow_stop, notify_followers
from coproduce.audit.chain import audit_record
from coproduce.governance.models import (
    Charter,
    Commitment,
    CommitmentOwner,
    CommitmentSource,
    CommitmentStatus,
    CommitmentUpdate,
    Evidence,
)
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT
from coproduce.ui.text import Sentence, lowercase

if TYPE_CHECKING:
    from coproduce.accounts.models import Follow, Person
    from coproduce.initiatives.models import Initiative
    from coproduce.organisations.models import Organisation


def commitment_create(
    *,
    title: str,
    organisation: Organisation,
    owner: CommitmentOwner,
    actor: Person | None,
    description: str = "",
    owner_name: str = "",
    initiative: Initiative | None = None,
    source: CommitmentSource = CommitmentSource.OTHER,
    due_date: date | None = None,
    charter: Charter | None = None,
    indicator: str = "",
) -> Commitment:
    """Create a commitment on the public tracker; ``actor`` None means the system itself."""
    if actor is not None and not can(actor, Action.UPDATE_COMMITMENTS, organisation):
        raise PermissionDenied(_("Only the organisation's staff can add commitments."))
    if not title.strip():
        raise ValidationError({"title": _("A commitment needs a title.")})
    with transaction.atomic():
        commitment = Commitment.objects.create(
            title=title.strip(),
            description=description,
            organisation=organisation,
            owner=owner,
            owner_name=owner_name,
            initiative=initiative,
            source=source,
            due_date=due_date,
            charter=charter,
            indicator=indicator.strip(),
        )
        audit_record(
            action="commitment.create",
            actor=actor,
            target=commitment,
            data={"title": commitment.title, "due": due_date, "source": source},
        )
    return commitment


# ``commitment_update(due_date=UNCHANGED)`` leaves the due date as it is.
UNCHANGED = object()


def commitment_update(
    *,
    commitment: Commitment,
    actor: Person,
    status: CommitmentStatus,
    progress: int,
    reason: str,
    due_date: date | object | None = UNCHANGED,
) -> CommitmentUpdate:
    """Move a commitment on, with a public reason; record the step in its history.

    ``due_date`` (a date, or None for "no date promised") changes the due date too;
    the change is audited with the old and new dates.
    """
    if not can(actor, Action.UPDATE_COMMITMENTS, commitment.organisation):
        raise PermissionDenied(_("Only the organisation's staff can update this commitment."))
    errors: dict[str, str] = {}
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress must be between 0 and 100 per cent.")
    if not reason.strip():
        errors["reason"] = _("Say why the commitment changed: the reason is public.")
    elif len(reason.strip()) > LONG_TEXT:
        errors["reason"] = _("Keep the reason to %(limit)s characters or fewer.") % {
            "limit": f"{LONG_TEXT:,}"
        }
    if status == CommitmentStatus.DONE and progress != 100:
        errors["progress"] = _("A commitment that is done is 100 per cent complete.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        update = CommitmentUpdate.objects.create(
            commitment=commitment, status=status, progress=progress, reason=reason.strip(), by=actor
        )
        data: dict[str, object] = {"status": status, "progress": progress, "reason": update.reason}
        fields = ["status", "progress", "updated_at"]
        if due_date is not UNCHANGED and due_date != commitment.due_date:
            data["due"] = {"from": commitment.due_date, "to": due_date}
            commitment.due_date = due_date  # type: ignore[assignment]
            fields.append("due_date")
        commitment.status = status
        commitment.progress = progress
        commitment.updated_at = timezone.now()
        commitment.save(update_fields=fields)
        audit_record(action="commitment.update", actor=actor, target=commitment, data=data)
        _tell_followers(commitment, update)
    return update


def _tell_followers(commitment: Commitment, update: CommitmentUpdate) -> None:
    notify_followers(
        commitment,
        event="commitment.update",
        subject=Sentence(gettext_noop("News about “%(title)s”"), {"title": commitment.title[:80]}),
        body=Sentence(
            gettext_noop("It is now %(status)s (%(progress)s%%): %(reason)s"),
            {
                "status": lowercase(CommitmentStatus(update.status).label),
                "progress": update.progress,
                "reason": update.reason,
            },
        ),
        url=commitment.get_absolute_url(),
    )


def commitment_follow(*, commitment: Commitment, person: Person) -> Follow:
    """Start telling ``person`` about the commitment's updates (following twice is harmless)."""
    return follow_start(person=person, target=commitment)


def commitment_unfollow(*, commitment: Commitment, person: Person) -> None:
    """Stop telling ``person`` about the commitment."""
    follow_stop(person=person, target=commitment)


def evidence_add(*, commitment: Commitment, actor: Person, label: str, url: str) -> Evidence:
    """Attach a link to evidence of progress."""
    if not can(actor, Action.UPDATE_COMMITMENTS, commitment.organisation):
        raise PermissionDenied(_("Only the organisation's staff can add evidence."))
    evidence = Evidence(commitment=commitment, label=label.strip(), url=url.strip())
    evidence.full_clean()
    with transaction.atomic():
        evidence.save()
        audit_record(
            action="commitment.evidence", actor=actor, target=commitment, data={"url": url}
        )
    return evidence
