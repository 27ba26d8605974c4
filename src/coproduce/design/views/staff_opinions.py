"""Staff pages for an opinion map: set it up, seed statements, moderate (second factor:
the permission layer asks for it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.forms import OpinionMapForm, RejectForm, SeedForm
from coproduce.design.models import OpinionAnalysis, OpinionMap
from coproduce.design.selectors.opinions import (
    moderation_queue,
    opinion_map_activity_for_staff,
    statement_in,
)
from coproduce.design.services.opinions import (
    opinion_map_create,
    statement_moderate,
    statements_seed,
)
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def staff_opinion_map(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = opinion_map_activity_for_staff(request.user, activity_pk)
    opinion_map = OpinionMap.objects.filter(activity=activity).first()
    initial = (
        {"question": opinion_map.question, "participants_write": opinion_map.participants_write}
        if opinion_map
        else {"question": activity.title, "participants_write": True}
    )
    action = request.POST.get("action") if request.method == "POST" else None
    setup_form = OpinionMapForm(request.POST if action == "setup" else None, initial=initial)
    seed_form = SeedForm(request.POST if action == "seed" else None)
    here = redirect("design_staff:opinion_map", activity_pk=activity.pk)
    if action == "setup" and setup_form.is_valid():
        try:
            opinion_map_create(activity=activity, actor=request.user, **setup_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(setup_form, error)
        else:
            messages.success(request, _("The opinion map is set up."))
            return here
    if action == "seed" and opinion_map is not None and seed_form.is_valid():
        try:
            added = statements_seed(
                opinion_map=opinion_map,
                actor=request.user,
                texts=seed_form.cleaned_data["texts"].splitlines(),
            )
        except ValidationError as error:
            seed_form.add_error("texts", " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s statements added.") % {"n": len(added)})
            return here
    context: dict[str, Any] = {
        "activity": activity,
        "opinion_map": opinion_map,
        "setup_form": setup_form,
        "seed_form": seed_form,
        "can_set_up": can(
            request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation
        ),
    }
    if opinion_map is not None:
        context.update(
            {
                "queue": moderation_queue(opinion_map),
                "reject_form": RejectForm(),
                "statements": opinion_map.statements.annotate(n_votes=Count("votes")),
                "analysis": OpinionAnalysis.objects.filter(opinion_map=opinion_map)
                .only("computed_at", "seconds", "n_votes")
                .first(),
                "participants": opinion_map.participants.count(),
            }
        )
    return render(request, "design/staff/opinion_map.html", context)


@login_required
@require_POST
def staff_statement_moderate(
    request: AuthenticatedRequest, activity_pk: int, number: int
) -> HttpResponse:
    activity = opinion_map_activity_for_staff(request.user, activity_pk)
    opinion_map = OpinionMap.objects.filter(activity=activity).first()
    if opinion_map is None:
        return redirect("design_staff:opinion_map", activity_pk=activity.pk)
    opinion_map.activity = activity
    statement = statement_in(opinion_map, number)
    approve = request.POST.get("decision") == "approve"
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        statement_moderate(statement=statement, actor=request.user, approve=approve, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Statement approved.") if approve else _("Statement rejected."))
    return redirect("design_staff:opinion_map", activity_pk=activity.pk)
