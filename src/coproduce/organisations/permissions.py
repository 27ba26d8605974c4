"""Who may do what in an organisation: a role × action matrix and small predicates.

The matrix is data so it can be read, reviewed and tested as a whole. Predicates take
the acting person first and never raise; views use them through fetch helpers.

Every capability a role (or the site administrator's flag) grants is refused in an HTTP
request whose session has not used the person's second factor: see
``accounts.second_factor``. Nothing outside this module should read memberships to grant
anything (``tests/test_architecture.py`` keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.second_factor import staff_capability_allowed
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
    MANAGE_POPULATION = "manage_population", _("Keep the population profiles of owned places")


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
    Action.MANAGE_POPULATION: frozenset({Role.STAFF}),
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

    Superusers may do everything; nobody may act for a missing organisation; no role acts
    in a request without its second factor.
    """
    if not person.is_authenticated or not person.is_active:
        return False
    if person.is_superuser:
        return staff_capability_allowed(person)
    if organisation is None:
        return False
    role = role_in(person, organisation)
    return role is not None and role in ALLOWED[action] and staff_capability_allowed(person)


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
        organisations = Organisation.objects.all()
    else:
        roles = [role.value for role in ALLOWED[action]]
        organisations = Organisation.objects.filter(
            memberships__person_id=person.pk, memberships__role__in=roles
        ).distinct()
    found = list(organisations)
    return found if found and staff_capability_allowed(person) else []


def sees_everything(person: Actor) -> bool:
    """Return True for the site administrator, with their second factor, in this request."""
    return bool(
        person.is_authenticated and person.is_superuser and staff_capability_allowed(person)
    )


def member_organisations(person: Actor) -> QuerySet[Organisation] | None:
    """Return the organisations where the person holds any role, to show them their own.

    Return None when the person has no such standing in this request (anonymous, or
    without their second factor): then they see only what the public sees.
    """
    from coproduce.organisations.models import Organisation

    if not person.is_authenticated or not staff_capability_allowed(person):
        return None
    return Organisation.objects.filter(memberships__person_id=person.pk)


def can_read_site_feedback(person: Actor) -> bool:
    """Return True if the person may read and mark the feedback sent about the whole site.

    Feedback is about the service, not one organisation's work, so the rule is site-wide:
    the site administrator and anyone with the staff role in any organisation, with their
    second factor in this request. Moderators, coordinators and councillors do not read it:
    it may hold e-mail addresses.
    """
    if not person.is_authenticated or not person.is_active:
        return False
    if not (
        person.is_superuser
        or Membership.objects.filter(person_id=person.pk, role=Role.STAFF).exists()
    ):
        return False
    return staff_capability_allowed(person)
