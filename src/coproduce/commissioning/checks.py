"""System checks for co-commissioning: the key that keeps ballots secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

SHORTEST_KEY = 32


@register(Tags.security, deploy=True)
def check_secrecy_key(**kwargs: Any) -> list[CheckMessage]:
    """Refuse a missing SECRECY_KEY, or one equal to SECRET_KEY; warn about a short one.

    Seals, sealed ballots and receipts are keyed with it: whoever holds it can link voters to
    their ballots while voting is open. SECRET_KEY sits on every app server and signs cookies,
    so the two must differ.
    """
    key = getattr(settings, "SECRECY_KEY", "") or ""
    hint = (
        "Set SECRECY_KEY to a long random value of its own (e.g. python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'), kept out of the database and its backups."
    )
    if not key:
        return [Error("SECRECY_KEY is not set.", hint=hint, id="commissioning.E001")]
    if key == settings.SECRET_KEY:
        return [Error("SECRECY_KEY is the same as SECRET_KEY.", hint=hint, id="commissioning.E002")]
    if len(key) < SHORTEST_KEY:
        return [
            Warning(
                f"SECRECY_KEY has fewer than {SHORTEST_KEY} characters.",
                hint=hint,
                id="commissioning.W001",
            )
        ]
    return []
