"""What this app holds about a person: the updates they wrote (follows are the core's), and
their part in charters (named representative, signatures, comments, review ratings)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.governance.models import (
    CharterComment,
    CharterRating,
    CharterRepresentative,
    CharterSignature,
    CommitmentUpdate,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    updates = CommitmentUpdate.objects.filter(by=person).select_related("commitment")
    return {
        "updates_written": [
            {
                "commitment": u.commitment.title,
                "status": u.status,
                "reason": u.reason,
                "at": u.at.isoformat(),
            }
            for u in updates
        ],
    }


def _erase(person: Person) -> None:
    # Public updates stay (they are the organisation's word), without the writer's name.
    CommitmentUpdate.objects.filter(by=person).update(by=None)


COMMITMENTS = PersonalData(
    section="commitments",
    export=_export,
    erase=_erase,
    fields=("governance.CommitmentUpdate.by",),
)


def _export_charters(person: Person) -> dict[str, Any]:
    roles = CharterRepresentative.objects.filter(person=person).select_related("charter")
    signatures = CharterSignature.objects.filter(person=person).select_related("charter")
    comments = CharterComment.objects.filter(author=person).select_related("charter")
    ratings = CharterRating.objects.filter(author=person).select_related("charter")
    return {
        "representative_for": [
            {"charter": r.charter.title, "since": r.added_at.isoformat()} for r in roles
        ],
        "signatures": [
            {
                "charter": s.charter.title,
                "side": s.side,
                "name": s.name,
                "at": s.signed_at.isoformat(),
            }
            for s in signatures
        ],
        "comments": [
            {"charter": c.charter.title, "text": c.text, "at": c.at.isoformat()} for c in comments
        ],
        "review_ratings": [
            {
                "charter": r.charter.title,
                "review": r.number,
                "side": r.side,
                "rating": r.rating,
                "reason": r.reason,
                "at": r.at.isoformat(),
            }
            for r in ratings
        ],
    }


def _erase_charters(person: Person) -> None:
    CharterRepresentative.objects.filter(person=person).delete()
    # Signatures, comments and ratings are the public record of the charter: they stay,
    # without the person (a signature no longer names them).
    CharterSignature.objects.filter(person=person).update(person=None, name="")
    CharterComment.objects.filter(author=person).update(author=None)
    CharterRating.objects.filter(author=person).update(author=None)


CHARTERS = PersonalData(
    section="charters",
    export=_export_charters,
    erase=_erase_charters,
    fields=(
        "governance.CharterRepresentative.person",
        "governance.CharterSignature.person",
        "governance.CharterComment.author",
        "governance.CharterRating.author",
    ),
)
