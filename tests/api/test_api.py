"""The HTTP API: OpenAPI document, paginated reads, token-authenticated writes, JSON errors."""

from __future__ import annotations

import pytest

from coproduce.api.services import token_issue, token_revoke
from coproduce.governance.services import commitment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(council, organiser):
    return commitment_create(
        title="Plant 100 trees", organisation=council, owner="organisation", actor=organiser
    )


def test_the_openapi_document_describes_the_endpoints(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/places",
        "/api/organisations",
        "/api/initiatives",
        "/api/activities",
        "/api/commitments",
    ):
        assert path in document["paths"]


def test_the_try_it_out_docs_use_local_assets(client):
    page = client.get("/api/docs/try").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def test_lists_are_paginated(client, city):
    body = client.get("/api/places").json()
    assert body["count"] == 4 and {item["slug"] for item in body["items"]} >= {"testford", "north"}
    assert client.get("/api/places", {"page": 2}).json()["items"] == []


def test_initiatives_carry_their_stages(client, initiative):
    item = client.get(f"/api/initiatives/{initiative.slug}").json()
    assert {stage["co"] for stage in item["stages"]} == {
        "commissioning",
        "design",
        "delivery",
        "assessment",
    }


def test_missing_items_get_a_json_error(client):
    response = client.get("/api/places/atlantis")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "No such item."}}


def test_writes_need_a_token(client, commitment):
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        {"status": "done", "progress": 100, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_a_staff_token_updates_a_commitment(client, commitment, organiser):
    token = token_issue(person=organiser, name="dashboard")
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        {"status": "in_progress", "progress": 30, "reason": "Saplings ordered."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200 and response.json()["progress"] == 30


def test_a_resident_token_is_forbidden_and_changes_nothing(client, commitment, resident):
    token = token_issue(person=resident, name="mine")
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        {"status": "done", "progress": 100, "reason": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == "planned"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "finished", "progress": 1, "reason": "x"}, "status"),
        ({"status": "done", "progress": 50, "reason": "x"}, "progress"),
        ({"status": "done"}, None),
    ],
)
def test_invalid_writes_get_a_422_with_details(client, commitment, organiser, body, field):
    token = token_issue(person=organiser, name="t")
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    if field:
        assert field in str(error["message"])


def test_a_revoked_token_no_longer_works(client, commitment, organiser):
    token = token_issue(person=organiser, name="t")
    assert token_revoke(token_id=organiser.api_tokens.get().pk, person=organiser)
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        {"status": "done", "progress": 100, "reason": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "done", "progress": 100, "reason": "Done\u0000"}, "reason"),
        ({"status": "done", "progress": 100, "reason": "Done\ud800"}, "reason"),
        ({"status": "done", "progress": 100, "reason": "x" * 2_000_000}, "reason"),
        ({"status": "done", "progress": 10**23, "reason": "x"}, "progress"),
        ({"status": "done\u0000", "progress": 100, "reason": "x"}, "status"),
        ({"status": "x" * 5000, "progress": 100, "reason": "x"}, "status"),
    ],
)
def test_hostile_writes_get_a_422_and_change_nothing(client, commitment, organiser, body, field):
    import json

    token = token_issue(person=organiser, name="t")
    response = client.post(
        f"/api/commitments/{commitment.pk}/updates",
        json.dumps(body),  # the default encoder keeps \ud800 as an escape, as a client would
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert field in str(response.json()["error"]["message"])
    commitment.refresh_from_db()
    assert commitment.status == "planned" and not commitment.updates.exists()


def test_hostile_path_ids_get_a_documented_error(client, commitment):
    for url in ("/api/commitments/%00", "/api/commitments/1e309", f"/api/commitments/{10**23}"):
        response = client.get(url)
        assert response.status_code in (400, 404, 422), url
        assert "error" in response.json()


def test_the_document_declares_every_error_an_operation_answers(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
    reason = document["components"]["schemas"]["CommitmentUpdateIn"]["properties"]["reason"]
    assert reason["maxLength"] == 4000
