"""Reads of time credits: banks, members' balances and statements, an organisation's totals,
and the ledger's own check. Balances are always summed from the entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coproduce.delivery.models import (
    Account,
    AccountKind,
    Entry,
    Exchange,
    ExchangeStatus,
    Listing,
    TimeBank,
    Transfer,
    TransferKind,
)
from coproduce.delivery.services.timebank import is_bank_staff

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

    User = Person | AnonymousUser

# A member is active if their account moved in this long.
ACTIVE_DAYS = 90


def banks() -> QuerySet[TimeBank]:
    """Every time bank (they are public), with how many members each has."""
    return TimeBank.objects.select_related("organisation", "place").annotate(
        n_members=Count("accounts", filter=Q(accounts__kind=AccountKind.MEMBER))
    )


def bank_for_user(user: User, pk: int) -> TimeBank:
    """Return the bank (anyone may read a bank's page); raise Http404."""
    return get_object_or_404(banks(), pk=pk)


def bank_for_staff(user: User, pk: int) -> TimeBank:
    """Return the bank if the user runs its organisation; raise PermissionDenied if not."""
    bank = get_object_or_404(TimeBank.objects.select_related("organisation", "place"), pk=pk)
    if not user.is_authenticated or not is_bank_staff(user, bank):
        raise PermissionDenied
    return bank


def account_of(user: User, bank: TimeBank) -> Account | None:
    if not user.is_authenticated:
        return None
    return Account.objects.filter(bank=bank, person_id=user.pk).first()


def balance_of(account: Account) -> int:
    """Return the account's balance in minutes: the sum of its entries."""
    total = account.entries.aggregate(total=Sum("minutes"))["total"]
    return int(total or 0)


def balances_of(accounts: list[Account]) -> dict[int, int]:
    """Return each account's balance in minutes, in one query."""
    rows = (
        Entry.objects.filter(account__in=accounts)
        .values("account")
        .annotate(total=Sum("minutes"))
        .values_list("account", "total")
    )
    found = dict(rows)
    return {a.pk: int(found.get(a.pk) or 0) for a in accounts}


def members_of(bank: TimeBank) -> QuerySet[Account]:
    """The bank's members who still hold their account, by name."""
    return (
        Account.objects.filter(bank=bank, kind=AccountKind.MEMBER, person__isnull=False)
        .select_related("person")
        .order_by("person__display_name", "pk")
    )


def listings_of(
    bank: TimeBank, *, kind: str | None = None, category: str | None = None
) -> QuerySet[Listing]:
    """The bank's open offers and requests, newest first, with who wrote them."""
    found = Listing.objects.filter(bank=bank, closed_at__isnull=True).select_related(
        "account__person"
    )
    if kind:
        found = found.filter(kind=kind)
    if category:
        found = found.filter(category=category)
    return found


def listing_for_user(user: User, pk: int) -> Listing:
    return get_object_or_404(
        Listing.objects.select_related("bank__organisation", "account__person"), pk=pk
    )


def exchange_for_member(user: User, pk: int) -> Exchange:
    """Return an exchange the user is a side of; raise Http404 for anyone else."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        Exchange.objects.select_related("bank", "giver__person", "receiver__person"),
        Q(giver__person_id=user.pk) | Q(receiver__person_id=user.pk),
        pk=pk,
    )


def exchanges_of(account: Account) -> QuerySet[Exchange]:
    """The exchanges the account took part in, newest first."""
    return Exchange.objects.filter(Q(giver=account) | Q(receiver=account)).select_related(
        "giver__person", "receiver__person", "recorded_by"
    )


def awaiting(person: Person) -> QuerySet[Exchange]:
    """Exchanges another member recorded that wait for this person's answer."""
    return (
        Exchange.objects.filter(status=ExchangeStatus.PENDING)
        .filter(Q(giver__person=person) | Q(receiver__person=person))
        .exclude(recorded_by__person=person)
        .select_related("bank", "giver__person", "receiver__person")
    )


@dataclass(frozen=True)
class StatementLine:
    when: datetime
    what: str
    other: str
    minutes: int
    balance: int

    @property
    def credit(self) -> int:
        return max(self.minutes, 0)

    @property
    def debit(self) -> int:
        return max(-self.minutes, 0)


def statement_of(account: Account) -> list[StatementLine]:
    """Return the account's entries in order, each with the other side and the running
    balance, in two queries."""
    entries = list(
        account.entries.select_related("transfer").order_by(
            "transfer__created_at", "transfer_id", "pk"
        )
    )
    others = {
        e.transfer_id: e.account
        for e in Entry.objects.filter(transfer__in=[e.transfer_id for e in entries])
        .exclude(account=account)
        .select_related("account__person")
    }
    lines, balance = [], 0
    for entry in entries:
        balance += entry.minutes
        other = others.get(entry.transfer_id)
        lines.append(
            StatementLine(
                when=entry.transfer.created_at,
                what=entry.transfer.memo or entry.transfer.get_kind_display(),
                other=str(other) if other is not None else "",
                minutes=entry.minutes,
                balance=balance,
            )
        )
    return lines


@dataclass(frozen=True)
class BankTotals:
    issued: int  # minutes ever issued
    exchanged: int  # minutes moved by confirmed exchanges
    held: int  # minutes members hold now (equals issued)
    members: int
    active_members: int
    exchanges: int
    pending: int


def bank_totals(bank: TimeBank) -> BankTotals:
    """Return the bank's totals for its staff, in a fixed number of queries."""
    issuance = Entry.objects.filter(transfer__bank=bank, transfer__kind=TransferKind.ISSUANCE)
    issued = issuance.filter(minutes__gt=0).aggregate(t=Sum("minutes"))["t"] or 0
    exchanges = Exchange.objects.filter(bank=bank)
    confirmed = exchanges.filter(status=ExchangeStatus.CONFIRMED)
    exchanged = confirmed.aggregate(t=Sum("minutes"))["t"] or 0
    held = (
        Entry.objects.filter(account__bank=bank, account__kind=AccountKind.MEMBER).aggregate(
            t=Sum("minutes")
        )["t"]
        or 0
    )
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    members = Account.objects.filter(bank=bank, kind=AccountKind.MEMBER)
    active = (
        members.filter(entries__transfer__created_at__gte=since).values("pk").distinct().count()
    )
    return BankTotals(
        issued=int(issued),
        exchanged=int(exchanged),
        held=int(held),
        members=members.filter(person__isnull=False).count(),
        active_members=active,
        exchanges=confirmed.count(),
        pending=exchanges.filter(status=ExchangeStatus.PENDING).count(),
    )


def organisation_totals(
    banks: list[TimeBank],
) -> tuple[list[tuple[TimeBank, BankTotals]], BankTotals]:
    """Return each bank with its totals, and their sum (a person in two banks counts twice)."""
    rows = [(bank, bank_totals(bank)) for bank in banks]
    fields = BankTotals.__dataclass_fields__
    total = BankTotals(**{name: sum(getattr(t, name) for _, t in rows) for name in fields})
    return rows, total


def issued_by_month(bank: TimeBank) -> list[tuple[str, int, int]]:
    """Return (YYYY-MM, minutes issued, minutes exchanged) for each month with movement."""
    months: dict[str, list[int]] = {}
    rows = Entry.objects.filter(transfer__bank=bank, minutes__gt=0).values_list(
        "transfer__created_at", "transfer__kind", "minutes"
    )
    for when, kind, minutes in rows:
        key = timezone.localtime(when).strftime("%Y-%m")
        slot = months.setdefault(key, [0, 0])
        slot[0 if kind == TransferKind.ISSUANCE else 1] += minutes
    return [(k, v[0], v[1]) for k, v in sorted(months.items())]


def ledger_problems(bank: TimeBank) -> list[str]:
    """Return what is wrong with the bank's ledger, as codes (empty when it is sound):
    a transfer whose entries do not sum to zero or are not one debit and one credit, all
    entries not summing to zero, or members holding other than what was issued."""
    problems = []
    unbalanced = (
        Transfer.objects.filter(bank=bank)
        .annotate(total=Sum("entries__minutes"), n=Count("entries"))
        .exclude(total=0, n=2)
        .values_list("pk", flat=True)
    )
    problems += [f"transfer-unbalanced:{pk}" for pk in unbalanced]
    everything = Entry.objects.filter(account__bank=bank).aggregate(t=Sum("minutes"))["t"] or 0
    if everything != 0:
        problems.append(f"ledger-sum:{everything}")
    foreign = Entry.objects.filter(transfer__bank=bank).exclude(account__bank=bank).count()
    if foreign:
        problems.append(f"entries-in-another-bank:{foreign}")
    totals = bank_totals(bank)
    if totals.held != totals.issued:
        problems.append(f"held-not-issued:{totals.held}-{totals.issued}")
    return problems
