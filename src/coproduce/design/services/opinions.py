"""Writes for opinion maps: set-up, statements, moderation, votes and the map's refresh.

Every participant and moderation action goes through ``initiatives.rules.require``; staff
actions are audited. The ledger gets a row when a person first votes in a map and one per
statement written (a row per vote would swamp it: a map takes tens of thousands).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.design.instruments import (
    OPINION_MAP,
    STATEMENT_MODERATE,
    STATEMENT_SUBMIT,
    STATEMENT_VOTE,
)
from coproduce.design.models import (
    Moderation,
    OpinionMap,
    OpinionParticipant,
    OpinionVote,
    Statement,
    VoteChoice,
)
from coproduce.initiatives.models import Activity, Mode
from coproduce.initiatives.rules import require
from coproduce.initiatives.services import contribution_record
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

#: A refresh still pending this long after it was due is taken as lost.
LOST_AFTER = timedelta(minutes=5)
#: Polis keeps statements short; so do we (imported ones may be longer).
STATEMENT_MAX = 280


def _organisation(opinion_map: OpinionMap) -> Organisation:
    return opinion_map.activity.stage.initiative.organisation


def _staff_only(actor: Person, activity: Activity) -> None:
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))


def _text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the statement.")})
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            {"text": _("Keep a statement to %(n)s characters or fewer.") % {"n": STATEMENT_MAX}}
        )
    return text


def opinion_map_create(
    *, activity: Activity, actor: Person, question: str, participants_write: bool = True
) -> OpinionMap:
    """Set up (or change) the opinion map of an opinion-map activity; audited."""
    _staff_only(actor, activity)
    if activity.kind != OPINION_MAP:
        raise ValidationError(_("This activity is not an opinion map."))
    question = " ".join(question.split())
    if not question:
        raise ValidationError({"question": _("Write the question people give their views on.")})
    with transaction.atomic():
        opinion_map, created = OpinionMap.objects.update_or_create(
            activity=activity,
            defaults={"question": question[:300], "participants_write": participants_write},
        )
        audit_record(
            action="opinion_map.create" if created else "opinion_map.change",
            actor=actor,
            target=opinion_map,
            data={"participants_write": participants_write},
        )
    return opinion_map


def _next_number(model: type[Statement] | type[OpinionParticipant], opinion_map: OpinionMap) -> int:
    top = model.objects.filter(opinion_map=opinion_map).aggregate(top=Max("number"))["top"]
    return 0 if top is None else top + 1


def _locked(opinion_map: OpinionMap) -> OpinionMap:
    """Lock the map's row: numbers are handed out one writer at a time."""
    return OpinionMap.objects.select_for_update().get(pk=opinion_map.pk)


def statement_seed(*, opinion_map: OpinionMap, actor: Person, text: str) -> Statement:
    """Add a staff statement, approved at once (also before the map opens); audited."""
    _staff_only(actor, opinion_map.activity)
    text = _text(text)
    with transaction.atomic():
        _locked(opinion_map)
        statement = Statement.objects.create(
            opinion_map=opinion_map,
            number=_next_number(Statement, opinion_map),
            text=text,
            seeded_by=actor,
            status=Moderation.APPROVED,
            moderated_by=actor,
        )
        audit_record(
            action="statement.seed",
            actor=actor,
            target=statement,
            organisation=_organisation(opinion_map),
        )
    return statement


def statements_seed(*, opinion_map: OpinionMap, actor: Person, texts: list[str]) -> list[Statement]:
    """Add several staff statements at once, all or none; blank lines are skipped."""
    with transaction.atomic():
        return [
            statement_seed(opinion_map=opinion_map, actor=actor, text=text)
            for text in texts
            if text.strip()
        ]


def _participant(opinion_map: OpinionMap, person: Person) -> tuple[OpinionParticipant, bool]:
    """Return the person's participant row, creating it (under the map's lock) if needed."""
    found = OpinionParticipant.objects.filter(opinion_map=opinion_map, person=person).first()
    if found is not None:
        return found, False
    _locked(opinion_map)
    found = OpinionParticipant.objects.filter(opinion_map=opinion_map, person=person).first()
    if found is not None:
        return found, False
    participant = OpinionParticipant.objects.create(
        opinion_map=opinion_map,
        number=_next_number(OpinionParticipant, opinion_map),
        person=person,
    )
    return participant, True


def statement_submit(
    *, opinion_map: OpinionMap, person: Person | AnonymousUser, text: str
) -> Statement:
    """Add a participant's statement, hidden from others until a moderator approves it."""
    activity = opinion_map.activity
    require(person, STATEMENT_SUBMIT, activity)
    assert person.is_authenticated
    if not opinion_map.participants_write:
        raise ValidationError(_("In this opinion map only the organisers write statements."))
    text = _text(text)
    with transaction.atomic():
        participant, _joined = _participant(opinion_map, person)
        _locked(opinion_map)
        if Statement.objects.filter(opinion_map=opinion_map, text__iexact=text).exists():
            raise ValidationError({"text": _("This statement is already in the conversation.")})
        statement = Statement.objects.create(
            opinion_map=opinion_map,
            number=_next_number(Statement, opinion_map),
            text=text,
            author=participant,
            status=Moderation.PENDING,
        )
        contribution_record(
            person=person, activity=activity, kind="statement.submit", mode=Mode.VOICE
        )
    return statement


