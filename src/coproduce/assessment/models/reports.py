"""Report categories (Open311 "services") with their attributes, reports and API keys."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportCategory(models.Model):
    """A kind of problem an organisation answers in a place: an Open311 service."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="report_categories"
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "initiatives.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_categories",
        help_text=_("The report channel whose ledger records these reports."),
    )
    code = models.SlugField(_("service code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    duplicate_distance_m = models.PositiveIntegerField(
        _("suggest open reports within (metres)"), default=50
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["group", "name"]
        verbose_name_plural = _("report categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:report_new") + f"?category={self.code}"


class AttributeType(models.TextChoices):
    """GeoReport v2 attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One of a list")
    MULTI = "multivaluelist", _("Several of a list")


class CategoryAttribute(models.Model):
    """One extra question of a category: the GeoReport v2 service definition."""

    category = models.ForeignKey(
        ReportCategory, on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.SlugField(max_length=60)
    datatype = models.CharField(max_length=20, choices=AttributeType.choices)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=1)
    # [{"key": "...", "name": "..."}] for the list datatypes
    values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_attribute_code")
        ]

    def __str__(self) -> str:
        return self.description


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    NOT_RESPONSIBLE = "not_responsible", _("Not our responsibility")
    DUPLICATE = "duplicate", _("Duplicate")
    NO_ACTION = "no_action", _("No further action")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("Email me updates")
    PHONE = "phone", _("Phone me")
    NONE = "none", _("Do not contact me")


class ApiKey(models.Model):
    """A third-party app's key for posting to the Open311 API; only a hash is stored."""

    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    hourly_limit = models.PositiveIntegerField(_("requests per hour"), default=60)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Report(models.Model):
    """A problem reported by a citizen, on the web, by phone through staff, or over Open311."""

    category = models.ForeignKey(ReportCategory, on_delete=models.PROTECT, related_name="reports")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    description = models.TextField(_("description"))
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo = models.ImageField(upload_to="reports/%Y/%m/", blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    contact = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=10, default="online")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    fix_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["category", "status"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return _("Report %(id)s: %(category)s") % {"id": self.pk, "category": self.category}

    def get_absolute_url(self) -> str:
        return reverse("assessment:report", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != ReportStatus.CLOSED


class ReportSupport(models.Model):
    """Another person's "me too" on an open report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["report", "person"], name="unique_report_support")
        ]


class ReportUpdate(models.Model):
    """A step in a report's public history: a status change, a note, or both."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]


class FixAnswer(models.Model):
    """The reporter's answer to "is it fixed?" after a report was closed as fixed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fix_answers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fixed = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
