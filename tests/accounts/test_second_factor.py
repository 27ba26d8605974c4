"""Staff roles need a second factor (TOTP), used in the session, before they grant anything.

Residents do not; API tokens inherit it (see ``coproduce.accounts.second_factor``).
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from coproduce.accounts.second_factor import RequestSecondFactor, second_factor_scope
from coproduce.api.models import ApiToken
from coproduce.api.services import token_issue
from coproduce.governance.services import commitment_create
from coproduce.organisations.models import Membership, Role
from coproduce.organisations.permissions import ALLOWED, can, organisations_where

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
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": organiser.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302 and "authenticate" in response["Location"]
    response = client.post(response["Location"], {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(organiser)})
    assert client.session["_auth_user_id"] == str(organiser.pk)
    assert client.get(reverse("governance:staff_home")).status_code == 200


def test_a_session_that_skipped_the_code_is_asked_for_it(
    client, organiser, with_second_factor, totp_code
):
    """Signing in elsewhere (the admin's own login) with the password alone is not enough."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(organiser, generate_totp_secret())
    client.force_login(organiser)
    url = reverse("governance:staff_home")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fstaff%2F"
    client.post(response["Location"], {"code": totp_code(organiser)})
    assert client.get(url).status_code == 200


def test_public_pages_do_not_ask_residents_for_a_second_factor(client, resident):
    client.force_login(resident)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_residents_issue_tokens_without_a_second_factor(client, resident):
    client.force_login(resident)
    client.post(reverse("tokens:list"), {"name": "my script"})
    assert ApiToken.objects.filter(person=resident).count() == 1


def test_staff_issue_no_token_without_a_second_factor(client, organiser, with_second_factor):
    client.force_login(organiser)
    assert client.get(reverse("tokens:list")).status_code == 302
    response = client.post(reverse("tokens:list"), {"name": "dashboard"})
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not ApiToken.objects.exists()
    client.force_login(with_second_factor(organiser))
    client.post(reverse("tokens:list"), {"name": "dashboard"})
    assert ApiToken.objects.filter(person=organiser).count() == 1


def _update(client, commitment, token):
    return client.post(
        f"/api/commitments/{commitment.pk}/updates",
        {"status": "in_progress", "progress": 30, "reason": "Saplings ordered."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_staff_token_acts_as_staff_only_while_its_holder_has_totp(
    client, council, organiser, with_second_factor
):
    from allauth.mfa.models import Authenticator

    commitment = commitment_create(
        title="Plant 100 trees", organisation=council, owner="organisation", actor=organiser
    )
    token = token_issue(person=organiser, name="issued before the second factor was required")
    assert _update(client, commitment, token).status_code == 403
    with_second_factor(organiser)
    assert _update(client, commitment, token).status_code == 200
    Authenticator.objects.filter(user=organiser).delete()
    assert _update(client, commitment, token).status_code == 403


def _request_of(person, *, verified: bool):
    request = RequestFactory().get("/")
    request.user = person
    request.session = {"_auth_user_id": str(person.pk)}
    if verified:
        request.session.update(
            account_authentication_methods=[{"method": "mfa", "type": "totp"}],
            account_authentication_methods_user=str(person.pk),
        )
    return request


@pytest.mark.parametrize("role", list(Role))
def test_no_role_grants_anything_in_a_request_without_the_second_factor(
    make_person, council, with_second_factor, role
):
    person = make_person(f"holder-{role}")
    Membership.objects.create(organisation=council, person=person, role=role)
    with_second_factor(person)
    granted = {action for action, roles in ALLOWED.items() if role in roles}
    assert granted and {a for a in ALLOWED if can(person, a, council)} == granted
    with second_factor_scope(RequestSecondFactor(_request_of(person, verified=False))):
        assert not any(can(person, action, council) for action in ALLOWED)
        assert not any(organisations_where(person, action) for action in ALLOWED)
    with second_factor_scope(RequestSecondFactor(_request_of(person, verified=True))):
        assert {a for a in ALLOWED if can(person, a, council)} == granted


def test_the_site_administrator_needs_the_second_factor_too(make_person, council):
    admin = make_person("admin", is_superuser=True, is_staff=True)
    with second_factor_scope(RequestSecondFactor(_request_of(admin, verified=True))):
        assert not any(can(admin, action, council) for action in ALLOWED)  # no TOTP set up


@pytest.mark.django_db(transaction=True)  # allauth records the new authenticator on commit
def test_setting_up_totp_counts_as_using_it(client, organiser):
    import time

    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
    )

    client.force_login(organiser)
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery"})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    assert client.get(reverse("governance:staff_home")).status_code == 200
