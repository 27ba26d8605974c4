"""Require a second factor (TOTP) before anyone with a staff role reaches staff pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

STAFF_PREFIXES = ("/admin/", "/staff/")


def has_second_factor(request: HttpRequest) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(
        Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.TOTP).exists()
    )


class StaffSecondFactorMiddleware:
    """Send staff without TOTP to set it up before any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from coproduce.organisations.permissions import is_staff_role_holder

        path = request.path_info
        if (
            path.startswith(STAFF_PREFIXES)
            and request.user.is_authenticated
            and is_staff_role_holder(request.user)
            and not has_second_factor(request)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
