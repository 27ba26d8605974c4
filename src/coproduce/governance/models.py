"""Commitments tracked in public, and the tamper-evident audit log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommitmentOwner(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PARTICIPANTS = "participants", _("Participants")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CommitmentSource(models.TextChoices):
    CHARTER = "charter", _("Co-production charter")
    BUDGETING = "budgeting", _("Participatory budgeting result")
    RECOMMENDATION = "recommendation", _("Panel recommendation")
    OTHER = "other", _("Other")


class Commitment(models.Model):
    """A promise, by the organisation or by participants, tracked in public."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=20, choices=CommitmentOwner.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="commitments"
    )
    owner_name = models.CharField(_("owned by, in words"), max_length=200, blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    source = models.CharField(
        max_length=20, choices=CommitmentSource.choices, default=CommitmentSource.OTHER
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default="planned"
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_date", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="commitment_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:commitment", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        open_statuses = {CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS, "delayed"}
        return bool(
            self.due_date and self.status in open_statuses and self.due_date < timezone.localdate()
        )


class CommitmentUpdate(models.Model):
    """One step of a commitment's status history, with its reason."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=CommitmentStatus.choices)
    progress = models.PositiveSmallIntegerField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-pk"]


class Evidence(models.Model):
    """A link to evidence of a commitment's progress (a photo, a minute, a report)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(max_length=200)
    url = models.URLField()
    added_at = models.DateTimeField(default=timezone.now)
