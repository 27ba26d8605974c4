"""Public pages for priority setting: the budget simulator and its results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.commissioning.access import person_of
from coproduce.commissioning.models import PriorityResponse
from coproduce.commissioning.money import money, pence
from coproduce.commissioning.selectors.priorities import exercise_for_user, priority_summary
from coproduce.commissioning.services.priorities import response_submit


def _read(post: object, area_ids: list[int]) -> dict[int, int]:
    amounts = {}
    for pk in area_ids:
        raw = post.get(f"area-{pk}", "")  # type: ignore[attr-defined]
        try:
            amounts[pk] = pence(raw) if raw.strip() else 0
        except ValueError:
            raise ValidationError(_("Enter amounts in pounds, like 250000.")) from None
    return amounts


def exercise(request: HttpRequest, pk: int) -> HttpResponse:
    exercise_ = exercise_for_user(request.user, pk)
    areas = list(exercise_.areas.prefetch_related("consequences"))
    mine = (
        PriorityResponse.objects.filter(exercise=exercise_, person_id=request.user.pk).first()
        if request.user.is_authenticated
        else None
    )
    values = {a.pk: (mine.allocations.get(str(a.pk), 0) if mine else a.current) for a in areas}
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        try:
            values = _read(request.POST, [a.pk for a in areas])
            response_submit(exercise=exercise_, person=person_of(request), allocations=values)
        except (ValidationError, PermissionDenied) as problem:
            error = (
                " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
            )
        else:
            messages.success(request, _("Thank you: your priorities are recorded."))
            return redirect("commissioning:priority_results", pk=exercise_.pk)
    rows = [
        {
            "area": a,
            "value": values.get(a.pk, 0),
            "pounds": f"{values.get(a.pk, 0) / 100:.0f}",
            "consequence": next(
                (
                    c.text
                    for c in reversed(list(a.consequences.all()))
                    if c.amount <= values.get(a.pk, 0)
                ),
                "",
            ),
        }
        for a in areas
    ]
    total = sum(values.values())
    context = {
        "exercise": exercise_,
        "rows": rows,
        "error": error,
        "given": money(total, exercise_.currency),
        "total": money(exercise_.total, exercise_.currency),
        "balanced": total == exercise_.total,
        "mine": mine,
    }
    return render(request, "commissioning/priorities.html", context, status=400 if error else 200)


def results(request: HttpRequest, pk: int) -> HttpResponse:
    exercise_ = exercise_for_user(request.user, pk)
    summary = priority_summary(exercise_)
    return render(
        request, "commissioning/priority_results.html", {"exercise": exercise_, "summary": summary}
    )
