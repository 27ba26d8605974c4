"""Who may do what in an organisation: a role × action matrix and small predicates.

The matrix is data so it can be read, reviewed and tested as a whole. Predicates take
the acting person first and never raise; views use them through fetch helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

    Actor = Person | AnonymousUser


class Action(models.TextChoices):
    MANAGE_INITIATIVES = "manage_initiatives", _("Set up initiatives and activities")
    MODERATE = "moderate", _("Moderate contributions")
    UPDATE_COMMITMENTS = "update_commitments", _("Update commitments")
    RESPOND_TO_RECOMMENDATIONS = "respond_to_recommendations", _("Respond to recommendations")
    VERIFY_RESIDENCY = "verify_residency", _("Verify residency")
    ENTER_ASSISTED = "enter_assisted", _("Enter paper and phone contributions")
    VIEW_AUDIT = "view_audit", _("Read the audit log")
    MANAGE_MEMBERS = "manage_members", _("Manage members")
    MANAGE_BUDGETS = "manage_budgets", _("Run budgeting rounds and review proposals")
    TRIAGE_REPORTS = "triage_reports", _("Triage and answer reports")
    MANAGE_API_KEYS = "manage_api_keys", _("Manage API keys")
    VIEW_PERSONAL_BUDGETS = "view_personal_budgets", _("See personal budget plans")


ALLOWED: dict[Action, frozenset[Role]] = {
    Action.MANAGE_INITIATIVES: frozenset({Role.STAFF, Role.COORDINATOR}),
    Action.MODERATE: frozenset({Role.STAFF, Role.MODERATOR}),
    Action.UPDATE_COMMITMENTS: frozenset({Role.STAFF, Role.COORDINATOR}),
    Action.RESPOND_TO_RECOMMENDATIONS: frozenset({Role.STAFF, Role.COUNCILLOR}),
    Action.VERIFY_RESIDENCY: frozenset({Role.STAFF}),
    Action.ENTER_ASSISTED: frozenset({Role.STAFF, Role.COORDINATOR}),
    Action.VIEW_AUDIT: frozenset({Role.STAFF, Role.COUNCILLOR}),
    Action.MANAGE_MEMBERS: frozenset({Role.STAFF}),
    Action.MANAGE_BUDGETS: frozenset({Role.STAFF}),
    Action.TRIAGE_REPORTS: frozenset({Role.STAFF, Role.MODERATOR}),
    Action.MANAGE_API_KEYS: frozenset({Role.STAFF}),
    Action.VIEW_PERSONAL_BUDGETS: frozenset({Role.STAFF}),
}


def role_in(person: Actor, organisation: Organisation) -> Role | None:
    """Return the person's role in the organisation, or None."""
    if not person.is_authenticated:
        return None
    role = (
        Membership.objects.filter(organisation=organisation, person_id=person.pk)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def can(person: Actor, action: Action, organisation: Organisation | None) -> bool:
    """Return True if the person may take ``action`` for the organisation.

    Superusers may do everything; nobody may act for a missing organisation.
    """
    if not person.is_authenticated or not person.is_active:
        return False
    if person.is_superuser:
        return True
    if organisation is None:
        return False
    role = role_in(person, organisation)
    return role is not None and role in ALLOWED[action]


def is_staff_role_holder(person: Actor) -> bool:
    """Return True if the person holds any organisational role (and so needs a second factor)."""
    if not person.is_authenticated:
        return False
    return (
        bool(person.is_staff or person.is_superuser)
        or Membership.objects.filter(person_id=person.pk).exists()
    )


def organisations_where(person: Actor, action: Action) -> list[Organisation]:
    """Return the organisations for which the person may take ``action``."""
    from coproduce.organisations.models import Organisation

    if not person.is_authenticated:
        return []
    if person.is_superuser:
        return list(Organisation.objects.all())
    roles = [role.value for role in ALLOWED[action]]
    return list(
        Organisation.objects.filter(
            memberships__person_id=person.pk, memberships__role__in=roles
        ).distinct()
    )
