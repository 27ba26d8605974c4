"""The API's reference, read from its OpenAPI document, as a page anyone can read.

``/api/docs`` is this page: server-rendered, in the site's design system, readable with a
screen reader and on a phone, without JavaScript. The interactive Swagger UI (with "try it
out") stays at ``/api/docs/try`` for developers; both are built from the same document,
so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Field", "Operation", "Schema", "Section", "api_reference", "api_schemas"]

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str = ""
    where: str = ""  # path, query, header (parameters only)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    needs_token: bool
    parameters: list[Field]
    body: list[Field]
    body_name: str
    responses: list[tuple[str, str, str]]  # status, description, what the body is

    @property
    def anchor(self) -> str:
        tail = self.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")
        return f"{self.method.lower()}-{tail}"


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


def api_reference(document: Mapping[str, Any]) -> list[Section]:
    """The document's operations grouped by tag, in the document's order."""
    schemas = document.get("components", {}).get("schemas", {})
    sections: dict[str, Section] = {}
    for path, operations in document.get("paths", {}).items():
        for method in _METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["api"])[0]
            body_name, body = _body(operation, schemas)
            sections.setdefault(tag, Section(tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    needs_token=bool(operation.get("security")),
                    parameters=[
                        Field(
                            name=p["name"],
                            type=_type(p.get("schema", {}), schemas),
                            required=bool(p.get("required")),
                            description=p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                            where=p.get("in", ""),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    body=body,
                    body_name=body_name,
                    responses=sorted(
                        (str(status), r.get("description", ""), _response_type(r, schemas))
                        for status, r in operation.get("responses", {}).items()
                    ),
                )
            )
    return list(sections.values())


def _resolve(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        resolved: Mapping[str, Any] = schemas.get(ref.rsplit("/", 1)[1], {})
        return resolved
    return schema


def _type(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> str:
    """A schema's type in a few words: ``integer``, ``list of RoundOut``, ``string or null``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            return " or ".join(_type(s, schemas) for s in schema[combined])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _type(schema["allOf"][0], schemas)
    kind = str(schema.get("type", "object"))
    if kind == "array":
        return f"list of {_type(schema.get('items', {}), schemas)}"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"])
    return kind


def _body(operation: Mapping[str, Any], schemas: Mapping[str, Any]) -> tuple[str, list[Field]]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return "", []
    name = _type(schema, schemas)
    resolved = _resolve(schema, schemas)
    required = set(resolved.get("required", []))
    return name, [
        Field(
            name=prop,
            type=_type(spec, schemas),
            required=prop in required,
            description=spec.get("description", ""),
        )
        for prop, spec in resolved.get("properties", {}).items()
    ]


def _response_type(response: Mapping[str, Any], schemas: Mapping[str, Any]) -> str:
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return "" if schema is None else _type(schema, schemas)


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: list[Field]


def api_schemas(document: Mapping[str, Any]) -> list[Schema]:
    """The named shapes of bodies (``RoundIn``, ``ErrorOut``…) with their fields, by name."""
    schemas = document.get("components", {}).get("schemas", {})
    result = []
    for name in sorted(schemas):
        spec = schemas[name]
        required = set(spec.get("required", []))
        result.append(
            Schema(
                name=name,
                description=spec.get("description", ""),
                fields=[
                    Field(
                        name=prop,
                        type=_type(prop_spec, schemas),
                        required=prop in required,
                        description=prop_spec.get("description", ""),
                    )
                    for prop, prop_spec in spec.get("properties", {}).items()
                ],
            )
        )
    return result
