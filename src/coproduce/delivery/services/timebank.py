"""Writes of time credits: banks, members, offers and requests, exchanges, and the ledger.

Every movement of credits goes through ``_post``: it locks both accounts in a fixed order
(by primary key, ``SELECT … FOR UPDATE``), reads the paying account's balance from its
entries, refuses to take a member below the bank's overdraft limit, and writes the transfer
with its debit and credit in the caller's transaction. Two transfers touching the same
account therefore run one after the other, and two touching the same pair of accounts lock
them in the same order, so they cannot deadlock; no interleaving creates, loses or overdraws
a credit. On SQLite every write transaction already runs alone (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.delivery.models import (
    Account,
    AccountKind,
    Entry,
    Exchange,
    ExchangeStatus,
    Listing,
    ListingCategory,
    ListingKind,
    SignUp,
    TimeBank,
    Transfer,
    TransferKind,
)
from coproduce.delivery.models.timebank import MAX_EXCHANGE_MINUTES
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place

# The most a bank may let a member go below zero: a week of full days.
MAX_OVERDRAFT_MINUTES = 7 * 24 * 60
# The most one issuance may create: a full day, as for one exchange or one shift.
MAX_ISSUE_MINUTES = 24 * 60


class RefusedTransfer(ValidationError):
    """A transfer the ledger refused (not enough credits): nothing was written."""


def is_bank_staff(person: Person, bank: TimeBank) -> bool:
    """Return True if the person runs the bank's organisation (with their second factor)."""
    return can(person, Action.MANAGE_INITIATIVES, bank.organisation)


def _require_staff(person: Person, organisation: Organisation) -> None:
    if not can(person, Action.MANAGE_INITIATIVES, organisation):
        raise PermissionDenied(_("Only the organisation's coordinators can do this."))


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("Write something here.")})
    if len(value) > limit:
        msg = _("Keep it to %(n)s characters.") % {"n": limit}
        raise ValidationError({field: msg})
    return value


def _overdraft(value: int) -> int:
    if not 0 <= value <= MAX_OVERDRAFT_MINUTES:
        msg = _("Give the overdraft limit from 0 to %(n)s minutes.") % {"n": MAX_OVERDRAFT_MINUTES}
        raise ValidationError({"overdraft_minutes": msg})
    return value


def timebank_create(
    *,
    organisation: Organisation,
    actor: Person,
    name: str,
    place: Place | None = None,
    description: str = "",
    credits_for_volunteering: bool = False,
    overdraft_minutes: int = 0,
) -> TimeBank:
    """Open a time bank for the organisation with its issuance account (audited)."""
    _require_staff(actor, organisation)
    name = _text(name, field="name", limit=120)
    description = _text(description, field="description", limit=LONG_TEXT, required=False)
    overdraft_minutes = _overdraft(overdraft_minutes)
    if TimeBank.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("The organisation already has a time bank of this name.")})
    with transaction.atomic():
        bank = TimeBank.objects.create(
            organisation=organisation,
            place=place,
            name=name,
            description=description,
            credits_for_volunteering=credits_for_volunteering,
            overdraft_minutes=overdraft_minutes,
        )
        Account.objects.create(bank=bank, kind=AccountKind.ISSUANCE)
        audit_record(
            action="timebank.create",
            actor=actor,
            target=bank,
            organisation=organisation,
            data={
                "name": name,
                "credits_for_volunteering": credits_for_volunteering,
                "overdraft_minutes": overdraft_minutes,
            },
        )
    return bank


def timebank_configure(
    *, bank: TimeBank, actor: Person, credits_for_volunteering: bool, overdraft_minutes: int
) -> TimeBank:
    """Change whether volunteering earns credits and the overdraft limit (audited)."""
    _require_staff(actor, bank.organisation)
    overdraft_minutes = _overdraft(overdraft_minutes)
    with transaction.atomic():
        bank.credits_for_volunteering = credits_for_volunteering
        bank.overdraft_minutes = overdraft_minutes
        bank.save(update_fields=["credits_for_volunteering", "overdraft_minutes"])
        audit_record(
            action="timebank.configure",
            actor=actor,
            target=bank,
            organisation=bank.organisation,
            data={
                "credits_for_volunteering": credits_for_volunteering,
                "overdraft_minutes": overdraft_minutes,
            },
        )
    return bank


def bank_join(*, bank: TimeBank, person: Person) -> Account:
    """Open the person's account in the bank, or return the one they have."""
    try:
        with transaction.atomic():
            account, _created = Account.objects.get_or_create(
                bank=bank, person=person, defaults={"kind": AccountKind.MEMBER}
            )
    except IntegrityError:  # a second press at the same moment: the first opened it
        account = Account.objects.get(bank=bank, person=person)
    return account


def _member_account(bank: TimeBank, person: Person) -> Account:
    account = Account.objects.filter(bank=bank, person=person).first()
    if account is None:
        raise ValidationError(_("Join the time bank first."))
    return account