def statement_moderate(
    *, statement: Statement, actor: Person | AnonymousUser, approve: bool, reason: str = ""
) -> Statement:
    """Approve or reject a statement (with a reason when rejecting); audited."""
    require(actor, STATEMENT_MODERATE, statement.opinion_map.activity)
    reason = " ".join(reason.split())[:300]
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the statement is rejected.")})
    with transaction.atomic():
        statement.status = Moderation.APPROVED if approve else Moderation.REJECTED
        statement.moderated_by = actor  # type: ignore[assignment]
        statement.moderation_reason = "" if approve else reason
        statement.save(update_fields=["status", "moderated_by", "moderation_reason"])
        audit_record(
            action="statement.approve" if approve else "statement.reject",
            actor=actor,  # type: ignore[arg-type]
            target=statement,
            data={"reason": statement.moderation_reason},
            organisation=_organisation(statement.opinion_map),
        )
    transaction.on_commit(lambda: map_refresh_schedule(opinion_map=statement.opinion_map))
    return statement


def statement_vote(
    *, statement: Statement, person: Person | AnonymousUser, value: int
) -> OpinionVote:
    """Record the person's vote on an approved statement; a new vote replaces the old."""
    opinion_map = statement.opinion_map
    require(person, STATEMENT_VOTE, opinion_map.activity)
    assert person.is_authenticated
    if value not in VoteChoice.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")})
    if statement.status != Moderation.APPROVED:
        raise ValidationError(_("This statement is not open for votes."))
    # The common case (someone who has voted before) is three statements: find the
    # participant, upsert the vote, claim the map's next refresh if none is pending.
    participant = OpinionParticipant.objects.filter(opinion_map=opinion_map, person=person).first()
    if participant is not None:
        vote = _vote_upsert(statement, participant, value)
    else:
        with transaction.atomic():  # joining: the participant, the ledger row and the vote
            participant, joined = _participant(opinion_map, person)
            vote = _vote_upsert(statement, participant, value)
            if joined:
                contribution_record(
                    person=person,
                    activity=opinion_map.activity,
                    kind="opinion.vote",
                    mode=Mode.VOICE,
                )
    transaction.on_commit(lambda: map_refresh_schedule(opinion_map=opinion_map))
    return vote


def _vote_upsert(statement: Statement, participant: OpinionParticipant, value: int) -> OpinionVote:
    """One INSERT … ON CONFLICT DO UPDATE: a changed vote keeps the latest, like Polis."""
    (vote,) = OpinionVote.objects.bulk_create(
        [
            OpinionVote(
                statement=statement, participant=participant, value=value, voted_at=timezone.now()
            )
        ],
        update_conflicts=True,
        unique_fields=["statement", "participant"],
        update_fields=["value", "voted_at"],
    )
    return vote


def _refresh_seconds() -> int:
    return int(getattr(settings, "OPINION_MAP_REFRESH_SECONDS", 10))


def map_refresh_schedule(*, opinion_map: OpinionMap, now: datetime | None = None) -> bool:
    """Queue a refresh of the map unless one is pending; return whether one was queued.

    Refreshes of one map start at least ``OPINION_MAP_REFRESH_SECONDS`` apart: the next
    one is due then, or now if the last started longer ago. A refresh pending for more
    than ``LOST_AFTER`` past its time is replaced.
    """
    from coproduce.design.tasks import opinion_map_refresh

    now = now or timezone.now()
    period = timedelta(seconds=_refresh_seconds())
    # Due at max(now, last start + period), computed in the claiming UPDATE itself, so a
    # vote while a refresh is pending costs one statement that changes nothing.
    due_at = Case(
        When(
            refresh_started_at__gt=now - period,
            then=ExpressionWrapper(F("refresh_started_at") + period, output_field=DateTimeField()),
        ),
        default=Value(now, output_field=DateTimeField()),
    )
    # A refresh due long ago was lost (a worker died, a queue was flushed): queue another.
    lost = now - period - LOST_AFTER
    claimed = (
        OpinionMap.objects.filter(pk=opinion_map.pk)
        .filter(Q(refresh_due_at__isnull=True) | Q(refresh_due_at__lt=lost))
        .update(refresh_due_at=due_at)
    )
    if not claimed:
        return False
    due = (
        OpinionMap.objects.filter(pk=opinion_map.pk)
        .values_list("refresh_due_at", flat=True)
        .first()
        or now
    )
    deferred = opinion_map_refresh
    if due > now and deferred.get_backend().supports_defer:
        deferred = deferred.using(run_after=due)
    deferred.enqueue(opinion_map.pk)
    return True


def map_refresh_run(*, opinion_map_id: int) -> None:
    """Run a refresh: release the schedule (votes from now on queue the next one), then
    recompute the map incrementally."""
    from coproduce.design.analysis import map_refresh

    now = timezone.now()
    OpinionMap.objects.filter(pk=opinion_map_id).update(refresh_due_at=None, refresh_started_at=now)
    opinion_map = OpinionMap.objects.filter(pk=opinion_map_id).first()
    if opinion_map is not None:
        map_refresh(opinion_map)
