"""Read endpoints for co-design: ideas boards and opinion maps.

What the public pages show, as JSON: ideas with their supports and the organisation's
answer; an opinion map's approved statements and its last computed groups, consensus and
divisive statements. Who wrote, supported or voted, and anyone's position, are never part
of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from coproduce.design.models import Moderation
from coproduce.design.selectors.ideas import answer_of, idea_board_for_user, ideas_listed
from coproduce.design.selectors.opinions import (
    map_for_user,
    opinion_map_for_user,
    statements_for_user,
)

router = Router(tags=["co-design"])


class AnswerOut(Schema):
    status: str
    text: str
    answered_at: datetime


class IdeaOut(Schema):
    id: int
    title: str
    text: str
    category: str
    lat: float | None
    lon: float | None
    supports: int
    created_at: datetime
    answer: AnswerOut | None
    url: str


class IdeasBoardOut(Schema):
    activity: int
    title: str
    threshold: int
    ideas: list[IdeaOut]


class StatementOut(Schema):
    number: int
    text: str


class StatementShareOut(Schema):
    statement: int
    text: str
    percent: str | None = None


class GroupOut(Schema):
    index: int
    size: int
    representative: list[StatementShareOut]


class MapOut(Schema):
    computed_at: datetime
    votes: int
    participants: int
    groups: list[GroupOut]
    consensus: list[StatementShareOut]
    divisive: list[StatementShareOut]


class OpinionMapOut(Schema):
    activity: int
    title: str
    question: str
    statements: list[StatementOut]
    map: MapOut | None


@router.get("/ideas/{activity_id}", response=IdeasBoardOut)
def ideas_board(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    """An ideas board: its ideas, most supported first, each with the organisation's
    answer once it has one (404 before the board is set up)."""
    activity, board = idea_board_for_user(request.user, activity_id)
    if board is None:
        raise Http404
    ideas = []
    for idea in ideas_listed(board, sort="supports"):
        answer = answer_of(idea)
        ideas.append(
            {
                "id": idea.pk,
                "title": idea.title,
                "text": idea.text,
                "category": idea.category,
                "lat": idea.latitude,
                "lon": idea.longitude,
                "supports": idea.n_supports,  # type: ignore[attr-defined]  # annotated
                "created_at": idea.created_at,
                "answer": None
                if answer is None
                else {
                    "status": answer.status,
                    "text": answer.text,
                    "answered_at": answer.answered_at,
                },
                "url": idea.get_absolute_url(),
            }
        )
    return {
        "activity": activity.pk,
        "title": activity.title,
        "threshold": board.threshold,
        "ideas": ideas,
    }


def _shares(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"statement": i["statement"], "text": i.get("text", ""), "percent": i.get("percent")}
        for i in items
    ]


@router.get("/opinions/{activity_id}", response=OpinionMapOut)
def opinion_map(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    """An opinion map: its approved statements and the last computed map (the opinion
    groups with their representative statements, consensus and divisive statements), or
    null before the first is computed (404 before the map is set up)."""
    activity, found = opinion_map_for_user(request.user, activity_id)
    if found is None:
        raise Http404
    statements = statements_for_user(found, request.user).filter(status=Moderation.APPROVED)
    view = map_for_user(found, request.user)
    return {
        "activity": activity.pk,
        "title": activity.title,
        "question": found.question,
        "statements": [{"number": s.number, "text": s.text} for s in statements],
        "map": None
        if view is None
        else {
            "computed_at": view.computed_at,
            "votes": view.n_votes,
            "participants": view.n_participants,
            "groups": [
                {"index": g.index, "size": g.size, "representative": _shares(g.representative)}
                for g in view.groups
            ],
            "consensus": _shares(view.consensus),
            "divisive": _shares(view.divisive),
        },
    }


def mount() -> None:
    """Attach these endpoints to the site's API under ``/api/design``."""
    from coproduce.api.api import mount as mount_router

    mount_router("/design", router)
