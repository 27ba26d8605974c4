"""Send links to budgeting rounds and priority-setting activities to this app's pages."""

from __future__ import annotations

from django.urls import reverse

from coproduce.initiatives.models import Activity, ActivityKind
from coproduce.initiatives.pages import register_activity_page


def _round_url(activity: Activity) -> str | None:
    from coproduce.commissioning.models import BudgetingRound

    pk = BudgetingRound.objects.filter(activity=activity).values_list("pk", flat=True).first()
    return reverse("commissioning:round", args=[pk]) if pk else None


def _exercise_url(activity: Activity) -> str | None:
    from coproduce.commissioning.models import PriorityExercise

    pk = PriorityExercise.objects.filter(activity=activity).values_list("pk", flat=True).first()
    return reverse("commissioning:priorities", args=[pk]) if pk else None


def register() -> None:
    register_activity_page(ActivityKind.BUDGETING_ROUND, _round_url)
    register_activity_page(ActivityKind.PRIORITY_SETTING, _exercise_url)
