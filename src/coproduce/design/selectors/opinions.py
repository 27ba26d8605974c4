"""Reads for opinion maps: the map a person may see, the next statement to vote on, the
stored map with the person's own position, and the moderation queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.design.analysis import statement_choose
from coproduce.design.instruments import OPINION_MAP
from coproduce.design.models import (
    Moderation,
    OpinionAnalysis,
    OpinionMap,
    OpinionParticipant,
    OpinionVote,
    Statement,
)
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def _activity(queryset: QuerySet[Activity], activity_pk: int) -> Activity:
    return get_object_or_404(
        queryset.filter(kind=OPINION_MAP).select_related(
            "stage__initiative__organisation", "eligible_place"
        ),
        pk=activity_pk,
    )


def opinion_map_for_user(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, OpinionMap | None]:
    """Return the opinion-map activity the user may see and its map (None: not set up);
    raise Http404 otherwise."""
    activity = _activity(activities_for_user(user), activity_pk)
    opinion_map = OpinionMap.objects.filter(activity=activity).first()
    if opinion_map is not None:
        opinion_map.activity = activity
    return activity, opinion_map


def opinion_map_activity_for_staff(user: Person | AnonymousUser, activity_pk: int) -> Activity:
    """Return an opinion-map activity the user may set up or moderate; raise otherwise."""
    activity = _activity(Activity.objects.all(), activity_pk)
    organisation = activity.stage.initiative.organisation
    if not (
        can(user, Action.MANAGE_INITIATIVES, organisation)
        or can(user, Action.MODERATE, organisation)
    ):
        raise PermissionDenied
    return activity


def statement_in(opinion_map: OpinionMap, number: int) -> Statement:
    """Return the map's statement ``number``; raise Http404 if it has none."""
    statement = Statement.objects.filter(opinion_map=opinion_map, number=number).first()
    if statement is None:
        raise Http404
    statement.opinion_map = opinion_map
    return statement


def participant_of(
    opinion_map: OpinionMap, person: Person | AnonymousUser
) -> OpinionParticipant | None:
    """Return the person's participant row in the map, if they have taken part."""
    if not person.is_authenticated:
        return None
    return OpinionParticipant.objects.filter(opinion_map=opinion_map, person=person).first()


def statements_for_user(
    opinion_map: OpinionMap, person: Person | AnonymousUser
) -> QuerySet[Statement]:
    """Return the statements the person may see: approved ones, and their own."""
    participant = participant_of(opinion_map, person)
    visible = Statement.objects.filter(opinion_map=opinion_map, status=Moderation.APPROVED)
    if participant is not None:
        visible = visible | Statement.objects.filter(opinion_map=opinion_map, author=participant)
    return visible.order_by("number")


def _analysis(opinion_map: OpinionMap) -> OpinionAnalysis | None:
    return (
        OpinionAnalysis.objects.filter(opinion_map=opinion_map)
        .only("computed_at", "seconds", "n_votes", "summary")
        .first()
    )


@dataclass(frozen=True)
class NextStatement:
    """The statement to vote on next (None: all voted), and the person's progress."""

    statement: Statement | None
    voted: int
    total: int


def next_statement_for(opinion_map: OpinionMap, person: Person | AnonymousUser) -> NextStatement:
    """Return the approved statement the person has not voted on with the highest chance by
    Polis' routing priority (from the last map; new statements count as fresh)."""
    participant = participant_of(opinion_map, person)
    approved = dict(
        Statement.objects.filter(opinion_map=opinion_map, status=Moderation.APPROVED).values_list(
            "number", "pk"
        )
    )
    voted: set[int] = set()
    if participant is not None:
        voted = set(
            OpinionVote.objects.filter(participant=participant).values_list(
                "statement__number", flat=True
            )
        )
    open_numbers = [n for n in approved if n not in voted]
    analysis = _analysis(opinion_map)
    priorities = analysis.summary.get("priorities", {}) if analysis is not None else {}
    who = participant.number if participant is not None else 0
    chosen = statement_choose(priorities, open_numbers, who, seed=len(voted))
    statement = None
    if chosen is not None:
        statement = Statement.objects.get(pk=approved[chosen])
        statement.opinion_map = opinion_map
    return NextStatement(statement, len(voted & set(approved)), len(approved))


@dataclass(frozen=True)
class GroupView:
    index: int
    size: int
    representative: list[dict[str, Any]]


@dataclass(frozen=True)
class MapView:
    """The stored map as the page shows it, statements resolved to their texts."""

    computed_at: datetime
    n_votes: int
    n_participants: int
    n_clustered: int
    groups: list[GroupView]
    consensus: list[dict[str, Any]]
    divisive: list[dict[str, Any]]
    points: list[list[float]]
    own: list[float] | None = None
    statements: dict[int, str] = field(default_factory=dict)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _with_text(items: list[dict[str, Any]], texts: dict[int, str]) -> list[dict[str, Any]]:
    """Return the items with their statement's text and shares as whole percentages."""
    out = []
    for item in items:
        shown = {**item, "text": texts.get(item["statement"], "")}
        if "share" in item:
            shown["percent"] = _percent(item["share"])
        if "shares" in item:
            shown["percents"] = [_percent(s) for s in item["shares"]]
        out.append(shown)
    return out


def map_for_user(opinion_map: OpinionMap, person: Person | AnonymousUser) -> MapView | None:
    """Return the last computed map with the person's own position; None before any."""
    analysis = _analysis(opinion_map)
    if analysis is None:
        return None
    summary = analysis.summary
    texts = dict(
        Statement.objects.filter(opinion_map=opinion_map, status=Moderation.APPROVED).values_list(
            "number", "text"
        )
    )
    own = None
    participant = participant_of(opinion_map, person)
    if participant is not None:
        own = (
            OpinionAnalysis.objects.filter(pk=analysis.pk)
            .values_list(f"positions__p{participant.number}", flat=True)
            .first()
        )
    return MapView(
        computed_at=analysis.computed_at,
        n_votes=analysis.n_votes,
        n_participants=summary.get("n_participants", 0),
        n_clustered=summary.get("n_clustered", 0),
        groups=[
            GroupView(g["index"], g["size"], _with_text(g["representative"], texts))
            for g in summary.get("groups", [])
        ],
        consensus=_with_text(summary.get("consensus", []), texts),
        divisive=_with_text(summary.get("divisive", []), texts),
        points=summary.get("points", []),
        own=own,
        statements=texts,
    )


def moderation_queue(opinion_map: OpinionMap) -> QuerySet[Statement]:
    """Return the statements waiting for moderation, oldest first."""
    return Statement.objects.filter(opinion_map=opinion_map, status=Moderation.PENDING).order_by(
        "created_at", "number"
    )
