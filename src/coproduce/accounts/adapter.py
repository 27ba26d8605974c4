"""How django-allauth fits our accounts: sign-up, and whose attempts a sign-in limit counts."""

from __future__ import annotations

import ipaddress
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the client's address.

    Behind ``TRUSTED_PROXY_COUNT`` proxies, each of which appends the address it received
    from to X-Forwarded-For, the client is that many entries from the right (entries further
    left are the client's own claims). A shorter header did not pass every proxy: its
    leftmost entry is the farthest address a trusted proxy saw.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count: int = settings.TRUSTED_PROXY_COUNT
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-count] if len(hops) >= count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # The per-account limit counts an account's failures from one address only, so
        # failing on purpose elsewhere cannot lock its owner out (tests pin this hook).
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}|{client_ip(request)}"
