"""The Open311 GeoReport v2 server, driven by the ``georeport`` client and by plain XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone
from georeport import GeoReport

from coproduce.assessment.models import ApiKey, Report, ReportStatus
from coproduce.assessment.services.keys import api_key_create
from coproduce.assessment.services.reports import report_triage
from tests.assessment.conftest import LAT, LON, jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def root(live_server):
    return f"{live_server.url}/open311/v2"


@pytest.fixture
def key(category):
    _key, secret = api_key_create(name="Test app", actor=None)
    return secret


def _post(root, secret, fmt="json", files=None, **fields):
    data = {
        "api_key": secret,
        "service_code": "pothole",
        "lat": str(LAT),
        "long": str(LON),
        "description": "Pothole outside number 4",
        "attribute[depth]": "7",
        "attribute[where]": "road",
        "attribute[hazards][]": ["water", "glass"],
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return requests.post(f"{root}/requests.{fmt}", data=data, files=files, timeout=10)


def test_the_georeport_client_round_trip(root, key, category, streetlight):
    client = GeoReport(root)
    discovery = requests.get(f"{root}/discovery.json", timeout=10).json()
    assert discovery["endpoints"][0]["url"] == root
    assert "application/json" in discovery["endpoints"][0]["formats"]

    services = client.get_service_list()
    assert {s["service_code"] for s in services} == {"pothole", "streetlight"}
    assert all(set(s) == SERVICE_FIELDS for s in services)
    assert next(s for s in services if s["service_code"] == "pothole")["metadata"] is True

    definition = client.get_service_definition("pothole")
    assert [a["code"] for a in definition["attributes"]] == ["depth", "where", "hazards"]
    assert definition["attributes"][1]["values"][0] == {"key": "road", "name": "In the road"}

    created = _post(root, key)
    assert created.status_code == 200, created.text
    request_id = created.json()[0]["service_request_id"]
    report = Report.objects.get(pk=request_id)
    assert report.attributes == {"depth": 7, "where": "road", "hazards": ["water", "glass"]}

    fetched = client.get_service_request(request_id)
    assert set(fetched) == REQUEST_FIELDS
    assert fetched["status"] == "open" and fetched["service_code"] == "pothole"
    assert fetched["lat"] == LAT and fetched["long"] == LON

    other = _post(root, key, description="Another one", **{"attribute[depth]": "3"})
    other_id = other.json()[0]["service_request_id"]
    report_triage(
        report=Report.objects.get(pk=other_id),
        actor=_superuser(),
        status=ReportStatus.CLOSED,
        close_reason="fixed",
        text="Filled.",
    )
    assert [r["service_request_id"] for r in client.get_service_requests(status="open")] == [
        request_id
    ]
    closed = client.get_service_requests(status="closed")
    assert [r["service_request_id"] for r in closed] == [other_id]
    assert closed[0]["status_notes"] == "Filled."
    both = client.get_service_requests(service_request_id=f"{request_id},{other_id}")
    assert len(both) == 2
    assert client.get_service_requests(service_code="streetlight") == []
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.get_service_requests(start_date=future) == []

    token = created.json()[0]["token"]
    tokens = requests.get(f"{root}/tokens/{token}.json", timeout=10).json()
    assert tokens == [{"service_request_id": request_id, "token": token}]


def _superuser():
    from coproduce.accounts.models import Person

    return Person.objects.create_superuser("root@example.org", "x")


def test_the_georeport_client_reads_xml_too(root, key, category):
    _post(root, key)
    client = GeoReport(root, output_format="xml")
    service = client.get_service_list()
    assert service["service_code"] == "pothole" and service["metadata"] == "true"
    definition = client.get_service_definition("pothole")
    assert definition["attributes"]["attribute"][0]["code"] == "depth"
    request = client.get_service_requests()
    assert request["service_code"] == "pothole" and request["status"] == "open"


def test_xml_documents_have_the_spec_shape(root, key, category):
    created = ET.fromstring(_post(root, key, fmt="xml").content)
    assert created.tag == "service_requests"
    (request,) = created.findall("request")
    request_id = request.findtext("service_request_id")
    assert request_id and request.find("token") is not None

    listing = ET.fromstring(requests.get(f"{root}/requests/{request_id}.xml", timeout=10).content)
    (request,) = listing.findall("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert float(request.findtext("lat")) == LAT

    services = ET.fromstring(requests.get(f"{root}/services.xml", timeout=10).content)
    assert {child.tag for child in services.find("service")} == SERVICE_FIELDS

    definition = ET.fromstring(requests.get(f"{root}/services/pothole.xml", timeout=10).content)
    assert definition.tag == "service_definition"
    attributes = definition.find("attributes").findall("attribute")
    assert [a.findtext("code") for a in attributes] == ["depth", "where", "hazards"]
    assert attributes[0].findtext("required") == "true"
    values = attributes[1].find("values").findall("value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("road", "In the road"),
        ("path", "On the path"),
    ]

    discovery = ET.fromstring(requests.get(f"{root}/discovery.xml", timeout=10).content)
    formats = discovery.find("endpoints").find("endpoint").find("formats").findall("format")
    assert {f.text for f in formats} == {"text/xml", "application/json"}


def test_a_photo_posted_as_media_is_stored_without_its_location(root, key):
    files = {"media": ("ok.jpg", jpeg_with_gps(), "image/jpeg")}
    request_id = _post(root, key, files=files).json()[0]["service_request_id"]
    fetched = requests.get(f"{root}/requests/{request_id}.json", timeout=10).json()[0]
    photo = requests.get(fetched["media_url"], timeout=10)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    assert b"PhoneMaker" not in photo.content
    with Report.objects.get().photo.open("rb") as stored:
        assert b"PhoneMaker" not in stored.read()


def test_the_command_line_creates_lists_and_revokes_keys(capsys, category, root):
    call_command("open311", "create-key", "Phone app")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert _post(root, secret).status_code == 200
    call_command("open311", "list")
    assert "Phone app" in capsys.readouterr().out
    call_command("open311", "revoke", ApiKey.objects.get().prefix)
    assert _post(root, secret).status_code == 403
