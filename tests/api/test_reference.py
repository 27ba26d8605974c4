"""/api/docs: the API reference as a page, built from the OpenAPI document."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from coproduce.api.api import api
from coproduce.api.reference import api_reference, api_schemas

pytestmark = pytest.mark.django_db


def test_every_operation_of_the_document_is_on_the_page(client):
    document = api.get_openapi_schema()
    page = client.get("/api/docs").content.decode()
    operations = [op for section in api_reference(document) for op in section.operations]
    expected = {
        (method.upper(), path)
        for path, ops in document["paths"].items()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert {(op.method, op.path) for op in operations} == expected
    for op in operations:
        assert f'id="{op.anchor}"' in page, op.path
        assert escape(op.summary) in page
    assert len({op.anchor for op in operations}) == len(operations)  # anchors are unique


def test_writes_say_they_need_a_token_and_show_their_body():
    document = api.get_openapi_schema()
    operations = {
        (op.method, op.path): op for section in api_reference(document) for op in section.operations
    }
    create = operations[("POST", "/api/budgets")]
    assert create.needs_token and create.body_name == "RoundIn"
    fields = {f.name: f for f in create.body}
    assert fields["title"].required and fields["title"].type == "string"
    assert ("422", "Unprocessable Entity", "ErrorOut") in create.responses
    listing = operations[("GET", "/api/places")]
    assert not listing.needs_token
    assert any(p.name == "page" and p.where == "query" for p in listing.parameters)


def test_the_shapes_of_bodies_are_listed_with_their_fields(client):
    schemas = {s.name: s for s in api_schemas(api.get_openapi_schema())}
    assert {"RoundIn", "ErrorOut"} <= set(schemas)
    page = client.get("/api/docs").content.decode()
    assert 'id="schema-RoundIn"' in page
    assert "Authorization: Bearer" in page and 'href="/api/docs/try"' in page


def test_the_reference_is_translated(client):
    page = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in page
