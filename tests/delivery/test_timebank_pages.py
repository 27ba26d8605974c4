"""Time bank pages: residents join, offer and ask, record and answer exchanges, read their
statement (page and CSV); staff open a bank, set it and read its totals with their second
factor; the wrong person is refused and a forged POST changes nothing. Also the bank's
parts of "Your activity" and of a person's data."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from coproduce.accounts.activity import activity_sections
from coproduce.accounts.services import person_delete, person_export
from coproduce.delivery.models import (
    Account,
    Entry,
    Exchange,
    ExchangeStatus,
    Listing,
    TimeBank,
)
from coproduce.delivery.selectors.timebank import balance_of, bank_totals, ledger_problems
from coproduce.delivery.services.timebank import exchange_record, listing_create

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_banks_and_their_offers_but_names_only_members(
    client: Any, bank: Any, make_member: Any, make_person: Any
) -> None:
    ann = make_member("Annabel")
    listing_create(bank=bank, person=ann, kind="offer", title="Dog walking", category="care")
    page = client.get("/volunteering/time-banks/").content.decode()
    assert "Testford time bank" in page
    page = client.get(f"/volunteering/time-banks/{bank.pk}/").content.decode()
    assert "Dog walking" in page and "Annabel" not in page
    client.force_login(make_member("bob"))
    page = client.get(f"/volunteering/time-banks/{bank.pk}/").content.decode()
    assert "Dog walking" in page and "Annabel" in page


def test_the_bank_page_filters_offers_and_requests_by_category(
    client: Any, bank: Any, make_member: Any
) -> None:
    ann = make_member("ann")
    listing_create(bank=bank, person=ann, kind="offer", title="Dog walking", category="care")
    listing_create(bank=bank, person=ann, kind="request", title="Fix a shelf", category="repairs")
    url = f"/volunteering/time-banks/{bank.pk}/"
    page = client.get(url, {"kind": "request"}).content.decode()
    assert "Fix a shelf" in page and "Dog walking" not in page
    page = client.get(url, {"category": "care"}).content.decode()
    assert "Dog walking" in page and "Fix a shelf" not in page
    assert client.get(url, {"category": "nonsense", "kind": "x"}).status_code == 200


def test_a_resident_joins_offers_help_and_bad_input_changes_nothing(
    client: Any, bank: Any, resident: Any
) -> None:
    client.post(f"/volunteering/time-banks/{bank.pk}/join/")
    assert Account.objects.filter(bank=bank).count() == 1  # only the issuance account
    client.force_login(resident)
    new = f"/volunteering/time-banks/{bank.pk}/new/"
    assert client.get(new).status_code == 403
    client.post(f"/volunteering/time-banks/{bank.pk}/join/")
    assert Account.objects.filter(bank=bank, person=resident).count() == 1
    response = client.post(new, {"kind": "offer", "title": "", "category": "care"})
    assert response.status_code == 200 and Listing.objects.count() == 0
    response = client.post(new, {"kind": "offer", "title": "x" * 121, "category": "care"})
    assert response.status_code == 200 and Listing.objects.count() == 0
    response = client.post(
        new, {"kind": "offer", "title": "Help with forms", "category": "paperwork"}
    )
    listing = Listing.objects.get()
    assert response["Location"] == listing.get_absolute_url()
    assert client.get(listing.get_absolute_url()).status_code == 200


def test_recording_and_confirming_an_exchange_through_the_pages(
    client: Any, bank: Any, make_member: Any
) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=120)
    offer = listing_create(bank=bank, person=ann, kind="offer", title="Ironing", category="home")
    client.force_login(bob)
    url = f"/volunteering/time-banks/{bank.pk}/exchange/?listing={offer.pk}"
    page = client.get(url).content.decode()
    assert "Ironing" in page
    bad = {"direction": "received", "other": ann.time_account.pk, "hours": 0, "minutes": 0}
    assert client.post(url, {**bad, "description": "Ironing"}).status_code == 200
    assert Exchange.objects.count() == 0
    client.post(url, {**bad, "hours": 1, "minutes": 30, "description": "Ironing"})
    exchange = Exchange.objects.get()
    assert (exchange.giver, exchange.receiver, exchange.minutes) == (
        ann.time_account,
        bob.time_account,
        90,
    )
    assert exchange.listing == offer
    # Bob cannot confirm his own record; Ann can.
    client.post(f"/volunteering/time-banks/exchanges/{exchange.pk}/", {"do": "confirm"})
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.PENDING
    client.force_login(ann)
    assert "Ironing" in client.get(f"/volunteering/time-banks/{bank.pk}/").content.decode()
    client.post(f"/volunteering/time-banks/exchanges/{exchange.pk}/", {"do": "confirm"})
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.CONFIRMED
    assert balance_of(ann.time_account) == 90 and balance_of(bob.time_account) == 30


def test_a_forged_answer_by_an_outsider_changes_nothing(
    client: Any, bank: Any, make_member: Any
) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=120)
    carol = make_member("carol")
    exchange = exchange_record(
        bank=bank, person=ann, other=bob.time_account, gave=True, minutes=60, description="Tea"
    )
    client.force_login(carol)
    for do in ("confirm", "decline"):
        response = client.post(
            f"/volunteering/time-banks/exchanges/{exchange.pk}/", {"do": do, "reason": "x"}
        )
        assert response.status_code == 404
    client.logout()
    response = client.post(f"/volunteering/time-banks/exchanges/{exchange.pk}/", {"do": "confirm"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.PENDING
    assert balance_of(bob.time_account) == 120


def test_declining_needs_a_reason(client: Any, bank: Any, make_member: Any) -> None:
    ann, bob = make_member("ann"), make_member("bob", minutes=120)
    exchange = exchange_record(
        bank=bank, person=ann, other=bob.time_account, gave=True, minutes=60, description="Tea"
    )
    client.force_login(bob)
    url = f"/volunteering/time-banks/exchanges/{exchange.pk}/"
    page = client.post(url, {"do": "decline", "reason": ""}, follow=True).content.decode()
    assert "Say why you decline" in page
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.PENDING
    client.post(url, {"do": "decline", "reason": "Not me"})
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.DECLINED and exchange.decline_reason == "Not me"


def test_the_statement_and_its_csv_carry_the_running_balance(
    client: Any, bank: Any, make_member: Any, make_person: Any
) -> None:
    from coproduce.delivery.services.timebank import exchange_confirm

    ann, bob = make_member("ann", minutes=120), make_member("bob")
    exchange = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=45, description="=cmd"
    )
    exchange_confirm(exchange=exchange, person=ann)
    client.force_login(ann)
    page = client.get(f"/volunteering/time-banks/{bank.pk}/statement/").content.decode()
    assert "1 h 15 min" in page and "45 min" in page
    response = client.get(f"/volunteering/time-banks/{bank.pk}/statement.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["date", "what", "other", "minutes_in", "minutes_out", "balance_minutes"]
    assert [r[3:] for r in rows[1:]] == [["120", "0", "120"], ["0", "45", "75"]]
    assert rows[2][1] == "'=cmd" and rows[2][2] == "bob"
    # Someone who has not joined has no statement.
    client.force_login(make_person("dan"))
    assert client.get(f"/volunteering/time-banks/{bank.pk}/statement/").status_code == 404


def test_staff_pages_need_the_role_and_the_second_factor(
    client: Any, bank: Any, organiser: Any, resident: Any, moderator: Any
) -> None:
    pages = ["/staff/volunteering/time-banks/", f"/staff/volunteering/time-banks/{bank.pk}/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(resident)
    assert [client.get(url).status_code for url in pages] == [403, 403]
    client.force_login(organiser)  # no second factor: led to set it up
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/" not in response["Location"]


def test_a_forged_settings_post_by_a_resident_changes_nothing(
    client: Any, bank: Any, resident: Any
) -> None:
    client.force_login(resident)
    response = client.post(
        f"/staff/volunteering/time-banks/{bank.pk}/",
        {"credits_for_volunteering": "", "overdraft_minutes": "600"},
    )
    assert response.status_code == 403
    response = client.post("/staff/volunteering/time-banks/", {"name": "Mine"})
    assert response.status_code == 403
    bank.refresh_from_db()
    assert bank.overdraft_minutes == 0 and bank.credits_for_volunteering
    assert TimeBank.objects.count() == 1


def test_staff_open_a_bank_set_it_and_read_its_totals(
    client: Any, council: Any, organiser: Any, with_second_factor: Any, make_person: Any
) -> None:
    with_second_factor(organiser)
    client.force_login(organiser)
    response = client.post(
        "/staff/volunteering/time-banks/",
        {"organisation": council.pk, "name": "North hours", "overdraft_minutes": "0"},
    )
    bank = TimeBank.objects.get(name="North hours")
    assert response["Location"] == f"/staff/volunteering/time-banks/{bank.pk}/"
    assert not bank.credits_for_volunteering
    url = f"/staff/volunteering/time-banks/{bank.pk}/"
    response = client.post(url, {"credits_for_volunteering": "on", "overdraft_minutes": "-1"})
    assert response.status_code == 200
    bank.refresh_from_db()
    assert bank.overdraft_minutes == 0 and not bank.credits_for_volunteering
    client.post(url, {"credits_for_volunteering": "on", "overdraft_minutes": "120"})
    bank.refresh_from_db()
    assert bank.overdraft_minutes == 120 and bank.credits_for_volunteering
    page = client.get(url).content.decode()
    assert 'id="total-members">0<' in page and "Balanced" in page
    listing_page = client.get("/staff/volunteering/time-banks/").content.decode()
    assert 'id="bank-totals"' in listing_page and "North hours" in listing_page


def test_your_activity_shows_balances_and_what_waits_in_two_queries(
    bank: Any, make_member: Any, django_assert_num_queries: Any
) -> None:
    ann, bob = make_member("ann", minutes=90), make_member("bob")
    exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=30, description="Tea"
    )
    (section,) = [s for s in activity_sections() if s.key == "time_credits"]
    with django_assert_num_queries(2):
        items = section.items(ann)
    assert [(i.title, str(i.status)) for i in items] == [
        ("Testford time bank", "Balance: 1 h 30 min"),
        ("Tea", "Waiting for your answer"),
    ]


def test_a_members_data_is_exported_and_erasure_keeps_the_ledger_balanced(
    bank: Any, make_member: Any
) -> None:
    from coproduce.delivery.services.timebank import exchange_confirm

    ann, bob = make_member("ann", minutes=120), make_member("bob")
    listing_create(bank=bank, person=ann, kind="request", title="A lift", category="transport")
    done = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=60, description="Lift"
    )
    exchange_confirm(exchange=done, person=ann)
    waiting = exchange_record(
        bank=bank, person=bob, other=ann.time_account, gave=True, minutes=30, description="Tea"
    )
    (mine,) = person_export(ann)["time_credits"]
    assert mine["balance_minutes"] == 60
    assert [e["minutes"] for e in mine["entries"]] == [120, -60]
    assert mine["offers_and_requests"][0]["title"] == "A lift"
    assert {e["what"] for e in mine["exchanges"]} == {"Lift", "Tea"}
    entries = Entry.objects.count()
    person_delete(ann)
    account = Account.objects.get(pk=ann.time_account.pk)
    assert account.person is None and balance_of(account) == 60
    assert Entry.objects.count() == entries and Listing.objects.count() == 0
    waiting.refresh_from_db()
    assert waiting.status == ExchangeStatus.DECLINED
    assert ledger_problems(bank) == [] and bank_totals(bank).issued == 120


def test_the_bank_page_costs_the_same_queries_for_many_offers_and_exchanges(
    client: Any, bank: Any, make_member: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ann = make_member("ann", minutes=600)
    client.force_login(ann)
    url = f"/volunteering/time-banks/{bank.pk}/"

    def add(n: int) -> int:
        for i in range(n):
            other = make_member(f"m{bank.accounts.count()}")
            listing_create(bank=bank, person=other, kind="offer", title=f"t{i}", category="care")
            exchange_record(
                bank=bank,
                person=other,
                other=ann.time_account,
                gave=True,
                minutes=5,
                description="d",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert add(2) == add(8)
