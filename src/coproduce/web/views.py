"""Public pages: home, initiatives, activities, places, organisations, commitments."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coproduce.governance.models import Commitment, CommitmentOwner, CommitmentStatus
from coproduce.governance.selectors import TrackerFilters, commitments_tracker
from coproduce.initiatives.models import Activity, Co, Initiative
from coproduce.initiatives.pages import activity_page_urls
from coproduce.initiatives.selectors import (
    RepresentationRow,
    activities_for_user,
    eligibility_for,
    initiatives_for_user,
    lineage_of,
    participation_profile,
    participation_summary,
)
from coproduce.organisations.models import Organisation
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import Place
from coproduce.ui.figures import MapShape, area_map_svg, bar_chart_svg, paired_bar_chart_svg


def home(request: HttpRequest) -> HttpResponse:
    initiatives = initiatives_for_user(request.user).select_related("organisation", "place")[:6]
    commitments = Commitment.objects.select_related("organisation").order_by("-updated_at")[:5]
    return render(
        request,
        "web/home.html",
        {"initiatives": initiatives, "commitments": commitments},
    )


def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = initiatives_for_user(request.user).select_related("organisation", "place")
    return render(request, "web/initiative_list.html", {"initiatives": initiatives})


def _cycle(initiative: Initiative, activities: list[Activity]) -> list[dict[str, object]]:
    stages = {stage.co: stage for stage in initiative.stages.all()}
    return [
        {
            "co": co,
            "label": label,
            "stage": stages.get(co),
            "activities": [a for a in activities if a.stage.co == co],
        }
        for co, label in Co.choices
    ]


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(
        initiatives_for_user(request.user).select_related("organisation", "place"), slug=slug
    )
    activities = list(
        activities_for_user(request.user)
        .filter(stage__initiative=initiative)
        .select_related("stage")
    )
    urls = activity_page_urls(activities)  # one query per kind, not one per activity
    for activity in activities:
        activity.page_url = urls[activity.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "web/initiative_detail.html",
        {
            "initiative": initiative,
            "cycle": _cycle(initiative, activities),
            "commitments": initiative.commitments.all(),
            "lineage": lineage_of(initiative),
            "can_manage": can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation),
        },
    )


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        activities_for_user(request.user).select_related(
            "stage__initiative__organisation", "eligible_place"
        ),
        pk=pk,
    )
    return render(
        request,
        "web/activity_detail.html",
        {
            "activity": activity,
            "eligibility": eligibility_for(request.user, activity, on=timezone.localdate()),
            "lineage": lineage_of(activity),
            "participation": participation_summary(Activity.objects.filter(pk=activity.pk)),
        },
    )


def place_list(request: HttpRequest) -> HttpResponse:
    places = Place.objects.select_related("parent").order_by("kind", "name")
    return render(request, "web/place_list.html", {"places": places})


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    children = list(place.children.all())
    shapes = [MapShape(c.name, c.boundary, c.get_absolute_url()) for c in children if c.boundary]
    if not shapes and place.boundary:
        shapes = [MapShape(place.name, place.boundary)]
    groups = list(place.population_groups.all())
    dimensions: dict[str, list[tuple[str, float]]] = {}
    for group in groups:
        dimensions.setdefault(group.dimension, []).append((group.category, group.count))
    charts = [
        bar_chart_svg(
            bars,
            title=_("Population of %(place)s by %(dimension)s")
            % {"place": place.name, "dimension": dimension.replace("_", " ")},
            description=", ".join(f"{label}: {value:g}" for label, value in bars),
        )
        for dimension, bars in dimensions.items()
    ]
    context = {
        "place": place,
        "children": children,
        "map_svg": area_map_svg(
            shapes,
            title=_("Map of %(place)s") % {"place": place.name},
            description=_("Boundaries of %(areas)s.")
            % {"areas": ", ".join(s.label for s in shapes)},
        ),
        "groups": groups,
        "charts": charts,
        "initiatives": initiatives_for_user(request.user).filter(place=place),
    }
    return render(request, "web/place_detail.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("place"), slug=slug)
    context = {
        "organisation": organisation,
        "initiatives": initiatives_for_user(request.user).filter(organisation=organisation),
        "commitments": organisation.commitments.all(),
    }
    return render(request, "web/organisation_detail.html", context)


def commitment_list(request: HttpRequest) -> HttpResponse:
    filters = TrackerFilters(
        status=request.GET.get("status", ""),
        organisation=request.GET.get("organisation", ""),
        owner=request.GET.get("owner", ""),
        overdue=request.GET.get("overdue") == "1",
        query=request.GET.get("q", "")[:100],
    )
    commitments = list(commitments_tracker(filters))
    counts = dict(
        Commitment.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    chart = bar_chart_svg(
        [(str(label), counts.get(value, 0)) for value, label in CommitmentStatus.choices],
        title=_("Commitments by status"),
        description=", ".join(
            f"{label}: {counts.get(value, 0)}" for value, label in CommitmentStatus.choices
        ),
    )
    context = {
        "commitments": commitments,
        "filters": filters,
        "statuses": CommitmentStatus.choices,
        "owners": CommitmentOwner.choices,
        "organisations": Organisation.objects.all(),
        "chart": chart,
    }
    return render(request, "web/commitment_list.html", context)


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("organisation", "initiative").prefetch_related(
            Prefetch("updates"), "evidence"
        ),
        pk=pk,
    )
    following = (
        request.user.is_authenticated
        and commitment.followers.filter(person_id=request.user.pk).exists()
    )
    context = {"commitment": commitment, "lineage": lineage_of(commitment), "following": following}
    return render(request, "web/commitment_detail.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return JsonResponse({"status": "unavailable", "database": str(error)}, status=503)
    return JsonResponse({"status": "ready", "database": connection.vendor})


def participation(request: HttpRequest) -> HttpResponse:
    """Who takes part in what, compared with the population served (the Matthew effect)."""
    place = Place.objects.filter(parent=None).order_by("pk").first()
    slug = request.GET.get("place")
    if slug:
        place = get_object_or_404(Place, slug=slug)
    co = request.GET.get("co", "")
    if co not in Co.values:
        co = ""
    summary = participation_summary()
    by_co = [(str(label), summary.get(value, {}).get("total", 0)) for value, label in Co.choices]
    profile = participation_profile(place, co=co) if place else {}
    charts = [
        (_dimension_label(dimension), _representation_chart(dimension, rows))
        for dimension, rows in profile.items()
    ]
    context = {
        "place": place,
        "places": Place.objects.order_by("kind", "name"),
        "co": co,
        "cos": Co.choices,
        "co_chart": bar_chart_svg(
            by_co,
            title=_("Contributions by stage of the cycle"),
            description=", ".join(f"{label}: {n}" for label, n in by_co),
        ),
        "profile": profile,
        "charts": charts,
        "under": [
            f"{_dimension_label(dimension)}: {r.category}"
            for dimension, rows in profile.items()
            for r in rows
            if r.under_represented
        ],
        "summary": summary,
    }
    return render(request, "web/participation.html", context)


def _dimension_label(dimension: str) -> str:
    labels = {
        "age_band": _("Age band"),
        "sex": _("Sex"),
        "deprivation_quintile": _("Deprivation quintile (1 = most deprived)"),
    }
    return str(labels.get(dimension, dimension.replace("_", " ").capitalize()))


def _representation_chart(dimension: str, rows: list[RepresentationRow]) -> str:
    return paired_bar_chart_svg(
        [(r.category, r.participant_share, r.population_share) for r in rows],
        series=(_("Participants"), _("Population")),
        title=_("Participants compared with the population, by %(dimension)s")
        % {"dimension": _dimension_label(dimension).lower()},
        description="; ".join(_describe_row(r) for r in rows),
    )


def _describe_row(row: RepresentationRow) -> str:
    if row.participant_share is None:
        return _("%(category)s: too few participants to show; %(population).0f%% of population") % {
            "category": row.category,
            "population": row.population_share * 100,
        }
    return _(
        "%(category)s: %(participants).0f%% of participants, %(population).0f%% of population"
    ) % {
        "category": row.category,
        "participants": row.participant_share * 100,
        "population": row.population_share * 100,
    }
