"""Time credits: banks, members, offers and requests, exchanges confirmed by both sides,
credits for confirmed volunteering hours, the overdraft limit, statements and totals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.audit.models import AuditEvent
from coproduce.delivery.models import (
    Account,
    Entry,
    Exchange,
    ExchangeStatus,
    Listing,
    TimeBank,
    Transfer,
    TransferKind,
)
from coproduce.delivery.selectors.timebank import (
    awaiting,
    balance_of,
    bank_totals,
    ledger_problems,
    statement_of,
)
from coproduce.delivery.services.hours import hours_confirm, shift_check_in
from coproduce.delivery.services.sign_ups import shift_sign_up
from coproduce.delivery.services.timebank import (
    RefusedTransfer,
    bank_join,
    credits_for_hours,
    exchange_confirm,
    exchange_decline,
    exchange_record,
    listing_close,
    listing_create,
    timebank_configure,
    timebank_create,
    transfer_between,
)

from .conftest import start_now

pytestmark = pytest.mark.django_db


def test_a_bank_opens_with_its_issuance_account_and_is_audited(bank: Any) -> None:
    assert bank.overdraft_minutes == 0
    assert Account.objects.filter(bank=bank, kind="issuance", person=None).count() == 1
    assert AuditEvent.objects.filter(action="timebank.create", object_id=str(bank.pk)).exists()


def test_only_the_organisations_staff_open_or_configure_a_bank(
    council: Any, resident: Any, moderator: Any, bank: Any
) -> None:
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            timebank_create(organisation=council, actor=person, name="Another")
        with pytest.raises(PermissionDenied):
            timebank_configure(
                bank=bank, actor=person, credits_for_volunteering=False, overdraft_minutes=600
            )
    bank.refresh_from_db()
    assert TimeBank.objects.count() == 1 and bank.overdraft_minutes == 0


def test_bad_bank_settings_are_refused_with_a_reason(
    council: Any, organiser: Any, bank: Any
) -> None:
    with pytest.raises(ValidationError, match="already has a time bank"):
        timebank_create(organisation=council, actor=organiser, name="testford TIME bank")
    with pytest.raises(ValidationError, match="overdraft"):
        timebank_configure(
            bank=bank, actor=organiser, credits_for_volunteering=True, overdraft_minutes=10**7
        )
    with pytest.raises(ValidationError, match="Write something"):
        timebank_create(organisation=council, actor=organiser, name="   ")
    assert TimeBank.objects.count() == 1


def test_joining_twice_keeps_one_account(bank: Any, resident: Any) -> None:
    first = bank_join(bank=bank, person=resident)
    assert bank_join(bank=bank, person=resident) == first
    assert Account.objects.filter(bank=bank, person=resident).count() == 1


def test_members_offer_and_request_and_close_their_own(bank: Any, make_member: Any) -> None:
    ann, bob = make_member("ann"), make_member("bob")
    offer = listing_create(
        bank=bank, person=ann, kind="offer", title="Dog walking", category="care"
    )
    assert offer.account == ann.time_account and offer.kind == "offer"
    with pytest.raises(ValidationError):
        listing_create(bank=bank, person=ann, kind="swap", title="x", category="care")
    with pytest.raises(ValidationError):
        listing_create(bank=bank, person=ann, kind="offer", title="x", category="nope")
    with pytest.raises(PermissionDenied):
        listing_close(listing=offer, person=bob)
    listing_close(listing=offer, person=ann)
    offer.refresh_from_db()
    assert offer.closed_at is not None
    assert Listing.objects.count() == 1


def test_someone_who_has_not_joined_cannot_offer(bank: Any, resident: Any) -> None:
    with pytest.raises(ValidationError, match="Join the time bank"):
        listing_create(bank=bank, person=resident, kind="offer", title="x", category="care")


def test_an_exchange_moves_credits_only_when_the_other_side_confirms(
    bank: Any, make_member: Any
) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=180)
    # Ann gave Bob 90 minutes of gardening; she records it, Bob confirms.
    exchange = exchange_record(
        bank=bank,
        person=ann,
        other=bob.time_account,
        gave=True,
        minutes=90,
        description="Weeding",
    )
    assert exchange.status == ExchangeStatus.PENDING
    assert balance_of(ann.time_account) == 0 and balance_of(bob.time_account) == 180
    assert list(awaiting(bob)) == [exchange] and list(awaiting(ann)) == []
    with pytest.raises(PermissionDenied):
        exchange_confirm(exchange=exchange, person=ann)
    exchange_confirm(exchange=exchange, person=bob)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.CONFIRMED and exchange.transfer is not None
    assert balance_of(ann.time_account) == 90 and balance_of(bob.time_account) == 90
    assert sorted(exchange.transfer.entries.values_list("minutes", flat=True)) == [-90, 90]
    with pytest.raises(ValidationError, match="already been answered"):
        exchange_confirm(exchange=exchange, person=bob)
    assert Transfer.objects.filter(kind=TransferKind.EXCHANGE).count() == 1


def test_one_hour_is_one_credit_whatever_the_service(bank: Any, make_member: Any) -> None:
    ann, bob = make_member("ann", minutes=120), make_member("bob", minutes=120)
    for who, other, what in ((ann, bob, "Legal advice"), (bob, ann, "Ironing")):
        ex = exchange_record(
            bank=bank,
            person=who,
            other=other.time_account,
            gave=False,
            minutes=60,
            description=what,
        )
        exchange_confirm(exchange=ex, person=other)
    assert balance_of(ann.time_account) == balance_of(bob.time_account) == 120


def test_a_receiver_without_enough_credits_cannot_confirm_and_nothing_moves(
    bank: Any, make_member: Any
) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=30)
    exchange = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=False, minutes=60, description="Lift"
    )
    with pytest.raises(RefusedTransfer, match="Not enough credits"):
        exchange_confirm(exchange=exchange, person=ann)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.PENDING and exchange.transfer is None
    assert balance_of(bob.time_account) == 30 and balance_of(ann.time_account) == 0
    assert Transfer.objects.filter(kind=TransferKind.EXCHANGE).count() == 0


def test_the_overdraft_limit_lets_members_go_that_far_below_zero(
    bank: Any, make_member: Any, organiser: Any
) -> None:
    timebank_configure(
        bank=bank, actor=organiser, credits_for_volunteering=True, overdraft_minutes=60
    )
    ann, bob = make_member("ann"), make_member("bob")
    transfer_between(debit=bob.time_account, credit=ann.time_account, minutes=60, memo="x")
    assert balance_of(bob.time_account) == -60
    with pytest.raises(RefusedTransfer):
        transfer_between(debit=bob.time_account, credit=ann.time_account, minutes=1, memo="x")
    assert balance_of(bob.time_account) == -60


def test_either_side_declines_with_a_reason_and_nothing_moves(bank: Any, make_member: Any) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=60)
    exchange = exchange_record(
        bank=bank, person=ann, other=bob.time_account, gave=True, minutes=60, description="Tea"
    )
    with pytest.raises(ValidationError, match="Write something"):
        exchange_decline(exchange=exchange, person=bob, reason="  ")
    exchange_decline(exchange=exchange, person=bob, reason="It was only half an hour")
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.DECLINED
    assert exchange.decline_reason == "It was only half an hour"
    assert balance_of(bob.time_account) == 60 and balance_of(ann.time_account) == 0


def test_an_outsider_can_neither_confirm_nor_decline(
    bank: Any, make_member: Any, make_person: Any
) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=60)
    carol = make_member("carol")
    exchange = exchange_record(
        bank=bank, person=ann, other=bob.time_account, gave=True, minutes=60, description="Tea"
    )
    with pytest.raises(PermissionDenied):
        exchange_confirm(exchange=exchange, person=carol)
    with pytest.raises(PermissionDenied):
        exchange_decline(exchange=exchange, person=carol, reason="no")
    assert Exchange.objects.get().status == ExchangeStatus.PENDING


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_an_exchange_of_impossible_length_is_refused(
    bank: Any, make_member: Any, minutes: int
) -> None:
    ann, bob = make_member("ann"), make_member("bob")
    with pytest.raises(ValidationError, match="from 1 minute"):
        exchange_record(
            bank=bank,
            person=ann,
            other=bob.time_account,
            gave=True,
            minutes=minutes,
            description="x",
        )
    assert Exchange.objects.count() == 0


def test_an_exchange_with_oneself_or_another_banks_member_is_refused(
    bank: Any, make_member: Any, council: Any, organiser: Any
) -> None:
    ann = make_member("ann")
    other_bank = timebank_create(organisation=council, actor=organiser, name="Other")
    stranger = bank_join(bank=other_bank, person=make_member("bob"))
    for other in (ann.time_account, stranger):
        with pytest.raises(ValidationError):
            exchange_record(
                bank=bank, person=ann, other=other, gave=True, minutes=30, description="x"
            )
    assert Exchange.objects.count() == 0


def _confirmed_hours(make_shift: Any, person: Any, organiser: Any) -> Any:
    shift = make_shift(days=1, hour=10, hours=2)
    sign_up = shift_sign_up(shift=shift, person=person)
    start_now(shift)
    shift_check_in(sign_up=sign_up, actor=organiser)
    return hours_confirm(sign_up=sign_up, actor=organiser, minutes=150)


def test_confirmed_volunteering_hours_earn_credits_once(
    bank: Any, make_shift: Any, resident: Any, organiser: Any
) -> None:
    sign_up = _confirmed_hours(make_shift, resident, organiser)
    account = Account.objects.get(bank=bank, person=resident)
    assert balance_of(account) == 150
    transfer = Transfer.objects.get(sign_up=sign_up)
    assert transfer.kind == TransferKind.ISSUANCE
    assert AuditEvent.objects.filter(action="timebank.issue", object_id=str(transfer.pk)).exists()
    # Confirming (or catching up) again earns nothing more.
    with pytest.raises(ValidationError, match="already confirmed"):
        hours_confirm(sign_up=sign_up, actor=organiser, minutes=150)
    assert credits_for_hours(sign_up=sign_up, actor=organiser) is None
    assert balance_of(account) == 150
    assert Transfer.objects.filter(kind=TransferKind.ISSUANCE).count() == 1
    assert ledger_problems(bank) == []


def test_hours_earn_nothing_where_the_bank_does_not_pay_for_volunteering(
    bank: Any, make_shift: Any, resident: Any, organiser: Any
) -> None:
    timebank_configure(
        bank=bank, actor=organiser, credits_for_volunteering=False, overdraft_minutes=0
    )
    _confirmed_hours(make_shift, resident, organiser)
    assert not Account.objects.filter(bank=bank, person=resident).exists()
    assert Transfer.objects.count() == 0


def test_a_statement_shows_every_entry_with_the_running_balance(
    bank: Any, make_member: Any
) -> None:
    ann, bob = make_member("ann", minutes=120), make_member("bob")
    exchange = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=45, description="Shopping"
    )
    exchange_confirm(exchange=exchange, person=ann)
    lines = statement_of(ann.time_account)
    assert [(line.minutes, line.balance) for line in lines] == [(120, 120), (-45, 75)]
    assert lines[1].what == "Shopping" and lines[1].other == "bob"
    assert lines[0].other == "Issued by the bank"
    assert [(line.credit, line.debit) for line in statement_of(bob.time_account)] == [(45, 0)]


def test_the_totals_count_issued_exchanged_and_active_members(
    bank: Any, make_member: Any, make_person: Any
) -> None:
    ann, bob = make_member("ann", minutes=120), make_member("bob")
    make_member("carol")
    exchange = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=45, description="Shopping"
    )
    exchange_confirm(exchange=exchange, person=ann)
    totals = bank_totals(bank)
    assert totals.issued == totals.held == 120
    assert totals.exchanged == 45 and totals.exchanges == 1
    assert totals.members == 3 and totals.active_members == 2
    assert ledger_problems(bank) == []


def test_the_ledger_check_finds_a_forged_entry(bank: Any, make_member: Any) -> None:
    make_member("ann", minutes=60)
    bob = make_member("bob")
    transfer = Transfer.objects.get()
    Entry.objects.create(transfer=transfer, account=bob.time_account, minutes=60)
    problems = ledger_problems(bank)
    assert f"transfer-unbalanced:{transfer.pk}" in problems
    assert "ledger-sum:60" in problems
