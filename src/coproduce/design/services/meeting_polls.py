"""Quick polls during a meeting: staff open a question with options; registered people vote
on their phones (one vote each: a database constraint) and staff enter hands counted in the
room. Staff actions are audited; a vote writes a ledger row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.design.instruments import MEETING_POLL_VOTE, MEETING_RUN
from coproduce.design.models import (
    Meeting,
    MeetingPoll,
    MeetingPollOption,
    MeetingPollVote,
    Registration,
    RegistrationStatus,
)
from coproduce.initiatives.models import Mode
from coproduce.initiatives.rules import require
from coproduce.initiatives.services import contribution_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

QUESTION_MAX = 300
OPTION_MAX = 140
MAX_OPTIONS = 10
MAX_HANDS = 100_000


def _clean(text: str) -> str:
    return " ".join(text.split())


def poll_open(
    *,
    meeting: Meeting,
    actor: Person | AnonymousUser,
    question: str,
    options: Sequence[str],
) -> MeetingPoll:
    """Open a quick poll during the meeting; audited."""
    activity = meeting.activity
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    question = _clean(question)
    labels = list(dict.fromkeys(_clean(o) for o in options if _clean(o)))
    errors: dict[str, str] = {}
    if meeting.starts_at > timezone.now():
        errors["question"] = _("Polls are opened once the meeting has started.")
    elif not question:
        errors["question"] = _("Write the question.")
    elif len(question) > QUESTION_MAX:
        errors["question"] = _("Keep the question to %(n)s characters or fewer.") % {
            "n": QUESTION_MAX
        }
    if not 2 <= len(labels) <= MAX_OPTIONS:
        errors["options"] = _("Give from 2 to %(n)s different options, one a line.") % {
            "n": MAX_OPTIONS
        }
    elif any(len(label) > OPTION_MAX for label in labels):
        errors["options"] = _("Keep each option to %(n)s characters or fewer.") % {"n": OPTION_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = MeetingPoll.objects.create(meeting=meeting, question=question)
        MeetingPollOption.objects.bulk_create(
            MeetingPollOption(poll=poll, label=label, position=index)
            for index, label in enumerate(labels)
        )
        audit_record(
            action="meeting.poll_open",
            actor=actor,
            target=poll,
            data={"question": question, "options": labels},
            organisation=activity.stage.initiative.organisation,
        )
    return poll


def poll_vote(
    *, poll: MeetingPoll, person: Person | AnonymousUser, option_pk: int
) -> MeetingPollVote:
    """Record a registered person's vote on an open poll; one vote each."""
    meeting = poll.meeting
    require(person, MEETING_POLL_VOTE, meeting.activity)
    assert person.is_authenticated
    if not Registration.objects.filter(
        meeting=meeting, person=person, status=RegistrationStatus.REGISTERED
    ).exists():
        raise PermissionDenied(_("Only people registered for this meeting can vote."))
    if not poll.is_open:
        raise ValidationError(_("This poll is closed."))
    option = poll.options.filter(pk=option_pk).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the options.")})
    try:
        with transaction.atomic():
            vote = MeetingPollVote.objects.create(poll=poll, option=option, person=person)
            contribution_record(
                person=person, activity=meeting.activity, kind="meeting.poll_vote", mode=Mode.VOICE
            )
    except IntegrityError:
        raise ValidationError(_("You have already voted in this poll.")) from None
    return vote


def poll_hands_set(
    *, poll: MeetingPoll, actor: Person | AnonymousUser, hands: Mapping[int, int]
) -> None:
    """Set the hands counted in the room for each option (replacing earlier counts); audited."""
    activity = poll.meeting.activity
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    options = {o.pk: o for o in poll.options.all()}
    if set(hands) - set(options) or any(not 0 <= n <= MAX_HANDS for n in hands.values()):
        raise ValidationError(
            _("Give a count from 0 to %(n)s for the poll's options.") % {"n": MAX_HANDS}
        )
    with transaction.atomic():
        for pk, count in hands.items():
            options[pk].hands = count
            options[pk].save(update_fields=["hands"])
        audit_record(
            action="meeting.poll_hands",
            actor=actor,
            target=poll,
            data={str(pk): count for pk, count in sorted(hands.items())},
            organisation=activity.stage.initiative.organisation,
        )


def poll_close(*, poll: MeetingPoll, actor: Person | AnonymousUser) -> MeetingPoll:
    """Close the poll to phone votes (hands can still be entered); audited."""
    activity = poll.meeting.activity
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    if not poll.is_open:
        raise ValidationError(_("This poll is already closed."))
    with transaction.atomic():
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at"])
        audit_record(
            action="meeting.poll_close",
            actor=actor,
            target=poll,
            data={},
            organisation=activity.stage.initiative.organisation,
        )
    return poll
