"""Public pages, languages, health and readiness, the demo loader."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.accounts.models import Person
from coproduce.governance.models import Commitment
from coproduce.initiatives.models import Contribution, Initiative

pytestmark = pytest.mark.django_db

PUBLIC = [
    "web:home",
    "web:initiatives",
    "web:places",
    "web:commitments",
    "account_login",
    "account_signup",
]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_render_with_one_h1_and_a_language(client, initiative, name):
    page = client.get(reverse(name)).content.decode()
    assert page.count("<h1") == 1
    assert '<html lang="en-gb"' in page
    assert 'href="#main-content"' in page


def test_the_language_switcher_changes_the_page_language(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert "Iniciativas" in page
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert "Initiativen" in client.get("/").content.decode()


def test_dates_follow_the_language(client, council, organiser):
    from datetime import date

    from coproduce.governance.services import commitment_create

    commitment_create(
        title="T",
        organisation=council,
        owner="organisation",
        actor=organiser,
        due_date=date(2027, 3, 1),
    )
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert (
        "1. März 2027" in client.get(Commitment.objects.get().get_absolute_url()).content.decode()
    )


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_the_demo_loads_and_reloads_without_duplicates(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "staff@riverton.example" in out and "riverton-demo-2026" in out
    counts = (
        Person.objects.count(),
        Initiative.objects.count(),
        Commitment.objects.count(),
        Contribution.objects.count(),
    )
    call_command("demo", "--quiet")
    assert (
        Person.objects.count(),
        Initiative.objects.count(),
        Commitment.objects.count(),
        Contribution.objects.count(),
    ) == counts
    assert Initiative.objects.get(slug="safer-streets").stages.count() == 4
