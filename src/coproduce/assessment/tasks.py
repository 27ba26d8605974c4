"""Background work: email reporters who have no account (Open311 apps, phone callers)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def email_address(address: str, subject: str, body: str, url: str = "") -> bool:
    """Send one email to an address given with a report; return False when there is none."""
    if not address:
        return False
    text = body if not url else f"{body}\n\n{settings.SITE_URL}{url}"
    send_mail(subject, text, None, [address])
    return True
