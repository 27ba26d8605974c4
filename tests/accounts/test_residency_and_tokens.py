"""Residents verify themselves against a register; people manage their API tokens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.api.models import ApiToken
from coproduce.places.models import Place, Residency
from coproduce.places.services import register_upload

pytestmark = pytest.mark.django_db


def test_a_resident_verifies_with_a_register_number(client, resident, council, organiser, city):
    north = Place.objects.get(slug="north")
    register_upload(
        place=north, organisation=council, text="identifier\nRV-1001\n", actor=organiser
    )
    client.force_login(resident)
    url = reverse("residency:claim")
    response = client.post(url, {"place": north.pk, "identifier": "RV-9999"})
    assert "not on the register" in response.content.decode()
    assert not Residency.objects.exists()
    response = client.post(url, {"place": north.pk, "identifier": "rv-1001"})
    assert response.status_code == 302
    assert Residency.objects.get(person=resident).place == north


def test_staff_verify_a_resident_by_email(client, organiser, with_second_factor, resident, city):
    with_second_factor(organiser)
    client.force_login(organiser)
    north = Place.objects.get(slug="north")
    url = reverse("places:residency")
    response = client.post(url, {"verify-email": "nobody@example.org", "verify-place": north.pk})
    assert "Nobody has an account" in response.content.decode()
    client.post(url, {"verify-email": resident.email, "verify-place": north.pk})
    assert Residency.objects.get(person=resident).verified_by == organiser


def test_residents_cannot_reach_the_staff_residency_page(client, resident):
    client.force_login(resident)
    assert client.get(reverse("places:residency")).status_code == 403


def test_a_token_is_shown_once_stored_hashed_and_revocable(client, resident):
    client.force_login(resident)
    page = client.post(reverse("tokens:list"), {"name": "my script"}).content.decode()
    token = page.split('<code id="new-token">')[1].split("</code>")[0]
    stored = ApiToken.objects.get()
    assert token.startswith("cp_") and token not in stored.token_hash
    assert token not in client.get(reverse("tokens:list")).content.decode()
    client.post(reverse("tokens:list"), {"revoke": stored.pk})
    stored.refresh_from_db()
    assert stored.revoked_at is not None


def test_nobody_revokes_another_persons_token(client, resident, other_resident):
    from coproduce.api.services import token_issue

    token_issue(person=other_resident, name="theirs")
    client.force_login(resident)
    client.post(reverse("tokens:list"), {"revoke": ApiToken.objects.get().pk})
    assert ApiToken.objects.get().revoked_at is None
