"""The guide that sets up a budgeting round: one plain form per step, then a check page.

Works without JavaScript. What staff type is kept in the session at every step (also when
they go back), each step is checked when they continue, and the last page creates the round
through ``round_create`` and leads to the round's staff page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from coproduce.commissioning.access import person_of
from coproduce.commissioning.money import money
from coproduce.commissioning.rules import rule_spec
from coproduce.commissioning.services.round_setup import round_create
from coproduce.commissioning.wizard import (
    SESSION_KEY,
    STEP_KEYS,
    STEPS,
    Step,
    answers_until,
    keep,
    round_values,
    typed,
)
from coproduce.initiatives.models import Co, Initiative
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.ui.input import LONG_TEXT

CHECK = "check"


def _initiatives(request: HttpRequest) -> QuerySet[Initiative]:
    """Initiatives with a co-commissioning stage run by the person's organisations; 403 if
    they run budgeting rounds for none."""
    organisations = organisations_where(request.user, Action.MANAGE_BUDGETS)
    if not organisations:
        raise PermissionDenied
    return (
        Initiative.objects.filter(organisation__in=organisations, stages__co=Co.COMMISSIONING)
        .select_related("organisation", "place")
        .order_by("title")
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    """Start the guide afresh; ``?initiative=``, ``title`` and ``description`` fill step one."""
    initiatives = _initiatives(request)
    chosen = initiatives.filter(slug=request.GET.get("initiative", "")).first()
    about = {
        "initiative": str(chosen.pk) if chosen else "",
        "round_title": request.GET.get("title", "")[:200],
        "description": request.GET.get("description", "")[:LONG_TEXT],
    }
    request.session[SESSION_KEY] = {"about": about} if any(about.values()) else {}
    return redirect("commissioning_staff:round_new_step", step=STEP_KEYS[0])


def _step_url(key: str) -> str:
    return reverse("commissioning_staff:round_new_step", args=[key])


def _progress(current: str) -> list[dict[str, Any]]:
    keys = [*STEP_KEYS, CHECK]
    titles = [*(spec.form.title for spec in STEPS), _("Check and create")]
    at = keys.index(current)
    return [
        {"title": title, "url": _step_url(key), "done": n < at, "current": n == at}
        for n, (key, title) in enumerate(zip(keys, titles, strict=True))
    ]


def _is_radio(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect)


def _anchor(field: forms.BoundField) -> str:
    return f"{field.auto_id}_0" if _is_radio(field) else field.id_for_label


def _radios(form: Step, field: forms.BoundField) -> dict[str, Any]:
    hints = form.hints.get(field.name, {})
    value = str(field.value() or "")
    choices = getattr(field.field, "choices", [])
    return {
        "field": field,
        "options": [
            {
                "id": f"{field.auto_id}_{n}",
                "value": str(choice),
                "label": label,
                "checked": str(choice) == value,
                "hint": hints.get(str(choice), ""),
                "link": (
                    reverse("commissioning:counting") + f"#rule-{choice}"
                    if field.name == "rule"
                    else ""
                ),
            }
            for n, (choice, label) in enumerate(choices)
        ],
    }


def step_fields(form: Step) -> tuple[list[dict[str, Any]], list[forms.BoundField]]:
    """Return a step's fields to render (radios with their hints) and its district fields."""
    districts: list[forms.BoundField] = getattr(form, "district_fields", list)()
    names = {field.name for field in districts}
    fields = [
        {"radios": _radios(form, f)} if _is_radio(f) else {"field": f}
        for f in form
        if f.name not in names
    ]
    return fields, districts


