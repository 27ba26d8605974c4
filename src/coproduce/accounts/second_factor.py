"""The second factor (TOTP) that every staff capability requires.

A role in an organisation grants nothing in an HTTP request until the person has a TOTP
authenticator *and* has used it in this session (signing in, re-authenticating, or setting
it up). ``organisations.permissions`` asks :func:`staff_capability_allowed` before granting
any role's capability, so a view cannot forget the check.

API tokens carry no session: a token holder's staff capability needs a TOTP authenticator
on their account, so a staff member who removes theirs stops their tokens acting as staff;
issuing a token as a staff role holder needs a verified second factor (the tokens page is
guarded like the staff pages). Outside a request (commands, tasks, service tests) nothing
is asked: there the caller is trusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def has_totp(person_id: int) -> bool:
    """Return True if the person has set up a TOTP authenticator."""
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.filter(user_id=person_id, type=Authenticator.Type.TOTP)
    return bool(totp.exists())


def _session_used_second_factor(request: HttpRequest, person_id: int) -> bool:
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    if request.session.get(_AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(person_id):
        return False
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    return isinstance(records, list) and any(
        isinstance(r, dict) and r.get("method") == "mfa" for r in records
    )


class RequestSecondFactor:
    """What one request proves about second factors; every answer is cached for the request."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._totp: dict[int, bool] = {}
        self._verified: bool | None = None

    def has_totp(self, person_id: int) -> bool:
        """Return True if the person has set up TOTP (asked once per request)."""
        if person_id not in self._totp:
            self._totp[person_id] = has_totp(person_id)
        return self._totp[person_id]

    def session_person_id(self) -> int | None:
        """Return the id of the person signed in by this request's session, if any."""
        raw = self.request.session.get(SESSION_KEY) if hasattr(self.request, "session") else None
        return int(raw) if raw is not None else None

    def session_verified(self) -> bool:
        """Return True if the signed-in person has TOTP and used a second factor this session."""
        if self._verified is None:
            person_id = self.session_person_id()
            # The session record is checked first: it costs no query, and residents have none.
            self._verified = (
                person_id is not None
                and _session_used_second_factor(self.request, person_id)
                and self.has_totp(person_id)
            )
        return self._verified

    def allows(self, person: Person | AnonymousUser) -> bool:
        """Return True if the person's staff capability may be used in this request."""
        if person.pk is None:
            return False
        if person.pk == self.session_person_id():
            return self.session_verified()
        return self.has_totp(person.pk)  # an API token holder: no session, so TOTP set up


_current: ContextVar[RequestSecondFactor | None] = ContextVar("second_factor", default=None)


@contextmanager
def second_factor_scope(state: RequestSecondFactor) -> Iterator[None]:
    """Make ``state`` the second-factor evidence of everything run inside (one request)."""
    token = _current.set(state)
    try:
        yield
    finally:
        _current.reset(token)


def staff_capability_allowed(person: Person | AnonymousUser) -> bool:
    """Return True unless a request is running in which ``person`` lacks the second factor."""
    state = _current.get()
    return True if state is None else state.allows(person)


def record_second_factor_setup(request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Count setting up TOTP (which asks for a valid code) as using it in this session."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    authenticator = kwargs.get("authenticator")
    if request is None or authenticator is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
