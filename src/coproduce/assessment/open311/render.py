"""GeoReport v2 documents in JSON and XML, including the standard error format."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

# In XML, a list is wrapped in a plural element whose items take the singular name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner)
    elif isinstance(value, list | tuple):
        item = ITEM_NAMES.get(element.tag, "item")
        for inner in value:
            _fill(ET.SubElement(element, item), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, document: Any) -> bytes:
    """Return the document as GeoReport XML under ``root``."""
    element = ET.Element(root)
    _fill(element, document)
    document_bytes: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return document_bytes


def respond(fmt: str, root: str, document: Any, *, status: int = 200) -> HttpResponse:
    """Answer in the requested format (``json`` or ``xml``)."""
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, document), status=status, content_type="text/xml; charset=utf-8"
        )
    return HttpResponse(
        json.dumps(document, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error(fmt: str, status: int, descriptions: Sequence[str]) -> HttpResponse:
    """The standard error format: a list of errors, each with a code and a description."""
    errors = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt, "errors", errors, status=status)
