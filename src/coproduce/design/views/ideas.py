"""The ideas board's public pages: the list (sorted, filtered), an idea with its support
button and its answer, and "Propose an idea" with look-alike ideas while writing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.forms import IdeaForm
from coproduce.design.instruments import IDEA_SUBMIT, IDEA_SUPPORT
from coproduce.design.models import AnswerStatus
from coproduce.design.selectors.ideas import (
    OPEN,
    SORTS,
    WAITING,
    answer_of,
    idea_board_for_user,
    idea_duplicates,
    idea_in,
    ideas_listed,
    is_waiting,
    supports,
)
from coproduce.design.services.ideas import idea_submit, idea_support
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _statuses() -> list[tuple[str, str]]:
    return [
        ("", _("All")),
        (OPEN, _("Gathering supports")),
        (WAITING, _("Waiting for the organisation's answer")),
        *[(value, str(label)) for value, label in AnswerStatus.choices],
    ]


def idea_board_page(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity, board = idea_board_for_user(request.user, activity_pk)
    sort = request.GET.get("sort", "supports")
    status = request.GET.get("status", "")
    if sort not in SORTS or status not in dict(_statuses()):
        raise BadRequest(_("Choose a sort order and a status from the lists."))
    staff = can(request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation)
    context: dict[str, Any] = {"activity": activity, "board": board, "staff": staff}
    if board is not None:
        ideas = ideas_listed(board, sort=sort, status=status)
        context.update(
            {
                "ideas": [(idea, is_waiting(idea)) for idea in ideas],
                "sort": sort,
                "status": status,
                "statuses": _statuses(),
                "can_submit": can_take_part(request.user, IDEA_SUBMIT, activity),
            }
        )
    return render(request, "design/idea_board.html", context)


def idea_page(request: HttpRequest, activity_pk: int, idea_pk: int) -> HttpResponse:
    activity, board = idea_board_for_user(request.user, activity_pk)
    if board is None:
        return redirect("design:idea_board", activity_pk=activity.pk)
    idea = idea_in(board, idea_pk)
    context = {
        "activity": activity,
        "board": board,
        "idea": idea,
        "answer": answer_of(idea),
        "lineage": lineage_of(idea),
        "waiting": is_waiting(idea),
        "supported": supports(idea, request.user),
        "can_support": can_take_part(request.user, IDEA_SUPPORT, activity),
        "staff": can(
            request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation
        ),
    }
    return render(request, "design/idea.html", context)


@login_required
@require_POST
def idea_support_page(
    request: AuthenticatedRequest, activity_pk: int, idea_pk: int
) -> HttpResponse:
    activity, board = idea_board_for_user(request.user, activity_pk)
    if board is None:
        return redirect("design:idea_board", activity_pk=activity.pk)
    idea = idea_in(board, idea_pk)
    try:
        added = idea_support(idea=idea, person=request.user)
    except (ValidationError, PermissionDenied) as refusal:
        message = (
            " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
        )
        messages.error(request, message or _("You cannot support this idea."))
    else:
        messages.success(
            request, _("Thank you for your support.") if added else _("You already support this.")
        )
    return redirect(idea)


@login_required
def idea_new_page(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, board = idea_board_for_user(request.user, activity_pk)
    if board is None:
        return redirect("design:idea_board", activity_pk=activity.pk)
    verdict = can_take_part(request.user, IDEA_SUBMIT, activity)
    posted = request.method == "POST"
    form = IdeaForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        categories=board.category_list(),
    )
    checking = request.POST.get("action") == "check"
    duplicates = idea_duplicates(board, request.POST.get("title", "")) if posted else []
    if posted and not checking and verdict.ok and form.is_valid():
        data = form.cleaned_data
        try:
            idea = idea_submit(
                board=board,
                person=request.user,
                title=data["title"],
                text=data["text"],
                category=data.get("category") or "",
                image=data["image"],
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your idea is published."))
            return redirect(idea)
    context = {
        "activity": activity,
        "board": board,
        "form": form,
        "duplicates": duplicates,
        "verdict": verdict,
        "checking": checking,
    }
    status = 400 if posted and not checking and form.errors else 200
    return render(request, "design/idea_form.html", context, status=status)


def idea_duplicates_partial(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """HTMX: ideas like the title being typed."""
    _activity, board = idea_board_for_user(request.user, activity_pk)
    duplicates = idea_duplicates(board, request.GET.get("title", "")) if board else []
    return render(request, "design/_idea_duplicates.html", {"duplicates": duplicates})
