"""Budgeting rounds in the Django admin go through the services; locked settings are read-only."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import BudgetingRound, Phase

pytestmark = pytest.mark.django_db

SETTINGS = {
    "total_budget": "50000",
    "currency": "GBP",
    "ballot_format": "approval",
    "min_choices": "1",
    "max_choices": "3",
    "points": "10",
    "rule": "greedy",
    "allow_changes": "on",
    "voter_codes": "on",
    "areas-TOTAL_FORMS": "0",
    "areas-INITIAL_FORMS": "0",
}


@pytest.fixture
def admin_client(client: Any, make_person: Any, with_second_factor: Any) -> Any:
    admin = make_person("admin", is_superuser=True, is_staff=True)
    client.force_login(with_second_factor(admin))
    return client


def test_a_round_added_in_the_admin_is_made_by_the_service(
    admin_client: Any, activity_in: Any
) -> None:
    activity = activity_in("commissioning", "budgeting_round", title="Park budget")
    response = admin_client.post(
        "/admin/commissioning/budgetinground/add/", {"activity": activity.pk, **SETTINGS}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = BudgetingRound.objects.get()
    assert round_.areas.get().budget == 50_000 and round_.max_choices == 3
    assert AuditEvent.objects.filter(action="round.create").exists()


def test_the_admin_refuses_limits_out_of_order_with_the_services_words(
    admin_client: Any, activity_in: Any
) -> None:
    activity = activity_in("commissioning", "budgeting_round")
    response = admin_client.post(
        "/admin/commissioning/budgetinground/add/",
        {"activity": activity.pk, **SETTINGS, "min_choices": "4", "max_choices": "2"},
    )
    assert response.status_code == 200
    assert "must be at least the fewest" in response.content.decode()
    assert not BudgetingRound.objects.exists()


def test_a_change_in_the_admin_is_audited(admin_client: Any, make_round: Any) -> None:
    round_ = make_round(phase=Phase.REVIEW)
    url = f"/admin/commissioning/budgetinground/{round_.pk}/change/"
    data = {k: v for k, v in SETTINGS.items() if k not in ("total_budget", "currency")}
    data.update({"rule": "phragmen", "areas-INITIAL_FORMS": "1", "areas-TOTAL_FORMS": "1"})
    data["areas-0-id"] = str(round_.areas.get().pk)
    data["areas-0-round"] = str(round_.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    round_.refresh_from_db()
    assert round_.rule == "phragmen" and round_.ballot_format == "approval"
    assert AuditEvent.objects.filter(action="round.configure").latest("pk").data["rule"] == (
        "phragmen"
    )


def test_once_voting_opens_the_locked_settings_are_read_only_in_the_admin(
    admin_client: Any, make_round: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    url = f"/admin/commissioning/budgetinground/{round_.pk}/change/"
    page = admin_client.get(url).content.decode()
    for name in ("total_budget", "ballot_format", "rule", "max_choices", "voter_codes"):
        assert f'name="{name}"' not in page, name
    assert 'name="allow_changes"' in page
    forged = {
        "rule": "phragmen",
        "total_budget": "1",
        "areas-INITIAL_FORMS": "1",
        "areas-TOTAL_FORMS": "1",
        "areas-0-id": str(round_.areas.get().pk),
        "areas-0-round": str(round_.pk),
    }
    assert admin_client.post(url, forged).status_code == 302
    round_.refresh_from_db()
    assert round_.rule == "greedy" and round_.total_budget == 100_000
    assert not round_.allow_changes  # the one setting still open was unticked and saved


def test_only_the_site_administrator_with_a_second_factor_reaches_it(
    client: Any, make_person: Any, organiser: Any
) -> None:
    admin = make_person("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/commissioning/budgetinground/add/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    client.force_login(organiser)
    assert client.get("/admin/commissioning/budgetinground/add/").status_code == 302
