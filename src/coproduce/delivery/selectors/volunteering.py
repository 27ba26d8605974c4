"""Reads for volunteering, each fetching with its permission check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.delivery.models import HOLDING, Opportunity, Shift, SignUp, SignUpStatus
from coproduce.delivery.services.setup import is_coordinator
from coproduce.initiatives.selectors import activities_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

    User = Person | AnonymousUser


def opportunity_for_user(user: User, activity_pk: int) -> Opportunity:
    """Return the opportunity of a volunteering activity the user may see; raise Http404."""
    activity = get_object_or_404(activities_for_user(user), pk=activity_pk)
    opportunity = (
        Opportunity.objects.select_related("activity__stage__initiative__organisation", "place")
        .filter(activity=activity)
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def opportunity_for_coordinator(user: User, pk: int) -> Opportunity:
    """Return the opportunity if the user coordinates it; raise PermissionDenied if not."""
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("activity__stage__initiative__organisation", "place"),
        pk=pk,
    )
    if not user.is_authenticated or not is_coordinator(user, opportunity):
        raise PermissionDenied
    return opportunity


def shift_for_user(user: User, pk: int) -> Shift:
    shift = get_object_or_404(
        Shift.objects.select_related("role", "place", "opportunity__activity__stage__initiative"),
        pk=pk,
    )
    opportunity_for_user(user, shift.opportunity.activity_id)
    return shift


def shifts_of(opportunity: Opportunity) -> QuerySet[Shift]:
    return opportunity.shifts.select_related("role", "place").order_by("starts_at", "pk")


def sign_up_of(person: User, shift: Shift) -> SignUp | None:
    if not person.is_authenticated:
        return None
    return SignUp.objects.filter(shift=shift, person_id=person.pk).first()


def sign_ups_of_shifts(shifts: list[Shift]) -> dict[int, list[SignUp]]:
    found: dict[int, list[SignUp]] = {s.pk: [] for s in shifts}
    rows = (
        SignUp.objects.filter(shift__in=shifts)
        .select_related("person")
        .order_by("status", "created_at", "pk")
    )
    for sign_up in rows:
        found[sign_up.shift_id].append(sign_up)
    return found


def volunteering_of(person: Person) -> QuerySet[SignUp]:
    """Return the person's shifts (held, offered, waiting or done), soonest first."""
    return (
        SignUp.objects.filter(person=person, status__in=[*HOLDING, SignUpStatus.WAITING])
        .select_related("shift__role", "shift__opportunity__activity", "shift__place")
        .order_by("shift__starts_at", "pk")
    )


def hours_of(person: Person) -> float:
    """Return the person's confirmed hours of volunteering."""
    minutes = SignUp.objects.filter(person=person, minutes__isnull=False).aggregate(
        total=Sum("minutes")
    )["total"]
    return (minutes or 0) / 60


def opportunity_hours(opportunity: Opportunity) -> tuple[float, int]:
    """Return the confirmed hours given on the opportunity and how many people gave them."""
    done = SignUp.objects.filter(shift__opportunity=opportunity, minutes__isnull=False)
    minutes = done.aggregate(total=Sum("minutes"))["total"] or 0
    people = done.exclude(person=None).values("person").distinct().count()
    return minutes / 60, people


def hours_by_programme(person: Person) -> list[dict[str, object]]:
    """Return the person's confirmed hours per programme (title, organisation, hours, shifts,
    first and last date), for a certificate."""
    rows = (
        SignUp.objects.filter(person=person, minutes__isnull=False)
        .values(
            "shift__opportunity",
            "shift__opportunity__activity__title",
            "shift__opportunity__activity__stage__initiative__organisation__name",
        )
        .annotate(
            minutes=Sum("minutes"),
            shifts=Count("pk"),
            first=Min("shift__starts_at"),
            last=Max("shift__starts_at"),
        )
        .order_by("first")
    )
    return [
        {
            "programme": row["shift__opportunity__activity__title"],
            "organisation": row[
                "shift__opportunity__activity__stage__initiative__organisation__name"
            ],
            "hours": row["minutes"] / 60,
            "shifts": row["shifts"],
            "first": row["first"],
            "last": row["last"],
        }
        for row in rows
    ]
