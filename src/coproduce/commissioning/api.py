"""Read endpoints for budgeting rounds: counts appear only once voting has closed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from coproduce.commissioning.models import BudgetingRound, ProjectResult, TallyStatus
from coproduce.commissioning.selectors.rounds import round_for_user, rounds_for_user

router = Router(tags=["budgets"])


class ProjectOut(Schema):
    id: int
    title: str
    cost: int
    area: str
    status: str
    votes: int | None
    selected: bool | None


class RoundOut(Schema):
    id: int
    title: str
    phase: str
    currency: str
    total_budget: int
    ballot_format: str
    rule: str
    results_published: bool
    ballots: int | None
    funded: int | None
    projects: list[ProjectOut]


def _round_out(round_: BudgetingRound, *, detail: bool) -> dict[str, Any]:
    published = round_.is_closed and round_.tally_status == TallyStatus.DONE
    results: dict[int, ProjectResult] = {}
    if published and detail:
        results = {r.proposal_id: r for r in ProjectResult.objects.filter(area__round=round_)}
    projects = []
    if detail:
        for p in round_.proposals.select_related("area").order_by("pk"):
            result = results.get(p.pk)
            projects.append(
                {
                    "id": p.pk,
                    "title": p.title,
                    "cost": p.cost,
                    "area": p.area.name,
                    "status": p.status,
                    "votes": result.votes if result else None,
                    "selected": result.selected if result else None,
                }
            )
    area_results = [a.result for a in round_.areas.all() if hasattr(a, "result")]
    return {
        "id": round_.pk,
        "title": round_.activity.title,
        "phase": round_.phase,
        "currency": round_.currency,
        "total_budget": round_.total_budget,
        "ballot_format": round_.ballot_format,
        "rule": round_.rule,
        "results_published": published,
        "ballots": sum(r.ballots for r in area_results) if published else None,
        "funded": sum(r.funded for r in area_results) if published else None,
        "projects": projects,
    }


@router.get("", response=list[RoundOut])
def budget_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Budgeting rounds; vote counts are null until voting has closed and been counted."""
    rounds = rounds_for_user(request.user).prefetch_related("areas__result")
    return [_round_out(r, detail=False) for r in rounds]


@router.get("/{round_id}", response=RoundOut)
def budget_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """One round with its proposals; votes and winners only after the close."""
    round_ = round_for_user(request.user, round_id)
    return _round_out(round_, detail=True)


def mount() -> None:
    """Attach these endpoints to the site's API under ``/api/budgets``."""
    from coproduce.api.api import mount as mount_router

    mount_router("/budgets", router)
