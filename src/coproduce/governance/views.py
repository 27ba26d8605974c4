"""Pages for commitments (the public tracker and each commitment) and the staff pages for
commitments and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.audit.chain import audit_verify
from coproduce.governance.charter_selectors import charters_listed
from coproduce.governance.forms import CommitmentUpdateForm, EvidenceForm
from coproduce.governance.models import Commitment, CommitmentOwner, CommitmentStatus
from coproduce.governance.selectors import (
    TrackerFilters,
    audit_events_for_user,
    commitments_tracker,
)
from coproduce.governance.services import (
    commitment_follow,
    commitment_unfollow,
    commitment_update,
    evidence_add,
)
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.models import Organisation
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.figures import bar_chart_figure
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _commitment_for_staff(request: HttpRequest, pk: int) -> Commitment:
    commitment = get_object_or_404(Commitment.objects.select_related("organisation"), pk=pk)
    if not can(request.user, Action.UPDATE_COMMITMENTS, commitment.organisation):
        raise PermissionDenied
    return commitment


@login_required
def commitment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = _commitment_for_staff(request, pk)
    initial = {
        "status": commitment.status,
        "progress": commitment.progress,
        "due_date": commitment.due_date,
    }
    form = CommitmentUpdateForm(request.POST or None, initial=initial)
    evidence_form = EvidenceForm(prefix="evidence")
    if request.method == "POST" and form.is_valid():
        try:
            commitment_update(
                commitment=commitment,
                actor=request.user,
                status=CommitmentStatus(form.cleaned_data["status"]),
                progress=form.cleaned_data["progress"],
                reason=form.cleaned_data["reason"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commitment was updated in public."))
            return redirect(commitment)
    context = {"commitment": commitment, "form": form, "evidence_form": evidence_form}
    return render(request, "governance/commitment_edit.html", context)


@login_required
def evidence_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = _commitment_for_staff(request, pk)
    form = EvidenceForm(request.POST or None, prefix="evidence")
    if request.method == "POST" and form.is_valid():
        try:
            evidence_add(commitment=commitment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(commitment)
    context = {"commitment": commitment, "form": CommitmentUpdateForm(), "evidence_form": form}
    return render(request, "governance/commitment_edit.html", context)


@login_required
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    events = audit_events_for_user(request.user)
    if events is None:
        raise PermissionDenied
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "governance/audit_log.html", {"page": page, "report": audit_verify()})


@login_required
def staff_home(request: AuthenticatedRequest) -> HttpResponse:
    from coproduce.organisations.models import Membership

    memberships = Membership.objects.filter(person_id=request.user.pk).select_related(
        "organisation"
    )
    own = organisations_where(request.user, Action.UPDATE_COMMITMENTS)
    commitments = Commitment.objects.filter(organisation__in=own).select_related("organisation")
    context = {
        "memberships": memberships,
        "commitments": commitments,
        "charters": charters_listed().filter(organisation__in=own),
        "can_audit": bool(organisations_where(request.user, Action.VIEW_AUDIT)),
        "can_verify": bool(organisations_where(request.user, Action.VERIFY_RESIDENCY)),
        "can_moderate": bool(organisations_where(request.user, Action.MODERATE)),
    }
    return render(request, "governance/staff_home.html", context)


@login_required
@require_POST
def commitment_follow_toggle(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment, pk=pk)
    if request.POST.get("follow") == "1":
        commitment_follow(commitment=commitment, person=request.user)
        messages.success(request, _("We will email you when this commitment moves on."))
    else:
        commitment_unfollow(commitment=commitment, person=request.user)
        messages.success(request, _("You no longer follow this commitment."))
    return redirect(commitment)


def commitment_list(request: HttpRequest) -> HttpResponse:
    filters = TrackerFilters(
        status=request.GET.get("status", ""),
        organisation=request.GET.get("organisation", ""),
        owner=request.GET.get("owner", ""),
        overdue=request.GET.get("overdue") == "1",
        query=request.GET.get("q", "")[:100],
    )
    commitments = list(commitments_tracker(filters))
    counts = dict(
        Commitment.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    chart = bar_chart_figure(
        [(str(label), counts.get(value, 0)) for value, label in CommitmentStatus.choices],
        title=_("Commitments by status"),
        headers=(_("Status"), _("Commitments")),
        description=", ".join(
            f"{label}: {counts.get(value, 0)}" for value, label in CommitmentStatus.choices
        ),
    )
    context = {
        "commitments": commitments,
        "filters": filters,
        "statuses": CommitmentStatus.choices,
        "owners": CommitmentOwner.choices,
        "organisations": Organisation.objects.all(),
        "chart": chart,
    }
    return render(request, "governance/commitment_list.html", context)


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("organisation", "initiative").prefetch_related(
            Prefetch("updates"), "evidence"
        ),
        pk=pk,
    )
    context = {"commitment": commitment, "lineage": lineage_of(commitment)}
    return render(request, "governance/commitment_detail.html", context)
