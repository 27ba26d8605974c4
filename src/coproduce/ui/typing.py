"""Types shared by views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


class AuthenticatedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a signed-in person."""

    user: Person
