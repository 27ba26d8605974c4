"""A person's own account: profile, data export, deletion and optional demographics."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from coproduce.accounts.forms import (
    DeleteAccountForm,
    DemographicsForm,
    EmailChoiceForm,
    ProfileForm,
)
from coproduce.accounts.models import Demographics
from coproduce.accounts.notifications import language_remember, notifications_email_choose
from coproduce.accounts.services import (
    demographics_give,
    demographics_withdraw,
    person_delete,
    person_export,
)
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:account")
    demographics = Demographics.objects.filter(person_id=request.user.pk).first()
    context = {
        "form": form,
        "email_form": EmailChoiceForm(instance=request.user, prefix="email"),
        "demographics": demographics,
    }
    return render(request, "accounts/account.html", context)


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in person's choice as the
    language we write to them in."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language_remember(person=request.user, language=request.POST.get("language", ""))
    return response


@login_required
@require_POST
def email_choice(request: AuthenticatedRequest) -> HttpResponse:
    form = EmailChoiceForm(request.POST, instance=request.user, prefix="email")
    if not form.is_valid():
        messages.error(request, _("Choose how we e-mail you from the list."))
        return redirect("accounts:account")
    notifications_email_choose(person=request.user, choice=form.cleaned_data["notification_email"])
    if form.cleaned_data["language"]:
        language_remember(person=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("Your choice of e-mails was saved."))
    return redirect("accounts:account")


@never_cache  # personal data: no copy stays in a browser's or a proxy's cache
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
