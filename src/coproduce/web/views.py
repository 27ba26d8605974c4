"""Public pages: home, initiatives, activities, places, organisations, commitments."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coproduce.governance.charter_selectors import charters_of_organisation, charters_of_place
from coproduce.governance.models import Commitment
from coproduce.initiatives.selectors import (
    initiatives_for_user,
)
from coproduce.organisations.models import Organisation
from coproduce.places.models import Place
from coproduce.ui.figures import bar_chart_figure
from coproduce.web.selectors import place_overview

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    initiatives = initiatives_for_user(request.user).select_related("organisation", "place")[:6]
    commitments = Commitment.objects.select_related("organisation").order_by("-updated_at")[:5]
    return render(
        request,
        "web/home.html",
        {"initiatives": initiatives, "commitments": commitments},
    )


def place_list(request: HttpRequest) -> HttpResponse:
    places = Place.objects.select_related("parent").order_by("kind", "name")
    return render(request, "web/place_list.html", {"places": places})


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    context = {
        "place": place,
        "overview": place_overview(place, request.user),
        "charts": _population_charts(place),
        "charters": charters_of_place(place),
    }
    return render(request, "web/place_detail.html", context)


def _population_charts(place: Place) -> list[str]:
    dimensions: dict[str, list[tuple[str, float]]] = {}
    for group in place.population_groups.all():
        dimensions.setdefault(group.dimension, []).append((group.category, group.count))
    return [
        bar_chart_figure(
            bars,
            headers=(dimension.replace("_", " ").capitalize(), _("People")),
            title=_("Population of %(place)s by %(dimension)s")
            % {"place": place.name, "dimension": dimension.replace("_", " ")},
            description=", ".join(f"{label}: {value:g}" for label, value in bars),
        )
        for dimension, bars in dimensions.items()
    ]


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("place"), slug=slug)
    context = {
        "organisation": organisation,
        "initiatives": initiatives_for_user(request.user).filter(organisation=organisation),
        "commitments": organisation.commitments.all(),
        "charters": charters_of_organisation(organisation),
    }
    return render(request, "web/organisation_detail.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Say whether the database answers; why not goes to the log, never to the public."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("readiness check: the database does not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ready"})
