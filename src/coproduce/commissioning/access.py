"""Who may do what with rounds, exercises and plans: small predicates and fetch helpers.

Views fetch through the ``*_for_staff`` helpers, so none can forget the check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.commissioning.models import BudgetingRound, PriorityExercise
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

    Actor = Person | AnonymousUser


def organisation_of(round_: BudgetingRound | PriorityExercise) -> Organisation:
    """Return the organisation that runs the round or exercise."""
    return round_.activity.stage.initiative.organisation


def can_manage_round(person: Actor, round_: BudgetingRound | PriorityExercise) -> bool:
    return can(person, Action.MANAGE_BUDGETS, organisation_of(round_))


def can_enter_paper(person: Actor, round_: BudgetingRound) -> bool:
    return can(person, Action.ENTER_ASSISTED, organisation_of(round_))


def round_for_staff(
    person: Actor, pk: int, *, action: Action = Action.MANAGE_BUDGETS
) -> BudgetingRound:
    """Return the round if the person may take ``action`` for it; else raise."""
    round_ = get_object_or_404(
        BudgetingRound.objects.select_related(
            "activity__stage__initiative__organisation", "activity__eligible_place"
        ),
        pk=pk,
    )
    if not can(person, action, organisation_of(round_)):
        raise PermissionDenied
    return round_


def require(allowed: bool, message: str) -> None:
    """Raise ``PermissionDenied(message)`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)


def person_of(request: HttpRequest) -> Person:
    """Return the signed-in person (views behind ``login_required`` only)."""
    from coproduce.accounts.models import Person

    user = request.user
    if not isinstance(user, Person):
        raise PermissionDenied
    return user
