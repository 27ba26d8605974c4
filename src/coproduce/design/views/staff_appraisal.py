"""Staff pages of an options appraisal (second factor: the permission layer asks for it):
set-up (settings, options, criteria, groups), the scores grid, a group's members and
weights, a preview of the results and publishing them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.appraisal import group_weights
from coproduce.design.appraisal_forms import (
    AppraisalActivityForm,
    AppraisalSettingsForm,
    CriterionForm,
    GroupForm,
    GroupWeightsForm,
    MemberAddForm,
    OptionForm,
    ScoresForm,
)
from coproduce.design.models import (
    Appraisal,
    AppraisalCriterion,
    AppraisalMethod,
    AppraisalOption,
    AppraisalScore,
    StakeholderGroup,
)
from coproduce.design.selectors.appraisal import (
    appraisal_for_staff,
    group_in,
    groups_of,
    is_published,
    members_listed,
)
from coproduce.design.services import appraisal as services
from coproduce.design.views.appraisal import results_context
from coproduce.initiatives.models import Activity, Initiative
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _staff(request: AuthenticatedRequest, activity_pk: int) -> tuple[Activity, Appraisal]:
    activity, appraisal = appraisal_for_staff(request.user, activity_pk)
    if appraisal is None:
        raise Http404
    return activity, appraisal


@login_required
def staff_appraisal_new(request: AuthenticatedRequest) -> HttpResponse:
    """Add an options-appraisal activity ("Add an activity → Options appraisal")."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("organisation"),
        slug=request.GET.get("initiative", ""),
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    initial = {
        "title": request.GET.get("title", ""),
        "description": request.GET.get("description", ""),
        "method": AppraisalMethod.WSM,
    }
    form = AppraisalActivityForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            appraisal = services.appraisal_activity_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The options appraisal is added: now set it up."))
            return redirect("design_staff:appraisal", activity_pk=appraisal.activity_id)
    context = {"initiative": initiative, "form": form}
    return render(
        request, "design/appraisal_staff_new.html", context, status=400 if form.errors else 200
    )


_PART_FORMS: dict[str, type[forms.Form]] = {
    "settings": AppraisalSettingsForm,
    "option": OptionForm,
    "criterion": CriterionForm,
    "group": GroupForm,
}


def _part_save(kind: str, appraisal: Appraisal, actor: Any, data: dict[str, Any]) -> str:
    if kind == "settings":
        services.appraisal_set_up(activity=appraisal.activity, actor=actor, **data)
        return _("The settings are saved.")
    if kind == "option":
        services.option_add(appraisal=appraisal, actor=actor, **data)
        return _("The option is added.")
    if kind == "criterion":
        services.criterion_add(appraisal=appraisal, actor=actor, **data)
        return _("The criterion is added.")
    services.group_add(appraisal=appraisal, actor=actor, **data)
    return _("The stakeholder group is added.")


