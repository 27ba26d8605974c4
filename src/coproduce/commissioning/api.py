"""Budgeting rounds through the API: reads (counts appear only once voting has closed), and
token-authenticated set-up and settings through the same services as the staff pages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, model_validator

from coproduce.api.api import TokenAuth
from coproduce.api.schemas import ErrorOut, StoredText
from coproduce.commissioning.access import round_for_staff
from coproduce.commissioning.models import (
    BallotFormat,
    BudgetingRound,
    ProjectResult,
    Rule,
    TallyStatus,
)
from coproduce.commissioning.money import MAX_PENCE
from coproduce.commissioning.rules import rule_spec
from coproduce.commissioning.selectors.rounds import round_for_user, rounds_for_user
from coproduce.commissioning.services.round_setup import (
    AreaSpec,
    NewActivity,
    round_configure,
    round_create,
)
from coproduce.initiatives.models import Initiative
from coproduce.places.models import Place
from coproduce.ui.input import LONG_TEXT

router = Router(tags=["budgets"])


def _plausible(moment: datetime) -> datetime:
    if not 1900 <= moment.year <= 2999:
        raise ValueError("a date between the years 1900 and 2999")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]
"""A date and time with its offset from UTC, between 1900 and 2999."""
Money = Annotated[int, Field(ge=1, le=MAX_PENCE, description="In minor units (pence, cents).")]
Count = Annotated[int, Field(ge=0, le=1000)]
Slug = Annotated[StoredText, Field(max_length=50)]
FORMATS = list(BallotFormat.values)
OFFERED = [rule.value for rule in Rule if rule_spec(rule).offered]


def _one_of(allowed: list[str]) -> Any:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"one of {', '.join(allowed)}")
        return value

    return AfterValidator(check)


Formats = Annotated[str, _one_of(FORMATS), Field(json_schema_extra={"enum": FORMATS})]
Rules = Annotated[
    str,
    _one_of(OFFERED),
    Field(json_schema_extra={"enum": OFFERED}, description="From the one rule table."),
]


class ProjectOut(Schema):
    id: int
    title: str
    cost: int
    area: str
    status: str
    votes: int | None
    selected: bool | None


class AreaOut(Schema):
    name: str
    place: str | None
    budget: int


class RoundOut(Schema):
    id: int
    title: str
    phase: str
    currency: str
    total_budget: int
    areas: list[AreaOut]
    ballot_format: str
    min_choices: int
    max_choices: int | None
    points: int
    rule: str
    budget_locked: bool = Field(description="Proposals have opened: budget and districts fixed.")
    settings_locked: bool = Field(description="Voting has opened: ballot, rule, eligibility fixed.")
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
        "areas": [
            {"name": a.name, "place": a.place.slug if a.place else None, "budget": a.budget}
            for a in round_.areas.all()
        ],
        "ballot_format": round_.ballot_format,
        "min_choices": round_.min_choices,
        "max_choices": round_.max_choices,
        "points": round_.points,
        "rule": round_.rule,
        "budget_locked": round_.budget_locked,
        "settings_locked": round_.is_locked,
        "results_published": published,
        "ballots": sum(r.ballots for r in area_results) if published else None,
        "funded": sum(r.funded for r in area_results) if published else None,
        "projects": projects,
    }


@router.get("", response=list[RoundOut])
def budget_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    """Budgeting rounds; vote counts are null until voting has closed and been counted."""
    rounds = rounds_for_user(request.user).prefetch_related("areas__result", "areas__place")
    return [_round_out(r, detail=False) for r in rounds]


@router.get("/{round_id}", response=RoundOut)
def budget_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """One round with its proposals; votes and winners only after the close."""
    round_ = round_for_user(request.user, round_id)
    return _round_out(round_, detail=True)


class AreaIn(Schema):
    name: Annotated[StoredText, Field(min_length=1, max_length=200)]
    place: Slug | None = Field(None, description="The district's place (slug); null: none.")
    budget: Money


class SettingsIn(Schema):
    """A round's settings; each is optional when changing a round (PATCH). A name that is not
    a setting is refused, so a misspelt one is never silently ignored."""

    model_config = ConfigDict(extra="forbid")

    currency: Annotated[str, Field(pattern="^[A-Z]{3}$")] | None = None
    total_budget: Money | None = None
    areas: Annotated[list[AreaIn], Field(max_length=200)] | None = Field(
        None, description="Districts with their budgets, adding up to the total; empty: none."
    )
    ballot_format: Formats | None = None
    min_choices: Count | None = None
    max_choices: Annotated[int, Field(ge=1, le=1000)] | None = None
    points: Annotated[int, Field(ge=1, le=1000)] | None = None
    rule: Rules | None = None
    allow_changes: bool | None = None
    voter_codes: bool | None = None
    min_age: Annotated[int, Field(ge=0, le=120)] | None = None
    eligible_place: Slug | None = Field(None, description="Only residents of this place.")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Every field is optional, so anything else would read as "change nothing" (ninja
        # hands the body over wrapped in its DjangoGetter).
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("the settings must be a JSON object")
        return data


class RoundIn(SettingsIn):
    """A new round: its activity in the initiative's co-commissioning stage, and its dates."""

    initiative: Slug
    title: Annotated[StoredText, Field(min_length=1, max_length=200)]
    description: Annotated[StoredText, Field(max_length=LONG_TEXT)] = ""
    total_budget: Money
    starts_at: Moment = Field(description="Proposals open.")
    review: Moment | None = None
    voting: Moment | None = None
    results: Moment | None = None
    implementation: Moment | None = None
    ends_at: Moment | None = None


