"""Comments on anything an app registers as commentable (``discussion.registry``).

A comment points to its target by content type and id, so the core knows no Co app. Threads
are one level deep: a reply's parent is always a top-level comment. Nothing is ever removed
from a thread: an author's deletion and an account's erasure leave a tombstone, and a
moderator's hiding shows its public reason in place of the text.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stance(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    NEUTRAL = "neutral", _("Neutral")


class CommentState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    DELETED = "deleted", _("Deleted by its author")
    ERASED = "erased", _("Account deleted")


class Comment(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    # Where the target lives, kept at writing time: the rules, the ledger and the
    # moderation queue read them without asking the target's app.
    activity = models.ForeignKey(
        "initiatives.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    body = models.TextField(_("comment"), blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    state = models.CharField(
        max_length=10, choices=CommentState.choices, default=CommentState.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="hidden_comment_has_a_public_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=["", *Stance.values]),
                name="comment_stance_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk}"

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.state == CommentState.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.is_published and self.hidden_at is not None

    @property
    def is_shown(self) -> bool:
        """True when the public reads the text (published and not hidden)."""
        return self.is_published and self.hidden_at is None


class CommentRevision(models.Model):
    """An earlier text of an edited comment, as it read until ``replaced_at``."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["written_at", "pk"]


class FlagReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive or hateful")
    PERSONAL = "personal", _("Shares someone's personal information")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class CommentFlag(models.Model):
    """A resident's report that a comment breaks the rules; one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_flags"
    )
    reason = models.CharField(_("why"), max_length=20, choices=FlagReason.choices)
    note = models.CharField(_("more detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["comment", "person"], name="comment_flag_once"),
        ]


class Commenters(models.TextChoices):
    SIGNED_IN = "signed_in", _("Anyone signed in")
    RESIDENTS = "residents", _("Verified residents of the activity's place")
    NOBODY = "nobody", _("Nobody (comments closed)")


class CommentRules(models.Model):
    """An activity's rules for comments on what it holds. Without a row: anyone signed in,
    at any time, without a stance."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="comment_rules"
    )
    who = models.CharField(
        _("who may comment"), max_length=20, choices=Commenters.choices, default="signed_in"
    )
    ask_stance = models.BooleanField(_("ask for a stance (for, against, neutral)"), default=False)
    # Phase keys of the activity's instrument; empty: open whenever the target can be seen.
    phases = models.JSONField(_("open in the phases"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("comment rules")

    def __str__(self) -> str:
        return f"comment rules of activity {self.activity_id}"
