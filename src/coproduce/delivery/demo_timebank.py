"""Demo time credits in Riverton: the council's Eastbank time bank (run with Eastside
Neighbours), where the street champions' confirmed hours earned credits; members' offers
and requests, confirmed exchanges, one waiting for an answer and one declined.

Idempotent: nothing is added when the bank exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coproduce.delivery.models import SignUp, TimeBank
from coproduce.delivery.services.timebank import (
    bank_join,
    credits_for_hours,
    exchange_confirm,
    exchange_decline,
    exchange_record,
    listing_create,
    timebank_create,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.demo_city import City

NAME = "Eastbank Time Bank"

LISTINGS = [
    # (who: index into the members, kind, title, category, description)
    (0, "offer", "Help with online forms", "paperwork", "Benefits, bus passes, GP booking."),
    (1, "offer", "Small repairs and flat-pack furniture", "repairs", "I bring my own tools."),
    (2, "offer", "A lift to the hospital", "transport", "Weekday mornings."),
    (3, "offer", "Conversation practice in Spanish", "learning", ""),
    (4, "request", "Someone to walk my dog on Thursdays", "care", "A friendly spaniel."),
    (0, "request", "Help cutting back a hedge", "home", "A small front garden."),
    (5, "request", "Set up video calls on my tablet", "digital", "To talk to my grandchildren."),
    (6, "offer", "Batch cooking for a neighbour", "cooking", "Vegetarian meals."),
]


def _members(city: City) -> list[Person]:
    return [city.people["resident"], city.people["neighbour"], *city.residents[:6]]


def load(city: City) -> None:
    council = city.organisations["riverton-council"]
    if TimeBank.objects.filter(organisation=council, name=NAME).exists():
        return
    staff = city.people["staff"]
    bank = timebank_create(
        organisation=council,
        actor=staff,
        name=NAME,
        place=city.districts["eastbank"],
        description=(
            "Run with Eastside Neighbours: give an hour, get an hour. The street champions' "
            "confirmed volunteering hours earn credits too."
        ),
        credits_for_volunteering=True,
    )
    # Hours confirmed before the bank opened earn their credits now (once).
    for sign_up in SignUp.objects.filter(minutes__isnull=False).select_related(
        "shift__opportunity__activity__stage__initiative", "person"
    ):
        credits_for_hours(sign_up=sign_up, actor=staff)
    members = _members(city)
    accounts = [bank_join(bank=bank, person=person) for person in members]
    listings = [
        listing_create(
            bank=bank,
            person=members[who],
            kind=kind,
            title=title,
            category=category,
            description=description,
        )
        for who, kind, title, category, description in LISTINGS
    ]
    # Rosa (with credits from volunteering) had help with her hedge from Nadia.
    hedge = exchange_record(
        bank=bank,
        person=members[1],
        other=accounts[0],
        gave=True,
        minutes=90,
        description="Cut back the front hedge",
        listing=listings[5],
    )
    exchange_confirm(exchange=hedge, person=members[0])
    # Nadia then had her forms done by Rosa.
    forms = exchange_record(
        bank=bank,
        person=members[1],
        other=accounts[0],
        gave=False,
        minutes=60,
        description="Blue badge application",
        listing=listings[0],
    )
    exchange_confirm(exchange=forms, person=members[0])
    # One waits for Rosa's answer; one was declined with a reason.
    exchange_record(
        bank=bank,
        person=members[1],
        other=accounts[0],
        gave=True,
        minutes=45,
        description="Assembled a bookcase",
        listing=listings[1],
    )
    declined = exchange_record(
        bank=bank,
        person=members[2],
        other=accounts[0],
        gave=True,
        minutes=120,
        description="Lift to the hospital",
    )
    exchange_decline(
        exchange=declined, person=members[0], reason="That lift was for my neighbour, not me."
    )
