"""Service ratings with "you said, we did" answers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    """A 1–5 rating of a service, a place or a delivered project, with an optional comment."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ratings"
    )
    category = models.ForeignKey(
        "assessment.ReportCategory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    we_did = models.TextField(_("what we did"), blank=True)
    we_did_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    we_did_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return _("%(score)s/5 for %(subject)s") % {"score": self.score, "subject": self.subject}

    def get_absolute_url(self) -> str:
        return reverse("assessment:rating", args=[self.pk])

    @property
    def subject(self) -> object:
        return self.initiative or self.category or self.place or self.organisation
