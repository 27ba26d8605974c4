"""Volunteering: opportunities, the roles and shifts they offer, and the people who fill them.

A shift's places are counted in ``Shift.taken``, moved only by conditional updates
(``taken < capacity``) and bounded by a check constraint, so concurrent sign-ups can never
overfill a shift whatever the code path.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _


class Approach(models.TextChoices):
    """The handbook's approaches to co-delivery."""

    CO_IMPLEMENTING = "co_implementing", _("Co-implementing a project")
    CO_MANAGING = "co_managing", _("Co-managing a facility")
    PEER_SUPPORT = "peer_support", _("Peer support")
    BEHAVIOUR_CHANGE = "behaviour_change", _("Behaviour change")
    JOINT_SERVICE = "joint_service", _("Joint action on a service")
    JOINT_OUTCOME = "joint_outcome", _("Joint action on an outcome")


class Skill(models.TextChoices):
    FIRST_AID = "first_aid", _("First aid")
    DRIVING = "driving", _("Driving")
    GARDENING = "gardening", _("Gardening")
    COOKING = "cooking", _("Cooking")
    BEFRIENDING = "befriending", _("Listening and befriending")
    REPAIRS = "repairs", _("DIY and repairs")
    DIGITAL = "digital", _("Computers and phones")
    LANGUAGES = "languages", _("Speaking another language")


class CheckKind(models.TextChoices):
    DBS = "dbs", _("Safeguarding (DBS) check")
    FOOD_HYGIENE = "food_hygiene", _("Food hygiene certificate")
    FIRST_AID_CERTIFICATE = "first_aid_certificate", _("First aid certificate")


class Opportunity(models.Model):
    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="opportunity"
    )
    approach = models.CharField(_("approach"), max_length=20, choices=Approach.choices)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("where it happens"),
    )

    class Meta:
        verbose_name_plural = _("opportunities")

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:opportunity", args=[self.activity_id])


class Role(models.Model):
    """What volunteers do, and the skills and checks they need for it."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it involves"), blank=True)
    skills = models.JSONField(_("skills needed"), default=list, blank=True)
    checks = models.JSONField(_("checks needed"), default=list, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def skill_labels(self) -> list[str]:
        return [str(Skill(s).label) for s in self.skills if s in Skill.values]

    def check_labels(self) -> list[str]:
        return [str(CheckKind(c).label) for c in self.checks if c in CheckKind.values]


class Shift(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="shifts")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    where = models.CharField(_("where exactly"), max_length=200, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    # Places held (confirmed or offered): moved only by conditional updates.
    taken = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("capacity")),
                name="shift_never_overfilled",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{self.role}, {when:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:shift", args=[self.pk])

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / timedelta(hours=1)


class SignUpStatus(models.TextChoices):
    OFFERED = "offered", _("Offered a place")
    CONFIRMED = "confirmed", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


HOLDING = (SignUpStatus.OFFERED, SignUpStatus.CONFIRMED)


class SignUp(models.Model):
    """A person's place on a shift (held, offered or waiting) and, later, their hours."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="sign_ups")
    # Cleared when the person deletes their account: confirmed hours stay, anonymous.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shift_sign_ups",
    )
    status = models.CharField(max_length=10, choices=SignUpStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    distance_km = models.FloatField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["shift", "person"], name="one_sign_up_per_shift")
        ]

    @property
    def hours(self) -> float | None:
        return None if self.minutes is None else self.minutes / 60


class VolunteerOffer(models.Model):
    """What a resident says they can do: skills, how far they will travel, hours a month."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_offer"
    )
    skills = models.JSONField(default=list, blank=True)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("where you travel from"),
    )
    max_km = models.FloatField(_("how far you will travel (km)"), null=True, blank=True)
    hours_a_month = models.PositiveSmallIntegerField(_("hours a month"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def skill_labels(self) -> list[str]:
        return [str(Skill(s).label) for s in self.skills if s in Skill.values]


class AvailabilityWindow(models.Model):
    """A weekly time the person is free: a weekday (Monday 0) from one time to another."""

    offer = models.ForeignKey(VolunteerOffer, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField()
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["weekday", "starts", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="window_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="window_weekday"),
        ]

    def weekday_name(self) -> str:
        return str(WEEKDAYS[self.weekday])


class VolunteerCheck(models.Model):
    """A check (e.g. safeguarding) an organisation made of a volunteer: private to its staff."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_checks"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=CheckKind.choices)
    expires_on = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "organisation", "kind"], name="one_check_of_a_kind"
            )
        ]
