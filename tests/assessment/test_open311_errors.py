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
    from coproduce.ui import images

    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 500)
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


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"description": "Pothole\x00"}, 400, "NUL character"),
        ({"attribute[depth]": "NaN"}, 400, "must be a finite number"),
        ({"attribute[depth]": "inf"}, 400, "must be a finite number"),
        ({"attribute[depth]": "1e400"}, 400, "must be a finite number"),
        ({"attribute[depth]": str(10**23)}, 400, "must be between"),
        ({"lat": "NaN"}, 400, "lat must be a finite number"),
        ({"long": "1e400"}, 400, "long must be a finite number"),
        ({"lat": "91"}, 400, "lat must be between -90 and 90"),
        ({"address_string": "x" * 301}, 400, "address_string: Keep this to 300 characters"),
        ({"address_id": "x" * 400}, 400, "address_string: Keep this to 300 characters"),
        ({"description": "x" * 1_000_000}, 400, "description: Keep this to 4,000 characters"),
        ({"first_name": "x" * 300}, 400, "first_name/last_name: Keep this to 200"),
        ({"phone": "1" * 41}, 400, "phone: Keep this to 40 characters"),
    ],
)
def test_hostile_values_get_a_400_and_store_nothing(client, key, fmt, fields, status, fragment):
    _assert_error(_post(client, key, fmt=fmt, **fields), status, fragment, fmt)
    assert not Report.objects.exists()


def test_a_failed_post_leaves_no_photo_on_disk(client, key, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coproduce.assessment.services import reports

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(reports, "contribution_record", fail)
    client.raise_request_exception = False
    media = SimpleUploadedFile("pothole.jpg", jpeg_with_gps(), "image/jpeg")
    assert _post(client, key, media=media).status_code == 500
    assert not Report.objects.exists()
    stored = [p for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert stored == []


def test_a_refused_post_leaves_no_photo_on_disk(client, key, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    media = SimpleUploadedFile("pothole.jpg", jpeg_with_gps(), "image/jpeg")
    _assert_error(_post(client, key, media=media, address_string="x" * 301), 400, "address")
    _assert_error(_post(client, key, media=media, description="\x00"), 400, "NUL")
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_a_key_over_its_limit_stores_no_photo(client, category, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _key, secret = api_key_create(name="Busy app", actor=None, hourly_limit=1)
    assert _post(client, secret).status_code == 200
    media = SimpleUploadedFile("pothole.jpg", jpeg_with_gps(), "image/jpeg")
    _assert_error(_post(client, secret, media=media), 429, "1 requests an hour")
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_an_impossible_date_attribute_is_an_error_not_a_crash(client, key, category):
    from coproduce.assessment.models import CategoryAttribute

    CategoryAttribute.objects.create(
        category=category, code="seen", datatype="datetime", description="When?", order=4
    )
    for moment in ("2026-02-30T10:00:00Z", "9999-12-31T23:59:59Z", "2026-05-01T25:00:00Z"):
        _assert_error(_post(client, key, **{"attribute[seen]": moment}), 400, "date and time")
    assert not Report.objects.exists()
