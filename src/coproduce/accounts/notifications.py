"""Tell people what happened to their input and to what they follow.

Every event becomes a ``Notification`` row (the notification centre reads them) and, as the
person chose on their account page, an e-mail now (a background task) or in a daily or
weekly digest (``coproduce notifications digest --period daily``). Every e-mail carries a
signed one-click unsubscribe link (RFC 8058) that works without signing in.

What is written to a person is written in their language (``Person.language``: the one they
last used the site in while signed in, or chose for e-mails), not the language of whoever
caused the event: pass subjects and bodies as ``ui.text.Sentence`` and each person's copy
is rendered in theirs. A plain ``str`` is stored as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from coproduce.accounts.models import EmailChoice, Notification, Person
from coproduce.ui.text import Text

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

__all__ = [
    "digest_send",
    "language_remember",
    "notifications_create",
    "notifications_email_choose",
    "notifications_latest",
    "notifications_mark_read",
    "notifications_unsubscribe",
    "notify",
    "reader_language",
    "send_notification",
    "unread_count",
    "unsubscribe_person",
    "unsubscribe_token",
]

_UNSUBSCRIBE_SALT = "coproduce.notifications.unsubscribe"


def unsubscribe_token(person: Person) -> str:
    """Return the signed token of the person's unsubscribe link (it never expires: a link in
    an old e-mail must still work)."""
    return signing.dumps({"person": person.pk}, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_person(token: str) -> Person | None:
    """Return the person the token was made for, or None for a tampered or unknown token."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        return None
    return Person.objects.filter(pk=data["person"], anonymised_at=None).first()


def notifications_email_choose(*, person: Person, choice: EmailChoice | str) -> None:
    """Record how the person wants to hear by e-mail (each event, a digest, or none)."""
    person.notification_email = EmailChoice(choice)
    person.save(update_fields=["notification_email"])


def language_remember(*, person: Person, language: str) -> bool:
    """Write to ``person`` in ``language`` from now on; False (and nothing changed) when it
    is not one of the site's languages or is theirs already."""
    if language not in dict(settings.LANGUAGES):
        return False
    person.language = language
    return bool(
        Person.objects.filter(pk=person.pk).exclude(language=language).update(language=language)
    )


def remember_language_on_sign_in(
    sender: object, request: object, user: Person, **kwargs: object
) -> None:
    """``user_logged_in`` receiver: the language of the page they signed in from."""
    language = getattr(request, "LANGUAGE_CODE", "")
    if language and user.pk:
        language_remember(person=user, language=language)


def notifications_unsubscribe(*, person: Person) -> None:
    """Send the person no more e-mail about what they follow (notifications stay on the site)."""
    notifications_email_choose(person=person, choice=EmailChoice.NONE)


def unsubscribe_url(person: Person) -> str:
    """Return the absolute one-click unsubscribe link for ``person``."""
    path = reverse("accounts:unsubscribe", kwargs={"token": unsubscribe_token(person)})
    return f"{settings.SITE_URL}{path}"


def reader_language(person: Person) -> str:
    """The language to write to ``person`` in: theirs, or the site's default."""
    return person.language or settings.LANGUAGE_CODE


