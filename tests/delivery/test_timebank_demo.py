"""The demo time bank loads with credits from the demo volunteering hours, offers,
requests and exchanges, balanced, and loads again without duplicating."""

from __future__ import annotations

import pytest

from coproduce.delivery.models import Exchange, ExchangeStatus, Listing, SignUp, TimeBank, Transfer
from coproduce.delivery.selectors.timebank import bank_totals, ledger_problems

pytestmark = pytest.mark.django_db


def test_the_demo_time_bank_pays_the_demo_hours_and_balances() -> None:
    from coproduce.delivery import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    demo.load(city)
    bank = TimeBank.objects.get()
    assert bank.credits_for_volunteering and bank.organisation.slug == "riverton-council"
    hours = sum(SignUp.objects.filter(minutes__isnull=False).values_list("minutes", flat=True))
    totals = bank_totals(bank)
    assert totals.issued == hours > 0
    assert Transfer.objects.filter(sign_up__isnull=False).count() == 5
    assert totals.exchanges == 2 and totals.exchanged == 150
    assert Exchange.objects.filter(status=ExchangeStatus.PENDING).count() == 1
    assert Exchange.objects.filter(status=ExchangeStatus.DECLINED).count() == 1
    assert Listing.objects.count() == 8
    assert ledger_problems(bank) == []
