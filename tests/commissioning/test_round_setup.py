"""Setting up and changing a round, called directly: what is refused, what locks and when,
and that every change and every refused change is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import BudgetingRound, Phase
from coproduce.commissioning.services.round_setup import (
    AreaSpec,
    NewActivity,
    round_configure,
    round_create,
)
from coproduce.initiatives.models import Activity

pytestmark = pytest.mark.django_db


def new_activity(initiative: Any, **extra: Any) -> NewActivity:
    opens = timezone.now() + timedelta(days=7)
    values: dict[str, Any] = {
        "initiative": initiative,
        "title": "Neighbourhood budget",
        "starts_at": opens,
        "ends_at": opens + timedelta(days=90),
        "phase_starts": {
            "review": opens + timedelta(days=20),
            "voting": opens + timedelta(days=40),
        },
    }
    values.update(extra)
    return NewActivity(**values)


def districts(city: Any, north: int = 600, south: int = 400) -> list[AreaSpec]:
    n, s = city.children.order_by("name")
    return [AreaSpec("North", north, n), AreaSpec("South", south, s)]


@pytest.fixture
def upcoming(organiser: Any, initiative: Any, city: Any) -> BudgetingRound:
    """A round whose proposals open next week, with two districts."""
    return round_create(
        activity=new_activity(initiative),
        actor=organiser,
        total_budget=1000,
        areas=districts(city),
    )


def test_a_new_round_is_created_with_its_activity_and_schedule(
    upcoming: BudgetingRound, initiative: Any
) -> None:
    activity = upcoming.activity
    assert activity.stage == initiative.stages.get(co="commissioning")
    assert [s.key for s in upcoming.moment.schedule] == ["proposals", "review", "voting"]
    assert upcoming.moment.status == "before" and not upcoming.budget_locked


@pytest.mark.parametrize(
    "change,message",
    [
        ({"min_choices": 4, "max_choices": 2, "ballot_format": "approval"}, "at least the fewest"),
        ({"ballot_format": "ranked"}, "how many projects a voter may rank"),
        ({"currency": "pounds"}, "three-letter code"),
        ({"areas": "above"}, "is more than the total"),
        ({"areas": "short"}, "add up to"),
        ({"total_budget": 0}, "above zero"),
        ({"phase_starts": "backwards"}, "cannot start before the phase before it"),
        ({"ends_at": "before"}, "must close after it opens"),
    ],
)
def test_round_create_refuses_what_does_not_fit_and_creates_nothing(
    organiser: Any, initiative: Any, city: Any, change: dict[str, Any], message: str
) -> None:
    activity = new_activity(initiative)
    arguments: dict[str, Any] = {"total_budget": 1000, "areas": districts(city)}
    if change.get("areas") == "above":
        arguments["areas"] = districts(city, north=1200, south=400)
        change = {}
    elif change.get("areas") == "short":
        arguments["areas"] = districts(city, north=500, south=400)
        change = {}
    elif change.get("phase_starts") == "backwards":
        activity = new_activity(
            initiative,
            phase_starts={
                "review": activity.starts_at + timedelta(days=30),
                "voting": activity.starts_at + timedelta(days=10),
            },
        )
        change = {}
    elif change.get("ends_at") == "before":
        activity = new_activity(initiative, ends_at=activity.starts_at - timedelta(days=1))
        change = {}
    with pytest.raises(ValidationError, match=message):
        round_create(activity=activity, actor=organiser, **{**arguments, **change})
    assert not BudgetingRound.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize("persona", ["moderator", "councillor", "resident"])
def test_only_staff_create_rounds(
    request: pytest.FixtureRequest, persona: str, initiative: Any
) -> None:
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        round_create(activity=new_activity(initiative), actor=person, total_budget=1000)
    with pytest.raises(PermissionDenied):
        round_create(activity=new_activity(initiative), actor=None, total_budget=1000)
    assert not Activity.objects.exists()


def test_budget_and_districts_change_until_proposals_open_and_the_change_is_audited(
    upcoming: BudgetingRound, organiser: Any, city: Any
) -> None:
    north = city.children.get(name="North")
    round_configure(
        round_=upcoming,
        actor=organiser,
        total_budget=2000,
        currency="EUR",
        areas=[AreaSpec("North", 2000, north)],
    )
    upcoming.refresh_from_db()
    assert (upcoming.total_budget, upcoming.currency) == (2000, "EUR")
    assert list(upcoming.areas.values_list("name", "budget")) == [("North", 2000)]
    event = AuditEvent.objects.filter(action="round.configure").latest("pk")
    assert event.data["total_budget"] == 2000 and event.data["areas"][0]["budget"] == 2000


@pytest.mark.parametrize(
    "change",
    [{"total_budget": 2000}, {"currency": "EUR"}, {"areas": "one"}],
    ids=["total_budget", "currency", "areas"],
)
def test_budget_and_districts_lock_once_proposals_open_and_the_refusal_is_audited(
    make_round: Any, organiser: Any, city: Any, change: dict[str, Any]
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS, total_budget=1000, areas=tuple(districts(city)))
    if change.get("areas"):
        change = {"areas": [AreaSpec("North", 1000, city.children.get(name="North"))]}
    with pytest.raises(ValidationError, match="Proposals have opened, so the budget"):
        round_configure(round_=round_, actor=organiser, **change)
    round_.refresh_from_db()
    assert (round_.total_budget, round_.currency, round_.areas.count()) == (1000, "GBP", 2)
    refused = AuditEvent.objects.get(action="round.configure.refused")
    assert refused.data["refused"] == [next(iter(change))]


def test_a_locked_rule_refused_once_voting_opens_is_audited(
    make_round: Any, organiser: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    with pytest.raises(ValidationError, match="Voting has opened"):
        round_configure(round_=round_, actor=organiser, rule="phragmen")
    assert AuditEvent.objects.get(action="round.configure.refused").data["refused"] == ["rule"]
    round_.refresh_from_db()
    assert round_.rule == "greedy"


def test_the_same_values_again_are_no_change_even_when_locked(
    make_round: Any, organiser: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    round_configure(round_=round_, actor=organiser, total_budget=100_000, rule="greedy")
    assert not AuditEvent.objects.filter(action="round.configure.refused").exists()