@login_required
def staff_appraisal(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    """The set-up page: settings, options, criteria and groups, each form posting its kind."""
    activity, found = appraisal_for_staff(request.user, activity_pk)
    if found is None:
        return _first_set_up(request, activity)
    appraisal = found
    kind = request.POST.get("form", "") if request.method == "POST" else ""
    if kind and kind not in _PART_FORMS:
        raise PermissionDenied
    built: dict[str, forms.Form] = {}
    for name, form_class in _PART_FORMS.items():
        initial = (
            {"question": appraisal.question, "method": appraisal.method}
            if name == "settings"
            else {}
        )
        bound = request.POST if name == kind else None
        built[name] = form_class(bound, initial=initial, prefix=name)
    if kind:
        form = built[kind]
        if form.is_valid():
            try:
                text = _part_save(kind, appraisal, request.user, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, text)
                return redirect("design_staff:appraisal", activity_pk=activity.pk)
    weights = {g.group.pk: g for g in group_weights(appraisal)}
    groups = [(group, weights[group.pk]) for group in groups_of(appraisal)]
    n_scores = AppraisalScore.objects.filter(option__appraisal=appraisal).count()
    options, criteria = list(appraisal.options.all()), list(appraisal.criteria.all())
    context = {
        "activity": activity,
        "appraisal": appraisal,
        "forms": built,
        "options": options,
        "criteria": criteria,
        "groups": groups,
        "scores_missing": len(options) * len(criteria) - n_scores,
        "published": is_published(activity),
    }
    status = 400 if kind and built[kind].errors else 200
    return render(request, "design/appraisal_staff.html", context, status=status)


def _first_set_up(request: AuthenticatedRequest, activity: Activity) -> HttpResponse:
    """An appraisal activity made without its appraisal (API, admin): ask its settings."""
    posted = request.method == "POST"
    form = AppraisalSettingsForm(
        request.POST if posted else None, initial={"method": AppraisalMethod.WSM}, prefix="settings"
    )
    if posted and form.is_valid():
        try:
            services.appraisal_set_up(activity=activity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("design_staff:appraisal", activity_pk=activity.pk)
    context = {"activity": activity, "form": form}
    return render(
        request, "design/appraisal_staff_first.html", context, status=400 if form.errors else 200
    )


_PARTS: dict[str, type[AppraisalOption | AppraisalCriterion | StakeholderGroup]] = {
    "option": AppraisalOption,
    "criterion": AppraisalCriterion,
    "group": StakeholderGroup,
}


@login_required
@require_POST
def staff_appraisal_remove(
    request: AuthenticatedRequest, activity_pk: int, kind: str, pk: int
) -> HttpResponse:
    activity, appraisal = _staff(request, activity_pk)
    if kind not in _PARTS:
        raise Http404
    part = get_object_or_404(_PARTS[kind], appraisal=appraisal, pk=pk)
    assert isinstance(part, AppraisalOption | AppraisalCriterion | StakeholderGroup)
    services.appraisal_part_remove(appraisal=appraisal, actor=request.user, part=part)
    messages.success(request, _("“%(name)s” is removed.") % {"name": part.name})
    return redirect("design_staff:appraisal", activity_pk=activity.pk)


@login_required
def staff_appraisal_scores(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    """The scores grid: every option's score on every criterion, with its source."""
    activity, appraisal = _staff(request, activity_pk)
    options, criteria = list(appraisal.options.all()), list(appraisal.criteria.all())
    initial: dict[str, Any] = {}
    for score in AppraisalScore.objects.filter(option__appraisal=appraisal):
        key = f"{score.option_id}_{score.criterion_id}"
        initial[f"score_{key}"] = score.value
        initial[f"source_{key}"] = score.source
    posted = request.method == "POST"
    form = ScoresForm(
        request.POST if posted else None, options=options, criteria=criteria, initial=initial
    )
    if posted and form.is_valid():
        values, sources = form.values()
        try:
            services.scores_set(
                appraisal=appraisal, actor=request.user, values=values, sources=sources
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scores are saved."))
            return redirect("design_staff:appraisal", activity_pk=activity.pk)
    context = {"activity": activity, "appraisal": appraisal, "form": form, "options": options}
    return render(
        request, "design/appraisal_staff_scores.html", context, status=400 if form.errors else 200
    )


def _group_forms(
    request: HttpRequest, group: StakeholderGroup, criteria: list[AppraisalCriterion]
) -> tuple[str, MemberAddForm, GroupWeightsForm]:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial: dict[str, Any] = {"note": group.weights_note}
    for criterion_id, weight in group.entered_weights.values_list("criterion_id", "weight"):
        initial[f"criterion_{criterion_id}"] = weight
    member_form = MemberAddForm(request.POST if action == "member" else None, prefix="member")
    weights_form = GroupWeightsForm(
        request.POST if action == "weights" else None,
        criteria=criteria,
        initial=initial,
        prefix="weights",
    )
    return action, member_form, weights_form


def _group_act(
    request: AuthenticatedRequest,
    group: StakeholderGroup,
    action: str,
    member_form: MemberAddForm,
    weights_form: GroupWeightsForm,
) -> str | None:
    """Take the posted action; return the success message, or None if a form has errors."""
    try:
        if action == "member" and member_form.is_valid():
            services.member_add(group=group, actor=request.user, **member_form.cleaned_data)
            return _("They are in the group now.")
        if action == "weights" and weights_form.is_valid():
            services.group_weights_enter(
                group=group,
                actor=request.user,
                weights=weights_form.weights(),
                note=weights_form.cleaned_data["note"],
            )
            return _("The group's weights are saved: they replace the members' own.")
        if action == "clear":
            services.group_weights_clear(group=group, actor=request.user)
            return _("The entered weights are removed: the members' own weights count again.")
        if action == "renew":
            services.invitation_renew(group=group, actor=request.user)
            return _("The group has a new invitation link; the old one no longer works.")
    except ValidationError as error:
        add_service_errors(member_form if action == "member" else weights_form, error)
    return None


@login_required
def staff_appraisal_group(
    request: AuthenticatedRequest, activity_pk: int, group_pk: int
) -> HttpResponse:
    """A group's members (added by e-mail or joined by link) and weights entered by staff."""
    activity, appraisal = _staff(request, activity_pk)
    group = group_in(appraisal, group_pk)
    criteria = list(appraisal.criteria.all())
    action, member_form, weights_form = _group_forms(request, group, criteria)
    if action and action not in ("member", "weights", "clear", "renew"):
        raise PermissionDenied
    if action:
        text = _group_act(request, group, action, member_form, weights_form)
        if text is not None:
            messages.success(request, text)
            return redirect(
                "design_staff:appraisal_group", activity_pk=activity.pk, group_pk=group.pk
            )
    token = services.invitation_token(group)
    context = {
        "activity": activity,
        "appraisal": appraisal,
        "group": group,
        "members": members_listed(group),
        "n_criteria": len(criteria),
        "member_form": member_form,
        "weights_form": weights_form,
        "invitation": request.build_absolute_uri(
            reverse("design:appraisal_join", args=[activity.pk, token])
        ),
        "weights": next(g for g in group_weights(appraisal) if g.group.pk == group.pk),
    }
    errors = member_form.errors or weights_form.errors
    return render(
        request, "design/appraisal_staff_group.html", context, status=400 if errors else 200
    )


@login_required
def staff_appraisal_preview(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    """The results as they will be published (or are), for staff."""
    activity, appraisal = _staff(request, activity_pk)
    context = {
        "activity": activity,
        "appraisal": appraisal,
        "published": is_published(activity),
        **results_context(request, appraisal),
    }
    return render(request, "design/appraisal_staff_preview.html", context)


@login_required
@require_POST
def staff_appraisal_publish(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, appraisal = _staff(request, activity_pk)
    try:
        services.appraisal_publish(appraisal=appraisal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("design_staff:appraisal", activity_pk=activity.pk)
    messages.success(request, _("The results are published."))
    return redirect("design:appraisal", activity_pk=activity.pk)
