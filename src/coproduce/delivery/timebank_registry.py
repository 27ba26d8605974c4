"""What time credits register with the core: their part of "Your activity" and of a person's
data (export, and erasure that keeps the ledger balanced)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.accounts.personal_data import PersonalData, register_personal_data
from coproduce.delivery.models import Account, Exchange, ExchangeStatus, Listing
from coproduce.delivery.selectors.timebank import awaiting, statement_of
from coproduce.delivery.templatetags.timebank import credits

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _activity(person: Person) -> list[ActivityItem]:
    """Two queries: the person's accounts with their balances, and what waits for them."""
    accounts = (
        Account.objects.filter(person=person)
        .select_related("bank")
        .annotate(balance=Sum("entries__minutes"))
        .order_by("bank__name", "pk")
    )
    items = [
        ActivityItem(
            title=account.bank.name,
            url=account.bank.get_absolute_url(),
            status=_("Balance: %(credits)s") % {"credits": credits(account.balance or 0)},
            when=account.joined_at,
            detail=_("Time bank"),
        )
        for account in accounts
    ]
    items += [
        ActivityItem(
            title=exchange.description,
            url=exchange.bank.get_absolute_url(),
            status=_("Waiting for your answer"),
            when=exchange.created_at,
            detail=_("%(time)s in “%(bank)s”")
            % {"time": credits(exchange.minutes), "bank": exchange.bank.name},
        )
        for exchange in awaiting(person)
    ]
    return items


def _export(person: Person) -> list[dict[str, Any]]:
    found = []
    for account in Account.objects.filter(person=person).select_related("bank__organisation"):
        lines = statement_of(account)
        exchanges = Exchange.objects.filter(Q(giver=account) | Q(receiver=account))
        found.append(
            {
                "time_bank": account.bank.name,
                "organisation": account.bank.organisation.name,
                "joined": account.joined_at.isoformat(),
                "balance_minutes": lines[-1].balance if lines else 0,
                "entries": [
                    {
                        "when": line.when.isoformat(),
                        "what": line.what,
                        "with": line.other,
                        "minutes": line.minutes,
                        "balance_minutes": line.balance,
                    }
                    for line in lines
                ],
                "offers_and_requests": [
                    {
                        "kind": listing.kind,
                        "title": listing.title,
                        "description": listing.description,
                        "category": listing.category,
                        "created": listing.created_at.isoformat(),
                        "closed": listing.closed_at.isoformat() if listing.closed_at else None,
                    }
                    for listing in Listing.objects.filter(account=account)
                ],
                "exchanges": [
                    {
                        "what": exchange.description,
                        "minutes": exchange.minutes,
                        "you": "gave" if exchange.giver_id == account.pk else "received",
                        "status": exchange.status,
                        "decline_reason": exchange.decline_reason,
                        "recorded": exchange.created_at.isoformat(),
                    }
                    for exchange in exchanges
                ],
            }
        )
    return found


def _erase(person: Person) -> None:
    """Delete what the person offered and asked for, decline what waits, and clear the
    holder of their accounts: the entries stay, so the ledger still balances."""
    accounts = Account.objects.filter(person=person)
    Listing.objects.filter(account__in=accounts).delete()
    Exchange.objects.filter(
        Q(giver__in=accounts) | Q(receiver__in=accounts), status=ExchangeStatus.PENDING
    ).update(
        status=ExchangeStatus.DECLINED,
        decided_at=timezone.now(),
    )
    accounts.update(person=None)


TIME_CREDITS = PersonalData(
    section="time_credits", export=_export, erase=_erase, fields=["delivery.Account.person"]
)


def register() -> None:
    register_personal_data(TIME_CREDITS)
    register_activity_section(
        ActivitySection(
            key="time_credits",
            title=gettext_lazy("Your time credits"),
            empty=gettext_lazy("You have not joined a time bank."),
            items=_activity,
            order=60,
        )
    )
