"""The instrument contract: every instrument × phase × role × action, on the one clock.

The matrix is generated from the registry, so a new instrument is covered the day it is
registered: before the start and after the end nothing is allowed; during a phase only the
actions it allows; participants must be eligible, staff actions need the role.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.initiatives.clock import AFTER, BEFORE, DURING, moment_of
from coproduce.initiatives.instruments import (
    PARTICIPANT,
    Instrument,
    UnknownInstrument,
    instrument_for,
    instruments,
)
from coproduce.initiatives.models import Activity
from coproduce.initiatives.rules import PHASE, ROLE, can
from coproduce.initiatives.services import activity_create, activity_phase_move
from coproduce.organisations.permissions import ALLOWED, Action

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "eligible", "too_young", "staff"]


def _cases() -> list[tuple[str, str]]:
    """Every instrument with actions × every moment: before, each phase, after."""
    return [
        (instrument.kind, when)
        for instrument in instruments()
        if instrument.actions
        for when in (BEFORE, *(f"{DURING}:{p.key}" for p in instrument.phases), AFTER)
    ]


@pytest.fixture
def people(anonymous: Any, resident: Any, other_resident: Any, organiser: Any, city: Any) -> Any:
    from coproduce.places.models import Residency

    resident.date_of_birth = date(1990, 1, 1)
    other_resident.date_of_birth = timezone.localdate() - timedelta(days=365 * 10)
    for person in (resident, other_resident, organiser):
        if person is not organiser:
            person.save(update_fields=["date_of_birth"])
        Residency.objects.create(person=person, place=city, method="staff")
    organiser.date_of_birth = date(1980, 1, 1)
    organiser.save(update_fields=["date_of_birth"])
    return {
        "anonymous": anonymous,
        "eligible": resident,
        "too_young": other_resident,
        "staff": organiser,
    }


def _activity_at(initiative: Any, city: Any, instrument: Instrument, when: str) -> Activity:
    now = timezone.now()
    stage = initiative.stages.get(co=instrument.co)
    starts = now + timedelta(days=1) if when == BEFORE else now - timedelta(days=2)
    ends = now - timedelta(days=1) if when == AFTER else now + timedelta(days=5)
    activity = Activity.objects.create(
        stage=stage,
        kind=instrument.kind,
        title=f"{instrument.kind} {when}",
        starts_at=starts,
        ends_at=ends,
        eligible_place=city,
        min_age=16,
    )
    if when.startswith(DURING):
        key = when.split(":")[1]
        if instrument.phase_index(key) > 0:
            activity_phase_move(activity=activity, key=key, actor=None)
    return Activity.objects.get(pk=activity.pk)


def _expected(instrument: Instrument, when: str, role: str, action: str) -> bool:
    if not when.startswith(DURING) or action not in instrument.phase(when.split(":")[1]).allows:
        return False
    who = instrument.actions[action].who
    if who == PARTICIPANT:
        return role in ("eligible", "staff")
    return role == "staff" and "staff" in {r.value for r in ALLOWED[Action(who)]}


@pytest.mark.parametrize(("kind", "when"), _cases())
def test_can_follows_the_phase_the_role_and_eligibility(
    initiative: Any, city: Any, people: Any, kind: str, when: str
) -> None:
    instrument = instrument_for(kind)
    activity = _activity_at(initiative, city, instrument, when)
    wrong = []
    for role in ROLES:
        for action in instrument.actions:
            verdict = can(people[role], action, activity)
            phase_open = when.startswith(DURING) and (
                action in instrument.phase(when.split(":")[1]).allows
            )
            expected_by = "" if verdict.ok else (ROLE if phase_open else PHASE)
            if verdict.ok != _expected(instrument, when, role, action):
                wrong.append((role, action, verdict.ok, verdict.reason))
            elif not verdict.ok and (not verdict.reason or verdict.refused_by != expected_by):
                wrong.append((role, action, verdict.refused_by, verdict.reason))
    assert wrong == []


def test_the_matrix_covers_every_registered_instrument_with_actions() -> None:
    kinds = {case[0] for case in _cases()}
    assert {"budgeting_round", "survey", "scrutiny_panel", "priority_setting"} <= kinds


def test_the_current_phase_is_read_from_the_activity_dates(initiative: Any, city: Any) -> None:
    round_kind = instrument_for("budgeting_round")
    activity = _activity_at(initiative, city, round_kind, f"{DURING}:voting")
    assert moment_of(activity).phase.key == "voting"
    later = timezone.now() + timedelta(days=10)
    assert moment_of(activity, later).status == AFTER


def test_phases_only_move_forward_and_the_move_is_audited(
    initiative: Any, city: Any, organiser: Any
) -> None:
    from coproduce.audit.models import AuditEvent

    activity = _activity_at(
        initiative, city, instrument_for("budgeting_round"), f"{DURING}:proposals"
    )
    activity_phase_move(activity=activity, key="voting", actor=organiser)
    assert moment_of(activity).phase.key == "voting"
    event = AuditEvent.objects.filter(action="activity.phase").latest("pk")
    assert (event.data["from"], event.data["to"], event.actor) == ("proposals", "voting", organiser)
    with pytest.raises(ValidationError, match="only moves forward"):
        activity_phase_move(activity=activity, key="review", actor=organiser)
    assert moment_of(activity).phase.key == "voting"


def test_an_activity_of_an_unregistered_kind_cannot_be_created(
    initiative: Any, organiser: Any
) -> None:
    with pytest.raises(UnknownInstrument):
        instrument_for("seance")
    with pytest.raises(ValidationError, match="no kind of activity"):
        activity_create(
            actor=organiser,
            initiative=initiative,
            co="design",
            kind="seance",
            title="Talk to the ancestors",
            starts_at=timezone.now(),
        )
    assert not Activity.objects.filter(kind="seance").exists()


def test_a_refusal_raises_validation_for_the_phase_and_permission_for_the_person(
    initiative: Any, city: Any, people: Any
) -> None:
    from coproduce.initiatives.rules import require

    closed = _activity_at(initiative, city, instrument_for("survey"), AFTER)
    with pytest.raises(ValidationError, match="closed on"):
        require(people["eligible"], "survey.respond", closed)
    open_ = _activity_at(initiative, city, instrument_for("survey"), f"{DURING}:open")
    with pytest.raises(PermissionDenied, match="16 or older"):
        require(people["too_young"], "survey.respond", open_)


def _page_queries(client: Any, initiative: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/initiatives/{initiative.slug}/")
    assert response.status_code == 200
    return len(captured)


def test_the_initiative_page_lists_activities_in_a_constant_number_of_queries(
    client: Any, initiative: Any, activity_in: Any
) -> None:
    from coproduce.commissioning.services.rounds import round_create

    kinds = [
        ("commissioning", "budgeting_round"),
        ("assessment", "survey"),
        ("assessment", "scrutiny_panel"),
        ("design", "workshop"),
    ]

    def add(count: int) -> None:
        for index in range(count):
            co, kind = kinds[index % len(kinds)]
            activity = activity_in(co, kind, title=f"{kind} {index}")
            if kind == "budgeting_round":
                round_create(activity=activity, actor=None, total_budget=100)

    add(len(kinds))  # one of each kind: a query per kind at most
    _page_queries(client, initiative)  # warms the content-type cache
    few = _page_queries(client, initiative)
    add(50 - len(kinds))
    fifty = _page_queries(client, initiative)
    assert fifty == few
    response = client.get(f"/initiatives/{initiative.slug}/")
    round_ = initiative.stages.get(co="commissioning").activities.first().budgeting_round
    assert f'href="/budgets/{round_.pk}/"' in response.content.decode()
