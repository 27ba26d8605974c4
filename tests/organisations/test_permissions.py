"""Who may do what: the role × action matrix, written out here as the specification."""

from __future__ import annotations

import pytest

from coproduce.organisations.models import Membership, Organisation, OrganisationKind, Role
from coproduce.organisations.permissions import Action, can, organisations_where

pytestmark = pytest.mark.django_db

S, M, C, L = Role.STAFF, Role.MODERATOR, Role.COORDINATOR, Role.COUNCILLOR
EXPECTED = {
    Action.MANAGE_INITIATIVES: {S, C},
    Action.MODERATE: {S, M},
    Action.UPDATE_COMMITMENTS: {S, C},
    Action.RESPOND_TO_RECOMMENDATIONS: {S, L},
    Action.VERIFY_RESIDENCY: {S},
    Action.ENTER_ASSISTED: {S, C},
    Action.VIEW_AUDIT: {S, L},
    Action.MANAGE_MEMBERS: {S},
    Action.MANAGE_BUDGETS: {S},
    Action.TRIAGE_REPORTS: {S, M},
    Action.MANAGE_API_KEYS: {S},
    Action.VIEW_PERSONAL_BUDGETS: {S},
    Action.MANAGE_POPULATION: {S},
}


def test_the_specification_covers_every_action():
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_a_role_may_act_exactly_as_the_matrix_says(make_person, council, role, action):
    person = make_person(f"{role}-{action}")
    Membership.objects.create(organisation=council, person=person, role=role)
    assert can(person, action, council) is (role in EXPECTED[action])


@pytest.mark.parametrize("action", list(Action))
def test_a_resident_without_a_role_may_do_none_of_it(resident, council, action):
    assert not can(resident, action, council)


@pytest.mark.parametrize("action", list(Action))
def test_anonymous_visitors_may_do_none_of_it(anonymous, council, action):
    assert not can(anonymous, action, council)


def test_a_role_in_one_organisation_gives_nothing_in_another(organiser, city):
    other = Organisation.objects.create(
        name="Other", slug="other", kind=OrganisationKind.THIRD_SECTOR, place=city
    )
    assert not can(organiser, Action.UPDATE_COMMITMENTS, other)
    assert organisations_where(organiser, Action.UPDATE_COMMITMENTS) == [
        organiser.memberships.get().organisation
    ]


def test_a_deactivated_member_loses_every_permission(organiser, council):
    organiser.is_active = False
    organiser.save(update_fields=["is_active"])
    assert not any(can(organiser, action, council) for action in Action)


def test_a_superuser_may_do_everything(make_person, council):
    admin = make_person("admin", is_superuser=True, is_staff=True)
    assert all(can(admin, action, council) for action in Action)


def test_nobody_acts_for_a_missing_organisation(organiser):
    assert not can(organiser, Action.MODERATE, None)
