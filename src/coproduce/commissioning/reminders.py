"""Reminders before voting closes.

A ballot has no "started" state here: a ballot is cast whole or not at all, and nothing
records a visit to the ballot page (that would link a person to a round's ballot while
voting is open). So the reminder goes to people who follow the round and have not voted,
when voting ends within ``VOTE_REMINDER_BEFORE`` — once per person and round.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_noop

from coproduce.accounts.following import followers_of
from coproduce.accounts.models import Notification
from coproduce.accounts.notifications import notify
from coproduce.accounts.reminders import Reminder, register_reminder
from coproduce.commissioning.models import BudgetingRound, Phase
from coproduce.initiatives.clock import moment_of
from coproduce.initiatives.models import Activity, Contribution
from coproduce.ui.text import Sentence

VOTE_REMINDER_BEFORE = timedelta(days=2)
EVENT = "round.vote_reminder"


def _voting_ends_soon(round_: BudgetingRound, now: datetime) -> datetime | None:
    moment = moment_of(round_.activity, now)
    if not moment.is_open or moment.phase.key != Phase.VOTING:
        return None
    ends = moment.phase.ends_at
    if ends is None or ends - now > VOTE_REMINDER_BEFORE:
        return None
    return ends


def round_vote_reminders(now: datetime) -> int:
    """Remind followers of rounds whose voting ends soon and who have not voted; return how
    many people were reminded. Nobody is reminded twice about one round."""
    rounds = (
        BudgetingRound.objects.filter(activity__starts_at__lte=now, imported_from="")
        .select_related("activity")
        .prefetch_related("activity__phase_starts")
    )
    activity_type = ContentType.objects.get_for_model(Activity)
    told = 0
    for round_ in rounds.exclude(activity__ends_at__lte=now):
        ends = _voting_ends_soon(round_, now)
        if ends is None:
            continue
        voted = Contribution.objects.filter(activity=round_.activity, kind="ballot").values(
            "person_id"
        )
        reminded = Notification.objects.filter(
            event=EVENT, target_type=activity_type, target_id=round_.activity_id
        ).values("person_id")
        due = followers_of(round_.activity).exclude(pk__in=voted).exclude(pk__in=reminded)
        for person in due:
            notify(
                person,
                subject=Sentence(
                    gettext_noop("Voting in “%(round)s” closes soon"), {"round": str(round_)[:80]}
                ),
                body=Sentence(
                    gettext_noop(
                        "You follow this round and have not voted yet. Voting closes on %(day)s."
                    ),
                    {"day": ends},
                ),
                url=round_.get_absolute_url(),
                event=EVENT,
                target=round_.activity,
            )
            told += 1
    return told


def register() -> None:
    register_reminder(Reminder(key="commissioning.vote", send=round_vote_reminders))
