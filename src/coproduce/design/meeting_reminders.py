"""The reminder the day before a meeting, to everyone registered (run by ``coproduce
notifications remind``). Each registration is reminded once: a conditional update marks it
before the notification is sent, so two runs at once never remind anyone twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.accounts.reminders import Reminder, register_reminder
from coproduce.design.models import Registration, RegistrationStatus
from coproduce.ui.text import Sentence

MEETING_REMINDER_BEFORE = timedelta(days=1)
EVENT = "meeting.reminder"


def meeting_reminders(now: datetime) -> int:
    """Remind registered people of meetings starting within a day; return how many."""
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        person__isnull=False,
        reminded_at=None,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + MEETING_REMINDER_BEFORE,
    ).select_related("meeting__activity", "person")
    told = 0
    for registration in due:
        if not Registration.objects.filter(pk=registration.pk, reminded_at=None).update(
            reminded_at=now
        ):
            continue
        meeting = registration.meeting
        where = meeting.venue or (meeting.place.name if meeting.place else meeting.online_url)
        notify(
            registration.person,
            subject=Sentence(
                gettext_noop("Reminder: “%(title)s” is tomorrow"),
                {"title": meeting.activity.title[:80]},
            ),
            body=Sentence(
                gettext_noop(
                    "You are registered for “%(title)s” on %(when)s, at %(where)s. If you cannot "
                    "come, please give up your seat so someone on the waiting list can."
                ),
                {"title": meeting.activity.title, "when": meeting.starts_at, "where": where},
            ),
            url=meeting.get_absolute_url(),
            event=EVENT,
            target=meeting.activity,
        )
        told += 1
    return told


def register() -> None:
    register_reminder(Reminder(key="design.meeting", send=meeting_reminders))
