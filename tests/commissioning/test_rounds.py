"""Rounds: set-up, phases (audited), locking once voting opens, and who may change them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import BallotFormat, Phase, Rule
from coproduce.commissioning.services.rounds import (
    AreaSpec,
    round_configure,
    round_create,
    round_phase_set,
)

pytestmark = pytest.mark.django_db


def test_a_round_without_districts_has_one_area_holding_the_whole_budget(make_round: Any) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    (area,) = round_.areas.all()
    assert area.place is None and area.budget == round_.total_budget == 100_000


def test_district_budgets_must_add_up_to_the_total(activity_in: Any, city: Any) -> None:
    north, south = city.children.order_by("name")
    activity = activity_in("commissioning", "budgeting_round")
    with pytest.raises(ValidationError, match="add up"):
        round_create(
            activity=activity,
            actor=None,
            total_budget=1000,
            areas=[AreaSpec("North", 600, north), AreaSpec("South", 600, south)],
        )


def test_phase_changes_are_audited(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.REVIEW)
    round_phase_set(round_=round_, actor=organiser, phase=Phase.VOTING)
    event = AuditEvent.objects.filter(action="activity.phase").latest("pk")
    assert event.actor == organiser
    assert (event.data["from"], event.data["to"]) == ("review", "voting")
    assert round_.activity.phase_starts.get(key="voting").starts_at.isoformat() == event.data["at"]


def test_phases_only_move_forward(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.VOTING)
    with pytest.raises(ValidationError, match="forward"):
        round_phase_set(round_=round_, actor=organiser, phase=Phase.REVIEW)


def test_voting_cannot_open_with_nothing_on_the_ballot(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.REVIEW, costs=())
    with pytest.raises(ValidationError, match="no proposal"):
        round_phase_set(round_=round_, actor=organiser, phase=Phase.VOTING)


LOCKED_CHANGES = [
    {"ballot_format": BallotFormat.APPROVAL},
    {"rule": Rule.EQUAL_SHARES},
    {"max_choices": 2},
    {"points": 5},
    {"voter_codes": False},
]


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("change", LOCKED_CHANGES, ids=lambda c: next(iter(c)))
def test_format_eligibility_and_rule_lock_once_voting_opens(
    make_round: Any, organiser: Any, phase: Phase, change: dict[str, Any]
) -> None:
    round_ = make_round(phase=phase)
    locked = phase in (Phase.VOTING, Phase.RESULTS, Phase.IMPLEMENTATION)
    if locked:
        with pytest.raises(ValidationError, match="locked"):
            round_configure(round_=round_, actor=organiser, **change)
        round_.refresh_from_db()
        field = next(iter(change))
        assert getattr(round_, field) != change[field]
    else:
        round_configure(round_=round_, actor=organiser, **change)
        round_.refresh_from_db()
        assert all(getattr(round_, k) == v for k, v in change.items())


@pytest.mark.parametrize("field,value", [("min_age", 18), ("eligible_place", None)])
def test_eligibility_locks_once_voting_opens(
    make_round: Any, organiser: Any, field: str, value: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    with pytest.raises(ValidationError, match="locked"):
        round_configure(round_=round_, actor=organiser, activity_values={field: value})
    round_.activity.refresh_from_db()
    assert getattr(round_.activity, field) != value


def test_allowing_changes_of_ballot_is_not_locked(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.VOTING)
    round_configure(round_=round_, actor=organiser, allow_changes=False)
    round_.refresh_from_db()
    assert round_.allow_changes is False


def test_phragmen_needs_approval_ballots(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.PROPOSALS, ballot_format=BallotFormat.CUMULATIVE)
    with pytest.raises(ValidationError, match="Phragmén"):
        round_configure(round_=round_, actor=organiser, rule=Rule.PHRAGMEN)


@pytest.mark.parametrize(
    "persona,allowed",
    [("organiser", True), ("moderator", False), ("councillor", False), ("resident", False)],
)
def test_only_staff_may_change_settings_or_phases(
    make_round: Any, request: pytest.FixtureRequest, persona: str, allowed: bool
) -> None:
    person = request.getfixturevalue(persona)
    round_ = make_round(phase=Phase.REVIEW)
    if allowed:
        round_configure(round_=round_, actor=person, points=7)
        round_phase_set(round_=round_, actor=person, phase=Phase.VOTING)
    else:
        with pytest.raises(PermissionDenied):
            round_configure(round_=round_, actor=person, points=7)
        with pytest.raises(PermissionDenied):
            round_phase_set(round_=round_, actor=person, phase=Phase.VOTING)
