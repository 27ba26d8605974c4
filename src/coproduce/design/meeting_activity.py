"""This app's "Your meetings" in "Your activity": each meeting you registered for, with
whether you have a seat, your place on the waiting list, or whether you came."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.design.models import Registration, RegistrationStatus

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _status(registration: Registration) -> str:
    if registration.attended_at is not None:
        return _("You came")
    if registration.status == RegistrationStatus.WAITING:
        return _("On the waiting list")
    return _("Registered")


def _meetings(person: Person) -> list[ActivityItem]:
    """One query: the person's registrations (not withdrawn) with their meetings."""
    registrations = (
        Registration.objects.filter(person=person)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .select_related("meeting__activity")
        .order_by("-meeting__starts_at", "-pk")
    )
    return [
        ActivityItem(
            title=r.meeting.activity.title,
            url=r.meeting.get_absolute_url(),
            status=_status(r),
            when=r.meeting.starts_at,
        )
        for r in registrations
    ]


def register() -> None:
    register_activity_section(
        ActivitySection(
            key="meetings",
            title=gettext_lazy("Your workshops and meetings"),
            empty=gettext_lazy("You have not registered for a workshop or meeting."),
            items=_meetings,
            order=27,
        )
    )