def _email(person: Person, subject: str, text: str) -> None:
    link = unsubscribe_url(person)
    footer = _("Stop these e-mails: %(link)s") % {"link": link}
    message = EmailMessage(
        subject,
        f"{text}\n\n--\n{footer}",
        None,
        [person.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


@task()
def send_notification(
    person_id: int, subject: str, body: str, url: str = "", notification_id: int = 0
) -> bool:
    """Email one person; return False when they have no live address or want no e-mail
    for each event."""
    person = Person.objects.filter(pk=person_id, is_active=True, anonymised_at=None).first()
    if person is None or person.notification_email != EmailChoice.EACH:
        return False
    text = body if not url else f"{body}\n\n{settings.SITE_URL}{url}"
    with translation.override(reader_language(person)):
        _email(person, subject, text)
    if notification_id:
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def notifications_create(
    people: Sequence[Person],
    *,
    event: str,
    subject: Text,
    body: Text,
    url: str = "",
    target: Model | None = None,
) -> list[Notification]:
    """Store a notification for each of ``people``, in each person's language, and queue
    the e-mail of those who want one for each event, after the transaction commits."""
    where = {}
    if target is not None:
        where = {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}
    written: dict[str, tuple[str, str]] = {}
    for language in {reader_language(person) for person in people}:
        with translation.override(language):
            written[language] = (str(subject)[:200], str(body))
    rows = Notification.objects.bulk_create(
        Notification(
            person=person,
            event=event,
            subject=written[reader_language(person)][0],
            body=written[reader_language(person)][1],
            url=url,
            **where,
        )
        for person in people
    )
    for person, row in zip(people, rows, strict=True):
        if person.notification_email == EmailChoice.EACH:
            _queue(person.pk, row.subject, row.body, url, row.pk)
    return rows


def _queue(person_id: int, subject: str, body: str, url: str, notification_id: int) -> None:
    transaction.on_commit(
        lambda: send_notification.enqueue(person_id, subject, body, url, notification_id)
    )


def notify(
    person: Person | None,
    *,
    subject: Text,
    body: Text,
    url: str = "",
    event: str = "message",
    target: Model | None = None,
) -> None:
    """Tell ``person`` (nobody when None): a notification, and an e-mail as they chose."""
    if person is None or not person.pk:
        return
    notifications_create([person], event=event, subject=subject, body=body, url=url, target=target)


def notifications_latest(person: Person, *, limit: int = 200) -> list[Notification]:
    """Return the person's latest notifications, newest first (the centre's list)."""
    return list(Notification.objects.filter(person=person).order_by("-created_at", "-pk")[:limit])


def unread_count(person: Person) -> int:
    """Return how many of the person's notifications are unread."""
    return Notification.objects.filter(person=person, read_at=None).count()


def notifications_mark_read(*, person: Person, pk: int | None = None) -> int:
    """Mark one of the person's notifications (or all of them) read; return how many."""
    unread = Notification.objects.filter(person=person, read_at=None)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def _digest_due(period: EmailChoice) -> QuerySet[Person]:
    return Person.objects.filter(
        notification_email=period, is_active=True, anonymised_at=None
    ).order_by("pk")


def digest_send(*, period: EmailChoice, now: datetime | None = None) -> int:
    """Send each person who chose ``period`` one e-mail with their unread notifications not
    e-mailed yet; return how many e-mails were sent. Nothing is sent twice."""
    now = now or timezone.now()
    sent = 0
    for person in _digest_due(period):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update()
                .filter(person=person, read_at=None, emailed_at=None)
                .order_by("created_at", "pk")
            )
            if not waiting:
                continue
            with translation.override(reader_language(person)):
                _email(person, _digest_subject(len(waiting)), _digest_text(waiting))
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
            person.digest_sent_at = now
            person.save(update_fields=["digest_sent_at"])
        sent += 1
    return sent


def _digest_subject(count: int) -> str:
    return ngettext(
        "%(count)s thing happened to what you follow",
        "%(count)s things happened to what you follow",
        count,
    ) % {"count": count}


def _digest_text(notifications: list[Notification]) -> str:
    parts = []
    for n in notifications:
        lines = [f"* {n.subject}"]
        if n.body:
            lines.append(f"  {n.body}")
        if n.url:
            lines.append(f"  {settings.SITE_URL}{n.url}")
        parts.append("\n".join(lines))
    centre = f"{settings.SITE_URL}{reverse('accounts:notifications')}"
    return "\n\n".join([*parts, _("All your notifications: %(link)s") % {"link": centre}])


@task()
def digest_send_task(period: str) -> int:
    """The digest as a background task, for a scheduler (cron, RQ scheduler) to queue."""
    return digest_send(period=EmailChoice(period))
