"""Staff pages for reports: the triage queue, one report's triage, phone entry, API keys."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Person
from coproduce.assessment.forms import AssistedReportForm, LinkForm, TriageForm
from coproduce.assessment.models import ApiKey, Report, ReportStatus
from coproduce.assessment.selectors.reports import (
    NOT_CLOSED,
    attribute_display,
    categories_open,
    report_for_staff,
    reports_for_triage,
    triage_statuses,
)
from coproduce.assessment.services.keys import api_key_create, api_key_revoke
from coproduce.assessment.services.reports import report_create, report_link, report_triage
from coproduce.assessment.views.reports import report_input
from coproduce.initiatives.models import Channel
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def staff_home(request: AuthenticatedRequest) -> HttpResponse:
    can_do = {
        action: bool(organisations_where(request.user, action))
        for action in (
            Action.TRIAGE_REPORTS,
            Action.MANAGE_INITIATIVES,
            Action.RESPOND_TO_RECOMMENDATIONS,
            Action.MANAGE_API_KEYS,
        )
    }
    if not any(can_do.values()):
        raise PermissionDenied
    status = request.GET.get("status", NOT_CLOSED)
    problem = ""
    try:
        reports = reports_for_triage(request.user, status=status)
    except ValueError:
        problem = _("There is no status called “%(status)s”: choose one from the list.") % {
            "status": status[:40]
        }
        status = NOT_CLOSED
        reports = reports_for_triage(request.user, status=status)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "problem": problem,
        "statuses": triage_statuses(),
        "can_triage": can_do[Action.TRIAGE_REPORTS],
        "can_organise": can_do[Action.MANAGE_INITIATIVES],
        "can_respond": can_do[Action.RESPOND_TO_RECOMMENDATIONS],
        "can_keys": can_do[Action.MANAGE_API_KEYS],
    }
    return render(request, "assessment/staff/home.html", context, status=400 if problem else 200)


def _staff_of(report: Report) -> object:
    return Person.objects.filter(memberships__organisation=report.category.organisation).distinct()


@login_required
def report_triage_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = report_for_staff(request.user, pk)
    initial: dict[str, object] = {"status": report.status, "close_reason": report.close_reason}
    initial["assignee"] = report.assignee_id
    form = TriageForm(request.POST or None, initial=initial, staff=_staff_of(report))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicate = Report.objects.filter(pk=data["duplicate_of"]).first()
        try:
            report_triage(
                report=report,
                actor=request.user,
                status=ReportStatus(data["status"]),
                close_reason=data["close_reason"],
                text=data["text"],
                assignee=data["assignee"],
                duplicate_of=duplicate if data["duplicate_of"] else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report updated; the reporter has been told."))
            return redirect("assessment_staff:report", pk=report.pk)
    link_form = LinkForm(organisation=report.category.organisation, prefix="link")
    context = {
        "report": report,
        "form": form,
        "link_form": link_form,
        "updates": report.updates.select_related("author"),
        "lineage": lineage_of(report),
        "answers": attribute_display(report),
    }
    return render(request, "assessment/staff/report.html", context)


@login_required
@require_POST
def report_link_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = report_for_staff(request.user, pk)
    form = LinkForm(request.POST, organisation=report.category.organisation, prefix="link")
    if form.is_valid():
        report_link(
            report=report,
            target=form.target_object(),
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Linked: the link shows on both pages."))
    else:
        messages.error(request, _("Choose what came of the report."))
    return redirect("assessment_staff:report", pk=report.pk)


@login_required
def assisted_report(request: AuthenticatedRequest) -> HttpResponse:
    """Staff type in a report taken over the phone; the ledger records it as assisted."""
    organisations = organisations_where(request.user, Action.ENTER_ASSISTED)
    if not organisations:
        raise PermissionDenied
    categories = categories_open().filter(organisation__in=organisations)
    category = categories.filter(code=request.GET.get("category", "")).first()
    if category is None:
        return render(request, "assessment/staff/assisted_choose.html", {"categories": categories})
    form = AssistedReportForm(request.POST or None, request.FILES or None, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_create(
                data=report_input(form, request.FILES),
                reporter=None,
                channel=Channel.ASSISTED,
                recorded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Report %(id)s entered for the caller.") % {"id": report.pk}
            )
            return redirect("assessment_staff:report", pk=report.pk)
    return render(
        request,
        "assessment/staff/assisted.html",
        {"form": form, "category": category, "picker": None, "duplicates": []},
    )


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Who is the key for?"), max_length=120)
    hourly_limit = forms.IntegerField(
        label=gettext_lazy("Reports per hour"), min_value=1, max_value=10000, initial=60
    )


@login_required
def api_keys(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_API_KEYS)
    if not organisations:
        raise PermissionDenied
    form = ApiKeyForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        _key, secret = api_key_create(
            name=form.cleaned_data["name"],
            actor=request.user,
            organisation=organisations[0],
            hourly_limit=form.cleaned_data["hourly_limit"],
        )
        form = ApiKeyForm()
    keys = ApiKey.objects.filter(organisation__in=organisations)
    return render(
        request, "assessment/staff/api_keys.html", {"form": form, "keys": keys, "secret": secret}
    )


@login_required
@require_POST
def api_key_revoke_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=pk)
    api_key_revoke(key=key, actor=request.user)
    messages.success(request, _("The key %(prefix)s… is revoked.") % {"prefix": key.prefix})
    return redirect("assessment_staff:api_keys")
