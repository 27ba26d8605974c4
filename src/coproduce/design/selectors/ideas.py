"""Reads for ideas: the board a person may see, its ideas with their supports and
answers, look-alike ideas while writing, and staff's queue of ideas waiting for an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.design.instruments import IDEAS
from coproduce.design.models import Idea, IdeaAnswer, IdeaBoard, IdeaSupport
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can
from coproduce.ui.text import look_alikes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

SORTS = ("supports", "newest")
#: The status filter: an answer's status, or the two states before one.
WAITING = "waiting"
OPEN = "open"


def _activity(queryset: QuerySet[Activity], activity_pk: int) -> Activity:
    return get_object_or_404(
        queryset.filter(kind=IDEAS).select_related(
            "stage__initiative__organisation", "eligible_place"
        ),
        pk=activity_pk,
    )


def idea_board_for_user(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, IdeaBoard | None]:
    """Return the ideas activity the user may see and its board (None: not set up yet);
    raise Http404 otherwise."""
    activity = _activity(activities_for_user(user), activity_pk)
    board = IdeaBoard.objects.filter(activity=activity).first()
    if board is not None:
        board.activity = activity
    return activity, board


def ideas_activity_for_staff(user: Person | AnonymousUser, activity_pk: int) -> Activity:
    """Return an ideas activity the user may set up and answer; raise otherwise."""
    activity = _activity(Activity.objects.all(), activity_pk)
    if not can(user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied
    return activity


def ideas_of(board: IdeaBoard) -> QuerySet[Any]:
    """The board's ideas with ``n_supports`` and their answer, newest first."""
    return (
        board.ideas.select_related("answer")
        .annotate(n_supports=Count("supports", distinct=True))
        .order_by("-created_at", "-pk")
    )


def ideas_listed(board: IdeaBoard, *, sort: str = "supports", status: str = "") -> list[Idea]:
    """The board's ideas for its public list, sorted (by supports or newest) and filtered
    by status (an answer's status, ``waiting`` for an answer, or ``open``: under the
    threshold, not answered)."""
    ideas = ideas_of(board)
    has_answer = Exists(IdeaAnswer.objects.filter(idea=OuterRef("pk")))
    if status == WAITING:
        ideas = ideas.filter(~has_answer, n_supports__gte=board.threshold)
    elif status == OPEN:
        ideas = ideas.filter(~has_answer, n_supports__lt=board.threshold)
    elif status:
        ideas = ideas.filter(answer__status=status)
    if sort == "supports":
        ideas = ideas.order_by("-n_supports", "-created_at", "-pk")
    found = list(ideas)
    for idea in found:
        idea.board = board
    return found


def idea_in(board: IdeaBoard, idea_pk: int) -> Idea:
    """Return the board's idea ``idea_pk`` with ``n_supports``; raise Http404 otherwise."""
    idea: Idea | None = ideas_of(board).filter(pk=idea_pk).first()
    if idea is None:
        raise Http404
    idea.board = board
    return idea


def answer_of(idea: Idea) -> IdeaAnswer | None:
    try:
        return idea.answer
    except IdeaAnswer.DoesNotExist:
        return None


def is_waiting(idea: Any) -> bool:
    """True when the idea reached its board's threshold and has no answer yet."""
    return answer_of(idea) is None and idea.n_supports >= idea.board.threshold


def supports(idea: Idea, person: Person | AnonymousUser) -> bool:
    if not person.is_authenticated:
        return False
    return IdeaSupport.objects.filter(idea=idea, person=person).exists()


def answer_queue(board: IdeaBoard) -> list[Idea]:
    """Ideas at or over the threshold without an answer, most supported first."""
    return ideas_listed(board, sort="supports", status=WAITING)


def idea_duplicates(board: IdeaBoard, title: str, *, limit: int = 5) -> list[Idea]:
    """Return the board's ideas whose titles look like ``title`` (most alike first)."""
    ideas = board.ideas.only("pk", "title", "board_id")
    found = look_alikes(title, ((idea, idea.title) for idea in ideas), limit=limit)
    for idea in found:
        idea.board = board
    return found
