"""The ledger's laws over random sequences of issuance and transfers (hypothesis): all
entries sum to zero, members hold exactly what was issued, nobody is below the overdraft
limit, and a refused transfer changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.delivery.models import Entry
from coproduce.delivery.selectors.timebank import bank_totals, ledger_problems
from coproduce.delivery.services.timebank import (
    RefusedTransfer,
    credits_issue,
    timebank_configure,
    transfer_between,
)

pytestmark = pytest.mark.django_db

MEMBERS = 4

issue = st.tuples(st.just("issue"), st.integers(0, MEMBERS - 1), st.integers(1, 300))
move = st.tuples(
    st.just("move"),
    st.integers(0, MEMBERS - 1),
    st.integers(0, MEMBERS - 1),
    st.integers(1, 400),
)
operations = st.lists(st.one_of(issue, move), min_size=1, max_size=25)


class Rollback(Exception):
    """Raised at the end of an example so the next one starts from the same ledger."""


def _balances(accounts: list[Any]) -> list[int]:
    rows = dict(
        Entry.objects.filter(account__in=accounts)
        .values("account")
        .annotate(t=Sum("minutes"))
        .values_list("account", "t")
    )
    return [int(rows.get(a.pk) or 0) for a in accounts]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, overdraft=st.sampled_from([0, 0, 90]))
def test_random_sequences_keep_the_ledger_balanced(
    bank: Any, make_member: Any, organiser: Any, ops: list[tuple[Any, ...]], overdraft: int
) -> None:
    people = getattr(bank, "_people", None)
    if people is None:
        people = bank._people = [make_member(f"m{i}") for i in range(MEMBERS)]
    accounts = [p.time_account for p in people]
    try:
        with transaction.atomic():
            timebank_configure(
                bank=bank,
                actor=organiser,
                credits_for_volunteering=True,
                overdraft_minutes=overdraft,
            )
            issued = 0
            for op in ops:
                before = (_balances(accounts), Entry.objects.count())
                if op[0] == "issue":
                    credits_issue(account=accounts[op[1]], minutes=op[2], actor=organiser, memo="t")
                    issued += op[2]
                elif op[1] != op[2]:
                    payer, payee, minutes = accounts[op[1]], accounts[op[2]], op[3]
                    affordable = before[0][op[1]] - minutes >= -overdraft
                    try:
                        transfer_between(debit=payer, credit=payee, minutes=minutes, memo="t")
                    except RefusedTransfer:
                        assert not affordable
                        assert (_balances(accounts), Entry.objects.count()) == before
                    else:
                        assert affordable
                balances = _balances(accounts)
                assert min(balances) >= -overdraft
                assert Entry.objects.filter(account__bank=bank).aggregate(t=Sum("minutes"))[
                    "t"
                ] in (0, None)
                totals = bank_totals(bank)
                assert totals.issued == issued == sum(balances) == totals.held
            assert ledger_problems(bank) == []
            raise Rollback
    except Rollback:
        pass