def listing_create(
    *,
    bank: TimeBank,
    person: Person,
    kind: str,
    title: str,
    category: str,
    description: str = "",
) -> Listing:
    """Offer a service to the bank's members, or ask them for one."""
    account = _member_account(bank, person)
    if kind not in ListingKind.values:
        raise ValidationError({"kind": _("Say whether you offer or ask for this.")})
    if category not in ListingCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    return Listing.objects.create(
        bank=bank,
        account=account,
        kind=kind,
        title=_text(title, field="title", limit=120),
        description=_text(description, field="description", limit=LONG_TEXT, required=False),
        category=category,
    )


def listing_close(*, listing: Listing, person: Person) -> Listing:
    """Take one's own offer or request down (it stays in past exchanges)."""
    if listing.account.person_id != person.pk:
        raise PermissionDenied(_("Only the member who wrote it can take it down."))
    if listing.closed_at is None:
        listing.closed_at = timezone.now()
        listing.save(update_fields=["closed_at"])
    return listing


def balance_minutes(account_id: int) -> int:
    """Return an account's balance: the sum of its entries (credits minus debits)."""
    total = Entry.objects.filter(account_id=account_id).aggregate(total=Sum("minutes"))["total"]
    return int(total or 0)


def _post(
    *,
    debit: Account,
    credit: Account,
    minutes: int,
    kind: str,
    memo: str,
    sign_up: SignUp | None = None,
) -> Transfer:
    """Move ``minutes`` from ``debit`` to ``credit``: call inside ``transaction.atomic``.

    Raise RefusedTransfer (nothing written) if a member would go below the overdraft limit.
    """
    if minutes <= 0:
        raise ValidationError(_("A transfer moves at least one minute."))
    if debit.pk == credit.pk or debit.bank_id != credit.bank_id:
        raise ValidationError(_("A transfer is between two accounts of one bank."))
    # Fixed order (by key) so two transfers over the same accounts never wait on each other.
    locked = {
        a.pk: a
        for a in Account.objects.select_for_update()
        .filter(pk__in=[debit.pk, credit.pk])
        .order_by("pk")
    }
    payer = locked[debit.pk]
    bank = TimeBank.objects.get(pk=payer.bank_id)
    # The issuance account goes as far below zero as credits are issued; members do not.
    short = balance_minutes(payer.pk) - minutes < -bank.overdraft_minutes
    if payer.kind == AccountKind.MEMBER and short:
        raise RefusedTransfer(
            _("Not enough credits: %(who)s cannot pay %(h)s.")
            % {"who": payer, "h": _hours_text(minutes)},
            code="insufficient",
        )
    transfer = Transfer.objects.create(bank=bank, kind=kind, memo=memo[:200], sign_up=sign_up)
    Entry.objects.bulk_create(
        [
            Entry(transfer=transfer, account=payer, minutes=-minutes),
            Entry(transfer=transfer, account=locked[credit.pk], minutes=minutes),
        ]
    )
    return transfer


def _hours_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return _("%(h)s h %(m)02d min") % {"h": hours, "m": rest}


def transfer_between(*, debit: Account, credit: Account, minutes: int, memo: str) -> Transfer:
    """Move credits from one member to another in its own transaction (the ledger's primitive
    for exchanges); raise RefusedTransfer if the payer has not enough."""
    if debit.kind != AccountKind.MEMBER or credit.kind != AccountKind.MEMBER:
        raise ValidationError(_("Only issuance creates credits."))
    with transaction.atomic():
        return _post(
            debit=debit, credit=credit, minutes=minutes, kind=TransferKind.EXCHANGE, memo=memo
        )


def credits_issue(
    *,
    account: Account,
    minutes: int,
    actor: Person | None,
    memo: str,
    sign_up: SignUp | None = None,
) -> Transfer:
    """Create credits: a transfer from the bank's issuance account to a member's, audited.

    The one way credits come into being. The caller has checked the actor's permission.
    """
    if account.kind != AccountKind.MEMBER:
        raise ValidationError(_("Credits are issued to a member."))
    if not 1 <= minutes <= MAX_ISSUE_MINUTES:
        raise ValidationError(_("Issue from 1 minute to 24 hours at a time."))
    with transaction.atomic():
        issuance = Account.objects.get(bank_id=account.bank_id, kind=AccountKind.ISSUANCE)
        transfer = _post(
            debit=issuance,
            credit=account,
            minutes=minutes,
            kind=TransferKind.ISSUANCE,
            memo=memo,
            sign_up=sign_up,
        )
        audit_record(
            action="timebank.issue",
            actor=actor,
            target=transfer,
            organisation=account.bank.organisation,
            data={
                "bank": account.bank_id,
                "account": account.pk,
                "minutes": minutes,
                "sign_up": sign_up.pk if sign_up else None,
            },
        )
    return transfer


