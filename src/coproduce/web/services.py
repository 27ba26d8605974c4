"""Writes of the site as a whole: feedback sent and read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.organisations.permissions import can_read_site_feedback
from coproduce.ui.input import SHORT_TEXT
from coproduce.web.models import FEEDBACK_TEXT, Feedback

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def feedback_page(value: str) -> str:
    """Return ``value`` if it is a path on this site (where the feedback came from), else ""."""
    value = value.strip()
    if (
        not value.startswith("/")
        or len(value) > SHORT_TEXT
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return ""
    return value


@transaction.atomic
def feedback_submit(
    *, text: str, email: str = "", page: str = "", person: Person | AnonymousUser | None = None
) -> Feedback:
    """Store feedback on the service and return it.

    Raise ``ValidationError`` if the text is empty or longer than ``FEEDBACK_TEXT``; a page
    that is not a path on this site is dropped, not refused.
    """
    text = text.strip()
    if not text:
        raise ValidationError(_("Enter your feedback"), code="required")
    if len(text) > FEEDBACK_TEXT:
        raise ValidationError(
            _("Your feedback must be %(limit)d characters or fewer") % {"limit": FEEDBACK_TEXT},
            code="max_length",
        )
    return Feedback.objects.create(
        text=text,
        email=email.strip(),
        page=feedback_page(page),
        person=person if person is not None and person.is_authenticated else None,
    )


@transaction.atomic
def feedback_mark_read(*, feedback: Feedback, actor: Person) -> Feedback:
    """Mark the feedback read by ``actor``; raise ``PermissionDenied`` if they may not read it."""
    if not can_read_site_feedback(actor):
        raise PermissionDenied(_("Only staff with their second factor read feedback."))
    if feedback.read_at is None:
        feedback.read_at = timezone.now()
        feedback.read_by = actor
        feedback.save(update_fields=["read_at", "read_by"])
        audit_record(action="feedback.read", actor=actor, target=feedback)
    return feedback
