"""The opinion map's public page: vote on the next statement (a plain form; with HTMX the
next one loads in place), write a statement, and see the map with your own position."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.forms import StatementForm
from coproduce.design.instruments import STATEMENT_SUBMIT, STATEMENT_VOTE
from coproduce.design.models import Moderation, OpinionMap, VoteChoice
from coproduce.design.selectors.opinions import (
    MapView,
    next_statement_for,
    opinion_map_for_user,
    participant_of,
    statement_in,
    statements_for_user,
)
from coproduce.design.selectors.opinions import map_for_user as map_view_for_user
from coproduce.design.services.opinions import statement_submit, statement_vote
from coproduce.initiatives.models import Activity
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.permissions import Action, can
from coproduce.ui.figures import group_scatter_svg
from coproduce.ui.input import whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest

# The vote buttons' values: words, so a form and a test read as what they mean.
VOTES = {"agree": VoteChoice.AGREE, "disagree": VoteChoice.DISAGREE, "pass": VoteChoice.PASS}


def group_label(index: int) -> str:
    return _("Group %(letter)s") % {"letter": chr(ord("A") + index)}


def _describe(view: MapView) -> str:
    parts = [_("%(n)s people in %(k)s groups.") % {"n": view.n_clustered, "k": len(view.groups)}]
    parts += [
        _("%(group)s: %(n)s people.") % {"group": group_label(g.index), "n": g.size}
        for g in view.groups
    ]
    if view.own is not None:
        if view.own[2] >= 0:
            parts.append(_("You are in %(group)s.") % {"group": group_label(int(view.own[2]))})
        else:
            parts.append(_("You are not in a group yet: vote on a few more statements."))
    return " ".join(parts)


def _figure(view: MapView) -> str:
    return group_scatter_svg(
        [(p[0], p[1], int(p[2])) for p in view.points],
        groups=[group_label(g.index) for g in view.groups],
        title=_("Opinion map: people placed by how they voted"),
        description=_describe(view),
        you=(view.own[0], view.own[1]) if view.own is not None else None,
        you_label=_("You"),
    )


def _vote_context(
    request: HttpRequest, activity: Activity, opinion_map: OpinionMap
) -> dict[str, Any]:
    return {
        "activity": activity,
        "opinion_map": opinion_map,
        "next": next_statement_for(opinion_map, request.user),
        "can_vote": can_take_part(request.user, STATEMENT_VOTE, activity),
    }


def opinion_map_page(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity, opinion_map = opinion_map_for_user(request.user, activity_pk)
    organisation = activity.stage.initiative.organisation
    staff = can(request.user, Action.MANAGE_INITIATIVES, organisation) or can(
        request.user, Action.MODERATE, organisation
    )
    context: dict[str, Any] = {"activity": activity, "opinion_map": opinion_map, "staff": staff}
    context["lineage"] = lineage_of(activity)
    if opinion_map is None:
        return render(request, "design/opinion_map.html", context)
    view = map_view_for_user(opinion_map, request.user)
    participant = participant_of(opinion_map, request.user)
    context.update(_vote_context(request, activity, opinion_map))
    context.update(
        {
            "map": view,
            "figure": _figure(view) if view is not None else "",
            "lag": (timezone.now() - view.computed_at).total_seconds() if view else None,
            "can_write": opinion_map.participants_write
            and can_take_part(request.user, STATEMENT_SUBMIT, activity).ok,
            "form": StatementForm(),
            "own_pending": statements_for_user(opinion_map, request.user).exclude(
                status=Moderation.APPROVED
            )
            if participant is not None
            else [],
        }
    )
    if view is not None:
        context["groups"] = [(group_label(g.index), g) for g in view.groups]
    return render(request, "design/opinion_map.html", context)


@login_required
@require_POST
def vote_page(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, opinion_map = opinion_map_for_user(request.user, activity_pk)
    page = reverse("design:opinion_map", args=[activity.pk])
    if opinion_map is None:
        return redirect(page)
    try:
        number = whole_number_parse(request.POST.get("statement", ""))
        value = VOTES[request.POST.get("vote", "")]
    except (ValueError, KeyError):
        raise BadRequest(_("Choose agree, disagree or pass on a statement.")) from None
    statement = statement_in(opinion_map, number)
    error = ""
    try:
        statement_vote(statement=statement, person=request.user, value=value)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if request.headers.get("HX-Request"):
        context = _vote_context(request, activity, opinion_map)
        context.update({"error": error, "voted": not error})
        return render(request, "design/_next_statement.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your vote is in."))
    return redirect(f"{page}#vote")


@login_required
def statement_submit_page(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, opinion_map = opinion_map_for_user(request.user, activity_pk)
    page = reverse("design:opinion_map", args=[activity.pk])
    if opinion_map is None or request.method != "POST":
        return redirect(page)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            statement_submit(
                opinion_map=opinion_map, person=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error.messages[0] if error.messages else "")
        else:
            messages.success(
                request,
                _("Thank you: your statement is shown to others once a moderator approves it."),
            )
            return redirect(f"{page}#write")
    context = {"activity": activity, "opinion_map": opinion_map, "form": form}
    return render(request, "design/statement_form.html", context, status=400)
