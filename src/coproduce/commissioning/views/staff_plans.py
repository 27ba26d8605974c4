"""Staff pages for starting personal budget plans and budget simulators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coproduce.accounts.models import Person
from coproduce.commissioning.access import person_of
from coproduce.commissioning.forms import ExerciseForm, PlanForm
from coproduce.commissioning.instruments import PRIORITY_SETTING
from coproduce.commissioning.models import PriorityExercise, SupportPlan
from coproduce.commissioning.money import pence
from coproduce.commissioning.services.personal import plan_create
from coproduce.commissioning.services.priorities import AreaSpec, exercise_create
from coproduce.commissioning.views.rounds import _message
from coproduce.initiatives.models import Activity
from coproduce.organisations.models import Organisation
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.forms import add_service_errors


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    """Plans the member of staff may open (each opening of someone else's plan is audited)."""
    organisations = organisations_where(request.user, Action.VIEW_PERSONAL_BUDGETS)
    if not organisations:
        raise PermissionDenied
    choices = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
    form = PlanForm(request.POST or None, organisations=choices)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(email=form.cleaned_data["person_email"].lower()).first()
        try:
            if person is None:
                raise ValidationError(
                    {"person_email": _("Nobody has an account with that address.")}
                )
            plan = plan_create(
                person=person,
                professional=person_of(request),
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
                allocation=form.cleaned_data["allocation"],
                actor=person_of(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Plan started: propose its outcomes and lines together."))
            return redirect(plan)
    listed = SupportPlan.objects.filter(organisation__in=organisations).select_related(
        "person", "professional"
    )
    return render(request, "commissioning/staff/plans.html", {"plans": listed, "form": form})


def parse_areas(text: str) -> list[AreaSpec]:
    """Read ``name | current | amount: text; amount: text`` lines; raise ``ValidationError``."""
    areas: list[AreaSpec] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        try:
            if len(parts) < 2 or not parts[0]:
                raise ValueError
            levels = []
            for level in filter(
                None, (x.strip() for x in (parts[2] if len(parts) > 2 else "").split(";"))
            ):
                amount, _sep, words = level.partition(":")
                levels.append((pence(amount), words.strip()))
            areas.append((parts[0], "", pence(parts[1]), levels))
        except ValueError:
            raise ValidationError(
                {
                    "areas": _("Line %(n)s: write “name | spending | amount: what it pays for”.")
                    % {"n": number}
                }
            ) from None
    if not areas:
        raise ValidationError({"areas": _("Give at least one service area.")})
    return areas


@login_required
def exercise_new(request: HttpRequest, activity: int) -> HttpResponse:
    """Set up the budget simulator of a priority-setting activity."""
    target = get_object_or_404(
        Activity.objects.select_related("stage__initiative__organisation"),
        pk=activity,
        kind=PRIORITY_SETTING,
    )
    if not can(request.user, Action.MANAGE_BUDGETS, target.stage.initiative.organisation):
        raise PermissionDenied
    existing = PriorityExercise.objects.filter(activity=target).first()
    if existing is not None:
        return redirect(existing)
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = exercise_create(
                activity=target,
                total=form.cleaned_data["total"],
                step=form.cleaned_data["step"],
                areas=parse_areas(form.cleaned_data["areas"]),
                actor=person_of(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budget simulator is ready."))
            return redirect(exercise)
    return render(
        request, "commissioning/staff/exercise_new.html", {"activity": target, "form": form}
    )
