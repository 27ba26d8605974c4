"""Values every page template uses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode


def site(request: HttpRequest) -> dict[str, Any]:
    from coproduce.accounts.notifications import unread_count
    from coproduce.organisations.permissions import is_staff_role_holder

    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        # One count per page for a signed-in person: the header's figure is fresh on every
        # navigation without any polling.
        "unread_notifications": unread_count(user) if user is not None and signed_in else 0,
        "site_name": "Coproduce",
        # The phase banner's feedback link says which page the feedback is about.
        "feedback_url": f"{reverse('web:feedback')}?{urlencode({'from': request.path})}",
        "is_staff_role_holder": is_staff_role_holder(request.user)
        if hasattr(request, "user")
        else False,
    }
