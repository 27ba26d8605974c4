"""What the comments hold about a person: their comments with earlier versions, and flags.

Erasure keeps the shape of every thread: the person's comments become "deleted account"
tombstones (text, stance and earlier versions gone, the author cleared), so replies by
others stay where they were. Flags are private acts: deleted. A moderator's name on a
hidden comment is cleared (the audit log keeps who acted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from coproduce.accounts.personal_data import PersonalData
from coproduce.discussion.models import Comment, CommentFlag, CommentRevision, CommentState

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    comments = Comment.objects.filter(author=person).select_related("target_type")
    revisions = CommentRevision.objects.filter(comment__author=person)
    by_comment: dict[int, list[dict[str, Any]]] = {}
    for revision in revisions.order_by("written_at", "pk"):
        by_comment.setdefault(revision.comment_id, []).append(
            {
                "text": revision.body,
                "stance": revision.stance,
                "written_at": revision.written_at.isoformat(),
                "replaced_at": revision.replaced_at.isoformat(),
            }
        )
    flags = CommentFlag.objects.filter(person=person)
    return {
        "comments": [
            {
                "on": f"{c.target_type.app_label}.{c.target_type.model} {c.target_id}",
                "reply_to": c.parent_id,
                "text": c.body,
                "stance": c.stance,
                "state": c.state,
                "hidden_reason": c.hidden_reason,
                "at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "earlier_versions": by_comment.get(c.pk, []),
            }
            for c in comments
        ],
        "flags": [
            {
                "comment": f.comment_id,
                "reason": f.reason,
                "note": f.note,
                "at": f.created_at.isoformat(),
            }
            for f in flags
        ],
    }


def _erase(person: Person) -> None:
    CommentRevision.objects.filter(comment__author=person).delete()
    Comment.objects.filter(author=person).update(
        author=None,
        body="",
        stance="",
        state=CommentState.ERASED,
        deleted_at=timezone.now(),
    )
    CommentFlag.objects.filter(person=person).delete()
    Comment.objects.filter(hidden_by=person).update(hidden_by=None)


COMMENTS = PersonalData(
    section="comments",
    export=_export,
    erase=_erase,
    fields=(
        "discussion.Comment.author",
        "discussion.CommentFlag.person",
        "discussion.Comment.hidden_by",
    ),
)
