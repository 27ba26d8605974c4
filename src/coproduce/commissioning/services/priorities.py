"""Writes for priority setting: setting up an exercise and recording a resident's division."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.commissioning.instruments import PRIORITIES_RESPOND, PRIORITY_SETTING
from coproduce.commissioning.models import (
    Consequence,
    PriorityExercise,
    PriorityResponse,
    ServiceArea,
)
from coproduce.commissioning.money import money
from coproduce.initiatives.models import Activity, Mode
from coproduce.initiatives.rules import require as require_can
from coproduce.initiatives.services import contribution_record

if TYPE_CHECKING:
    from coproduce.accounts.models import Person

AreaSpec = tuple[str, str, int, Sequence[tuple[int, str]]]


def exercise_create(
    *, activity: Activity, total: int, step: int, areas: Sequence[AreaSpec], actor: Person | None
) -> PriorityExercise:
    """Set up a budget simulator: ``areas`` are (name, description, current, consequences)."""
    if activity.kind != PRIORITY_SETTING:
        raise ValidationError(_("Only a priority-setting activity can hold a budget simulator."))
    if step <= 0 or total % step:
        raise ValidationError(_("The total must be a whole number of steps."))
    with transaction.atomic():
        exercise = PriorityExercise.objects.create(activity=activity, total=total, step=step)
        for position, (name, description, current, levels) in enumerate(areas):
            area = ServiceArea.objects.create(
                exercise=exercise,
                name=name,
                description=description,
                current=current,
                position=position,
            )
            Consequence.objects.bulk_create(
                Consequence(area=area, amount=a, text=t) for a, t in levels
            )
        audit_record(
            action="priorities.create",
            actor=actor,
            target=exercise,
            data={"total": total, "areas": len(areas)},
        )
    return exercise


def allocation_check(exercise: PriorityExercise, allocations: Mapping[int, int]) -> None:
    """Raise ``ValidationError`` unless the allocations divide exactly the total, in steps."""
    ids = set(exercise.areas.values_list("pk", flat=True))
    if set(allocations) - ids:
        raise ValidationError(_("Divide the money only between the service areas shown."))
    if any(amount < 0 or amount % exercise.step for amount in allocations.values()):
        raise ValidationError(
            _("Give each area a multiple of %(step)s.")
            % {"step": money(exercise.step, exercise.currency)}
        )
    given = sum(allocations.values())
    if given != exercise.total:
        raise ValidationError(
            _("You have divided %(given)s; divide exactly %(total)s.")
            % {
                "given": money(given, exercise.currency),
                "total": money(exercise.total, exercise.currency),
            }
        )


def response_submit(
    *, exercise: PriorityExercise, person: Person, allocations: Mapping[int, int]
) -> PriorityResponse:
    """Record (or replace) the person's division of the total while the exercise is open."""
    activity = exercise.activity
    require_can(person, PRIORITIES_RESPOND, activity)
    allocation_check(exercise, allocations)
    stored = {str(k): v for k, v in allocations.items()}
    with transaction.atomic():
        response, created = PriorityResponse.objects.update_or_create(
            exercise=exercise,
            person=person,
            defaults={"allocations": stored, "submitted_at": timezone.now()},
        )
        if created:
            contribution_record(
                person=person, activity=activity, kind="allocation", mode=Mode.VOICE
            )
    return response
