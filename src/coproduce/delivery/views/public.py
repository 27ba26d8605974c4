"""Residents' volunteering pages: the programme, a shift, what I can do, my volunteering."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.delivery.forms import OfferForm
from coproduce.delivery.models import Opportunity, SignUp, SignUpStatus, VolunteerOffer
from coproduce.delivery.selectors.volunteering import (
    hours_by_programme,
    hours_of,
    opportunity_for_user,
    opportunity_hours,
    shift_for_user,
    shifts_of,
    sign_up_of,
    volunteering_of,
)
from coproduce.delivery.services import hours as hours_service
from coproduce.delivery.services import sign_ups as service
from coproduce.delivery.services.setup import is_coordinator
from coproduce.initiatives.selectors import activities_for_user, lineage_of
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def opportunity_page(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The programme's page; before it is set up, staff go to set it up."""
    activity = get_object_or_404(
        activities_for_user(request.user).select_related("stage__initiative__organisation"),
        pk=activity_pk,
    )
    if not Opportunity.objects.filter(activity=activity).exists():
        if can(request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
            return redirect("delivery_staff:opportunity_new", activity_pk=activity.pk)
        return redirect("web:activity", activity.pk)
    opportunity = opportunity_for_user(request.user, activity_pk)
    shifts = list(shifts_of(opportunity).filter(ends_at__gt=timezone.now()))
    mine: dict[int, SignUp] = {}
    if request.user.is_authenticated:
        rows = SignUp.objects.filter(shift__in=shifts, person_id=request.user.pk)
        mine = {row.shift_id: row for row in rows}
    hours, people = opportunity_hours(opportunity)
    context = {
        "opportunity": opportunity,
        "activity": opportunity.activity,
        "roles": opportunity.roles.all(),
        "shifts": [(shift, mine.get(shift.pk)) for shift in shifts],
        "hours": hours,
        "people": people,
        "lineage": lineage_of(opportunity),
        "coordinator": request.user.is_authenticated and is_coordinator(request.user, opportunity),
    }
    return render(request, "delivery/opportunity.html", context)


def shift_page(request: HttpRequest, pk: int) -> HttpResponse:
    shift = shift_for_user(request.user, pk)
    sign_up = sign_up_of(request.user, shift)
    context = {
        "shift": shift,
        "opportunity": shift.opportunity,
        "sign_up": sign_up,
        "can_check_in": sign_up is not None
        and sign_up.status == SignUpStatus.CONFIRMED
        and sign_up.checked_in_at is None
        and service.within_check_in(shift),
    }
    return render(request, "delivery/shift.html", context)


ACTIONS: dict[str, Any] = {
    "withdraw": (service.shift_withdraw, gettext_lazy("You gave up your place.")),
    "accept": (service.offer_accept, gettext_lazy("You accepted the place. Thank you!")),
    "decline": (service.offer_decline, gettext_lazy("You declined the place.")),
}


@login_required
@require_POST
def shift_act(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Sign up, join the waiting list, give up a place, accept or decline, or check in."""
    shift = shift_for_user(request.user, pk)
    do = request.POST.get("do", "")
    try:
        if do in ("sign_up", "wait"):
            row = service.shift_sign_up(shift=shift, person=request.user, wait=do == "wait")
            if row.status == SignUpStatus.WAITING:
                messages.success(request, _("You are on the waiting list."))
            else:
                messages.success(request, _("You have a place on this shift. Thank you!"))
        elif do in ("check_in", "check_out"):
            sign_up = sign_up_of(request.user, shift)
            if sign_up is None:
                raise Http404
            if do == "check_in":
                hours_service.shift_check_in(sign_up=sign_up, actor=request.user)
                messages.success(request, _("You are checked in."))
            else:
                hours_service.shift_check_out(sign_up=sign_up, actor=request.user)
                messages.success(request, _("You are checked out. Thank you!"))
        elif do in ACTIONS:
            sign_up = sign_up_of(request.user, shift)
            if sign_up is None:
                raise Http404
            act, done = ACTIONS[do]
            act(sign_up=sign_up, person=request.user)
            messages.success(request, str(done))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(shift)


def _offer_initial(offer: VolunteerOffer | None) -> dict[str, Any]:
    if offer is None:
        return {}
    initial: dict[str, Any] = {
        "skills": offer.skills,
        "place": offer.place_id,
        "max_km": offer.max_km,
        "hours_a_month": offer.hours_a_month,
    }
    for window in offer.windows.all():
        initial[f"day{window.weekday}_from"] = window.starts
        initial[f"day{window.weekday}_to"] = window.ends
    return initial


@login_required
def offer_page(request: AuthenticatedRequest) -> HttpResponse:
    """What I can do and when: skills, area, distance, hours a month, weekly times."""
    offer = VolunteerOffer.objects.filter(person=request.user).first()
    form = OfferForm(request.POST or None, initial=_offer_initial(offer))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.volunteer_offer_save(
                person=request.user,
                skills=data["skills"],
                place=data["place"],
                max_km=data["max_km"],
                hours_a_month=data["hours_a_month"],
                windows=data["windows"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. Coordinators can now offer you shifts."))
            return redirect("delivery:mine")
    return render(request, "delivery/offer_form.html", {"form": form})


@login_required
def my_volunteering(request: AuthenticatedRequest) -> HttpResponse:
    """My shifts (offered, held, waiting and given) and my confirmed hours."""
    context = {
        "sign_ups": volunteering_of(request.user),
        "hours": hours_of(request.user),
        "offer": VolunteerOffer.objects.filter(person=request.user)
        .prefetch_related("windows")
        .first(),
    }
    return render(request, "delivery/mine.html", context)


@login_required
def certificate(request: AuthenticatedRequest) -> HttpResponse:
    """A printable certificate of the person's confirmed volunteering hours."""
    context = {
        "programmes": hours_by_programme(request.user),
        "hours": hours_of(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "delivery/certificate.html", context)
