"""Reading comments: fetch-with-permission helpers, a target's thread, the summary of
arguments for and against, and the moderation queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from coproduce.discussion.models import Comment, CommentState, Stance
from coproduce.discussion.registry import CommentableSpec, commentable_for, kind_of
from coproduce.organisations.permissions import Action, organisations_where, sees_everything

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

__all__ = [
    "SORTS",
    "Arguments",
    "Thread",
    "arguments_of",
    "comment_for_user",
    "commentable_for_user",
    "comments_of",
    "moderation_queue_for_user",
    "thread_of",
]

# How the summary of arguments orders each column: newest first, or most replied first.
SORTS = ("recent", "replies")


def commentable_for_user(
    person: Person | AnonymousUser, kind: str, pk: int
) -> tuple[Model, CommentableSpec]:
    """Return the item ``kind``/``pk`` and its spec when the person may see it; else 404."""
    registered = commentable_for(kind)
    if registered is None:
        raise Http404
    _model, spec = registered
    item = spec.find(person, pk)
    if item is None:
        raise Http404
    return item, spec


def comment_for_user(
    person: Person | AnonymousUser, pk: int
) -> tuple[Comment, Model, CommentableSpec]:
    """Return a comment, its target and the target's spec when the person may see the
    target; else 404 (a comment is never shown apart from what it is about)."""
    comment = (
        Comment.objects.select_related("target_type", "author", "parent").filter(pk=pk).first()
    )
    if comment is None:
        raise Http404
    model = comment.target_type.model_class()
    if model is None:
        raise Http404
    item, spec = commentable_for_user(person, kind_of(model), comment.target_id)
    return comment, item, spec


def comments_of(target: Model) -> QuerySet[Comment]:
    """Every comment on ``target`` (tombstones and hidden ones too), oldest first."""
    return Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


@dataclass
class Thread:
    """A target's comments: top-level ones in order, each with its replies."""

    top: list[Comment]
    replies: dict[int, list[Comment]] = field(default_factory=dict)
    count: int = 0

    def items(self) -> list[tuple[Comment, list[Comment]]]:
        return [(comment, self.replies.get(comment.pk, [])) for comment in self.top]


def thread_of(target: Model) -> Thread:
    """Return the target's thread in one query (comments with their authors)."""
    comments = list(comments_of(target).select_related("author").order_by("created_at", "pk"))
    thread = Thread(top=[c for c in comments if c.parent_id is None])
    for comment in comments:
        if comment.parent_id is not None:
            thread.replies.setdefault(comment.parent_id, []).append(comment)
    for top in thread.top:
        top.n_replies = len(thread.replies.get(top.pk, []))  # type: ignore[attr-defined]
    thread.count = sum(1 for c in comments if c.is_shown)
    return thread


@dataclass(frozen=True)
class Arguments:
    """The summary of arguments: top-level comments for and against, with counts."""

    for_: list[Comment]
    against: list[Comment]
    neutral: int


def arguments_of(thread: Thread, *, sort: str = "recent") -> Arguments:
    """Return the thread's shown top-level comments with a stance, ordered by ``sort``
    (``recent``: newest first; ``replies``: most replied first, then newest)."""
    shown = [c for c in thread.top if c.is_shown and c.stance]

    def key(comment: Comment) -> tuple[int, float, int]:
        replies = getattr(comment, "n_replies", 0) if sort == "replies" else 0
        return (-replies, -comment.created_at.timestamp(), -comment.pk)

    ordered = sorted(shown, key=key)
    return Arguments(
        for_=[c for c in ordered if c.stance == Stance.FOR],
        against=[c for c in ordered if c.stance == Stance.AGAINST],
        neutral=sum(1 for c in ordered if c.stance == Stance.NEUTRAL),
    )


def moderation_queue_for_user(person: Person | AnonymousUser) -> dict[str, list[Any]]:
    """Return the comments a moderator should look at: ``flagged`` (published, with flags
    not yet dealt with, most flagged first) and ``hidden`` (the latest hidden ones), in the
    organisations where the person may moderate."""
    comments = Comment.objects.select_related("author", "target_type", "activity")
    if not sees_everything(person):
        organisations = organisations_where(person, Action.MODERATE)
        comments = comments.filter(organisation__in=organisations)
    open_flags = Q(flags__resolved_at__isnull=True)
    flagged = (
        comments.filter(state=CommentState.PUBLISHED, hidden_at=None)
        .annotate(n_flags=Count("flags", filter=open_flags))
        .filter(n_flags__gt=0)
        .order_by("-n_flags", "created_at")
    )
    hidden = comments.filter(state=CommentState.PUBLISHED, hidden_at__isnull=False).order_by(
        "-hidden_at"
    )
    return {"flagged": list(flagged[:200]), "hidden": list(hidden[:50])}