def _render_step(request: HttpRequest, key: str, form: Step, status: int = 200) -> HttpResponse:
    number = STEP_KEYS.index(key) + 1
    fields, districts = step_fields(form)
    errors = [(None, e) for e in form.non_field_errors()] + [
        (_anchor(f), e) for f in form for e in f.errors
    ]
    context = {
        "form": form,
        "step_title": form.title,
        "number": number,
        "total": len(STEP_KEYS) + 1,
        "fields": fields,
        "districts": districts,
        "errors": errors,
        "progress": _progress(key),
        "back_url": _step_url(STEP_KEYS[number - 2])
        if number > 1
        else reverse("commissioning_staff:rounds"),
        "first": number == 1,
        "no_initiative": number == 1 and not form.initiatives.exists(),
    }
    return render(request, "commissioning/staff/wizard_step.html", context, status=status)


@login_required
def round_new_step(request: HttpRequest, step: str) -> HttpResponse:
    if step == CHECK:
        return _check(request)
    if step not in STEP_KEYS:
        raise Http404
    initiatives = _initiatives(request)
    state = typed(request.session)
    answers, missing = answers_until(state, step, initiatives)
    if missing is not None:
        messages.info(request, _("Answer this step first."))
        return redirect("commissioning_staff:round_new_step", step=missing)
    spec = STEPS[STEP_KEYS.index(step)]
    if request.method != "POST":
        form = spec.form(initial=state.get(step), answers=answers, initiatives=initiatives)
        return _render_step(request, step, form)
    form = spec.form(request.POST, answers=answers, initiatives=initiatives)
    keep(request.session, step, request.POST, form)
    if "back" in request.POST and step != STEP_KEYS[0]:
        return redirect(
            "commissioning_staff:round_new_step", step=STEP_KEYS[STEP_KEYS.index(step) - 1]
        )
    if not form.is_valid():
        return _render_step(request, step, form, status=400)
    following = STEP_KEYS[STEP_KEYS.index(step) + 1] if step != STEP_KEYS[-1] else CHECK
    return redirect("commissioning_staff:round_new_step", step=following)


def _shown(field: forms.BoundField, value: Any, currency: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(field.field, forms.ChoiceField) and not isinstance(
        field.field, forms.ModelChoiceField
    ):
        return str(dict(field.field.choices).get(value, value))  # type: ignore[arg-type]
    if field.name == "total_budget" or field.name.startswith("district_"):
        return money(value, currency)
    if hasattr(value, "tzinfo"):
        return date_format(localtime(value), "DATETIME_FORMAT")
    return str(value)


def _summary(
    state: dict[str, dict[str, str]], initiatives: QuerySet[Initiative]
) -> list[dict[str, Any]]:
    answers: dict[str, Any] = {}
    sections = []
    for spec in STEPS:
        form = spec.form(state.get(spec.key), answers=answers, initiatives=initiatives)
        form.is_valid()
        answers.update(form.cleaned_data)
        currency = answers.get("currency", "GBP")
        rows = [
            (field.label, _shown(field, form.cleaned_data.get(field.name), currency))
            for field in form
            if not (field.name.startswith("district_") and not form.cleaned_data.get(field.name))
            and not (field.name.startswith("district_") and answers.get("split") != "districts")
        ]
        sections.append({"title": spec.form.title, "url": _step_url(spec.key), "rows": rows})
    return sections


def _check(request: HttpRequest) -> HttpResponse:
    initiatives = _initiatives(request)
    state = typed(request.session)
    answers, missing = answers_until(state, CHECK, initiatives)
    if missing is not None:
        messages.info(request, _("Answer this step first."))
        return redirect("commissioning_staff:round_new_step", step=missing)
    problems: list[str] = []
    if request.method == "POST":
        try:
            round_ = round_create(actor=person_of(request), **round_values(answers))
        except ValidationError as error:
            problems = error.messages
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("The round was created. Open it when you are ready."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    context = {
        "sections": _summary(state, initiatives),
        "problems": problems,
        "progress": _progress(CHECK),
        "number": len(STEP_KEYS) + 1,
        "total": len(STEP_KEYS) + 1,
        "back_url": _step_url(STEP_KEYS[-1]),
        "rule": rule_spec(answers["rule"]),
    }
    return render(
        request,
        "commissioning/staff/wizard_check.html",
        context,
        status=400 if problems else 200,
    )
