"""Reads for scrutiny panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.assessment.models import Panel, Recommendation
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can, organisations_where

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def panel_for_user(person: Person | AnonymousUser, pk: int) -> Panel:
    """Fetch a panel in an activity the person may see, or 404."""
    return get_object_or_404(
        Panel.objects.select_related("activity__stage__initiative__organisation"),
        pk=pk,
        activity__in=activities_for_user(person),
    )


def recommendation_for_responder(person: Person | AnonymousUser, pk: int) -> Recommendation:
    """Fetch a recommendation the person may formally answer; raise PermissionDenied if not."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("panel__activity__stage__initiative__organisation"),
        pk=pk,
    )
    organisation = recommendation.panel.activity.stage.initiative.organisation
    if not can(person, Action.RESPOND_TO_RECOMMENDATIONS, organisation):
        raise PermissionDenied
    return recommendation


def recommendations_of(panel: Panel) -> QuerySet[Recommendation]:
    return panel.recommendations.select_related("commitment", "responded_by")


def recommendations_awaiting_for_user(person: Person | AnonymousUser) -> QuerySet[Recommendation]:
    """Recommendations the person's organisations still owe a response to, oldest due first."""
    organisations = organisations_where(person, Action.RESPOND_TO_RECOMMENDATIONS)
    return (
        Recommendation.objects.filter(
            response="", panel__activity__stage__initiative__organisation__in=organisations
        )
        .select_related("panel__activity")
        .order_by("response_due", "pk")
    )
