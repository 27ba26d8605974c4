"""Fixtures for co-commissioning: verified voters, rounds in any phase, proposals on ballots."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest


@pytest.fixture
def verify(db: None) -> Any:
    """Return ``verify(person, place_slug, born=...)``: make the person a verified resident."""
    from coproduce.places.models import Place, Residency

    def go(person: Any, slug: str = "north-ward", born: date = date(1990, 1, 1)) -> Any:
        person.date_of_birth = born
        person.save(update_fields=["date_of_birth"])
        Residency.objects.get_or_create(
            person=person, place=Place.objects.get(slug=slug), defaults={"method": "staff"}
        )
        return person

    return go


@pytest.fixture
def voter(resident: Any, verify: Any) -> Any:
    return verify(resident)


@pytest.fixture
def second_voter(other_resident: Any, verify: Any) -> Any:
    return verify(other_resident, "south")


@pytest.fixture
def make_round(activity_in: Any, city: Any) -> Any:
    """Return ``make_round(phase=..., costs=[...], **settings)``: a round with feasible proposals.

    Budget £1,000 (100,000 pence) unless ``total_budget`` is given; proposals cost ``costs``.
    """
    from coproduce.commissioning.models import Phase, Proposal, ProposalStatus
    from coproduce.commissioning.services.rounds import AreaSpec, round_create

    def make(
        phase: str = Phase.VOTING,
        costs: tuple[int, ...] = (40_000, 30_000, 50_000, 20_000),
        total_budget: int = 100_000,
        areas: tuple[AreaSpec, ...] = (),
        **settings: Any,
    ) -> Any:
        activity = activity_in(
            "commissioning", "budgeting_round", eligible_place=city, min_age=16, title="Park budget"
        )
        round_ = round_create(
            activity=activity, actor=None, total_budget=total_budget, areas=areas, **settings
        )
        area_list = list(round_.areas.all())
        for index, cost in enumerate(costs):
            Proposal.objects.create(
                round=round_,
                area=area_list[index % len(area_list)],
                title=f"Project {chr(65 + index)}",
                description="A project.",
                estimated_cost=cost,
                status=ProposalStatus.FEASIBLE,
            )
        return to_phase(round_, phase)

    return make


def to_phase(round_: Any, phase: str) -> Any:
    """Start ``phase`` now on the round's activity clock (no count is queued); a fresh round."""
    from coproduce.commissioning.models import BudgetingRound
    from coproduce.initiatives.services import activity_phase_move

    if round_.phase != phase or round_.moment.status != "during":
        activity_phase_move(activity=round_.activity, key=phase, actor=None)
    return BudgetingRound.objects.get(pk=round_.pk)


@pytest.fixture
def staff_pair(organiser: Any, make_person: Any, council: Any) -> tuple[Any, Any]:
    """Two members of the council's staff (for double entry)."""
    from coproduce.organisations.models import Membership

    second = make_person("second_staff")
    Membership.objects.create(organisation=council, person=second, role="staff")
    return organiser, second


def ids(round_: Any) -> list[int]:
    return list(round_.proposals.order_by("title").values_list("pk", flat=True))


@pytest.fixture
def ballots_for(db: None) -> Any:
    """Return ``ballots_for(round, [("A", "B"), ...])``: one ballot per tuple of the letters
    that end the proposals' titles (written directly, as a count sees them)."""
    from coproduce.commissioning.models import Ballot

    def cast(round_: Any, choices: list[tuple[str, ...]]) -> None:
        area = round_.areas.get()
        by_letter = {p.title[-1]: p.pk for p in round_.proposals.all()}
        Ballot.objects.bulk_create(
            Ballot(
                round=round_,
                area=area,
                choices=[by_letter[letter] for letter in letters],
            )
            for letters in choices
        )

    return cast


def sealed(round_: Any = None) -> list[dict[str, Any]]:
    """Ballots still in their envelopes, opened with the key as only the server can:
    ``[{"area": id, "choices": [...], "points": [...] or None}, ...]``."""
    from coproduce.commissioning import secrecy
    from coproduce.commissioning.models import BallotEnvelope

    envelopes = BallotEnvelope.objects.all()
    if round_ is not None:
        envelopes = envelopes.filter(round=round_)
    return [
        {
            "area": e.area_id,
            **secrecy.envelope_open(
                round_id=e.round_id, seal=e.seal, area_id=e.area_id, box=bytes(e.box)
            ),
        }
        for e in envelopes
    ]


def sealed_choices(round_: Any = None) -> list[list[int]]:
    """The choices on each sealed ballot."""
    return [ballot["choices"] for ballot in sealed(round_)]


def verified_voters(count: int, city: Any) -> list[Any]:
    """Create ``count`` adults living in North ward (bulk: for races and attacks)."""
    from coproduce.accounts.models import Person
    from coproduce.places.models import Place, Residency

    people = Person.objects.bulk_create(
        Person(email=f"voter{i}@example.org", date_of_birth=date(1980, 1, 1), password="!")
        for i in range(count)
    )
    ward = Place.objects.get(slug="north-ward")
    Residency.objects.bulk_create(Residency(person=p, place=ward, method="staff") for p in people)
    return list(Person.objects.filter(email__startswith="voter").order_by("pk"))
