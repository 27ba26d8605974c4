"""Writing comments: post, reply, edit (the earlier text kept), delete (a tombstone), flag,
and the moderators' hide, restore and dismiss (audited), and an activity's rules.

Every service takes keyword arguments, checks who may act, and runs in one transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import is_following, notify_followers
from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.discussion.models import (
    Comment,
    Commenters,
    CommentFlag,
    CommentRevision,
    CommentRules,
    CommentState,
    FlagReason,
    Stance,
)
from coproduce.discussion.registry import CommentableSpec, commentable_for, kind_of
from coproduce.discussion.rules import comment_require, comment_rules_of, phase_choices
from coproduce.initiatives.models import Mode
from coproduce.initiatives.services import contribution_record
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT, SHORT_TEXT
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity

__all__ = [
    "comment_delete",
    "comment_edit",
    "comment_flag",
    "comment_flags_dismiss",
    "comment_hide",
    "comment_post",
    "comment_restore",
    "comment_rules_set",
    "comments_per_minute",
]


def comments_per_minute() -> int:
    """How many comments one person may write in a minute (``DISCUSSION_COMMENTS_PER_MINUTE``)."""
    return int(getattr(settings, "DISCUSSION_COMMENTS_PER_MINUTE", 5))


def _clean_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationError({"body": _("Write your comment.")})
    if len(text) > LONG_TEXT:
        message = _("Keep the comment to %(limit)s characters or fewer: it has %(count)s.") % {
            "limit": LONG_TEXT,
            "count": len(text),
        }
        raise ValidationError({"body": message})
    return text


def _clean_stance(stance: str, *, asked: bool) -> str:
    if not asked:
        return ""
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Say whether you are for, against or neutral.")})
    return stance


def _spec_of(comment: Comment) -> CommentableSpec:
    model = comment.target_type.model_class()
    registered = commentable_for(kind_of(model)) if model is not None else None
    if registered is None:
        raise PermissionDenied(_("This can no longer be commented on."))
    return registered[1]


def _target_for(person: Person | AnonymousUser, comment: Comment) -> Model:
    """The comment's target, when the person may see it (else PermissionDenied)."""
    target = _spec_of(comment).find(person, comment.target_id)
    if target is None:
        raise PermissionDenied(_("You cannot see what this comment is about."))
    return target


def _check_rate(person: Person, now: Any) -> None:
    limit = comments_per_minute()
    recent = Comment.objects.filter(
        author=person, created_at__gt=now - timedelta(minutes=1)
    ).count()
    if recent >= limit:
        raise ValidationError(
            _(
                "You have written %(count)s comments in the last minute: please wait a "
                "minute before the next one. Your text is kept below."
            )
            % {"count": recent}
        )


def _excerpt(text: str) -> str:
    return Truncator(text).chars(200)


def _tell(comment: Comment, *, target: Model, spec: CommentableSpec, person: Person) -> None:
    url = f"{spec.url_of(target)}#{comment.anchor}"
    name = person.public_name
    told: list[Person | None] = [person]
    parent_author = comment.parent.author if comment.parent is not None else None
    if parent_author is not None and parent_author.pk != person.pk:
        notify(
            parent_author,
            subject=Sentence(gettext_noop("%(name)s replied to your comment"), {"name": name}),
            body=_excerpt(comment.body),
            url=url,
            event="comment.reply",
            target=target,
        )
        told.append(parent_author)
    subject = Sentence(
        gettext_noop("New comment on “%(title)s”"), {"title": Truncator(str(target)).chars(120)}
    )
    body = Sentence(
        gettext_noop("%(name)s wrote: %(text)s"), {"name": name, "text": _excerpt(comment.body)}
    )
    notify_followers(target, event="comment", subject=subject, body=body, url=url, exclude=told)
    author = spec.author_of(target)
    if (
        author is not None
        and author.anonymised_at is None
        and author.pk not in {p.pk for p in told if p is not None}
        and not is_following(author, target)
    ):
        notify(author, subject=subject, body=body, url=url, event="comment", target=target)


