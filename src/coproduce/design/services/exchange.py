"""Polis conversations in and out: import an export folder into an opinion-map activity."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.design.analysis import PolisRows
from coproduce.design.instruments import OPINION_MAP
from coproduce.design.models import (
    Moderation,
    OpinionMap,
    OpinionParticipant,
    OpinionVote,
    Statement,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity

BATCH = 5000


def _moment(ms: float | None) -> datetime:
    return datetime.fromtimestamp((ms or 0.0) / 1000.0, tz=UTC)


def opinion_map_import(
    *, activity: Activity, rows: PolisRows, actor: Person | None = None
) -> OpinionMap:
    """Load a Polis conversation into an opinion-map activity that has no statements yet,
    keeping its statement and participant ids; audited. Imported participants are not
    linked to any account. Raise ValidationError, changing nothing, otherwise."""
    if activity.kind != OPINION_MAP:
        raise ValidationError(_("This activity is not an opinion map."))
    with transaction.atomic():
        opinion_map, _created = OpinionMap.objects.get_or_create(
            activity=activity, defaults={"question": (rows.topic or activity.title)[:300]}
        )
        if opinion_map.statements.exists() or opinion_map.participants.exists():
            raise ValidationError(
                _("This opinion map already has statements: import into a new one.")
            )
        authors = {s.author for s in rows.statements if s.author is not None}
        numbers = sorted(set(rows.participants) | authors | {p for p, _s in rows.votes})
        OpinionParticipant.objects.bulk_create(
            (OpinionParticipant(opinion_map=opinion_map, number=n) for n in numbers),
            batch_size=BATCH,
        )
        participant = dict(opinion_map.participants.values_list("number", "pk"))
        Statement.objects.bulk_create(
            (
                Statement(
                    opinion_map=opinion_map,
                    number=s.id,
                    text=s.text,
                    author_id=participant.get(s.author) if s.author is not None else None,
                    status=Moderation(s.moderated if s.moderated in (-1, 0, 1) else 0),
                    is_meta=s.is_meta,
                    created_at=_moment(s.created),
                )
                for s in rows.statements
            ),
            batch_size=BATCH,
        )
        statement = dict(opinion_map.statements.values_list("number", "pk"))
        OpinionVote.objects.bulk_create(
            (
                OpinionVote(
                    statement_id=statement[s],
                    participant_id=participant[p],
                    value=value,
                    voted_at=at,
                )
                for (p, s), (value, at) in rows.votes.items()
            ),
            batch_size=BATCH,
        )
        audit_record(
            action="opinion_map.import",
            actor=actor,
            target=opinion_map,
            data={"statements": len(rows.statements), "votes": len(rows.votes)},
            organisation=activity.stage.initiative.organisation,
        )
    return opinion_map
