"""The options appraisal's public pages: the appraisal and (once published) its results, a
group's invitation link, and a member's page to weigh the criteria for their group."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.design.appraisal import appraisal_document
from coproduce.design.appraisal_forms import ImportanceForm
from coproduce.design.instruments import APPRAISAL_JOIN, APPRAISAL_WEIGH
from coproduce.design.models import Appraisal, AppraisalMethod
from coproduce.design.selectors.appraisal import (
    appraisal_for_user,
    group_in,
    groups_of,
    is_published,
    is_staff_of,
    member_importances,
    member_of,
    memberships_of,
    score_rows,
)
from coproduce.design.selectors.appraisal_results import appraisal_results
from coproduce.design.services.appraisal import (
    group_from_invitation,
    group_join,
    member_weights_set,
)
from coproduce.initiatives.rules import can as can_take_part
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def chosen_method(request: HttpRequest, appraisal: Appraisal) -> str:
    """The method asked for in ``?method=`` (default: the appraisal's); 400 if unknown."""
    method = request.GET.get("method") or appraisal.method
    if method not in AppraisalMethod.values:
        raise BadRequest(_("Choose a method from the list."))
    return method


def results_context(request: HttpRequest, appraisal: Appraisal) -> dict[str, Any]:
    method = chosen_method(request, appraisal)
    return {
        "results": appraisal_results(appraisal, method),
        "methods": AppraisalMethod.choices,
        "default_method": AppraisalMethod(appraisal.method).label,
        "options": list(appraisal.options.all()),
        "criteria": list(appraisal.criteria.all()),
        "score_rows": score_rows(appraisal),
    }


def appraisal_page(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity, appraisal = appraisal_for_user(request.user, activity_pk)
    context: dict[str, Any] = {
        "activity": activity,
        "appraisal": appraisal,
        "staff": is_staff_of(request.user, activity),
        "published": is_published(activity),
    }
    if appraisal is not None:
        context["groups"] = groups_of(appraisal)
        context["mine"] = memberships_of(appraisal, request.user)
        context["can_weigh"] = can_take_part(request.user, APPRAISAL_WEIGH, activity)
        if context["published"]:
            context.update(results_context(request, appraisal))
    return render(request, "design/appraisal.html", context)


@login_required
def appraisal_join_page(
    request: AuthenticatedRequest, activity_pk: int, token: str
) -> HttpResponse:
    activity, appraisal = appraisal_for_user(request.user, activity_pk)
    group = group_from_invitation(appraisal, token) if appraisal is not None else None
    if appraisal is None or group is None:
        raise Http404
    group.appraisal = appraisal
    verdict = can_take_part(request.user, APPRAISAL_JOIN, activity)
    if request.method == "POST":
        try:
            group_join(group=group, person=request.user)
        except (ValidationError, PermissionDenied) as refusal:
            text = (
                " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
            )
            messages.error(request, text or _("You cannot join this group."))
        else:
            messages.success(request, _("You are in %(group)s.") % {"group": group.name})
            return redirect("design:appraisal_weigh", activity_pk=activity.pk, group_pk=group.pk)
    context = {
        "activity": activity,
        "appraisal": appraisal,
        "group": group,
        "verdict": verdict,
        "member": member_of(group, request.user),
    }
    return render(request, "design/appraisal_join.html", context)


@login_required
def appraisal_weigh_page(
    request: AuthenticatedRequest, activity_pk: int, group_pk: int
) -> HttpResponse:
    activity, appraisal = appraisal_for_user(request.user, activity_pk)
    if appraisal is None:
        raise Http404
    group = group_in(appraisal, group_pk)
    member = member_of(group, request.user)
    if member is None:
        raise PermissionDenied(
            _("Only members of %(group)s can weigh the criteria for it.") % {"group": group.name}
        )
    criteria = list(appraisal.criteria.all())
    posted = request.method == "POST"
    form = ImportanceForm(
        request.POST if posted else None,
        criteria=criteria,
        initial={f"criterion_{pk}": v for pk, v in member_importances(member).items()},
    )
    verdict = can_take_part(request.user, APPRAISAL_WEIGH, activity)
    if posted and form.is_valid():
        try:
            member_weights_set(group=group, person=request.user, importances=form.importances())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: your weights for %(group)s are saved.") % {"group": group.name},
            )
            return redirect("design:appraisal", activity_pk=activity.pk)
    context = {
        "activity": activity,
        "appraisal": appraisal,
        "group": group,
        "form": form,
        "verdict": verdict,
    }
    return render(
        request, "design/appraisal_weigh.html", context, status=400 if form.errors else 200
    )


def appraisal_data(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The published appraisal in the methods' JSON input (``coproduce design rank`` reads it)."""
    activity, appraisal = appraisal_for_user(request.user, activity_pk)
    if appraisal is None or not (is_published(activity) or is_staff_of(request.user, activity)):
        raise Http404
    response = JsonResponse(appraisal_document(appraisal), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="appraisal-{activity.pk}.json"'
    return response