def comment_post(
    *,
    person: Person | AnonymousUser,
    target: Model,
    body: str,
    stance: str = "",
    parent: Comment | None = None,
) -> Comment:
    """Write a comment on ``target`` (or a reply to ``parent``); return it.

    A reply to a reply joins the thread of its top comment (threads are one level deep).
    Raise PermissionDenied when the person may not comment (or see the target),
    ValidationError for the time, an empty or too long text, a missing stance, or too many
    comments in a minute.
    """
    registered = commentable_for(kind_of(target))
    if registered is None:
        raise ValueError(f"{kind_of(target)} cannot be commented on")
    spec = registered[1]
    if spec.find(person, target.pk) is None:
        raise PermissionDenied(_("You cannot see this, so you cannot comment on it."))
    activity = spec.activity(target)
    rules = comment_rules_of(activity)
    comment_require(person, activity, rules=rules)
    assert person.is_authenticated  # comment_require refuses anonymous visitors
    if parent is not None:
        parent = parent.parent or parent
        same = parent.target_type == ContentType.objects.get_for_model(target)
        if not same or parent.target_id != target.pk:
            raise ValidationError(_("You can only reply to a comment on the same page."))
        if not parent.is_shown:
            raise ValidationError(_("This comment can no longer be replied to."))
    text = _clean_body(body)
    stance = _clean_stance(stance, asked=rules.ask_stance and parent is None)
    now = timezone.now()
    with transaction.atomic():
        _check_rate(person, now)
        comment = Comment.objects.create(
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            activity=activity,
            organisation=spec.organisation_of(target),
            parent=parent,
            author=person,
            body=text,
            stance=stance,
            created_at=now,
        )
        if activity is not None:
            contribution_record(person=person, activity=activity, kind="comment", mode=Mode.VOICE)
        _tell(comment, target=target, spec=spec, person=person)
    return comment


def _require_author(person: Person | AnonymousUser, comment: Comment) -> None:
    if not person.is_authenticated or comment.author_id != person.pk:
        raise PermissionDenied(_("Only its author can change a comment."))
    if not comment.is_published:
        raise ValidationError(_("This comment was deleted."))


def comment_edit(
    *, person: Person | AnonymousUser, comment: Comment, body: str, stance: str | None = None
) -> Comment:
    """Change the author's own comment, keeping the earlier text as a revision; return it.

    Editing is open while commenting is; a hidden comment is not edited (a moderator looks
    at it first). Nothing is written when nothing changed.
    """
    _require_author(person, comment)
    if comment.hidden_at is not None:
        raise ValidationError(_("A moderator hid this comment, so it cannot be edited."))
    target = _target_for(person, comment)
    activity = _spec_of(comment).activity(target)
    rules = comment_rules_of(activity)
    comment_require(person, activity, rules=rules)
    text = _clean_body(body)
    asked = rules.ask_stance and comment.parent_id is None
    new_stance = _clean_stance(stance if stance is not None else comment.stance, asked=asked)
    if text == comment.body and new_stance == comment.stance:
        return comment
    now = timezone.now()
    with transaction.atomic():
        CommentRevision.objects.create(
            comment=comment,
            body=comment.body,
            stance=comment.stance,
            written_at=comment.edited_at or comment.created_at,
            replaced_at=now,
        )
        comment.body, comment.stance, comment.edited_at = text, new_stance, now
        comment.save(update_fields=["body", "stance", "edited_at"])
    return comment


def comment_delete(*, person: Person | AnonymousUser, comment: Comment) -> Comment:
    """Delete the author's own comment: its text and earlier versions go, a tombstone stays
    in its place so the replies keep their thread."""
    _require_author(person, comment)
    with transaction.atomic():
        comment.revisions.all().delete()
        comment.flags.filter(resolved_at=None).update(resolved_at=timezone.now())
        comment.state, comment.body, comment.stance = CommentState.DELETED, "", ""
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["state", "body", "stance", "deleted_at"])
    return comment


def comment_flag(
    *, person: Person | AnonymousUser, comment: Comment, reason: str, note: str = ""
) -> CommentFlag:
    """Flag a comment for the moderators, once per person (a database constraint)."""
    if not person.is_authenticated:
        raise PermissionDenied(_("Sign in to flag a comment."))
    _target_for(person, comment)
    if comment.author_id == person.pk:
        raise ValidationError(_("You cannot flag your own comment: edit or delete it instead."))
    if not comment.is_shown:
        raise ValidationError(_("This comment is not shown, so it cannot be flagged."))
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Choose why the comment should be looked at.")})
    if len(note) > SHORT_TEXT:
        message = _("Keep the detail to %(limit)s characters or fewer.") % {"limit": SHORT_TEXT}
        raise ValidationError({"note": message})
    try:
        with transaction.atomic():
            return CommentFlag.objects.create(
                comment=comment, person=person, reason=reason, note=note.strip()
            )
    except IntegrityError:
        raise ValidationError(_("You have already flagged this comment.")) from None


