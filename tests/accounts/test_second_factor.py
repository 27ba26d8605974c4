"""Staff roles need a second factor (TOTP) before staff pages; residents do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_without_totp_are_sent_to_set_it_up(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("governance:staff_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_reach_staff_pages(client, organiser, with_second_factor):
    with_second_factor(organiser)
    client.force_login(organiser)
    assert client.get(reverse("governance:staff_home")).status_code == 200


def test_signing_in_as_staff_asks_for_the_code(client, organiser, with_second_factor, totp_code):
    with_second_factor(organiser)
    response = client.post(
        reverse("account_login"), {"login": organiser.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302 and "authenticate" in response["Location"]
    response = client.post(response["Location"], {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(organiser)})
    assert client.session["_auth_user_id"] == str(organiser.pk)


def test_public_pages_do_not_ask_residents_for_a_second_factor(client, resident):
    client.force_login(resident)
    assert client.get(reverse("accounts:account")).status_code == 200
