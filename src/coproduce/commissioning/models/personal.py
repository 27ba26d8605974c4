"""Personal budgets: a support plan co-produced by a person and a professional."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SupportPlan(models.Model):
    """A person's support plan against an allocated personal budget.

    Its content (outcomes and budget lines) only changes through a ``PlanChange`` that
    both the person and the professional have agreed.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_plans"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    allocation = models.PositiveBigIntegerField(_("allocated personal budget (pence)"))
    outcomes = models.TextField(_("outcomes the person wants"), blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:plan", args=[self.pk])


class PaymentMethod(models.TextChoices):
    PROVIDER = "provider", _("Paid to a chosen provider")
    DIRECT = "direct", _("Direct payment to the person")


class BudgetLine(models.Model):
    """One line of a support plan: what it pays for, how much, and how it is paid."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="lines")
    key = models.SlugField(max_length=40)
    label = models.CharField(_("what it pays for"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (pence)"))
    method = models.CharField(_("how it is paid"), max_length=10, choices=PaymentMethod.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_line_key")
        ]

    def __str__(self) -> str:
        return self.label


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the other person to agree")
    AGREED = "agreed", _("Agreed by both")
    DECLINED = "declined", _("Declined")


class PlanChange(models.Model):
    """A proposed new version of the plan's outcomes and lines, and who agreed it."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="changes")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField()
    note = models.CharField(_("why"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default="proposed")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-proposed_at", "-pk"]


class SpendingRecord(models.Model):
    """Money spent against a budget line."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spending")
    amount = models.PositiveBigIntegerField(_("amount (pence)"))
    spent_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-spent_on", "-pk"]
