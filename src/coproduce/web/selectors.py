"""Reads of the site as a whole: the feedback staff read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coproduce.organisations.permissions import can_read_site_feedback
from coproduce.web.models import Feedback

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def _require_reader(person: Person | AnonymousUser) -> None:
    if not can_read_site_feedback(person):
        raise PermissionDenied(_("Only staff with their second factor read feedback."))


def feedback_for_user(
    person: Person | AnonymousUser, *, unread_only: bool = False
) -> QuerySet[Feedback]:
    """Return the feedback the person may read, newest first; raise ``PermissionDenied``
    for anyone but site administrators and organisations' staff with their second factor."""
    _require_reader(person)
    found = Feedback.objects.select_related("person", "read_by")
    return found.filter(read_at__isnull=True) if unread_only else found


def feedback_one_for_user(person: Person | AnonymousUser, pk: int) -> Feedback:
    """Return one piece of feedback the person may read (404 if there is none)."""
    _require_reader(person)
    return get_object_or_404(Feedback, pk=pk)
