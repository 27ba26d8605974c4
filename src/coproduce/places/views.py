"""Staff pages for places (population profiles and streets from CSV, residency) and the
address search's JSON for the maps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.accounts.models import Person
from coproduce.organisations.models import Organisation
from coproduce.organisations.permissions import Action, organisations_where, sees_everything
from coproduce.places.forms import (
    CsvUploadForm,
    RegisterUploadForm,
    ResidencyClaimForm,
    ResidencyVerifyForm,
)
from coproduce.places.geocoding import geocoder
from coproduce.places.models import Street
from coproduce.places.services import (
    CsvImportError,
    population_import_csv,
    register_upload,
    residency_claim,
    residency_verify,
)
from coproduce.places.streets import can_keep_streets, streets_import_csv
from coproduce.ui.input import number_parse
from coproduce.ui.typing import AuthenticatedRequest

GEOCODE_LIMIT = 5


@login_required
def population_import(request: AuthenticatedRequest) -> HttpResponse:
    if not (
        sees_everything(request.user) or organisations_where(request.user, Action.MANAGE_POPULATION)
    ):
        raise PermissionDenied
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = population_import_csv(text=form.cleaned_data["file"], actor=request.user)
        except CsvImportError as error:
            row_errors = [str(e) for e in error.errors]
        else:
            messages.success(request, _("%(n)s population rows imported.") % {"n": saved})
            return redirect("places:population_import")
    return render(
        request, "places/population_import.html", {"form": form, "row_errors": row_errors}
    )


def _verifying_organisation(request: AuthenticatedRequest) -> Organisation:
    organisations = organisations_where(request.user, Action.VERIFY_RESIDENCY)
    if not organisations:
        raise PermissionDenied
    return organisations[0]


@login_required
def residency(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _verifying_organisation(request)
    verify_form = ResidencyVerifyForm(request.POST or None, prefix="verify")
    register_form = RegisterUploadForm(prefix="register")
    if request.method == "POST" and verify_form.is_valid():
        person = Person.objects.filter(
            email__iexact=verify_form.cleaned_data["email"], is_active=True
        ).first()
        if person is None:
            verify_form.add_error("email", _("Nobody has an account with that email address."))
        else:
            residency_verify(
                person=person,
                place=verify_form.cleaned_data["place"],
                organisation=organisation,
                actor=request.user,
            )
            messages.success(request, _("Residency verified."))
            return redirect("places:residency")
    context = {"verify_form": verify_form, "register_form": register_form, "row_errors": []}
    return render(request, "places/residency.html", context)


@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _verifying_organisation(request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None, prefix="register")
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = register_upload(
                place=form.cleaned_data["place"],
                organisation=organisation,
                text=form.cleaned_data["file"],
                actor=request.user,
            )
        except CsvImportError as error:
            row_errors = [str(e) for e in error.errors]
        else:
            messages.success(
                request,
                _("%(n)s hashed identifiers stored; the file itself was not kept.") % {"n": count},
            )
            return redirect("places:residency")
    context = {
        "verify_form": ResidencyVerifyForm(prefix="verify"),
        "register_form": form,
        "row_errors": row_errors,
    }
    return render(request, "places/residency.html", context)


@login_required
def residency_claim_page(request: AuthenticatedRequest) -> HttpResponse:
    form = ResidencyClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        residency = residency_claim(
            person=request.user,
            place=form.cleaned_data["place"],
            identifier=form.cleaned_data["identifier"],
        )
        if residency is None:
            form.add_error(
                "identifier",
                _("That number is not on the register for this place, or was already used."),
            )
        else:
            messages.success(request, _("You are verified as a resident."))
            return redirect("accounts:account")
    return render(request, "places/residency_claim.html", {"form": form})


@login_required
def streets_import(request: AuthenticatedRequest) -> HttpResponse:
    """Replace the gazetteer's streets from a CSV (name, lat, lon); a bad row changes nothing."""
    if not can_keep_streets(request.user):
        raise PermissionDenied
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = streets_import_csv(text=form.cleaned_data["file"], actor=request.user)
        except CsvImportError as error:
            row_errors = [str(e) for e in error.errors]
        else:
            messages.success(request, _("%(n)s streets loaded.") % {"n": saved})
            return redirect("places:streets_import")
    context = {"form": form, "row_errors": row_errors, "count": Street.objects.count()}
    return render(request, "places/streets_import.html", context)


def geocode_search(request: HttpRequest) -> JsonResponse:
    """The address search for the maps' suggestions: ``?q=TEXT&limit=N`` → matches as JSON."""
    try:
        limit = int(number_parse(request.GET.get("limit", ""), minimum=1, maximum=20))
    except ValueError:
        limit = GEOCODE_LIMIT
    matches = geocoder().search(request.GET.get("q", "")[:200], limit)
    return JsonResponse(
        {"matches": [{"name": m.name, "lat": m.lat, "lon": m.lon, "kind": m.kind} for m in matches]}
    )
