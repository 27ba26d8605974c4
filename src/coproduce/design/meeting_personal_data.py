"""What meetings hold about a person: registrations (with access needs), attendance and
poll votes.

Erasure deletes what is private (registrations with their access needs, poll votes); the
ledger rows of attendance stay in ``initiatives`` with the person cleared, so counts do not
change. A registered seat given up by erasure goes to the first person waiting. Minutes,
walk-ins and polls name no account; staff's own records keep pointing to the anonymised
account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from coproduce.accounts.personal_data import PersonalData
from coproduce.design.models import MeetingPollVote, Registration, RegistrationStatus
from coproduce.design.services.meetings import seat_release

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    registrations = Registration.objects.filter(person=person).select_related("meeting__activity")
    votes = MeetingPollVote.objects.filter(person=person).select_related("poll", "option")
    return {
        "meeting_registrations": [
            {
                "meeting": r.meeting.activity.title,
                "starts": r.meeting.starts_at.isoformat(),
                "status": r.get_status_display(),
                "access_needs": r.need_labels(),
                "interpreter_language": r.interpreter_language,
                "needs_detail": r.needs_detail,
                "registered_at": r.created_at.isoformat(),
                "attended": r.attended_at is not None,
            }
            for r in registrations
        ],
        "meeting_poll_votes": [
            {"question": v.poll.question, "vote": v.option.label, "at": v.voted_at.isoformat()}
            for v in votes
        ],
    }


def _erase(person: Person) -> None:
    MeetingPollVote.objects.filter(person=person).delete()
    with transaction.atomic():
        for registration in Registration.objects.select_for_update().filter(person=person):
            if registration.status == RegistrationStatus.REGISTERED:
                seat_release(registration.meeting)
            registration.delete()


MEETINGS = PersonalData(
    section="meetings",
    export=_export,
    erase=_erase,
    fields=(
        "design.Registration.person",
        "design.MeetingPollVote.person",
        # Kept, pointing to the anonymised account: staff's own records.
        "design.Registration.attendance_recorded_by",
        "design.WalkIn.recorded_by",
        "design.MeetingMinutes.published_by",
    ),
)
