"""Staff pages: set up an initiative and add activities to its stages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coproduce.initiatives.forms import ActivityForm, InitiativeForm
from coproduce.initiatives.models import Co, Initiative, Origin
from coproduce.initiatives.services import activity_create, initiative_create
from coproduce.organisations.permissions import Action, can, organisations_where
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
        try:
            activity = activity_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was added."))
            return redirect(activity)
    context = {"form": form, "initiative": initiative}
    return render(request, "initiatives/activity_form.html", context)
