"""Pages for initiatives: the public initiative, activity and "who takes part" pages, and
the staff pages that set up an initiative and add activities to its stages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.initiatives.forms import ActivityForm, InitiativeForm
from coproduce.initiatives.instruments import instrument_for, instruments
from coproduce.initiatives.models import Activity, Co, Initiative, Origin
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
from coproduce.initiatives.services import activity_create, initiative_create
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.places.models import Place
from coproduce.ui.demography import category_label, dimension_label, group_label
from coproduce.ui.figures import bar_chart_figure, paired_bar_chart_figure
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def initiative_new(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        initiative = initiative_create(
            actor=request.user,
            organisation=data["organisation"],
            place=data["place"],
            title=data["title"],
            summary=data["summary"],
            origin=Origin(data["origin"]),
            cos=[Co(co) for co in data["cos"]],
            charter=data["charter"],
        )
        messages.success(request, _("The initiative was created."))
        return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form})


@login_required
def activity_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.select_related("organisation"), slug=slug)
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guide = instrument_for(form.cleaned_data["kind"]).create_url
        if guide is not None:  # the instrument asks for more than dates: its own guide
            carried = {k: form.cleaned_data[k] for k in ("title", "description")}
            return redirect(f"{guide(initiative)}&{urlencode(carried)}")
        try:
            activity = activity_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was added."))
            return redirect(activity)
    guides = [
        (instrument.label, create_url(initiative))
        for instrument in instruments()
        if (create_url := instrument.create_url) is not None
    ]
    context = {"form": form, "initiative": initiative, "guides": guides}
    return render(request, "initiatives/activity_form.html", context)


def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = initiatives_for_user(request.user).select_related("organisation", "place")
    return render(request, "initiatives/initiative_list.html", {"initiatives": initiatives})


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
        "initiatives/initiative_detail.html",
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
        "initiatives/activity_detail.html",
        {
            "activity": activity,
            "eligibility": eligibility_for(request.user, activity, on=timezone.localdate()),
            "lineage": lineage_of(activity),
            "participation": participation_summary(Activity.objects.filter(pk=activity.pk)),
        },
    )


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
        "co_chart": bar_chart_figure(
            by_co,
            title=_("Contributions by stage of the cycle"),
            headers=(_("Stage of the cycle"), _("Contributions")),
            description=", ".join(f"{label}: {n}" for label, n in by_co),
        ),
        "profile": profile,
        "charts": charts,
        "under": [
            group_label(dimension, r.category)
            for dimension, rows in profile.items()
            for r in rows
            if r.under_represented
        ],
        "summary": summary,
    }
    return render(request, "initiatives/participation.html", context)


def _dimension_label(dimension: str) -> str:
    return dimension_label(dimension)


def _representation_chart(dimension: str, rows: list[RepresentationRow]) -> str:
    return paired_bar_chart_figure(
        [
            (category_label(dimension, r.category), r.participant_share, r.population_share)
            for r in rows
        ],
        series=(_("Participants"), _("Population")),
        label_header=_dimension_label(dimension),
        title=_("Participants compared with the population, by %(dimension)s")
        % {"dimension": _dimension_label(dimension).lower()},
        description="; ".join(_describe_row(dimension, r) for r in rows),
    )


def _describe_row(dimension: str, row: RepresentationRow) -> str:
    if row.participant_share is None:
        return _("%(category)s: too few participants to show; %(population).0f%% of population") % {
            "category": category_label(dimension, row.category),
            "population": row.population_share * 100,
        }
    return _(
        "%(category)s: %(participants).0f%% of participants, %(population).0f%% of population"
    ) % {
        "category": category_label(dimension, row.category),
        "participants": row.participant_share * 100,
        "population": row.population_share * 100,
    }
