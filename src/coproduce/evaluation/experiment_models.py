"""Randomised experiments on an activity: the design and its pre-registration, the arms
(each an invitation text; the first is the control) and each person's assignment.

An experiment moves draft → frozen (the pre-registration and the design are sealed with a
hash) → assigned (every person in the population has an arm, from the stored seed) → sent
(each person had their arm's invitation). The moments are fields; ``state`` reads them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Population(models.TextChoices):
    """Who is invited: the units of the experiment are people."""

    RESIDENTS = "residents", _("Verified residents of the activity's place")
    FOLLOWERS = "followers", _("People who follow the initiative")


class Stratification(models.TextChoices):
    """How people are grouped before they are shared out between the arms."""

    NONE = "none", _("None: one group")
    PLACE = "place", _("By place of residence")
    AGE_BAND = "age_band", _("By age band (consented demographics)")
    PLACE_AGE_BAND = "place_age_band", _("By place and age band")


class ExperimentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Pre-registered (frozen)")
    ASSIGNED = "assigned", _("Assigned")
    SENT = "sent", _("Invitations sent")


class Experiment(models.Model):
    """An experiment on an activity's invitations, with its frozen pre-registration."""

    activity = models.ForeignKey(
        "initiatives.Activity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=200)
    population = models.CharField(_("population"), max_length=20, choices=Population.choices)
    stratification = models.CharField(
        _("stratification"), max_length=20, choices=Stratification.choices
    )
    window_days = models.PositiveSmallIntegerField(_("days to take part after the invitation"))
    # The pre-registration: written before assignment, sealed by ``experiment_freeze``.
    hypothesis = models.TextField(_("hypothesis"), blank=True)
    primary_outcome = models.TextField(_("primary outcome"), blank=True)
    analysis_plan = models.TextField(_("analysis plan"), blank=True)
    expected_control_rate = models.FloatField(_("expected share taking part (control)"), null=True)
    expected_treatment_rate = models.FloatField(
        _("expected share taking part (treatment)"), null=True
    )
    alpha = models.FloatField(_("significance level"), default=0.05)
    power = models.FloatField(_("power"), default=0.8)
    seed = models.PositiveBigIntegerField(_("random seed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Sealed: the document hashed, its SHA-256 and when and by whom.
    registration = models.JSONField(null=True, blank=True)
    registration_hash = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheme = models.CharField(max_length=60, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> ExperimentState:
        if self.sent_at is not None:
            return ExperimentState.SENT
        if self.assigned_at is not None:
            return ExperimentState.ASSIGNED
        if self.frozen_at is not None:
            return ExperimentState.FROZEN
        return ExperimentState.DRAFT

    @property
    def is_stratified(self) -> bool:
        return self.stratification != Stratification.NONE


class ExperimentArm(models.Model):
    """One arm: the invitation's subject and text. Position 0 is the control."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="arms")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=60)
    subject = models.CharField(_("e-mail subject"), max_length=200)
    text = models.TextField(_("invitation text"))

    class Meta:
        ordering: ClassVar[list[str]] = ["position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["experiment", "position"], name="one_arm_per_position"),
            models.UniqueConstraint(fields=["experiment", "name"], name="arm_names_differ"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_control(self) -> bool:
        return self.position == 0


class ExperimentAssignment(models.Model):
    """A person's arm. When the person erases their account the row stays, unlinked, with
    their outcome as it stood (``outcome_at_erasure``), so the analysis does not change."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    arm = models.ForeignKey(ExperimentArm, on_delete=models.PROTECT, related_name="assignments")
    stratum = models.CharField(max_length=200, blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    outcome_at_erasure = models.FloatField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["experiment", "person"], name="one_assignment_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.experiment}: {self.arm}"
