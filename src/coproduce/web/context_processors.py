"""Values every page template uses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    from coproduce.organisations.permissions import is_staff_role_holder

    return {
        "site_name": "Coproduce",
        "is_staff_role_holder": is_staff_role_holder(request.user)
        if hasattr(request, "user")
        else False,
    }
