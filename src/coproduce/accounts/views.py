"""A person's own account: profile, data export, deletion and optional demographics."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts.forms import (
    DeleteAccountForm,
    DemographicsForm,
    ProfileForm,
    ResidencyClaimForm,
    TokenForm,
)
from coproduce.accounts.models import Demographics
from coproduce.accounts.services import (
    demographics_give,
    demographics_withdraw,
    person_delete,
    person_export,
)
from coproduce.api.services import token_issue, token_revoke
from coproduce.places.services import residency_claim
from coproduce.web.input import whole_number_parse
from coproduce.web.typing import AuthenticatedRequest


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:account")
    demographics = Demographics.objects.filter(person_id=request.user.pk).first()
    return render(request, "accounts/account.html", {"form": form, "demographics": demographics})


@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    data = json.dumps(person_export(request.user), indent=2)
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-coproduce-data.json"'
    return response


@login_required
def delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = request.user
        logout(request)
        person_delete(person)
        messages.success(request, _("Your account was deleted."))
        return redirect("web:home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def demographics(request: AuthenticatedRequest) -> HttpResponse:
    form = DemographicsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        demographics_give(person=request.user, values=values)
        messages.success(request, _("Thank you. You can withdraw at any time."))
        return redirect("accounts:account")
    return render(request, "accounts/demographics.html", {"form": form})


@login_required
@require_POST
def demographics_withdrawal(request: AuthenticatedRequest) -> HttpResponse:
    demographics_withdraw(person=request.user)
    messages.success(request, _("Your answers were erased and your consent withdrawn."))
    return redirect("accounts:account")


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
    return render(request, "accounts/residency.html", {"form": form})


@login_required
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token_id = whole_number_parse(request.POST["revoke"], minimum=1)
        except ValueError:
            raise BadRequest(_("Choose one of your tokens to revoke.")) from None
        token_revoke(token_id=token_id, person=request.user)
        messages.success(request, _("The token was revoked."))
        return redirect("accounts:tokens")
    if request.method == "POST" and form.is_valid():
        new_token = token_issue(person=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    live = request.user.api_tokens.filter(revoked_at=None).order_by("-created_at")
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": live, "new_token": new_token}
    )
