"""The public logic model page of an initiative and the staff pages that build it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.evaluation.figures import indicator_chart, number_text
from coproduce.evaluation.forms import (
    IndicatorForm,
    LogicModelForm,
    MeasurementForm,
    MeasurementImportForm,
    StepForm,
)
from coproduce.evaluation.models import Indicator, LogicModel, LogicStep, SourceKind
from coproduce.evaluation.selectors import (
    MET,
    OFF_TRACK,
    ON_TRACK,
    chain,
    indicator_records,
    logic_model_for_user,
    progress_sentence,
)
from coproduce.evaluation.services import (
    computed_indicators_refresh,
    indicator_add,
    logic_model_create,
    logic_step_add,
    logic_step_remove,
    measurement_enter,
    measurements_import,
)
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.selectors import initiatives_for_user
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _status_label(status: str) -> str:
    return {
        MET: _("Target met"),
        ON_TRACK: _("On track"),
        OFF_TRACK: _("Behind"),
    }.get(status, _("Not enough figures yet"))


def _indicator_rows(logic_model: LogicModel) -> list[dict[str, Any]]:
    rows = []
    for record in indicator_records(logic_model):
        rows.append(
            {
                "record": record,
                "indicator": record.indicator,
                "status_label": _status_label(record.status),
                "chart": indicator_chart(record),
                "table": [(d, number_text(v)) for d, v in record.points],
                "baseline": number_text(record.indicator.baseline_value)
                if record.indicator.baseline_value is not None
                else "",
                "target": number_text(record.indicator.target_value)
                if record.indicator.target_value is not None
                else "",
            }
        )
    return rows


def logic_model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    logic_model = logic_model_for_user(request.user, slug)
    if logic_model is None:
        raise Http404
    rows = _indicator_rows(logic_model)
    return render(
        request,
        "evaluation/logic_model_detail.html",
        {
            "logic_model": logic_model,
            "initiative": logic_model.initiative,
            "chain": chain(logic_model),
            "rows": rows,
            "progress": progress_sentence([row["record"] for row in rows]),
            "can_manage": can(
                request.user, Action.MANAGE_INITIATIVES, logic_model.initiative.organisation
            ),
        },
    )


def _initiative_for_staff(request: HttpRequest, slug: str) -> Initiative:
    initiative = get_object_or_404(
        initiatives_for_user(request.user).select_related("organisation"), slug=slug
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    return initiative


def _model_for_staff(request: HttpRequest, slug: str) -> LogicModel:
    initiative = _initiative_for_staff(request, slug)
    logic_model = LogicModel.objects.filter(initiative=initiative).first()
    if logic_model is None:
        raise Http404
    return logic_model


def _steps(logic_model: LogicModel) -> list[tuple[int, str]]:
    return [(s.pk, f"{s.get_kind_display()}: {s.text}") for s in logic_model.steps.all()]


def _staff_page(request: HttpRequest, logic_model: LogicModel, **forms: Any) -> HttpResponse:
    context = {
        "logic_model": logic_model,
        "initiative": logic_model.initiative,
        "chain": chain(logic_model),
        "indicators": Indicator.objects.filter(step__logic_model=logic_model).select_related(
            "step"
        ),
        "step_form": forms.get("step_form") or StepForm(prefix="s"),
        "indicator_form": forms.get("indicator_form")
        or IndicatorForm(prefix="i", steps=_steps(logic_model)),
        "import_form": forms.get("import_form") or MeasurementImportForm(prefix="f"),
        "import_problems": forms.get("import_problems", []),
    }
    return render(request, "evaluation/logic_model_edit.html", context)


@login_required
def logic_model_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    initiative = _initiative_for_staff(request, slug)
    logic_model = LogicModel.objects.filter(initiative=initiative).first()
    if logic_model is not None:
        return _staff_page(request, logic_model)
    form = LogicModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logic_model_create(actor=request.user, initiative=initiative, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Logic model started. Add the steps of the chain."))
            return redirect("evaluation_staff:edit", initiative.slug)
    return render(
        request, "evaluation/logic_model_new.html", {"form": form, "initiative": initiative}
    )


@login_required
@require_POST
def step_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    form = StepForm(request.POST, prefix="s")
    if form.is_valid():
        try:
            logic_step_add(actor=request.user, logic_model=logic_model, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Step added."))
            return redirect("evaluation_staff:edit", slug)
    return _staff_page(request, logic_model, step_form=form)


@login_required
@require_POST
def step_delete(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    step = get_object_or_404(LogicStep, logic_model=logic_model, pk=pk)
    try:
        logic_step_remove(actor=request.user, step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Step removed."))
    return redirect("evaluation_staff:edit", slug)


@login_required
@require_POST
def indicator_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    form = IndicatorForm(request.POST, prefix="i", steps=_steps(logic_model))
    if form.is_valid():
        data = dict(form.cleaned_data)
        step = get_object_or_404(LogicStep, logic_model=logic_model, pk=data.pop("step"))
        try:
            indicator_add(actor=request.user, step=step, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator added."))
            return redirect("evaluation_staff:edit", slug)
    return _staff_page(request, logic_model, indicator_form=form)


@login_required
@require_POST
def measurements_upload(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    form = MeasurementImportForm(request.POST, request.FILES, prefix="f")
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(MAX_READ)
            count = measurements_import(actor=request.user, logic_model=logic_model, data=data)
        except ValidationError as error:
            problems = error.messages
            form.add_error("file", _("The file was not imported: nothing has changed."))
        else:
            messages.success(request, _("%(n)s measurements imported.") % {"n": count})
            return redirect("evaluation_staff:edit", slug)
    return _staff_page(request, logic_model, import_form=form, import_problems=problems)


# One byte more than the service accepts, so it can say the file is too large.
MAX_READ = 1_000_001


@login_required
@require_POST
def indicators_refresh(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    count = computed_indicators_refresh(actor=request.user, logic_model=logic_model)
    messages.success(request, _("%(n)s computed indicators refreshed.") % {"n": count})
    return redirect("evaluation_staff:edit", slug)


@login_required
def indicator_measurements(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    logic_model = _model_for_staff(request, slug)
    indicator = get_object_or_404(Indicator, step__logic_model=logic_model, pk=pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measurement_enter(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measurement recorded."))
            return redirect("evaluation_staff:indicator", slug, pk)
    return render(
        request,
        "evaluation/indicator_measurements.html",
        {
            "logic_model": logic_model,
            "initiative": logic_model.initiative,
            "indicator": indicator,
            "measurements": indicator.measurements.all(),
            "form": form,
            "computed": indicator.source_kind == SourceKind.COMPUTED,
        },
    )
