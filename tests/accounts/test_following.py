"""Following things, the notification centre, the e-mail choice, the digest and the
one-click unsubscribe link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.following import follow_start, is_following, notify_followers
from coproduce.accounts.models import EmailChoice, Follow, Notification
from coproduce.accounts.notifications import (
    digest_send,
    notify,
    unread_count,
    unsubscribe_token,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council: Any, organiser: Any) -> Any:
    from coproduce.governance.services import commitment_create

    return commitment_create(
        title="Reopen the library on Sundays",
        organisation=council,
        owner="organisation",
        actor=organiser,
    )


def _follow_url(item: Any) -> str:
    return reverse("accounts:follow", args=[item._meta.label_lower, item.pk])


def test_following_twice_keeps_one_row(resident: Any, commitment: Any) -> None:
    first = follow_start(person=resident, target=commitment)
    again = follow_start(person=resident, target=commitment)
    assert first.pk == again.pk and Follow.objects.count() == 1


def test_the_database_refuses_a_second_follow_of_the_same_thing(
    resident: Any, commitment: Any
) -> None:
    follow = follow_start(person=resident, target=commitment)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            person=resident, target_type=follow.target_type, target_id=commitment.pk
        )


def test_something_no_app_made_followable_cannot_be_followed(resident: Any, council: Any) -> None:
    with pytest.raises(ValueError):
        follow_start(person=resident, target=council)
    assert Follow.objects.count() == 0


def test_the_follow_button_follows_and_stops_following(
    client: Any, resident: Any, city: Any
) -> None:
    client.force_login(resident)
    page = client.get(city.get_absolute_url())
    assert "Follow this place" in page.content.decode()
    response = client.post(_follow_url(city), {"follow": "1", "next": "/places/"})
    assert response.status_code == 302 and response["Location"] == "/places/"
    assert is_following(resident, city)
    assert "Stop following" in client.get(city.get_absolute_url()).content.decode()
    client.post(_follow_url(city), {"follow": "0", "next": "https://evil.example/"})
    assert not is_following(resident, city)


def test_a_hidden_activity_cannot_be_followed(client: Any, resident: Any, activity_in: Any) -> None:
    hidden = activity_in("assessment", "survey", visibility="members")
    client.force_login(resident)
    response = client.post(_follow_url(hidden), {"follow": "1"})
    assert response.status_code == 404 and Follow.objects.count() == 0
    assert (
        client.post(
            reverse("accounts:follow", args=["accounts.person", resident.pk]), {"follow": "1"}
        ).status_code
        == 404
    )


def test_following_needs_signing_in(client: Any, city: Any) -> None:
    response = client.post(_follow_url(city), {"follow": "1"})
    assert response.status_code == 302 and Follow.objects.count() == 0


def test_followers_are_told_but_not_the_people_left_out(
    resident: Any,
    other_resident: Any,
    organiser: Any,
    commitment: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for person in (resident, other_resident, organiser):
        follow_start(person=person, target=commitment)
    other_resident.notification_email = EmailChoice.DAILY
    other_resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        told = notify_followers(
            commitment, event="test", subject="Moved", body="It moved.", exclude=[organiser]
        )
    assert told == 2
    assert set(Notification.objects.values_list("person__email", flat=True)) == {
        resident.email,
        other_resident.email,
    }
    (mail,) = mailoutbox  # the digest reader waits for their digest
    assert mail.to == [resident.email]
    assert Notification.objects.get(person=resident).emailed_at is not None
    assert Notification.objects.get(person=other_resident).emailed_at is None


def test_the_header_counts_unread_notifications_and_the_centre_marks_them_read(
    client: Any, resident: Any, other_resident: Any
) -> None:
    notify(resident, subject="First news", body="One.")
    notify(resident, subject="Second news", body="Two.")
    notify(other_resident, subject="Not yours", body="Three.")
    client.force_login(resident)
    home = client.get("/").content.decode()
    assert "2 unread" in home
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "First news" in page and "Second news" in page and "Not yours" not in page
    first = Notification.objects.get(subject="First news")
    client.post(reverse("accounts:notifications_read"), {"notification": first.pk})
    assert unread_count(resident) == 1
    theirs = Notification.objects.get(subject="Not yours")
    client.post(reverse("accounts:notifications_read"), {"notification": theirs.pk})
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert (
        client.post(reverse("accounts:notifications_read"), {"notification": "x"}).status_code
        == 404
    )
    client.post(reverse("accounts:notifications_read"))
    assert unread_count(resident) == 0 and unread_count(other_resident) == 1


def test_the_person_chooses_their_e_mails_on_the_account_page(client: Any, resident: Any) -> None:
    client.force_login(resident)
    assert (
        "E-mails about what you follow" in client.get(reverse("accounts:account")).content.decode()
    )
    client.post(reverse("accounts:email_choice"), {"email-notification_email": "weekly"})
    resident.refresh_from_db()
    assert resident.notification_email == EmailChoice.WEEKLY
    client.post(reverse("accounts:email_choice"), {"email-notification_email": "hourly"})
    resident.refresh_from_db()
    assert resident.notification_email == EmailChoice.WEEKLY


def test_every_e_mail_carries_a_signed_one_click_unsubscribe_link(
    resident: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident, subject="News", body="Something happened.")
    (mail,) = mailoutbox
    link = reverse("accounts:unsubscribe", args=[unsubscribe_token(resident)])
    assert (
        mail.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
        or link in (mail.extra_headers["List-Unsubscribe"])
    )
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail.body


def test_the_unsubscribe_link_works_signed_out_and_asks_before_it_acts(
    client: Any, resident: Any
) -> None:
    url = reverse("accounts:unsubscribe", args=[unsubscribe_token(resident)])
    page = client.get(url)
    assert page.status_code == 200 and "Stop the e-mails" in page.content.decode()
    resident.refresh_from_db()
    assert resident.notification_email == EmailChoice.EACH  # a GET (a link scanner) changes nothing
    # RFC 8058: the mail client POSTs with no session and no CSRF token.
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    resident.refresh_from_db()
    assert resident.notification_email == EmailChoice.NONE


def test_a_tampered_unsubscribe_link_is_refused(
    client: Any, resident: Any, other_resident: Any
) -> None:
    from django.core.signing import b64_encode

    token = unsubscribe_token(resident)
    _payload, stamp, signature = token.split(":")
    # Another person's id under this person's signature.
    other = b64_encode(f'{{"person":{other_resident.pk}}}'.encode()).decode()
    forged = ":".join([other, stamp, signature])
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.post(reverse("accounts:unsubscribe", args=[bad]))
        assert response.status_code == 400
    for person in (resident, other_resident):
        person.refresh_from_db()
        assert person.notification_email == EmailChoice.EACH


def test_the_digest_sends_one_e_mail_with_the_unread_events_and_never_again(
    resident: Any,
    other_resident: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident.notification_email = EmailChoice.DAILY
    resident.save()
    other_resident.notification_email = EmailChoice.WEEKLY
    other_resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident, subject="Report 4 was fixed", body="Fixed.", url="/assessment/reports/4/")
        notify(resident, subject="Round results", body="Out.")
        notify(resident, subject="Already read", body="Read.")
        notify(other_resident, subject="Weekly news", body="W.")
    assert mailoutbox == []  # digest readers get nothing per event
    Notification.objects.filter(subject="Already read").update(read_at=timezone.now())
    assert digest_send(period=EmailChoice.DAILY) == 1
    (mail,) = mailoutbox
    assert mail.to == [resident.email]
    assert "Report 4 was fixed" in mail.body and "Round results" in mail.body
    assert "Already read" not in mail.body and "Weekly news" not in mail.body
    assert "/assessment/reports/4/" in mail.body and "List-Unsubscribe" in mail.extra_headers
    resident.refresh_from_db()
    assert resident.digest_sent_at is not None
    assert digest_send(period=EmailChoice.DAILY) == 0  # nothing is sent twice
    notify(resident, subject="Later news", body="Later.")
    later = timezone.now() + timedelta(days=1)
    assert digest_send(period=EmailChoice.DAILY, now=later) == 1
    assert "Later news" in mailoutbox[1].body and "Round results" not in mailoutbox[1].body


def test_the_digest_command_sends_the_weekly_digest(resident: Any, mailoutbox: Any) -> None:
    from django.core.management import call_command

    resident.notification_email = EmailChoice.WEEKLY
    resident.save()
    notify(resident, subject="Weekly news", body="W.")
    call_command("notifications", "digest", "--period", "daily")
    assert mailoutbox == []
    call_command("notifications", "digest", "--period", "weekly")
    assert len(mailoutbox) == 1 and "Weekly news" in mailoutbox[0].body


def test_the_header_figure_can_be_fetched_alone_for_htmx(client: Any, resident: Any) -> None:
    notify(resident, subject="News", body="One.")
    client.force_login(resident)
    fragment = client.get(reverse("accounts:notifications_count")).content.decode()
    assert "1 unread" in fragment and "<html" not in fragment
    home = client.get("/").content.decode()
    assert 'hx-trigger="focus from:window throttle:60s"' in home


def test_the_service_refuses_to_follow_what_the_person_cannot_see(
    resident: Any, activity_in: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    hidden = activity_in("assessment", "survey", visibility="members")
    with pytest.raises(PermissionDenied):
        follow_start(person=resident, target=hidden)
    assert Follow.objects.count() == 0
