"""Priority setting: residents divide a fixed total across service areas."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PriorityExercise(models.Model):
    """A budget simulator: a fixed total, in steps, divided across service areas."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="priority_exercise"
    )
    total = models.PositiveBigIntegerField(_("total to divide (pence)"))
    step = models.PositiveBigIntegerField(_("step (pence)"))
    currency = models.CharField(max_length=3, default="GBP")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(step__gt=0), name="priority_step_positive")
        ]

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:priorities", args=[self.pk])


class ServiceArea(models.Model):
    """One service area residents can fund more or less."""

    exercise = models.ForeignKey(PriorityExercise, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    current = models.PositiveBigIntegerField(_("this year's spending (pence)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Consequence(models.Model):
    """What staff say happens when an area gets at least ``amount``."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="consequences")
    amount = models.PositiveBigIntegerField(_("from (pence)"))
    text = models.CharField(_("what this pays for"), max_length=300)

    class Meta:
        ordering: ClassVar[list[str]] = ["amount"]


class PriorityResponse(models.Model):
    """One resident's division of the total: ``allocations`` maps area id to pence."""

    exercise = models.ForeignKey(
        PriorityExercise, on_delete=models.CASCADE, related_name="responses"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    allocations = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["exercise", "person"], name="one_response_per_person")
        ]