ROUND_FIELDS = ("ballot_format", "min_choices", "max_choices", "points", "rule")
ROUND_FLAGS = ("currency", "allow_changes", "voter_codes")


def _place(slug: str | None, field: str) -> Place | None:
    if slug is None:
        return None
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise ValidationError({field: f"There is no place “{slug}”."})
    return place


def _areas(areas: list[AreaIn] | None) -> list[AreaSpec] | None:
    if areas is None:
        return None
    return [AreaSpec(a.name, a.budget, _place(a.place, "areas")) for a in areas]


def _settings(body: SettingsIn, sent: set[str]) -> dict[str, Any]:
    values = {k: getattr(body, k) for k in (*ROUND_FIELDS, *ROUND_FLAGS) if k in sent}
    # A format or rule left out of a new round takes the model's default, not null.
    return {k: v for k, v in values.items() if v is not None or k == "max_choices"}


WRITES = {201: RoundOut, 200: RoundOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post(
    "",
    response={k: v for k, v in WRITES.items() if k != 200},
    auth=TokenAuth(),
    summary="Set up a budgeting round",
)
def budget_round_create(request: HttpRequest, body: RoundIn) -> Status[dict[str, Any]]:
    """Create a round and its activity, as the staff guide does (``round_create``).

    Needs a token of a member of staff of the initiative's organisation who has set up their
    second factor (else 403). 422 says which values do not fit together: district budgets
    that do not add up to the total or exceed it, limits out of order (fewest above most),
    phase dates out of order, a rule the ballot format cannot use.
    """
    sent = body.model_fields_set
    initiative = get_object_or_404(
        Initiative.objects.select_related("organisation"), slug=body.initiative
    )
    activity = NewActivity(
        initiative=initiative,
        title=body.title,
        description=body.description,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        phase_starts={
            "review": body.review,
            "voting": body.voting,
            "results": body.results,
            "implementation": body.implementation,
        },
        eligible_place=_place(body.eligible_place, "eligible_place"),
        min_age=body.min_age,
    )
    round_ = round_create(
        activity=activity,
        actor=request.auth,  # type: ignore[attr-defined]
        total_budget=body.total_budget,
        areas=_areas(body.areas) or (),
        **_settings(body, sent),
    )
    return Status(201, _round_out(round_, detail=True))


@router.patch(
    "/{round_id}",
    response={k: v for k, v in WRITES.items() if k != 201},
    auth=TokenAuth(),
    summary="Change a budgeting round's settings",
)
def budget_round_configure(request: HttpRequest, round_id: int, body: SettingsIn) -> dict[str, Any]:
    """Change the settings sent, as the staff round page does (``round_configure``).

    The budget, currency and districts lock once proposals open, the ballot, rule and
    eligibility once voting opens: a change to a locked setting answers 422 naming it, and
    nothing changes (the refusal is audited).
    """
    round_ = round_for_staff(request.auth, round_id)  # type: ignore[attr-defined]
    sent = body.model_fields_set
    values = _settings(body, sent)
    if "total_budget" in sent and body.total_budget is not None:
        values["total_budget"] = body.total_budget
    activity_values: dict[str, Any] = {}
    if "min_age" in sent:
        activity_values["min_age"] = body.min_age
    if "eligible_place" in sent:
        activity_values["eligible_place"] = _place(body.eligible_place, "eligible_place")
    areas = _areas(body.areas)
    total = values.get("total_budget", round_.total_budget)
    if areas == []:  # no districts: one area for the whole round
        areas = [AreaSpec(round_.activity.title, total)]
    elif areas is None and "total_budget" in values:
        current = list(round_.areas.all())
        if len(current) == 1 and current[0].place_id is None:  # the one area follows the total
            areas = [AreaSpec(current[0].name, total)]
    round_configure(
        round_=round_,
        actor=request.auth,  # type: ignore[attr-defined]
        activity_values=activity_values,
        areas=areas,
        **values,
    )
    return _round_out(
        BudgetingRound.objects.select_related("activity").get(pk=round_.pk), detail=True
    )


def mount() -> None:
    """Attach these endpoints to the site's API under ``/api/budgets``."""
    from coproduce.api.api import mount as mount_router

    mount_router("/budgets", router)
