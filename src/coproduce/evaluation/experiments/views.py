"""Staff pages of experiments, under /staff/evaluation/<initiative>/experiments/ (second
factor): set up, pre-register and freeze, assign, send, analyse, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.audit.chain import audit_record
from coproduce.evaluation.experiment_models import Experiment, ExperimentArm
from coproduce.evaluation.experiments.analysis import (
    ExperimentResult,
    assignment_replays,
    experiment_analysis,
    notice_text,
    replication_zip,
)
from coproduce.evaluation.experiments.forms import ArmForm, ExperimentForm, PreregistrationForm
from coproduce.evaluation.experiments.population import population_ids
from coproduce.evaluation.experiments.services import (
    experiment_arm_add,
    experiment_arm_remove,
    experiment_assign,
    experiment_create,
    experiment_freeze,
    experiment_invitations_send,
    experiment_power,
    experiment_preregistration_update,
    registration_hash,
)
from coproduce.initiatives.models import Activity, ActivityState, Initiative
from coproduce.initiatives.selectors import initiatives_for_user
from coproduce.methods.experiments import ExperimentError
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.interval_chart import interval_chart_svg
from coproduce.ui.typing import AuthenticatedRequest


def _initiative_for_staff(request: HttpRequest, slug: str) -> Initiative:
    initiative = get_object_or_404(
        initiatives_for_user(request.user).select_related("organisation"), slug=slug
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    return initiative


def experiment_for_staff(request: HttpRequest, slug: str, pk: int) -> Experiment:
    """Return the initiative's experiment if the person manages the initiative."""
    initiative = _initiative_for_staff(request, slug)
    return get_object_or_404(
        Experiment.objects.select_related("activity__stage__initiative"),
        pk=pk,
        activity__stage__initiative=initiative,
    )


def _open_activities(initiative: Initiative) -> list[tuple[int, str]]:
    activities = Activity.objects.filter(stage__initiative=initiative).select_related("stage")
    return [
        (a.pk, f"{a.title} ({a.get_kind_display()})")
        for a in activities
        if a.state != ActivityState.CLOSED
    ]


@login_required
def experiment_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    initiative = _initiative_for_staff(request, slug)
    form = ExperimentForm(request.POST or None, activities=_open_activities(initiative))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        activity = get_object_or_404(
            Activity, stage__initiative=initiative, pk=data.pop("activity")
        )
        try:
            experiment = experiment_create(actor=request.user, activity=activity, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Experiment started. Add its arms, control first."))
            return redirect("evaluation_staff:experiment", slug, experiment.pk)
    experiments = Experiment.objects.filter(activity__stage__initiative=initiative).select_related(
        "activity"
    )
    return render(
        request,
        "evaluation/experiment_list.html",
        {"initiative": initiative, "experiments": experiments, "form": form},
    )


def _page(request: HttpRequest, experiment: Experiment, **forms: Any) -> HttpResponse:
    plan = experiment_power(experiment)
    arms = list(experiment.arms.all())
    context = {
        "experiment": experiment,
        "initiative": experiment.activity.stage.initiative,
        "arms": arms,
        "plan": plan,
        "planned_total": plan.n_control * max(len(arms), 2) if plan else None,
        "population_size": len(population_ids(experiment)),
        "arm_form": forms.get("arm_form") or ArmForm(prefix="a"),
        "registration_form": forms.get("registration_form")
        or PreregistrationForm(prefix="p", initial=_registration_initial(experiment)),
        "freeze_problems": forms.get("freeze_problems", []),
    }
    if experiment.frozen_at is not None and experiment.registration is not None:
        context["hash_matches"] = (
            registration_hash(experiment.registration) == experiment.registration_hash
        )
    if experiment.assigned_at is not None:
        counts = {arm.pk: arm.assignments.count() for arm in arms}
        context["counts"] = [(arm, counts[arm.pk]) for arm in arms]
        context["invited"] = experiment.assignments.exclude(invited_at=None).count()
        context["replays"] = assignment_replays(experiment)
    return render(request, "evaluation/experiment_detail.html", context)


def _registration_initial(experiment: Experiment) -> dict[str, Any]:
    def percent(share: float | None) -> float | None:
        return None if share is None else round(share * 100, 4)

    return {
        "hypothesis": experiment.hypothesis,
        "primary_outcome": experiment.primary_outcome,
        "analysis_plan": experiment.analysis_plan,
        "expected_control_rate": percent(experiment.expected_control_rate),
        "expected_treatment_rate": percent(experiment.expected_treatment_rate),
        "alpha": experiment.alpha,
        "power": experiment.power,
    }


@login_required
def experiment_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, experiment_for_staff(request, slug, pk))


