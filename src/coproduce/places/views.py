"""Staff pages for places: population profiles from CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.organisations.permissions import Action, organisations_where
from coproduce.places.forms import CsvUploadForm
from coproduce.places.services import CsvImportError, population_import_csv
from coproduce.web.typing import AuthenticatedRequest


@login_required
def population_import(request: AuthenticatedRequest) -> HttpResponse:
    if not organisations_where(request.user, Action.MANAGE_INITIATIVES):
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
