"""Scrutiny panels taking an enquiry round the five-stage wheel of co-assessment."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WheelStage(models.TextChoices):
    """The wheel of co-assessment, in order."""

    FOCUSING = "focusing", _("Co-focussing: choose the topic")
    DIRECTING = "directing", _("Co-directing: plan questions and methods")
    DETECTING = "detecting", _("Co-detecting: gather evidence")
    JUDGING = "judging", _("Co-judging: findings and ratings")
    EFFECTING = "effecting", _("Co-effecting: recommendations")
    DONE = "done", _("Enquiry complete")


class PanelRecruitment(models.TextChoices):
    OPEN = "open", _("Open to volunteers")
    LOTTERY = "lottery", _("Drawn by lot, stratified by the population")


class Panel(models.Model):
    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="panel"
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    plan = models.TextField(_("questions and methods"), blank=True)
    stage = models.CharField(max_length=20, choices=WheelStage.choices, default="focusing")
    recruitment = models.CharField(
        max_length=10, choices=PanelRecruitment.choices, default=PanelRecruitment.OPEN
    )
    seats = models.PositiveSmallIntegerField(_("citizen seats"), default=12)
    stratify_by = models.SlugField(_("stratify the draw by"), blank=True, default="age_band")

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:panel", args=[self.pk])


class PanelMemberRole(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    COUNCILLOR = "councillor", _("Councillor")


class PanelMemberStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Member")
    NOT_SELECTED = "not_selected", _("Not selected")


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=PanelMemberRole.choices)
    status = models.CharField(max_length=12, choices=PanelMemberStatus.choices)
    stratum = models.CharField(max_length=64, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["panel", "person"], name="unique_panel_member")
        ]


class PanelEvidence(models.Model):
    """Evidence gathered while co-detecting: a visit, an interview, data or a file."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        INTERVIEW = "interview", _("Interview")
        DATA = "data", _("Data")
        FILE = "file", _("Document")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(upload_to="panels/%Y/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["added_at", "pk"]


class PanelFinding(models.Model):
    """A co-judging finding, with the panel's 1–5 rating of that aspect of the service."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"))
    score = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["added_at", "pk"]


class RecommendationResponse(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")


class Recommendation(models.Model):
    """A co-effecting recommendation and the organisation's formal response."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="recommendations")
    title = models.CharField(_("recommendation"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    response_due = models.DateField(_("response due"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    response = models.CharField(max_length=10, choices=RecommendationResponse.choices, blank=True)
    response_reason = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    commitment = models.ForeignKey(
        "governance.Commitment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:panel", args=[self.panel_id]) + f"#recommendation-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        """True when the formal response is late."""
        return bool(
            not self.response and self.response_due and self.response_due < timezone.localdate()
        )
