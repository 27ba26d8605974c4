"""Credits under real concurrency (PostgreSQL): however many transfers race from one
account, exactly the affordable ones succeed, and transfers both ways between the same
accounts neither deadlock nor create or lose a credit."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from coproduce.delivery.models import Entry, Transfer, TransferKind
from coproduce.delivery.selectors.timebank import balance_of, bank_totals, ledger_problems
from coproduce.delivery.services.timebank import RefusedTransfer, credits_issue, transfer_between


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")


def race(work: list[Callable[[], str]]) -> Counter[str]:
    """Run every callable on its own thread, all starting together; count the outcomes."""
    barrier = threading.Barrier(len(work))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(job: Callable[[], str]) -> None:
        try:
            barrier.wait()
            try:
                outcome = job()
            except RefusedTransfer:
                outcome = "refused"
            except Exception as error:  # a deadlock would show here
                outcome = type(error).__name__
            with lock:
                outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twelve_transfers_at_once_from_an_account_that_affords_five(
    postgres_only: None, bank: Any, make_member: Any
) -> None:
    payer = make_member("payer", minutes=5 * 60)
    payees = [make_member(f"payee{i}") for i in range(12)]

    def job(payee: Any) -> Callable[[], str]:
        def pay() -> str:
            transfer_between(
                debit=payer.time_account, credit=payee.time_account, minutes=60, memo="race"
            )
            return "paid"

        return pay

    outcomes = race([job(p) for p in payees])
    assert outcomes == {"paid": 5, "refused": 7}
    assert balance_of(payer.time_account) == 0
    assert sorted(balance_of(p.time_account) for p in payees) == [0] * 7 + [60] * 5
    assert Transfer.objects.filter(kind=TransferKind.EXCHANGE).count() == 5
    assert ledger_problems(bank) == []


@pytest.mark.django_db(transaction=True)
def test_transfers_both_ways_and_issuance_at_once_keep_every_credit(
    postgres_only: None, bank: Any, make_member: Any, organiser: Any
) -> None:
    ann, bob = make_member("ann", minutes=120), make_member("bob", minutes=120)

    def move(payer: Any, payee: Any) -> Callable[[], str]:
        def go() -> str:
            transfer_between(
                debit=payer.time_account, credit=payee.time_account, minutes=30, memo="race"
            )
            return "moved"

        return go

    def issue(person: Any) -> Callable[[], str]:
        def go() -> str:
            credits_issue(account=person.time_account, minutes=10, actor=organiser, memo="race")
            return "issued"

        return go

    work = [move(ann, bob), move(bob, ann)] * 8 + [issue(ann), issue(bob)] * 3
    outcomes = race(work)
    assert set(outcomes) <= {"moved", "refused", "issued"}, outcomes
    assert outcomes["issued"] == 6
    totals = bank_totals(bank)
    assert totals.issued == 240 + 60 == balance_of(ann.time_account) + balance_of(bob.time_account)
    assert min(balance_of(ann.time_account), balance_of(bob.time_account)) >= 0
    assert sum(Entry.objects.values_list("minutes", flat=True)) == 0
    assert ledger_problems(bank) == []
