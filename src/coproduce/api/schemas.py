"""The API's JSON shapes."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


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
    status: str
    progress: int
    reason: str


class ErrorOut(Schema):
    error: dict[str, object]
