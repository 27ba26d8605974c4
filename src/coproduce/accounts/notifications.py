"""Tell people what happened to their input: email sent by a background task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


@task()
def send_notification(person_id: int, subject: str, body: str, url: str = "") -> bool:
    """Email one person; return False when they have no live address."""
    from coproduce.accounts.models import Person

    person = Person.objects.filter(pk=person_id, is_active=True, anonymised_at=None).first()
    if person is None:
        return False
    text = body if not url else f"{body}\n\n{settings.SITE_URL}{url}"
    send_mail(subject, text, None, [person.email])
    return True


def notify(person: Person | None, *, subject: str, body: str, url: str = "") -> None:
    """Queue a notification to ``person`` (nobody when None), after the transaction commits."""
    if person is None or not person.pk:
        return
    from django.db import transaction

    person_id = person.pk
    transaction.on_commit(lambda: send_notification.enqueue(person_id, subject, body, url))
