"""Setting up and changing budgeting rounds through the API, with a staff token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from coproduce.api.services import token_issue
from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import BudgetingRound
from coproduce.initiatives.models import Activity
from coproduce.initiatives.services import activity_phase_move

pytestmark = pytest.mark.django_db


def bearer(person: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(person=person, name='test')}"}


def new_round(initiative: Any, **extra: Any) -> dict[str, Any]:
    opens = timezone.now() + timedelta(days=7)
    body = {
        "initiative": initiative.slug,
        "title": "Neighbourhood budget",
        "description": "Small projects.",
        "currency": "EUR",
        "total_budget": 100_000,
        "areas": [
            {"name": "North", "place": "north", "budget": 60_000},
            {"name": "South", "place": "south", "budget": 40_000},
        ],
        "ballot_format": "approval",
        "min_choices": 1,
        "max_choices": 3,
        "rule": "equal-shares",
        "min_age": 16,
        "eligible_place": "testford",
        "starts_at": opens.isoformat(),
        "voting": (opens + timedelta(days=30)).isoformat(),
        "ends_at": (opens + timedelta(days=60)).isoformat(),
    }
    body.update(extra)
    return body


def post(client: Any, body: dict[str, Any], person: Any) -> Any:
    return client.post("/api/budgets", body, content_type="application/json", **bearer(person))


def test_a_staff_token_sets_up_a_round_with_two_districts(
    client: Any, organiser: Any, initiative: Any
) -> None:
    response = post(client, new_round(initiative), organiser)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["currency"] == "EUR" and body["rule"] == "equal-shares"
    assert {a["place"]: a["budget"] for a in body["areas"]} == {"north": 60_000, "south": 40_000}
    assert body["budget_locked"] is False and body["settings_locked"] is False
    round_ = BudgetingRound.objects.get(pk=body["id"])
    assert round_.activity.min_age == 16 and round_.activity.eligible_place.slug == "testford"
    assert [s.key for s in round_.moment.schedule] == ["proposals", "voting"]
    assert AuditEvent.objects.filter(action="round.create", actor=organiser).exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"min_choices": 4, "max_choices": 2}, "max_choices"),
        (
            {"areas": [{"name": "North", "place": "north", "budget": 120_000}]},
            "areas",
        ),
        ({"voting": "2020-01-01T00:00:00+00:00"}, "voting"),
        ({"ballot_format": "cumulative", "rule": "phragmen"}, "rule"),
        ({"areas": [{"name": "Atlantis", "place": "atlantis", "budget": 100_000}]}, "areas"),
    ],
)
def test_values_that_do_not_fit_answer_422_and_create_nothing(
    client: Any, organiser: Any, initiative: Any, change: dict[str, Any], field: str
) -> None:
    response = post(client, new_round(initiative, **change), organiser)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["message"]
    assert not BudgetingRound.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"rule": "greedy-threshold"}, {"currency": "pounds"}, {"starts_at": "2031-01-01T10:00"}],
)
def test_values_outside_the_document_answer_422(
    client: Any, organiser: Any, initiative: Any, change: dict[str, Any]
) -> None:
    assert post(client, new_round(initiative, **change), organiser).status_code == 422


def test_without_a_token_or_a_second_factor_or_as_a_resident_nothing_is_created(
    client: Any, make_person: Any, council: Any, resident: Any, initiative: Any
) -> None:
    from coproduce.organisations.models import Membership

    assert (
        client.post(
            "/api/budgets", new_round(initiative), content_type="application/json"
        ).status_code
        == 401
    )
    no_totp = make_person("no_totp")
    Membership.objects.create(organisation=council, person=no_totp, role="staff")
    assert post(client, new_round(initiative), no_totp).status_code == 403
    assert post(client, new_round(initiative), resident).status_code == 403
    assert not BudgetingRound.objects.exists()


def test_patch_changes_settings_until_they_lock_then_answers_422(
    client: Any, organiser: Any, initiative: Any
) -> None:
    created = post(client, new_round(initiative), organiser).json()
    url = f"/api/budgets/{created['id']}"
    headers = bearer(organiser)
    changed = client.patch(
        url,
        {"total_budget": 200_000, "areas": [], "rule": "phragmen"},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["areas"] == [
        {"name": "Neighbourhood budget", "place": None, "budget": 200_000}
    ]
    round_ = BudgetingRound.objects.get(pk=created["id"])
    activity_phase_move(activity=round_.activity, key="proposals", actor=None)
    refused = client.patch(
        url, {"total_budget": 300_000}, content_type="application/json", **headers
    )
    assert refused.status_code == 422
    assert "Proposals have opened" in refused.json()["error"]["message"]["total_budget"][0]
    allowed = client.patch(url, {"max_choices": 5}, content_type="application/json", **headers)
    assert allowed.status_code == 200 and allowed.json()["max_choices"] == 5
    round_.refresh_from_db()
    assert round_.total_budget == 200_000 and round_.rule == "phragmen"
    assert AuditEvent.objects.filter(action="round.configure.refused").count() == 1


def test_patch_needs_staff_of_the_round(
    client: Any, resident: Any, organiser: Any, initiative: Any
) -> None:
    created = post(client, new_round(initiative), organiser).json()
    response = client.patch(
        f"/api/budgets/{created['id']}",
        {"points": 5},
        content_type="application/json",
        **bearer(resident),
    )
    assert response.status_code == 403


def test_the_document_declares_the_writes_and_their_refusals(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    create, change = paths["/api/budgets"]["post"], paths["/api/budgets/{round_id}"]["patch"]
    assert {"201", "401", "403", "404", "422"} <= set(create["responses"])
    assert {"200", "401", "403", "404", "422"} <= set(change["responses"])
    assert create["security"] == [{"TokenAuth": []}]
