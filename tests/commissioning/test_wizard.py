"""The guide that sets up a budgeting round: every step, going back, every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import BudgetingRound
from coproduce.initiatives.models import ActivityPhase

pytestmark = pytest.mark.django_db


def step(name: str) -> str:
    return reverse("commissioning_staff:round_new_step", args=[name])


@pytest.fixture
def staff_client(client: Any, organiser: Any, with_second_factor: Any) -> Any:
    client.force_login(with_second_factor(organiser))
    return client


def answers(initiative: Any, city: Any) -> dict[str, dict[str, Any]]:
    north, south = city.children.order_by("name")
    return {
        "about": {
            "initiative": initiative.pk,
            "round_title": "Neighbourhood budget 2028",
            "description": "Small projects for every district.",
        },
        "budget": {
            "currency": "GBP",
            "total_budget": "100,000",
            "split": "districts",
            f"district_{north.pk}": "60,000",
            f"district_{south.pk}": "40,000",
        },
        "ballot": {
            "ballot_format": "approval",
            "min_choices": "1",
            "max_choices": "3",
            "points": "10",
            "allow_changes": "on",
        },
        "rule": {"rule": "equal-shares"},
        "eligibility": {"min_age": "16", "eligible_place": city.pk, "voter_codes": "on"},
        "dates": {
            "starts_at": "2031-03-01T09:00",
            "review": "2031-04-01T09:00",
            "voting": "2031-05-01T09:00",
            "results": "2031-06-01T09:00",
            "implementation": "",
            "ends_at": "2032-06-01T09:00",
        },
    }


def walk(client: Any, data: dict[str, dict[str, Any]]) -> None:
    for name, values in data.items():
        response = client.post(step(name), values)
        assert response.status_code == 302, (name, response.content.decode()[:3000])


def test_staff_set_up_a_round_with_two_districts_step_by_step(
    staff_client: Any, initiative: Any, city: Any
) -> None:
    start = staff_client.get(
        reverse("commissioning_staff:round_new"), {"initiative": initiative.slug}
    )
    assert start["Location"] == step("about")
    page = staff_client.get(step("about")).content.decode()
    assert "step 1 of 7" in page and f'value="{initiative.pk}" selected' in page
    walk(staff_client, answers(initiative, city))
    check = staff_client.get(step("check")).content.decode()
    assert "Neighbourhood budget 2028" in check and "£60,000" in check and "North" in check
    created = staff_client.post(step("check"))
    round_ = BudgetingRound.objects.get()
    assert created["Location"] == reverse("commissioning_staff:round", args=[round_.pk])
    assert round_.total_budget == 10_000_000 and round_.rule == "equal-shares"
    assert (round_.ballot_format, round_.min_choices, round_.max_choices) == ("approval", 1, 3)
    assert sorted(round_.areas.values_list("name", "budget")) == [
        ("North", 6_000_000),
        ("South", 4_000_000),
    ]
    activity = round_.activity
    assert activity.stage.co == "commissioning" and activity.kind == "budgeting_round"
    assert activity.min_age == 16 and activity.eligible_place == city
    phases = dict(ActivityPhase.objects.filter(activity=activity).values_list("key", "starts_at"))
    assert sorted(phases) == ["results", "review", "voting"]
    assert round_.phase_label == "Not open yet"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"activity.create", "activity.schedule", "round.create"} <= actions
    assert staff_client.get(step("budget")).status_code == 302  # the guide starts afresh


def test_a_city_wide_budget_makes_one_area(staff_client: Any, initiative: Any, city: Any) -> None:
    data = answers(initiative, city)
    data["budget"] = {"currency": "EUR", "total_budget": "5000", "split": "city"}
    staff_client.get(reverse("commissioning_staff:round_new"))
    walk(staff_client, data)
    staff_client.post(step("check"))
    round_ = BudgetingRound.objects.get()
    (area,) = round_.areas.all()
    assert area.place is None and area.budget == 500_000 and round_.currency == "EUR"


def test_going_back_keeps_what_was_typed(staff_client: Any, initiative: Any, city: Any) -> None:
    data = answers(initiative, city)
    staff_client.get(reverse("commissioning_staff:round_new"))
    walk(staff_client, {k: data[k] for k in ("about", "budget")})
    half = {"ballot_format": "ranked", "min_choices": "1", "max_choices": "", "back": ""}
    response = staff_client.post(step("ballot"), half)
    assert response["Location"] == step("budget")
    budget = staff_client.get(step("budget")).content.decode()
    assert 'value="60,000"' in budget
    ballot = staff_client.get(step("ballot")).content.decode()
    assert 'value="ranked" checked' in ballot


def test_a_later_step_cannot_be_reached_before_the_earlier_ones(
    staff_client: Any, initiative: Any
) -> None:
    staff_client.get(reverse("commissioning_staff:round_new"))
    assert staff_client.get(step("dates"))["Location"] == step("about")
    assert staff_client.post(step("check"))["Location"] == step("about")
    assert not BudgetingRound.objects.exists()


@pytest.mark.parametrize(
    "name,change,message",
    [
        ("ballot", {"min_choices": "4", "max_choices": "2"}, "must be at least the fewest"),
        ("ballot", {"ballot_format": "ranked", "max_choices": ""}, "how many projects a voter"),
        ("budget", {"total_budget": "50,000"}, "is more than the total"),
        ("budget", {"total_budget": "120,000"}, "add up to £100,000, not the total of £120,000"),
        ("budget", {"split": "districts", "district_0": ""}, None),
        ("dates", {"voting": "2031-03-15T09:00"}, "cannot start before the phase before it"),
        ("dates", {"ends_at": "2031-02-01T09:00"}, "must close after it opens"),
    ],
)
def test_each_step_refuses_what_does_not_fit_with_an_error_summary(
    staff_client: Any,
    initiative: Any,
    city: Any,
    name: str,
    change: dict[str, str],
    message: str | None,
) -> None:
    data = answers(initiative, city)
    staff_client.get(reverse("commissioning_staff:round_new"))
    names = list(data)
    walk(staff_client, {k: data[k] for k in names[: names.index(name)]})
    response = staff_client.post(step(name), {**data[name], **change})
    if message is None:  # every district left out: at least one is needed
        north, south = city.children.order_by("name")
        values = {**data[name], f"district_{north.pk}": "", f"district_{south.pk}": ""}
        response = staff_client.post(step(name), values)
        message = "Give at least one district a budget"
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page
    following = [*names, "check"][names.index(name) + 1]
    assert staff_client.get(step(following))["Location"] == step(name)
    assert not BudgetingRound.objects.exists()


def test_phragmen_with_points_is_refused_at_the_rule_step(
    staff_client: Any, initiative: Any, city: Any
) -> None:
    data = answers(initiative, city)
    data["ballot"]["ballot_format"] = "cumulative"
    staff_client.get(reverse("commissioning_staff:round_new"))
    walk(staff_client, {k: data[k] for k in ("about", "budget", "ballot")})
    response = staff_client.post(step("rule"), {"rule": "phragmen"})
    assert response.status_code == 400 and "Phragmén needs approval" in response.content.decode()


def test_the_rule_step_explains_each_rule_and_links_to_the_method_page(
    staff_client: Any, initiative: Any, city: Any, client: Any
) -> None:
    data = answers(initiative, city)
    staff_client.get(reverse("commissioning_staff:round_new"))
    walk(staff_client, {k: data[k] for k in ("about", "budget", "ballot")})
    page = staff_client.get(step("rule")).content.decode()
    assert "Every voter gets an equal share of the budget" in page
    assert f'href="{reverse("commissioning:counting")}#rule-phragmen"' in page
    method = client.get(reverse("commissioning:counting")).content.decode()
    assert 'id="rule-equal-shares"' in method and "equalshares.net" in method


@pytest.mark.parametrize("persona", ["resident", "moderator", "councillor"])
def test_only_staff_who_run_budgets_may_use_the_guide(
    client: Any, request: pytest.FixtureRequest, with_second_factor: Any, persona: str
) -> None:
    person = request.getfixturevalue(persona)
    if persona != "resident":
        with_second_factor(person)
    client.force_login(person)
    assert client.get(reverse("commissioning_staff:round_new")).status_code == 403
    assert client.post(step("check")).status_code == 403


def test_staff_without_their_second_factor_are_sent_to_enter_it(
    client: Any, organiser: Any
) -> None:
    client.force_login(organiser)
    response = client.get(reverse("commissioning_staff:round_new"))
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    assert client.post(step("check")).status_code == 302
    assert not BudgetingRound.objects.exists()


def test_adding_a_budgeting_round_activity_leads_to_the_guide(
    staff_client: Any, initiative: Any
) -> None:
    url = reverse("initiatives:activity_new", args=[initiative.slug])
    page = staff_client.get(url).content.decode()
    guide = reverse("commissioning_staff:round_new") + f"?initiative={initiative.slug}"
    assert f'href="{guide}"' in page
    response = staff_client.post(
        url,
        {
            "co": "commissioning",
            "kind": "budgeting_round",
            "title": "Park budget",
            "starts_at": "2031-01-01T10:00",
        },
    )
    assert response["Location"].startswith(guide)
    assert not initiative.stages.get(co="commissioning").activities.exists()
    started = staff_client.get(response["Location"])
    about = staff_client.get(started["Location"]).content.decode()
    assert 'value="Park budget"' in about


def test_without_an_initiative_to_hold_it_the_guide_says_to_set_one_up_first(
    staff_client: Any, council: Any
) -> None:
    staff_client.get(reverse("commissioning_staff:round_new"))
    page = staff_client.get(step("about")).content.decode()
    assert "Set up an initiative first" in page
    assert reverse("initiatives:initiative_new") in page
