"""What we write to a person later is written in their language, not the actor's."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.signals import user_logged_in
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_noop

from coproduce.accounts.following import follow_start
from coproduce.accounts.models import EmailChoice, Notification
from coproduce.accounts.notifications import digest_send
from coproduce.ui.text import Paragraphs, Sentence, lowercase

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council: Any, organiser: Any) -> Any:
    from coproduce.governance.services import commitment_create

    return commitment_create(
        title="Reopen the library", organisation=council, owner="organisation", actor=organiser
    )


def test_followers_read_an_english_speakers_update_in_their_own_languages(
    resident: Any,
    other_resident: Any,
    organiser: Any,
    commitment: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from coproduce.governance.services import commitment_update

    resident.language = "es"
    resident.save()
    other_resident.language = "de"
    other_resident.notification_email = EmailChoice.DAILY
    other_resident.save()
    for person in (resident, other_resident):
        follow_start(person=person, target=commitment)
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=commitment,
            actor=organiser,
            status="in_progress",
            progress=40,
            reason="Staff hired",
        )
    spanish = Notification.objects.get(person=resident)
    german = Notification.objects.get(person=other_resident)
    assert spanish.subject == "Novedades sobre «Reopen the library»"
    assert spanish.body == "Estado actual: en curso (40%): Staff hired"
    assert german.subject == "Neuigkeiten zu „Reopen the library“"
    (mail,) = mailoutbox
    assert mail.to == [resident.email] and mail.subject == spanish.subject
    assert "Dejar de recibir estos correos" in mail.body
    with translation.override("en-gb"):
        digest_send(period=EmailChoice.DAILY)
    digest = mailoutbox[1]
    assert digest.to == [other_resident.email]
    assert digest.subject == "1 Neuigkeit zu dem, dem Sie folgen"
    assert "Neuigkeiten zu „Reopen the library“" in digest.body


def test_someone_with_no_language_gets_the_sites_default(
    resident: Any, commitment: Any, organiser: Any
) -> None:
    from coproduce.governance.services import commitment_update

    follow_start(person=resident, target=commitment)
    with translation.override("es"):  # the organiser works in Spanish
        commitment_update(
            commitment=commitment, actor=organiser, status="done", progress=100, reason="Open"
        )
    assert Notification.objects.get(person=resident).subject == "News about “Reopen the library”"


def test_the_language_switch_remembers_a_signed_in_persons_language(
    client: Any, resident: Any
) -> None:
    client.force_login(resident)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.language == "de"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    resident.refresh_from_db()
    assert resident.language == "de"  # not a language of the site: nothing changes


def test_the_language_switch_still_works_for_visitors(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "es"


def test_signing_in_remembers_the_language_of_the_page(resident: Any) -> None:
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "es"
    user_logged_in.send(sender=type(resident), request=request, user=resident)
    resident.refresh_from_db()
    assert resident.language == "es"


def test_the_account_page_sets_the_language_of_e_mails(client: Any, resident: Any) -> None:
    client.force_login(resident)
    response = client.post(
        "/account/email/", {"email-notification_email": "weekly", "email-language": "es"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.notification_email, resident.language) == ("weekly", "es")


def test_sentences_render_their_parameters_in_the_readers_language() -> None:
    from coproduce.governance.models import CommitmentStatus

    closes = datetime(2026, 12, 24, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    sentence = Paragraphs(
        Sentence(
            gettext_noop("It is now %(status)s (%(progress)s%%): %(reason)s"),
            {"status": lowercase(CommitmentStatus.DELAYED.label), "progress": 10, "reason": "x"},
        ),
        "",
        Sentence(gettext_noop("A new phase has started: %(phase)s."), {"phase": closes}),
    )
    with translation.override("es"):
        spanish = str(sentence)
    with translation.override("en-gb"):
        english = str(sentence)
    assert spanish.startswith("Estado actual: retrasado (10%): x\n\n")
    assert english.startswith("It is now delayed (10%): x\n\nA new phase has started: 24")
    assert "\n\n\n" not in english  # empty parts are left out
