"""System checks for accounts: settings that would weaken or break sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security)
def check_demo_totp_code(**kwargs: Any) -> list[CheckMessage]:
    """Refuse the demo's fixed TOTP code outside DEBUG (allauth would 500 on every code)."""
    if settings.DEBUG or not getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None):
        return []
    return [
        Error(
            "A fixed second-factor code (COPRODUCE_DEMO_TOTP_CODE) is set while DEBUG is false.",
            hint="It is for the laptop demo only: unset COPRODUCE_DEMO_TOTP_CODE.",
            id="coproduce.E001",
        )
    ]
