"""The API's JSON shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

from coproduce.governance.models import CommitmentStatus
from coproduce.ui.input import LONG_TEXT, text_problem


def _storable(value: str) -> str:
    if problem := text_problem(value):
        raise ValueError(problem)
    return value


StoredText = Annotated[str, AfterValidator(_storable)]
"""Text any database can store: no NUL character, no lone surrogate."""


class PlaceOut(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None
    population: int | None
    boundary: dict[str, object] | None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    place: str | None
    description: str


class StageOut(Schema):
    co: str
    lead: str
    lead_note: str


class InitiativeOut(Schema):
    slug: str
    title: str
    summary: str
    origin: str
    organisation: str
    place: str
    stages: list[StageOut]


class ActivityOut(Schema):
    id: int
    initiative: str
    co: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    state: str
    eligible_place: str | None
    min_age: int | None


class CommitmentOut(Schema):
    id: int
    title: str
    description: str
    owner: str
    organisation: str
    initiative: str | None
    due_date: date | None
    status: str
    progress: int
    updated_at: datetime


class CommitmentUpdateIn(Schema):
    status: CommitmentStatus
    progress: Annotated[int, Field(ge=0, le=100, strict=True)]
    reason: Annotated[StoredText, Field(min_length=1, max_length=LONG_TEXT, pattern=r"\S")]


class ErrorOut(Schema):
    error: dict[str, object]
