"""Read endpoint for volunteering programmes: roles and coming shifts with places left.

Who has a place, and anyone's checks, are never part of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from coproduce.delivery.selectors.volunteering import opportunity_for_user, shifts_of

router = Router(tags=["volunteering"])


class RoleOut(Schema):
    id: int
    name: str
    skills: list[str]
    checks: list[str]


class ShiftOut(Schema):
    id: int
    role: int
    starts_at: datetime
    ends_at: datetime
    places: int
    places_left: int
    where: str
    lat: float | None
    lon: float | None


class ProgrammeOut(Schema):
    activity: int
    title: str
    approach: str
    place: str | None
    roles: list[RoleOut]
    shifts: list[ShiftOut]


@router.get("/{activity_id}", response=ProgrammeOut)
def volunteering_programme(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    """A volunteering programme: its roles and the coming shifts with their places left."""
    opportunity = opportunity_for_user(request.user, activity_id)
    shifts = shifts_of(opportunity).filter(ends_at__gt=timezone.now())
    return {
        "activity": opportunity.activity_id,
        "title": opportunity.activity.title,
        "approach": opportunity.approach,
        "place": opportunity.place.name if opportunity.place else None,
        "roles": [
            {"id": r.pk, "name": r.name, "skills": r.skills, "checks": r.checks}
            for r in opportunity.roles.all()
        ],
        "shifts": [
            {
                "id": s.pk,
                "role": s.role_id,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "places": s.capacity,
                "places_left": s.places_left,
                "where": s.where or (s.place.name if s.place else ""),
                "lat": s.lat,
                "lon": s.lon,
            }
            for s in shifts
        ],
    }


def mount() -> None:
    """Attach these endpoints to the site's API under ``/api/volunteering``."""
    from coproduce.api.api import mount as mount_router

    mount_router("/volunteering", router)
