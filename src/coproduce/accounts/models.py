"""People and their optional, consented demographics (kept apart from the account)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonManager(BaseUserManager["Person"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Person:
        if not email:
            raise ValueError("A person needs an email address")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Person:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class EmailChoice(models.TextChoices):
    """How a person wants to hear by e-mail about what they follow."""

    EACH = "each", _("An e-mail for each event")
    DAILY = "daily", _("One e-mail a day with what happened")
    WEEKLY = "weekly", _("One e-mail a week with what happened")
    NONE = "none", _("No e-mail: I read them on the site")


class Person(AbstractBaseUser, PermissionsMixin):
    """An account: a resident, a service user, a member of staff or a researcher."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    is_staff = models.BooleanField(_("can use the site admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    notification_email = models.CharField(
        _("e-mails about what you follow"),
        max_length=8,
        choices=EmailChoice.choices,
        default=EmailChoice.EACH,
    )
    digest_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    # The language the person last used the site in while signed in, or chose for e-mails:
    # what we write to them later (notifications, e-mails, digests) is written in it.
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown beside a person's public contributions."""
        if self.anonymised_at:
            return str(_("Former participant"))
        return self.display_name or self.email.split("@", 1)[0]

    def age_on(self, day: date) -> int | None:
        """Return the person's age in whole years on ``day``, or None when unknown."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class DemographicConsent(models.Model):
    """A person's consent to keep optional demographics, with its history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=64, default="equity-monitoring")
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-granted_at"]


class Demographics(models.Model):
    """Optional demographics, stored in their own table and only under a live consent.

    Values are keyed by the dimensions of places' population profiles (``age_band``,
    ``sex``, ``deprivation_quintile``, or locally chosen ones) so turnout can be compared
    with the population served.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="demographics")
    consent = models.ForeignKey(DemographicConsent, on_delete=models.CASCADE)
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)


class Follow(models.Model):
    """A person following something (a proposal, a report, an activity, a commitment, an
    initiative, a place): they are told when it moves on. Apps say what can be followed
    (``accounts.following.register_followable``)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-since", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "target_type", "target_id"], name="one_follow_per_target"
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["target_type", "target_id"], name="follow_target")
        ]


class Notification(models.Model):
    """Something that happened, told to one person: read on the site, e-mailed once (for
    each event or in a digest). The sentence is written in the language of the moment it
    happened, as the e-mail is."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["person", "read_at"], name="notification_unread")
        ]