def _require_moderator(actor: Person | AnonymousUser, comment: Comment) -> Person:
    if not can(actor, Action.MODERATE, comment.organisation):
        raise PermissionDenied(_("Only the organisation's moderators and staff can do this."))
    assert actor.is_authenticated
    return actor


def _resolve_flags(comment: Comment) -> int:
    return comment.flags.filter(resolved_at=None).update(resolved_at=timezone.now())


def comment_hide(*, actor: Person | AnonymousUser, comment: Comment, reason: str) -> Comment:
    """Hide a comment with a public reason shown in its place (audited); its flags are
    dealt with, and its author is told why."""
    moderator = _require_moderator(actor, comment)
    if not comment.is_published:
        raise ValidationError(_("This comment was deleted; there is nothing to hide."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the public reason for hiding the comment.")})
    if len(reason) > SHORT_TEXT:
        message = _("Keep the reason to %(limit)s characters or fewer.") % {"limit": SHORT_TEXT}
        raise ValidationError({"reason": message})
    with transaction.atomic():
        comment.hidden_at, comment.hidden_reason = timezone.now(), reason
        comment.hidden_by = moderator
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        flags = _resolve_flags(comment)
        audit_record(
            action="comment.hide",
            actor=moderator,
            target=comment,
            organisation=comment.organisation,
            data={"reason": reason, "flags": flags},
        )
        notify(
            comment.author,
            subject=Sentence(gettext_noop("A moderator hid your comment")),
            body=Sentence(gettext_noop("The reason given: %(reason)s"), {"reason": reason}),
            url=_comment_url(comment),
            event="comment.hidden",
        )
    return comment


def _comment_url(comment: Comment) -> str:
    return reverse("discussion:comment", args=[comment.pk])


def comment_restore(*, actor: Person | AnonymousUser, comment: Comment) -> Comment:
    """Show a hidden comment again (audited)."""
    moderator = _require_moderator(actor, comment)
    if comment.hidden_at is None:
        raise ValidationError(_("This comment is not hidden."))
    with transaction.atomic():
        reason = comment.hidden_reason
        comment.hidden_at, comment.hidden_reason, comment.hidden_by = None, "", None
        comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        _resolve_flags(comment)
        audit_record(
            action="comment.restore",
            actor=moderator,
            target=comment,
            organisation=comment.organisation,
            data={"was_hidden_for": reason},
        )
    return comment


def comment_flags_dismiss(*, actor: Person | AnonymousUser, comment: Comment) -> int:
    """Keep the comment as it is and close its flags (audited); return how many."""
    moderator = _require_moderator(actor, comment)
    with transaction.atomic():
        dismissed = _resolve_flags(comment)
        audit_record(
            action="comment.flags_dismiss",
            actor=moderator,
            target=comment,
            organisation=comment.organisation,
            data={"flags": dismissed},
        )
    return dismissed


def comment_rules_set(
    *,
    actor: Person | AnonymousUser,
    activity: Activity,
    who: str,
    ask_stance: bool,
    phases: list[str],
) -> CommentRules:
    """Set who may comment on what ``activity`` holds, whether a stance is asked, and in
    which phases (none: at any time); audited."""
    organisation = activity.stage.initiative.organisation
    if not can(actor, Action.MANAGE_INITIATIVES, organisation):
        raise PermissionDenied(_("Only the organisation's staff can set the comment rules."))
    if who not in Commenters.values:
        raise ValidationError({"who": _("Choose who may comment from the list.")})
    known = [key for key, _label in phase_choices(activity)]
    if set(phases) - set(known):
        raise ValidationError({"phases": _("Choose phases of this activity from the list.")})
    ordered = [key for key in known if key in phases]
    assert actor.is_authenticated
    with transaction.atomic():
        rules, _created = CommentRules.objects.update_or_create(
            activity=activity,
            defaults={
                "who": who,
                "ask_stance": ask_stance,
                "phases": ordered,
                "updated_at": timezone.now(),
            },
        )
        audit_record(
            action="comment.rules",
            actor=actor,
            target=activity,
            organisation=organisation,
            data={"who": who, "ask_stance": ask_stance, "phases": ordered},
        )
    return rules
