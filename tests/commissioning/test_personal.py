"""Personal budgets: co-produced plans both parties sign off, spending, and audited staff views."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import PaymentMethod
from coproduce.commissioning.services.personal import (
    LineSpec,
    change_decide,
    change_propose,
    plan_create,
    plan_for_user,
    spending_record,
)

pytestmark = pytest.mark.django_db

LINES = [
    LineSpec("Personal assistant", 600_00, PaymentMethod.PROVIDER, "Care Co"),
    LineSpec("Swimming", 100_00, PaymentMethod.DIRECT),
]


@pytest.fixture
def plan(resident: Any, organiser: Any, council: Any) -> Any:
    return plan_create(
        person=resident,
        professional=organiser,
        organisation=council,
        title="Rosa's plan",
        allocation=1_000_00,
        actor=organiser,
    )


def test_a_change_applies_only_when_the_other_party_agrees(
    plan: Any, resident: Any, organiser: Any
) -> None:
    change = change_propose(
        plan=plan, actor=resident, outcomes="Swim weekly", lines=LINES, review_date=date(2027, 3, 1)
    )
    assert not plan.lines.exists()
    with pytest.raises(PermissionDenied):
        change_decide(change=change, actor=resident, agree=True)
    change_decide(change=change, actor=organiser, agree=True)
    plan.refresh_from_db()
    assert (
        plan.outcomes == "Swim weekly" and plan.review_date == date(2027, 3, 1) and plan.agreed_at
    )
    assert sorted(plan.lines.values_list("label", "amount")) == [
        ("Personal assistant", 600_00),
        ("Swimming", 100_00),
    ]


def test_a_declined_change_changes_nothing(plan: Any, resident: Any, organiser: Any) -> None:
    change = change_propose(plan=plan, actor=organiser, outcomes="Less", lines=LINES[:1])
    change_decide(change=change, actor=resident, agree=False)
    plan.refresh_from_db()
    assert plan.outcomes == "" and not plan.lines.exists()


def test_lines_cannot_exceed_the_allocation(plan: Any, resident: Any) -> None:
    with pytest.raises(ValidationError, match="more than the budget"):
        change_propose(
            plan=plan,
            actor=resident,
            outcomes="x",
            lines=[LineSpec("Big", 2_000_00, PaymentMethod.DIRECT)],
        )


def test_spending_is_recorded_against_an_agreed_line(
    plan: Any, resident: Any, organiser: Any
) -> None:
    change_decide(
        change=change_propose(plan=plan, actor=resident, outcomes="x", lines=LINES),
        actor=organiser,
        agree=True,
    )
    line = plan.lines.get(key="swimming")
    spending_record(plan=plan, line=line, amount=12_50, spent_on=date(2026, 11, 1), actor=resident)
    assert line.spending.get().amount == 12_50


def test_only_the_two_parties_and_authorised_staff_see_the_plan(
    plan: Any,
    resident: Any,
    organiser: Any,
    other_resident: Any,
    moderator: Any,
    make_person: Any,
    council: Any,
) -> None:
    from coproduce.organisations.models import Membership

    assert plan_for_user(resident, plan.pk) == plan
    assert plan_for_user(organiser, plan.pk) == plan
    for outsider in (other_resident, moderator):
        with pytest.raises(Http404):
            plan_for_user(outsider, plan.pk)
    manager = make_person("manager")
    Membership.objects.create(organisation=council, person=manager, role="staff")
    before = AuditEvent.objects.filter(action="personal_budget.view").count()
    plan_for_user(manager, plan.pk)
    plan_for_user(manager, plan.pk)
    events = AuditEvent.objects.filter(action="personal_budget.view")
    assert events.count() == before + 2 and set(events.values_list("actor", flat=True)) == {
        manager.pk
    }


def test_staff_views_through_the_page_are_audited_and_say_so(
    client: Any, plan: Any, make_person: Any, council: Any, with_second_factor: Any
) -> None:
    from coproduce.organisations.models import Membership

    manager = make_person("manager")
    Membership.objects.create(organisation=council, person=manager, role="staff")
    client.force_login(with_second_factor(manager))
    page = client.get(f"/budgets/plans/{plan.pk}/").content.decode()
    assert "recorded in the audit log" in page
    assert AuditEvent.objects.filter(action="personal_budget.view", actor=manager).count() == 1


def test_the_person_proposes_and_the_professional_agrees_through_the_pages(
    client: Any, plan: Any, resident: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(resident)
    response = client.post(
        f"/budgets/plans/{plan.pk}/change/",
        {
            "outcomes": "Get out more",
            "lines": "Swimming | 100 | direct\nGardening club | 50 | Green Co",
            "note": "",
        },
    )
    assert response.status_code == 302
    client.force_login(with_second_factor(organiser))
    page = client.get(f"/budgets/plans/{plan.pk}/").content.decode()
    assert "Agree this change" in page
    change = plan.changes.get()
    client.post(f"/budgets/plans/changes/{change.pk}/decide/", {"decision": "agree"})
    assert plan.lines.count() == 2


def test_a_professional_starts_a_plan_from_the_staff_page(
    client: Any, organiser: Any, resident: Any, council: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    response = client.post(
        "/staff/budgets/plans/",
        {
            "person_email": resident.email,
            "title": "Plan",
            "allocation": "5,000",
            "organisation": council.pk,
        },
    )
    assert response.status_code == 302
    plan = resident.support_plans.get()
    assert plan.allocation == 500_000 and plan.professional == organiser
    refused = client.post(
        "/staff/budgets/plans/",
        {
            "person_email": "nobody@example.org",
            "title": "Plan",
            "allocation": "5",
            "organisation": council.pk,
        },
    )
    assert "Nobody has an account" in refused.content.decode()


@pytest.mark.parametrize("who", ["professional", "other staff"])
def test_staff_without_a_second_factor_cannot_open_a_plan(
    client: Any, plan: Any, organiser: Any, make_person: Any, council: Any, who: str
) -> None:
    from coproduce.organisations.models import Membership

    staff = organiser
    if who == "other staff":
        staff = make_person("manager")
        Membership.objects.create(organisation=council, person=staff, role="staff")
    client.force_login(staff)
    response = client.get(f"/budgets/plans/{plan.pk}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    assert "Rosa" not in client.get("/budgets/plans/").content.decode()
    assert not AuditEvent.objects.filter(action="personal_budget.view", actor=staff).exists()


def test_staff_with_their_second_factor_open_the_plan(
    client: Any, plan: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    assert "Rosa" in client.get(f"/budgets/plans/{plan.pk}/").content.decode()
    assert "Rosa" in client.get("/budgets/plans/").content.decode()


def _agreed(plan: Any, resident: Any, organiser: Any) -> Any:
    change_decide(
        change=change_propose(plan=plan, actor=resident, outcomes="x", lines=LINES),
        actor=organiser,
        agree=True,
    )
    return plan.lines.get(key="swimming")


def test_one_payment_cannot_be_more_than_the_whole_plan(
    plan: Any, resident: Any, organiser: Any
) -> None:
    line = _agreed(plan, resident, organiser)
    with pytest.raises(ValidationError, match="whole budget of £1,000"):
        spending_record(
            plan=plan, line=line, amount=1_000_01, spent_on=date(2026, 11, 1), actor=resident
        )
    assert not line.spending.exists()


@pytest.mark.parametrize("amount", [str(10**20), "92,000,000,000,000,000", "1e20", "NaN", "1,001"])
def test_absurd_spending_through_the_page_is_refused_and_nothing_saved(
    client: Any, plan: Any, resident: Any, organiser: Any, amount: str
) -> None:
    line = _agreed(plan, resident, organiser)
    client.force_login(resident)
    response = client.post(
        f"/budgets/plans/{plan.pk}/spending/",
        {"line": line.pk, "amount": amount, "spent_on": "2026-11-01"},
    )
    assert response.status_code == 400 and "govuk-error-summary" in response.text
    assert not line.spending.exists()
