"""Riverton's demo charter: the council and Eastside Neighbours, signed by both, reviewed
once each way (the community garden's two-way agreement)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coproduce.governance.charter_services import (
    charter_comment,
    charter_commitment_add,
    charter_create,
    charter_rate,
    charter_sign,
    representative_add,
)
from coproduce.governance.models import Charter, CommunityKind
from coproduce.initiatives.demo_city import City

TITLE = "Eastbank community garden charter"
TEXT = (
    "Eastside Neighbours run the garden: they open it to everyone, organise volunteer "
    "sessions and keep it tidy.\n"
    "Riverton City Council keeps the water supply and the paths safe, and answers the "
    "neighbours' requests within a month.\n"
    "Every six months each side says, in public, how the other kept its word."
)
COMMITMENTS = [
    # side, title, indicator, due in days from today
    (
        "organisation",
        "Fix water and path faults within 10 working days",
        "Days from a reported fault to its repair, published each quarter",
        60,
    ),
    (
        "organisation",
        "Answer the neighbours' requests within a month",
        "Share of requests answered within 30 days",
        30,
    ),
    (
        "community",
        "Open the garden to everyone at least three days a week",
        "Opening days logged on the garden's noticeboard",
        90,
    ),
    (
        "community",
        "Hold a volunteer session every week",
        "Sessions held and volunteers who came",
        30,
    ),
]


def load(city: City) -> None:
    """Create the charter once (idempotent: an existing charter is left as it is)."""
    if Charter.objects.filter(title=TITLE).exists():
        return
    staff, coordinator = city.people["staff"], city.people["coordinator"]
    councillor = city.people["councillor"]
    charter = charter_create(
        actor=staff,
        organisation=city.organisations["riverton-council"],
        title=TITLE,
        text=TEXT,
        community_kind=CommunityKind.GROUP,
        community_group=city.organisations["eastside-neighbours"],
        initiative=city.initiatives["eastbank-garden"],
        review_months=6,
    )
    today = timezone.localdate()
    for side, title, indicator, due in COMMITMENTS:
        charter_commitment_add(
            charter=charter,
            actor=staff,
            side=side,
            title=title,
            indicator=indicator,
            due_date=today + timedelta(days=due),
        )
    representative_add(charter=charter, actor=staff, person=coordinator)
    charter_comment(
        charter=charter,
        person=city.people["neighbour"],
        text="Please say who to call when the tap breaks at the weekend.",
    )
    charter_comment(
        charter=charter,
        person=city.residents[3],
        text="Could the garden open one evening a week for people who work?",
    )
    charter_sign(charter=charter, person=councillor, side="organisation")
    charter_sign(charter=charter, person=coordinator, side="community")
    charter_rate(
        charter=charter,
        person=staff,
        side="organisation",
        rating=4,
        reason="The garden was open four days a week and the sessions drew 12 people on "
        "average; two sessions were missed in August.",
    )
    charter_rate(
        charter=charter,
        person=coordinator,
        side="community",
        rating=3,
        reason="Requests were answered on time, but the broken tap took five weeks to fix.",
    )
    # The story took half a year: signed seven months ago, reviewed last month.
    signed = timezone.now() - timedelta(days=215)
    charter.comments.update(at=signed - timedelta(days=20))
    charter.signatures.update(signed_at=signed)
    charter.ratings.update(at=timezone.now() - timedelta(days=30))
    Charter.objects.filter(pk=charter.pk).update(
        in_force_since=signed, created_at=signed - timedelta(days=40)
    )
