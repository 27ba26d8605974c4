"""The Open311 server's errors, keys and filters, through Django's test client (fast)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coproduce.assessment.models import Report
from coproduce.assessment.services.keys import api_key_create, api_key_revoke
from tests.assessment.conftest import LAT, LON, jpeg_with_gps

pytestmark = pytest.mark.django_db

ROOT = "/open311/v2"


@pytest.fixture
def key(category):
    _key, secret = api_key_create(name="Test app", actor=None)
    return secret


def _post(client, secret, fmt="json", **fields):
    data = {
        "api_key": secret,
        "service_code": "pothole",
        "lat": str(LAT),
        "long": str(LON),
        "description": "Pothole outside number 4",
        "attribute[depth]": "7",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{ROOT}/requests.{fmt}", data)


def _assert_error(response, status, fragment, fmt="json"):
    assert response.status_code == status, response.content
    if fmt == "json":
        (problem,) = response.json()
        assert problem["code"] == status and fragment in problem["description"]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        (problem,) = root.findall("error")
        assert problem.findtext("code") == str(status)
        assert fragment in problem.findtext("description")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"lat": None, "long": None}, 400, "lat/long or address_string"),
        ({"service_code": "nope"}, 404, "service_code 'nope' was not found"),
        ({"attribute[depth]": "very"}, 400, "must be a number"),
        ({"attribute[where]": "sky"}, 400, "listed values"),
        ({"attribute[depth]": None}, 400, "an answer is required"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"lat": "north"}, 400, "lat must be a number"),
        ({"jurisdiction_id": "atlantis"}, 404, "jurisdiction_id"),
        ({"email": "not-an-address"}, 400, "email: Enter an email address"),
    ],
)
def test_bad_posts_get_the_standard_error_and_store_nothing(
    client, key, fmt, fields, status, fragment
):
    _assert_error(_post(client, key, fmt=fmt, **fields), status, fragment, fmt)
    assert not Report.objects.exists()


def test_an_oversized_photo_is_refused_and_nothing_stored(client, key, monkeypatch):
    from coproduce.assessment import photos

    monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 500)
    from django.core.files.uploadedfile import SimpleUploadedFile

    media = SimpleUploadedFile("big.jpg", jpeg_with_gps((300, 300)), "image/jpeg")
    _assert_error(_post(client, key, media=media), 400, "media: The photo must be")
    assert not Report.objects.exists()


def test_an_address_alone_is_a_location(client, key):
    response = _post(client, key, lat=None, long=None, address_string="4 Mill Lane")
    assert response.status_code == 200
    assert Report.objects.get().address == "4 Mill Lane"


def test_unknown_requests_and_tokens_are_404s(client, category):
    _assert_error(client.get(f"{ROOT}/requests/999.json"), 404, "999")
    _assert_error(client.get(f"{ROOT}/tokens/abc.xml"), 404, "abc", "xml")
    _assert_error(client.get(f"{ROOT}/services/nope.json"), 404, "nope")
    response = client.get(f"{ROOT}/requests.json", {"status": "lost"})
    _assert_error(response, 400, "status")
    response = client.get(f"{ROOT}/requests.json", {"start_date": "May"})
    _assert_error(response, 400, "start_date")


def test_a_revoked_key_is_refused(client, category):
    key, secret = api_key_create(name="Old app", actor=None)
    assert _post(client, secret).status_code == 200
    api_key_revoke(key=key, actor=None)
    _assert_error(_post(client, secret), 403, "api_key")


def test_keys_are_rate_limited(client, category):
    _key, secret = api_key_create(name="Busy app", actor=None, hourly_limit=2)
    assert [_post(client, secret).status_code for _ in range(3)] == [200, 200, 429]
    assert Report.objects.count() == 2


def test_jurisdiction_limits_services_to_one_organisation(client, category, council):
    services = client.get(f"{ROOT}/services.json", {"jurisdiction_id": council.slug}).json()
    assert [s["service_code"] for s in services] == ["pothole"]
    assert client.get(f"{ROOT}/services.json", {"jurisdiction_id": "127.0.0.1"}).json()
