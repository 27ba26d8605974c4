"""Initiatives, their stages across the Four Co's, activities, the ledger and lineage."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import instrument_choices


class Co(models.TextChoices):
    """The Four Co's of the service cycle, in cycle order."""

    COMMISSIONING = "commissioning", _("Co-commissioning")
    DESIGN = "design", _("Co-design")
    DELIVERY = "delivery", _("Co-delivery")
    ASSESSMENT = "assessment", _("Co-assessment")


class Origin(models.TextChoices):
    INSIDE_OUT = "inside_out", _("Organisation-led (inside-out)")
    OUTSIDE_IN = "outside_in", _("Citizen-led (outside-in)")


class Lead(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation in the lead")
    CITIZENS = "citizens", _("Citizens in the lead")
    SHARED = "shared", _("Shared lead")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Organisation members only")


class Initiative(models.Model):
    """A co-production effort about a service or outcome."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    summary = models.TextField(_("summary"))
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("place"),
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default="public")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:initiative", args=[self.slug])


class Stage(models.Model):
    """One of the Four Co's within an initiative, recording who leads it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="stages")
    co = models.CharField(_("co"), max_length=20, choices=Co.choices)
    lead = models.CharField(_("lead"), max_length=20, choices=Lead.choices)
    lead_note = models.CharField(_("who leads, in words"), max_length=300, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["initiative", "co"], name="unique_stage_per_co")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_co_display()}"


class ActivityState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Activity(models.Model):
    """One participatory instrument inside a stage.

    Later apps extend it with a one-to-one model of their own (a budgeting round, a
    survey, a panel) so every instrument shares dates, eligibility and visibility.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="activities")
    # Kinds come from the instrument registry (initiatives.instruments): an app registers
    # the kinds it owns, and full_clean refuses a kind no app has registered.
    kind = models.CharField(_("kind"), max_length=30, choices=instrument_choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"), null=True, blank=True)
    eligible_place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("open to residents of"),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default="public")

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        verbose_name_plural = _("activities")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from coproduce.initiatives.pages import activity_page_url

        return activity_page_url(self)

    def state_at(self, moment: datetime) -> ActivityState:
        """Return whether the activity is upcoming, open or closed at ``moment``."""
        if moment < self.starts_at:
            return ActivityState.UPCOMING
        if self.ends_at is not None and moment >= self.ends_at:
            return ActivityState.CLOSED
        return ActivityState.OPEN

    @property
    def state(self) -> ActivityState:
        return self.state_at(timezone.now())


class ActivityPhase(models.Model):
    """When one of an activity's later phases starts: the activity's one clock.

    The first phase starts with the activity (``Activity.starts_at``); each later phase
    starts at its row's ``starts_at`` and runs until the next scheduled phase starts, the
    last one until the activity ends. A phase without a row is not scheduled (skipped).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="phase_starts")
    key = models.SlugField(_("phase"), max_length=40)
    starts_at = models.DateTimeField(_("starts"))

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["activity", "key"], name="unique_phase_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.key} from {self.starts_at:%Y-%m-%d %H:%M}"


class Mode(models.TextChoices):
    VOICE = "voice", _("Voice")
    ACTION = "action", _("Action")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    ASSISTED = "assisted", _("Staff-assisted")
    PAPER = "paper", _("Paper")
    IN_PERSON = "in_person", _("In person")


class Contribution(models.Model):
    """The participation ledger: one row for every participant action.

    When a person deletes their account the row stays, with ``person`` cleared, so every
    count and tally is unchanged.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    co = models.CharField(max_length=20, choices=Co.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    kind = models.SlugField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Sealed rows (secret ballots while voting is open) are left out of every count until
    # the activity unseals them, so no live turnout can be read anywhere.
    sealed = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["co", "created_at"])]


class LineageKind(models.TextChoices):
    LED_TO = "led_to", _("led to")
    FUNDED_AS = "funded_as", _("was funded as")
    BECAME = "became", _("became")
    RESPONDED_BY = "responded_by", _("was answered by")
    MERGED_INTO = "merged_into", _("was merged into")


class Lineage(models.Model):
    """A typed link from an item to what came of it — how the cycle is joined up.

    ``source`` is the earlier item (a report, a proposal, a recommendation) and ``target``
    what came of it (a proposal, a commitment, a volunteering programme). Any model of
    any app can take part.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField(max_length=20, choices=LineageKind.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id"],
                name="unique_lineage_link",
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]


class BenefitThreshold(models.Model):
    """The representation ratio below which a group counts as under-served, set by staff for
    one benefit source in one place (its areas and their deprivation quintiles)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    source = models.SlugField(_("benefit"), max_length=40)
    minimum_ratio = models.DecimalField(_("lowest fair ratio"), max_digits=3, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["place", "source"], name="one_threshold_per_benefit"),
            models.CheckConstraint(
                condition=models.Q(minimum_ratio__gt=0, minimum_ratio__lte=2),
                name="threshold_between_0_and_2",
            ),
        ]


class GroupKind(models.TextChoices):
    QUINTILE = "quintile", _("Deprivation quintile")
    PLACE = "place", _("Area")


class BenefitAlert(models.Model):
    """A group found under-served in a period, once staff act on it.

    The figures are not stored: the page reads them (and the next period's) from the data.
    """

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    source = models.SlugField(max_length=40)
    group_kind = models.CharField(max_length=10, choices=GroupKind.choices)
    group = models.CharField(max_length=64)  # a quintile ("1") or an area's slug
    period_start = models.DateField()
    period_end = models.DateField()
    threshold = models.DecimalField(max_digits=3, decimal_places=2)
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-period_end", "source", "group_kind", "group"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["place", "source", "group_kind", "group", "period_start", "period_end"],
                name="one_alert_per_group_and_period",
            )
        ]


class OutreachAction(models.Model):
    """What staff did about an alert: what, when, by whom (and who logged it)."""

    alert = models.ForeignKey(BenefitAlert, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField(_("what was done"))
    done_on = models.DateField(_("when"))
    done_by = models.CharField(_("by whom"), max_length=200)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["done_on", "pk"]
