"""Staff writes that set volunteering up: the opportunity, its roles and shifts, and checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.delivery.instruments import VOLUNTEERING
from coproduce.delivery.models import (
    Approach,
    CheckKind,
    Opportunity,
    Role,
    Shift,
    Skill,
    VolunteerCheck,
)
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place

MAX_CAPACITY = 500


def organisation_of(opportunity: Opportunity) -> Organisation:
    return opportunity.activity.stage.initiative.organisation


def is_coordinator(person: Person, opportunity: Opportunity) -> bool:
    """Return True if the person may coordinate the opportunity (with their second factor)."""
    return can(person, Action.MANAGE_INITIATIVES, organisation_of(opportunity))


def require_coordinator(person: Person, opportunity: Opportunity) -> None:
    if not is_coordinator(person, opportunity):
        raise PermissionDenied(_("Only the organisation's coordinators can do this."))


def opportunity_create(
    *, activity: Activity, actor: Person, approach: str, place: Place | None = None
) -> Opportunity:
    """Set up the opportunity of a volunteering activity; raise if it has one already."""
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's coordinators can do this."))
    if activity.kind != VOLUNTEERING:
        raise ValidationError(_("This activity is not a volunteering programme."))
    if approach not in Approach.values:
        raise ValidationError({"approach": _("Choose how residents will take part.")})
    if Opportunity.objects.filter(activity=activity).exists():
        raise ValidationError(_("This volunteering programme is already set up."))
    with transaction.atomic():
        opportunity = Opportunity.objects.create(activity=activity, approach=approach, place=place)
        audit_record(
            action="volunteering.create",
            actor=actor,
            target=opportunity,
            data={"approach": approach},
        )
    return opportunity


def role_add(
    *,
    opportunity: Opportunity,
    actor: Person,
    name: str,
    description: str = "",
    skills: list[str] | None = None,
    checks: list[str] | None = None,
) -> Role:
    """Add a role with the skills and checks it needs."""
    require_coordinator(actor, opportunity)
    skills, checks = sorted(set(skills or [])), sorted(set(checks or []))
    if not name.strip():
        raise ValidationError({"name": _("Name the role.")})
    if set(skills) - set(Skill.values) or set(checks) - set(CheckKind.values):
        raise ValidationError(_("Choose skills and checks from the lists."))
    with transaction.atomic():
        role = Role.objects.create(
            opportunity=opportunity,
            name=name.strip(),
            description=description.strip(),
            skills=skills,
            checks=checks,
        )
        audit_record(
            action="volunteering.role",
            actor=actor,
            target=role,
            organisation=organisation_of(opportunity),
            data={"name": role.name, "skills": skills, "checks": checks},
        )
    return role


def _location_problem(lat: float | None, lon: float | None) -> str:
    if (lat is None) != (lon is None):
        return _("Give both the latitude and the longitude, or neither.")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return _("The latitude must be between -90 and 90 and the longitude between -180 and 180.")
    return ""


def shift_add(
    *,
    opportunity: Opportunity,
    actor: Person,
    role: Role,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    place: Place | None = None,
    where: str = "",
    lat: float | None = None,
    lon: float | None = None,
) -> Shift:
    """Add a shift of one role; raise ValidationError on bad times, places or location."""
    require_coordinator(actor, opportunity)
    if role.opportunity_id != opportunity.pk:
        raise ValidationError({"role": _("Choose one of this programme's roles.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The shift must end after it starts.")})
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            {"capacity": _("A shift has from 1 to %(n)s places.") % {"n": MAX_CAPACITY}}
        )
    problem = _location_problem(lat, lon)
    if problem:
        raise ValidationError({"lat": problem})
    with transaction.atomic():
        shift = Shift.objects.create(
            opportunity=opportunity,
            role=role,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            place=place or opportunity.place,
            where=where.strip(),
            lat=lat,
            lon=lon,
        )
        audit_record(
            action="volunteering.shift",
            actor=actor,
            target=shift,
            organisation=organisation_of(opportunity),
            data={"starts_at": starts_at.isoformat(), "capacity": capacity},
        )
    return shift


def check_record(
    *, organisation: Organisation, actor: Person, person: Person, kind: str, expires_on: date
) -> VolunteerCheck:
    """Record (or renew) a check the organisation made of a volunteer. Never public."""
    if not can(actor, Action.MANAGE_INITIATIVES, organisation):
        raise PermissionDenied(_("Only the organisation's coordinators can record checks."))
    if kind not in CheckKind.values:
        raise ValidationError({"kind": _("Choose a check from the list.")})
    if expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("This check has already expired.")})
    with transaction.atomic():
        check, _created = VolunteerCheck.objects.update_or_create(
            person=person,
            organisation=organisation,
            kind=kind,
            defaults={
                "expires_on": expires_on,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        # The log names the person and the kind, not the result or its dates.
        audit_record(
            action="volunteering.check",
            actor=actor,
            target=check,
            organisation=organisation,
            data={"person": person.pk, "kind": kind},
        )
    return check
