"""Sign-in throttling: a shared cache, per account-and-address and generous per-address limits,
and the client's address read through trusted proxies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from coproduce.accounts.adapter import client_ip

pytestmark = pytest.mark.django_db

REFUSED = "Too many failed login attempts"


def _sign_in(client, person, password, **headers):
    return client.post(
        reverse("account_login"), {"login": person.email, "password": password}, **headers
    )


def _signed_in(client, person):
    return client.session.get("_auth_user_id") == str(person.pk)


def test_the_cache_is_shared_by_every_worker():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_five_wrong_passwords_then_a_clear_refusal(client, resident):
    for _ in range(5):
        response = _sign_in(client, resident, "wrong", REMOTE_ADDR="203.0.113.5")
        assert REFUSED not in response.content.decode()
    response = _sign_in(client, resident, "wrong", REMOTE_ADDR="203.0.113.5")
    assert REFUSED in response.content.decode()
    _sign_in(client, resident, "correct horse battery", REMOTE_ADDR="203.0.113.5")
    assert not _signed_in(client, resident)


def test_failures_elsewhere_do_not_lock_the_owner_out(client, resident):
    for _ in range(6):
        _sign_in(client, resident, "wrong", REMOTE_ADDR="203.0.113.5")
    _sign_in(client, resident, "correct horse battery", REMOTE_ADDR="198.51.100.7")
    assert _signed_in(client, resident)


def test_many_people_sign_in_from_one_address(client, make_person):
    """A library's PCs: others' mistakes from the same address do not lock anyone out."""
    for n in range(12):
        person = make_person(f"reader{n}")
        _sign_in(client, person, "wrong", REMOTE_ADDR="192.0.2.1")
    last = make_person("lastreader")
    _sign_in(client, last, "correct horse battery", REMOTE_ADDR="192.0.2.1")
    assert _signed_in(client, last)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_is_counted_apart(client, resident):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(6):
        _sign_in(client, resident, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    response = _sign_in(client, resident, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert REFUSED in response.content.decode()
    _sign_in(
        client, resident, "correct horse battery", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert _signed_in(client, resident)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),  # no proxy trusted: the header is the client's claim
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a forged entry on the left is ignored
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_from_the_right(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_migrate_creates_the_cache_table():
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE coproduce_cache")
    call_command("migrate", verbosity=0)
    assert "coproduce_cache" in connection.introspection.table_names()
