"""Require a second factor (TOTP) before anyone with a staff role uses it.

The permission helpers refuse a role's capability in a request whose session has not used
the second factor (``accounts.second_factor``); this middleware sets up that evidence for
each request and turns the refusals into a way forward: staff paths, and any page a staff
role holder is refused, lead to setting up TOTP or entering a code.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.accounts.second_factor import RequestSecondFactor, second_factor_scope
from coproduce.organisations.permissions import is_staff_role_holder

# Paths that only a staff role opens, and the tokens page (a token carries the role).
STAFF_PREFIXES = ("/admin/", "/staff/", "/account/tokens/")


def second_factor_redirect(request: HttpRequest, state: RequestSecondFactor) -> HttpResponse:
    """Send a staff role holder to set up TOTP, or to enter a code, then back here."""
    person_id = state.session_person_id()
    if person_id is not None and state.has_totp(person_id):
        messages.info(request, _("Enter a code from your authenticator app to continue."))
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    messages.info(
        request,
        _("Your role needs a second factor: set up an authenticator app to continue."),
    )
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


def _unverified_staff(request: HttpRequest, state: RequestSecondFactor) -> bool:
    person_id = state.session_person_id()
    if person_id is None or person_id != request.user.pk or state.session_verified():
        return False
    return is_staff_role_holder(request.user)


class StaffSecondFactorMiddleware:
    """Hold each request's second-factor evidence; lead unverified staff to verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = RequestSecondFactor(request)
        with second_factor_scope(state):
            if request.path_info.startswith(STAFF_PREFIXES) and _unverified_staff(request, state):
                return second_factor_redirect(request, state)
            response = self.get_response(request)
        # A page refused for want of the second factor says how to get it (pages, not the API).
        if (
            response.status_code in (403, 404)
            and request.method == "GET"
            and response.get("Content-Type", "").startswith("text/html")
            and _unverified_staff(request, state)
        ):
            return second_factor_redirect(request, state)
        return response