def _bank_for_volunteering(sign_up: SignUp) -> TimeBank | None:
    """The bank where the shift's organisation pays volunteering hours: one in the
    programme's place if there is one, else the organisation's first."""
    opportunity = sign_up.shift.opportunity
    organisation_id = opportunity.activity.stage.initiative.organisation_id
    banks = list(
        TimeBank.objects.filter(organisation_id=organisation_id, credits_for_volunteering=True)
    )
    for bank in banks:
        if opportunity.place_id is not None and bank.place_id == opportunity.place_id:
            return bank
    return banks[0] if banks else None


def credits_for_hours(*, sign_up: SignUp, actor: Person | None) -> Transfer | None:
    """Issue the credits confirmed volunteering hours earn, if the organisation's bank says
    so: one credit an hour, into the volunteer's account (opened if need be).

    Idempotent: hours earn once (the issuance names them, uniquely); return None when they
    earned already, earn nothing, or the volunteer's account is gone.
    """
    if sign_up.minutes is None or sign_up.person_id is None:
        return None
    bank = _bank_for_volunteering(sign_up)
    if bank is None:
        return None
    with transaction.atomic():
        # The sign-up's row lock makes a second confirmation wait, then see the first.
        locked = SignUp.objects.select_for_update(of=("self",)).get(pk=sign_up.pk)
        if Transfer.objects.filter(sign_up=locked).exists():
            return None
        assert sign_up.person is not None
        account = bank_join(bank=bank, person=sign_up.person)
        memo = _("Volunteering: %(programme)s") % {
            "programme": sign_up.shift.opportunity.activity.title
        }
        return credits_issue(
            account=account,
            minutes=min(locked.minutes or 0, MAX_ISSUE_MINUTES),
            actor=actor,
            memo=memo,
            sign_up=locked,
        )


def exchange_record(
    *,
    bank: TimeBank,
    person: Person,
    other: Account,
    gave: bool,
    minutes: int,
    description: str,
    listing: Listing | None = None,
) -> Exchange:
    """Record time given between the person and another member: ``gave`` says the person
    gave it. It waits for the other member to confirm."""
    mine = _member_account(bank, person)
    if other.bank_id != bank.pk or other.kind != AccountKind.MEMBER or other.person_id is None:
        raise ValidationError({"other": _("Choose a member of this time bank.")})
    if other.pk == mine.pk:
        raise ValidationError({"other": _("An exchange is between two members.")})
    if not 1 <= minutes <= MAX_EXCHANGE_MINUTES:
        raise ValidationError({"minutes": _("Give from 1 minute to 24 hours.")})
    if listing is not None and listing.bank_id != bank.pk:
        listing = None
    return Exchange.objects.create(
        bank=bank,
        giver=mine if gave else other,
        receiver=other if gave else mine,
        recorded_by=mine,
        listing=listing,
        minutes=minutes,
        description=_text(description, field="description", limit=200),
    )


def _locked_pending(exchange: Exchange) -> Exchange:
    locked = (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("giver", "receiver", "recorded_by")
        .get(pk=exchange.pk)
    )
    if locked.status != ExchangeStatus.PENDING:
        raise ValidationError(_("This exchange has already been answered."))
    return locked


def exchange_confirm(*, exchange: Exchange, person: Person) -> Exchange:
    """The other side agrees: the receiver pays the giver one credit an hour.

    Raise PermissionDenied unless the person is the side that did not record it, and
    RefusedTransfer (it stays pending) if the receiver has not enough credits.
    """
    with transaction.atomic():
        exchange = _locked_pending(exchange)
        recorder_gave = exchange.recorded_by_id == exchange.giver_id
        confirmer = exchange.receiver if recorder_gave else exchange.giver
        if confirmer.person_id is None or confirmer.person_id != person.pk:
            raise PermissionDenied(_("Only the other member can confirm this exchange."))
        exchange.transfer = _post(
            debit=exchange.receiver,
            credit=exchange.giver,
            minutes=exchange.minutes,
            kind=TransferKind.EXCHANGE,
            memo=exchange.description,
        )
        exchange.status = ExchangeStatus.CONFIRMED
        exchange.decided_at = timezone.now()
        exchange.save(update_fields=["transfer", "status", "decided_at"])
    return exchange


def exchange_decline(*, exchange: Exchange, person: Person, reason: str) -> Exchange:
    """Either side says it did not happen like this, with a reason; nothing moves."""
    reason = _text(reason, field="reason", limit=500)
    with transaction.atomic():
        exchange = _locked_pending(exchange)
        sides = {exchange.giver.person_id, exchange.receiver.person_id} - {None}
        if person.pk not in sides:
            raise PermissionDenied(_("Only the two members can decline this exchange."))
        exchange.status = ExchangeStatus.DECLINED
        exchange.decline_reason = reason
        exchange.decided_at = timezone.now()
        exchange.save(update_fields=["status", "decline_reason", "decided_at"])
    return exchange
