"""Coordinators' pages: set a programme up, add roles and shifts, record checks, fill shifts
with the optimal matching and send the offers, check people in and confirm their hours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Person
from coproduce.delivery import matching
from coproduce.delivery.forms import CheckForm, HoursForm, OpportunityForm, RoleForm, ShiftForm
from coproduce.delivery.instruments import VOLUNTEERING
from coproduce.delivery.models import Opportunity, Shift, SignUp, VolunteerCheck
from coproduce.delivery.selectors.volunteering import (
    opportunity_for_coordinator,
    opportunity_hours,
    shifts_of,
    sign_ups_of_shifts,
)
from coproduce.delivery.services import hours as hours_service
from coproduce.delivery.services import setup
from coproduce.delivery.services.sign_ups import offers_send
from coproduce.initiatives.models import Activity
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import number_parse, whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def staff_home(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    activities = Activity.objects.filter(
        kind=VOLUNTEERING, stage__initiative__organisation__in=organisations
    ).select_related("opportunity", "stage__initiative")
    return render(request, "delivery/staff/home.html", {"activities": activities})


@login_required
def opportunity_new(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("stage__initiative__organisation"),
        pk=activity_pk,
        kind=VOLUNTEERING,
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied
    existing = Opportunity.objects.filter(activity=activity).first()
    if existing is not None:
        return redirect("delivery_staff:opportunity", pk=existing.pk)
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = setup.opportunity_create(
                activity=activity,
                actor=request.user,
                approach=form.cleaned_data["approach"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is set up: now add its roles and shifts."))
            return redirect("delivery_staff:opportunity", pk=opportunity.pk)
    return render(
        request, "delivery/staff/opportunity_form.html", {"form": form, "activity": activity}
    )


def _page(
    request: AuthenticatedRequest,
    opportunity: Opportunity,
    role_form: RoleForm | None = None,
    shift_form: ShiftForm | None = None,
) -> HttpResponse:
    shifts = list(shifts_of(opportunity))
    people = sign_ups_of_shifts(shifts)
    hours, volunteers = opportunity_hours(opportunity)
    context = {
        "opportunity": opportunity,
        "roles": opportunity.roles.all(),
        "shifts": [(shift, people[shift.pk]) for shift in shifts],
        "role_form": role_form or RoleForm(),
        "shift_form": shift_form or ShiftForm(opportunity=opportunity),
        "hours_form": HoursForm(),
        "hours": hours,
        "volunteers": volunteers,
    }
    return render(request, "delivery/staff/opportunity.html", context)


@login_required
def opportunity_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, opportunity_for_coordinator(request.user, pk))


@login_required
@require_POST
def role_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for_coordinator(request.user, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            setup.role_add(opportunity=opportunity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role added."))
            return redirect("delivery_staff:opportunity", pk=pk)
    return _page(request, opportunity, role_form=form)


@login_required
@require_POST
def shift_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for_coordinator(request.user, pk)
    form = ShiftForm(request.POST, opportunity=opportunity)
    if form.is_valid():
        try:
            setup.shift_add(opportunity=opportunity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shift added."))
            return redirect("delivery_staff:opportunity", pk=pk)
    return _page(request, opportunity, shift_form=form)


@login_required
def checks_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the checks volunteers hold (staff only: never shown publicly)."""
    opportunity = opportunity_for_coordinator(request.user, pk)
    organisation = setup.organisation_of(opportunity)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("No account has this email."))
        else:
            try:
                setup.check_record(
                    organisation=organisation,
                    actor=request.user,
                    person=person,
                    kind=form.cleaned_data["kind"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Check recorded."))
                return redirect("delivery_staff:checks", pk=pk)
    checks = (
        VolunteerCheck.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__display_name", "kind")
    )
    return render(
        request,
        "delivery/staff/checks.html",
        {"opportunity": opportunity, "form": form, "checks": checks},
    )


@login_required
def fill_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Choose shifts, review the optimal proposal (places, distance), send the offers."""
    opportunity = opportunity_for_coordinator(request.user, pk)
    shifts = list(shifts_of(opportunity).filter(starts_at__gt=timezone.now()))
    if request.method == "POST" and "send" in request.POST:
        return _send(request, opportunity)
    proposal = None
    if request.method == "POST":
        chosen = set(request.POST.getlist("shift"))
        picked = [s for s in shifts if str(s.pk) in chosen]
        if not picked:
            messages.error(request, _("Choose at least one shift to fill."))
        else:
            proposal = matching.shifts_fill(opportunity=opportunity, shifts=picked)
    context = {"opportunity": opportunity, "shifts": shifts, "proposal": proposal}
    return render(request, "delivery/staff/fill.html", context)


def _send(request: AuthenticatedRequest, opportunity: Opportunity) -> HttpResponse:
    pairs = []
    for value in request.POST.getlist("place"):
        person_id, shift_id, distance = [*value.split(":"), "", ""][:3]
        try:
            person_pk, shift_pk = whole_number_parse(person_id), whole_number_parse(shift_id)
            km: float | None = number_parse(distance, minimum=0, maximum=40000)
        except ValueError as error:
            raise BadRequest(_("A proposed place is malformed: %(e)s") % {"e": error}) from None
        person = get_object_or_404(Person, pk=person_pk)
        shift = get_object_or_404(Shift, pk=shift_pk, opportunity=opportunity)
        pairs.append((person, shift, km))
    sent, skipped = offers_send(opportunity=opportunity, actor=request.user, pairs=pairs)
    messages.success(request, _("%(sent)s offers sent.") % {"sent": sent})
    if skipped:
        messages.warning(
            request,
            _("%(n)s places could no longer be offered (taken or no longer possible).")
            % {"n": skipped},
        )
    return redirect("delivery_staff:opportunity", pk=opportunity.pk)


@login_required
@require_POST
def sign_up_act(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Check a volunteer in or out for them, or confirm their hours."""
    sign_up = get_object_or_404(SignUp.objects.select_related("shift__opportunity"), pk=pk)
    opportunity = opportunity_for_coordinator(request.user, sign_up.shift.opportunity_id)
    do = request.POST.get("do", "")
    try:
        if do == "check_in":
            hours_service.shift_check_in(sign_up=sign_up, actor=request.user)
            messages.success(request, _("Checked in."))
        elif do == "check_out":
            hours_service.shift_check_out(sign_up=sign_up, actor=request.user)
            messages.success(request, _("Checked out."))
        elif do == "confirm":
            form = HoursForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the minutes as a whole number up to 24 hours."))
            hours_service.hours_confirm(
                sign_up=sign_up, actor=request.user, minutes=form.cleaned_data["minutes"]
            )
            messages.success(request, _("Hours confirmed."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("delivery_staff:opportunity", pk=opportunity.pk)