@login_required
@require_POST
def arm_new(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    form = ArmForm(request.POST, prefix="a")
    if form.is_valid():
        try:
            experiment_arm_add(actor=request.user, experiment=experiment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Arm added."))
            return redirect("evaluation_staff:experiment", slug, pk)
    return _page(request, experiment, arm_form=form)


@login_required
@require_POST
def arm_remove(request: AuthenticatedRequest, slug: str, pk: int, arm: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    found = get_object_or_404(ExperimentArm, experiment=experiment, pk=arm)
    try:
        experiment_arm_remove(actor=request.user, arm=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Arm removed."))
    return redirect("evaluation_staff:experiment", slug, pk)


@login_required
@require_POST
def preregistration(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    form = PreregistrationForm(request.POST, prefix="p")
    if form.is_valid():
        data = dict(form.cleaned_data)
        for name in ("expected_control_rate", "expected_treatment_rate"):
            if data[name] is not None:
                data[name] = data[name] / 100
        try:
            experiment_preregistration_update(actor=request.user, experiment=experiment, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pre-registration saved. Freeze it before assigning."))
            return redirect("evaluation_staff:experiment", slug, pk)
    return _page(request, experiment, registration_form=form)


def _step(
    request: AuthenticatedRequest, slug: str, pk: int, action: Any, done: str
) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    try:
        action(actor=request.user, experiment=experiment)
    except ValidationError as error:
        return _page(request, experiment, freeze_problems=error.messages)
    messages.success(request, done)
    return redirect("evaluation_staff:experiment", slug, pk)


@login_required
@require_POST
def freeze(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, experiment_freeze, _("Pre-registration frozen."))


@login_required
@require_POST
def assign(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, experiment_assign, _("Everyone has been assigned an arm."))


@login_required
@require_POST
def send(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    try:
        count = experiment_invitations_send(actor=request.user, experiment=experiment)
    except ValidationError as error:
        return _page(request, experiment, freeze_problems=error.messages)
    messages.success(request, _("%(n)s invitations sent.") % {"n": count})
    return redirect("evaluation_staff:experiment", slug, pk)


def points(value: float) -> str:
    """A difference in shares as percentage points, one decimal, in the reader's language."""
    return formats.number_format(value * 100, decimal_pos=1, use_l10n=True)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{formats.number_format(value * 100, 1, use_l10n=True)}%"


def p_text(value: float) -> str:
    """A p-value as people read it: four decimals, and below 0.0001 said so."""
    if value < 0.0001:
        return "< " + formats.number_format(0.0001, decimal_pos=4, use_l10n=True)
    return formats.number_format(value, decimal_pos=4, use_l10n=True)


def _effect_rows(result: ExperimentResult) -> list[dict[str, str]]:
    if result.analysis is None:
        return []
    return [
        {
            "arm": arm,
            "estimate": points(effect.estimate),
            "se": points(effect.se),
            "ci": f"{points(effect.ci_low)} – {points(effect.ci_high)}",
            "p": p_text(effect.p_value),
            "permutation_p": p_text(effect.permutation_p),
        }
        for arm, effect in result.analysis.arms.items()
    ]


def _chart(result: ExperimentResult, experiment: Experiment) -> str:
    if result.analysis is None:
        return ""
    control = result.data.control
    rows = [
        (
            _("%(arm)s against %(control)s") % {"arm": arm, "control": control},
            e.estimate * 100,
            e.ci_low * 100,
            e.ci_high * 100,
        )
        for arm, e in result.analysis.arms.items()
    ]
    return interval_chart_svg(
        rows,
        title=_("%(title)s: difference in the share taking part (percentage points)")
        % {"title": experiment.title},
        description=_(
            "Each arm's estimate against the control with its 95%% confidence interval; an "
            "interval that does not cross zero is a difference unlikely to be chance. The same "
            "figures are in the table above."
        ),
        value_text=lambda v: formats.number_format(v, decimal_pos=1, use_l10n=True),
        zero_label=_("0: no difference"),
    )


def _covariate_names() -> dict[str, str]:
    return {
        "age_band": _("Age band"),
        "sex": _("Sex"),
        "deprivation_quintile": _("Deprivation quintile"),
        "place": _("Place"),
        "prior_participation": _("Contributions in the year before (mean)"),
    }


def _balance_rows(result: ExperimentResult) -> list[dict[str, Any]]:
    if result.balance is None:
        return []
    names = [summary.name for summary in result.summaries]
    covariates = _covariate_names()
    rows = []
    for row in result.balance.rows:
        numeric = row.level is None
        name = covariates.get(row.covariate, row.covariate)
        rows.append(
            {
                "label": name if numeric else f"{name}: {row.level}",
                "values": [
                    "–"
                    if row.values.get(n) is None
                    else formats.number_format(row.values[n], 2, use_l10n=True)  # type: ignore[arg-type]
                    if numeric
                    else percent(row.values[n])
                    for n in names
                ],
                "differences": [
                    "–"
                    if row.differences.get(n) is None
                    else formats.number_format(row.differences[n], 3, use_l10n=True)  # type: ignore[arg-type]
                    for n in names[1:]
                ],
            }
        )
    return rows


@login_required
def analysis(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    result = experiment_analysis(experiment)
    return render(
        request,
        "evaluation/experiment_analysis.html",
        {
            "experiment": experiment,
            "initiative": experiment.activity.stage.initiative,
            "result": result,
            "summaries": [{"summary": s, "share": percent(s.mean)} for s in result.summaries],
            "effects": _effect_rows(result),
            "chart": _chart(result, experiment),
            "notices": [notice_text(n) for n in result.analysis.notices] if result.analysis else [],
            "balance_rows": _balance_rows(result),
            "treatments": [s.name for s in result.summaries[1:]],
        },
    )


@login_required
def export(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    experiment = experiment_for_staff(request, slug, pk)
    if experiment.assigned_at is None:
        messages.error(request, _("Nothing to export yet: nobody has been assigned."))
        return redirect("evaluation_staff:experiment", slug, pk)
    try:
        content = replication_zip(experiment)
    except ExperimentError:
        messages.error(request, _("The export could not be made from the stored data."))
        return redirect("evaluation_staff:experiment", slug, pk)
    with transaction.atomic():
        audit_record(action="experiment.export", actor=request.user, target=experiment)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="experiment-{experiment.pk}.zip"'
    return response
