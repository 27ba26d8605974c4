"""Time credits: a time bank per organisation (or place), its members' accounts, what they
offer and ask for, the exchanges between them, and a double-entry ledger of credits.

One hour given is one credit whatever the service (TimeOverflow's rule); amounts are whole
minutes. Every movement of credits is a ``Transfer`` with two ``Entry`` rows, a debit
(negative) and a credit (positive), written in one transaction, so the entries of a bank
always sum to zero. Balances are the sum of an account's entries: no stored balance. Credits
come into being only by issuance, a transfer out of the bank's issuance account (whose
balance is minus everything ever issued), audited.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_EXCHANGE_MINUTES = 24 * 60


class TimeBank(models.Model):
    """A time bank run by an organisation, optionally for one place."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("for the place"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it is for"), blank=True)
    credits_for_volunteering = models.BooleanField(
        _("confirmed volunteering hours earn credits"), default=False
    )
    # How far below zero a member's balance may go, in minutes: 0 (the default) means a
    # member spends only what they have earned.
    overdraft_minutes = models.PositiveIntegerField(_("overdraft limit (minutes)"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="timebank_name_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delivery:timebank", args=[self.pk])


class AccountKind(models.TextChoices):
    MEMBER = "member", _("Member")
    ISSUANCE = "issuance", _("Issuance")


class Account(models.Model):
    """A member's account in a bank, or the bank's one issuance account.

    A member who erases their data keeps their account with ``person`` cleared, so every
    entry stays and the ledger still balances.
    """

    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(max_length=10, choices=AccountKind.choices, default=AccountKind.MEMBER)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="time_accounts",
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["bank", "person"],
                condition=models.Q(person__isnull=False),
                name="one_time_account_per_member",
            ),
            models.UniqueConstraint(
                fields=["bank"],
                condition=models.Q(kind="issuance"),
                name="one_issuance_account_per_bank",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="issuance") | models.Q(person__isnull=True),
                name="issuance_account_has_no_holder",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == AccountKind.ISSUANCE:
            return str(_("Issued by the bank"))
        if self.person_id is None:
            return str(_("Former member"))
        return str(self.person)


class TransferKind(models.TextChoices):
    ISSUANCE = "issuance", _("Credits issued")
    EXCHANGE = "exchange", _("Exchange")


class Transfer(models.Model):
    """One movement of credits: its entries (a debit and a credit) sum to zero."""

    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=10, choices=TransferKind.choices)
    memo = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The confirmed volunteering hours an issuance pays for: unique, so they earn once.
    sign_up = models.OneToOneField(
        "delivery.SignUp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_credit",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]


class Entry(models.Model):
    """One side of a transfer: a positive amount credits the account, a negative debits it."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    minutes = models.IntegerField()

    class Meta:
        ordering: ClassVar[list[str]] = ["transfer", "pk"]
        verbose_name_plural = _("entries")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~models.Q(minutes=0), name="entry_moves_something"),
            models.UniqueConstraint(
                fields=["transfer", "account"], name="one_entry_per_account_per_transfer"
            ),
        ]


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class ListingCategory(models.TextChoices):
    CARE = "care", _("Company and care")
    HOME = "home", _("Home and garden")
    REPAIRS = "repairs", _("Repairs and DIY")
    TRANSPORT = "transport", _("Lifts and errands")
    LEARNING = "learning", _("Learning and teaching")
    DIGITAL = "digital", _("Computers and phones")
    COOKING = "cooking", _("Cooking and food")
    PAPERWORK = "paperwork", _("Forms and paperwork")
    OTHER = "other", _("Something else")


class Listing(models.Model):
    """A service a member offers to others, or asks others for."""

    bank = models.ForeignKey(TimeBank, on_delete=models.CASCADE, related_name="listings")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(_("offer or request"), max_length=10, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ListingCategory.choices)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:timebank_listing", args=[self.pk])


class ExchangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the other side")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class Exchange(models.Model):
    """Time one member gave another: recorded by one side, confirmed by the other.

    On confirmation the receiver's account pays the giver's, one credit an hour.
    """

    bank = models.ForeignKey(TimeBank, on_delete=models.PROTECT, related_name="exchanges")
    giver = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="exchanges"
    )
    minutes = models.PositiveIntegerField(_("time given (minutes)"))
    description = models.CharField(_("what was done"), max_length=200)
    status = models.CharField(
        max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.PENDING
    )
    decline_reason = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    transfer = models.OneToOneField(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="exchange"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="exchange_between_two"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_EXCHANGE_MINUTES),
                name="exchange_minutes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def hours(self) -> float:
        return self.minutes / 60
