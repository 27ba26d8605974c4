"""Live opinion maps: statements, one vote per person per statement, and the stored map.

Statement and participant numbers are the conversation's own ids (Polis' ``comment-id`` and
``voter-id``), so an imported Polis conversation keeps its ids and analyses exactly as the
original, and an export writes them back.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Moderation(models.IntegerChoices):
    """Polis' own values, so an export needs no translation."""

    REJECTED = -1, _("Rejected")
    PENDING = 0, _("Waiting for moderation")
    APPROVED = 1, _("Approved")


class VoteChoice(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class OpinionMap(models.Model):
    """An opinion-map activity: its question and when its map is next due to be redrawn."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="opinion_map"
    )
    question = models.CharField(_("question"), max_length=300)
    participants_write = models.BooleanField(_("participants may write statements"), default=True)
    # The refresh schedule (see design.services.opinions.map_refresh_schedule): when a
    # refresh is pending, it runs at ``refresh_due_at``; ``refresh_started_at`` is the last run.
    refresh_due_at = models.DateTimeField(null=True, blank=True)
    refresh_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("design:opinion_map", args=[self.activity_id])


class OpinionParticipant(models.Model):
    """Someone in the conversation: a person, or an imported participant known by number."""

    opinion_map = models.ForeignKey(
        OpinionMap, on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField()
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["opinion_map", "number"], name="opinion_participant_number_once"
            ),
            models.UniqueConstraint(
                fields=["opinion_map", "person"],
                condition=models.Q(person__isnull=False),
                name="opinion_participant_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class Statement(models.Model):
    """A short statement to vote on: seeded by staff (approved at once) or written by a
    participant (seen by others only once approved)."""

    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField()
    text = models.TextField(_("statement"))
    author = models.ForeignKey(
        OpinionParticipant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    seeded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.SmallIntegerField(choices=Moderation.choices, default=Moderation.PENDING)
    is_meta = models.BooleanField(_("about the conversation itself"), default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["opinion_map", "number"], name="opinion_statement_number_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class OpinionVote(models.Model):
    """A participant's latest vote on a statement (a new vote replaces the old, as in Polis)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        OpinionParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(choices=VoteChoice.choices)
    voted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="opinion_vote_once_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="opinion_vote_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.statement_id}: {self.value}"


class OpinionAnalysis(models.Model):
    """The map as last computed: what the page shows, and the library's state for the next
    incremental update.

    ``summary`` holds the groups, their representative statements, the consensus and
    divisive statements (by statement number); ``positions`` maps participant number to
    ``[x, y, group]`` (group -1: too few votes to place); ``state`` is the pickled
    ``methods.opinions.OpinionMap`` written by the refresh task only.
    """

    opinion_map = models.OneToOneField(
        OpinionMap, on_delete=models.CASCADE, related_name="analysis"
    )
    computed_at = models.DateTimeField()
    votes_read_at = models.DateTimeField()
    seconds = models.FloatField(default=0.0)
    n_votes = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    positions = models.JSONField(default=dict)
    state = models.BinaryField(null=True, blank=True)

    def __str__(self) -> str:
        return f"map of {self.opinion_map_id} at {self.computed_at:%Y-%m-%d %H:%M:%S}"
