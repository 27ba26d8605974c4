"""Staff pages for an ideas board: set it up, and answer the ideas over the threshold
(second factor: the permission layer asks for it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.forms import (
    IdeaAnswerForm,
    IdeaBoardForm,
    IdeaCommitmentForm,
    IdeasActivityForm,
)
from coproduce.design.models import IdeaBoard
from coproduce.design.selectors.ideas import (
    answer_of,
    answer_queue,
    idea_in,
    ideas_activity_for_staff,
    ideas_listed,
)
from coproduce.design.services.ideas import (
    idea_answer,
    idea_become_commitment,
    idea_board_set_up,
    ideas_activity_create,
)
from coproduce.initiatives.models import Initiative, LineageKind
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def staff_ideas_new(request: AuthenticatedRequest) -> HttpResponse:
    """Add an ideas activity with its board ("Add an activity → Ideas" sends staff here
    with ``?initiative=``, ``title`` and ``description``)."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("organisation"),
        slug=request.GET.get("initiative", ""),
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    initial = {
        "title": request.GET.get("title", ""),
        "description": request.GET.get("description", ""),
        "threshold": 10,
    }
    form = IdeasActivityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            board = ideas_activity_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ideas activity is open for ideas from its start."))
            return redirect("design_staff:idea_board", activity_pk=board.activity_id)
    context = {"initiative": initiative, "form": form}
    return render(
        request, "design/staff/ideas_new.html", context, status=400 if form.errors else 200
    )


@login_required
def staff_idea_board(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = ideas_activity_for_staff(request.user, activity_pk)
    board = IdeaBoard.objects.filter(activity=activity).first()
    initial = (
        {"threshold": board.threshold, "categories": board.categories}
        if board
        else {"threshold": 10, "categories": ""}
    )
    form = IdeaBoardForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea_board_set_up(activity=activity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ideas board is set up."))
            return redirect("design_staff:idea_board", activity_pk=activity.pk)
    context: dict[str, Any] = {"activity": activity, "board": board, "form": form}
    if board is not None:
        board.activity = activity
        context["queue"] = answer_queue(board)
        context["ideas"] = ideas_listed(board, sort="supports")
    status = 400 if form.errors else 200
    return render(request, "design/staff/idea_board.html", context, status=status)


@login_required
def staff_idea_answer(
    request: AuthenticatedRequest, activity_pk: int, idea_pk: int
) -> HttpResponse:
    activity = ideas_activity_for_staff(request.user, activity_pk)
    board = IdeaBoard.objects.filter(activity=activity).first()
    if board is None:
        return redirect("design_staff:idea_board", activity_pk=activity.pk)
    board.activity = activity
    idea = idea_in(board, idea_pk)
    answer = answer_of(idea)
    initial = {"status": answer.status, "text": answer.text} if answer else {}
    form = IdeaAnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea_answer(idea=idea, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is published and its followers are told."))
            return redirect("design_staff:idea_board", activity_pk=activity.pk)
    return _answer_page(request, activity, board, idea, form, IdeaCommitmentForm(prefix="c"))


def _answer_page(
    request: AuthenticatedRequest,
    activity: Any,
    board: IdeaBoard,
    idea: Any,
    form: IdeaAnswerForm,
    commitment_form: IdeaCommitmentForm,
) -> HttpResponse:
    lineage = lineage_of(idea)
    context = {
        "activity": activity,
        "board": board,
        "idea": idea,
        "form": form,
        "answer": answer_of(idea),
        "commitment_form": commitment_form,
        "became": [entry.item for entry in lineage.outcomes if entry.kind == LineageKind.BECAME],
    }
    status = 400 if form.errors or commitment_form.errors else 200
    return render(request, "design/staff/idea_answer.html", context, status=status)


@login_required
@require_POST
def staff_idea_commitment(
    request: AuthenticatedRequest, activity_pk: int, idea_pk: int
) -> HttpResponse:
    """Turn an accepted idea into a commitment on the public tracker."""
    activity = ideas_activity_for_staff(request.user, activity_pk)
    board = get_object_or_404(IdeaBoard, activity=activity)
    board.activity = activity
    idea = idea_in(board, idea_pk)
    form = IdeaCommitmentForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            commitment = idea_become_commitment(idea=idea, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The idea is now a commitment; its author follows it."))
            return redirect(commitment)
    return _answer_page(request, activity, board, idea, IdeaAnswerForm(), form)
