"""Commitments tracked in public, and two-way co-production charters."""

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
    charter = models.ForeignKey(
        "governance.Charter",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    indicator = models.CharField(
        _("how we will know it was kept"), max_length=300, blank=True, default=""
    )
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


class CommunityKind(models.TextChoices):
    GROUP = "group", _("A community group")
    PANEL = "panel", _("A panel")
    PLACE = "place", _("The residents of a place")


class CharterSide(models.TextChoices):
    ORGANISATION = "organisation", _("The organisation")
    COMMUNITY = "community", _("The community")


class KeptRating(models.IntegerChoices):
    """How well the other side kept its commitments, in words as well as a number."""

    NOT_KEPT = 1, _("Not kept")
    MOSTLY_NOT_KEPT = 2, _("Mostly not kept")
    PARTLY_KEPT = 3, _("Partly kept")
    MOSTLY_KEPT = 4, _("Mostly kept")
    FULLY_KEPT = 5, _("Fully kept")


class Charter(models.Model):
    """A two-way agreement between an organisation and a community, with commitments on
    both sides, signed by both and reviewed at set intervals.

    The community is a community group (an Organisation), a panel named in words, or the
    residents of a place; ``community_name`` says it in words whatever the kind.
    """

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what we agree"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="charters"
    )
    community_kind = models.CharField(
        _("the community is"), max_length=20, choices=CommunityKind.choices
    )
    community_name = models.CharField(_("the community, in words"), max_length=200)
    community_group = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_charters",
    )
    community_place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charters",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charters",
    )
    review_months = models.PositiveSmallIntegerField(_("reviewed every (months)"), default=6)
    in_force_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(review_months__gte=1, review_months__lte=60),
                name="charter_review_months_1_to_60",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:charter", args=[self.pk])


class CharterRepresentative(models.Model):
    """A person named by staff to speak and sign for the charter's community."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="representatives")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_roles"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["charter", "person"], name="unique_representative")
        ]


class CharterSignature(models.Model):
    """A named signatory's signature for one side; the name is kept as signed."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(max_length=20, choices=CharterSide.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["signed_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["charter", "person"],
                condition=models.Q(person__isnull=False),
                name="unique_charter_signatory",
            )
        ]


class CharterComment(models.Model):
    """A resident's comment on a charter's draft."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "pk"]


class CharterRating(models.Model):
    """In review ``number``, one side's public rating of how the other kept its commitments."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="ratings")
    number = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=20, choices=CharterSide.choices)
    rating = models.PositiveSmallIntegerField(choices=KeptRating.choices)
    reason = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["number", "side"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["charter", "number", "side"], name="one_rating_per_side_per_review"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="charter_rating_1_to_5"
            ),
        ]
