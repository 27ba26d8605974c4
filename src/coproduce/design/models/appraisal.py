"""Options appraisal: options scored on criteria, and stakeholder groups weighting them.

A group's weights come from its members (each sets an importance 0–10 per criterion; the
group's weights are the mean of its members' normalised weights) or, when staff enter them
from a workshop, from those (they override the members', with a note saying where they come
from). The maths is ``coproduce.methods.appraisal``, reached through ``design/appraisal.py``.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The range of a member's importance for a criterion.
IMPORTANCE_MAX = 10


def _invite_key() -> str:
    return secrets.token_urlsafe(12)


class AppraisalMethod(models.TextChoices):
    """The methods of ``coproduce.methods.appraisal`` (same values)."""

    WSM = "wsm", _("Weighted sum")
    TOPSIS = "topsis", _("TOPSIS (closeness to the ideal option)")
    PROMETHEE = "promethee", _("PROMETHEE II (option against option)")


class CriterionDirection(models.TextChoices):
    BENEFIT = "benefit", _("More is better (a benefit)")
    COST = "cost", _("Less is better (a cost)")


class Appraisal(models.Model):
    """An options-appraisal activity: its question and the method its results show first."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="appraisal"
    )
    question = models.CharField(_("question"), max_length=300)
    method = models.CharField(
        _("method shown first"),
        max_length=12,
        choices=AppraisalMethod.choices,
        default=AppraisalMethod.WSM,
    )

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("design:appraisal", args=[self.activity_id])


class AppraisalOption(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("name"), max_length=140)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="appraisal_option_name"),
        ]

    def __str__(self) -> str:
        return self.name


class AppraisalCriterion(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=140)
    direction = models.CharField(_("direction"), max_length=8, choices=CriterionDirection.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="appraisal_criterion_name"),
        ]

    def __str__(self) -> str:
        return self.name


class AppraisalScore(models.Model):
    """An option's score on a criterion, entered by staff or experts, with its source."""

    option = models.ForeignKey(AppraisalOption, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        AppraisalCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.FloatField(_("score"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["option", "criterion"], name="appraisal_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}/{self.criterion_id}: {self.value}"


class StakeholderGroup(models.Model):
    """A stakeholder group (residents, traders, the disability forum…).

    ``invite_key`` is part of the signed invitation link: a new key revokes the old links.
    When staff enter the group's weights (``GroupWeight``), ``weights_note`` says where they
    come from and they override the members' own.
    """

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    invite_key = models.CharField(max_length=32, default=_invite_key)
    weights_note = models.CharField(_("where the weights come from"), max_length=300, blank=True)
    weights_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    weights_entered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="stakeholder_group_name"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupWeight(models.Model):
    """A weight entered by staff for a whole group (from a workshop); any number ≥ 0."""

    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.CASCADE, related_name="entered_weights"
    )
    criterion = models.ForeignKey(
        AppraisalCriterion, on_delete=models.CASCADE, related_name="group_weights"
    )
    weight = models.FloatField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["group", "criterion"], name="group_weight_once"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="group_weight_positive"),
        ]


class GroupMember(models.Model):
    """A person weighting the criteria for a group (added by staff, or joined by invitation).

    Erasing the account unlinks the row (``person`` empty) and keeps its weights, so the
    group's published weights do not shift.
    """

    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_memberships",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(person__isnull=False),
                name="group_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.group_id}"


class MemberWeight(models.Model):
    """How important a criterion is to a member, 0 (not at all) to 10 (most)."""

    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="weights")
    criterion = models.ForeignKey(
        AppraisalCriterion, on_delete=models.CASCADE, related_name="member_weights"
    )
    importance = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["member", "criterion"], name="member_weight_once"),
            models.CheckConstraint(
                condition=models.Q(importance__gte=0, importance__lte=IMPORTANCE_MAX),
                name="member_weight_range",
            ),
        ]
