"""A logic model per initiative (inputs → activities → outputs → outcomes → capabilities),
indicators on its steps, and their measurements over time."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    """The links of the chain, in order."""

    INPUTS = "inputs", _("Inputs")
    ACTIVITIES = "activities", _("Activities")
    OUTPUTS = "outputs", _("Outputs")
    OUTCOMES = "outcomes", _("Outcomes")
    CAPABILITIES = "capabilities", _("Capabilities")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class SourceKind(models.TextChoices):
    ENTERED = "entered", _("Entered by staff")
    IMPORTED = "imported", _("Imported from a file")
    COMPUTED = "computed", _("Computed from the platform's own records")


class ComputedMeasure(models.TextChoices):
    """What the platform can count for an initiative from the participation ledger."""

    PARTICIPANTS = "participants", _("People who took part in the initiative's activities")
    REPORTS = "reports", _("Reports made through the initiative's activities")
    CONTRIBUTIONS = "contributions", _("Contributions to the initiative's activities")


class LogicModel(models.Model):
    """How an initiative expects its work to create value, step by step."""

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="logic_model",
        verbose_name=_("initiative"),
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.initiative)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:logic_model", args=[self.initiative.slug])


class LogicStep(models.Model):
    """One item in one link of the chain (e.g. an outcome: "fewer missed bin collections")."""

    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    text = models.CharField(_("what it is"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class Indicator(models.Model):
    """How a step is measured: definition, unit, direction, baseline and target."""

    step = models.ForeignKey(LogicStep, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    target_value = models.FloatField(_("target"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    computed_measure = models.CharField(
        _("computed from"), max_length=20, choices=ComputedMeasure.choices, blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(source_kind="computed") & ~models.Q(computed_measure="")
                    | ~models.Q(source_kind="computed") & models.Q(computed_measure="")
                ),
                name="indicator_computed_has_a_measure",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """One value of an indicator on one date (one per date)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.FloatField(_("value"))
    date = models.DateField(_("date"))
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["date"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="one_measurement_per_indicator_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} on {self.date}"


# Randomised experiments live in their own module; imported here so Django finds them.
from coproduce.evaluation.experiment_models import (  # noqa: E402
    Experiment,
    ExperimentArm,
    ExperimentAssignment,
)

__all__ = [
    "ComputedMeasure",
    "Direction",
    "Experiment",
    "ExperimentArm",
    "ExperimentAssignment",
    "Indicator",
    "LogicModel",
    "LogicStep",
    "Measurement",
    "SourceKind",
    "StepKind",
]
