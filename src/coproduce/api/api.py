"""The HTTP API: read endpoints for the core, token-authenticated writes, JSON errors.

The OpenAPI 3 document is served at ``/api/openapi.json``, read at ``/api/docs`` (an
accessible page built from it) and tried out at ``/api/docs/try`` (Swagger UI, served from
our own static files).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from coproduce.api.schemas import (
    ActivityOut,
    CommitmentOut,
    CommitmentUpdateIn,
    ErrorOut,
    InitiativeOut,
    OrganisationOut,
    PlaceOut,
)
from coproduce.api.services import token_person
from coproduce.governance.models import Commitment
from coproduce.governance.services import commitment_update
from coproduce.initiatives.selectors import activities_for_user, initiatives_for_user
from coproduce.organisations.models import Organisation
from coproduce.places.models import Place


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = token_person(token)
        if person is not None:
            request.user = person
        return person


class CoproduceApi(NinjaAPI):
    """The site's API: its document declares the errors any operation can answer.

    Every operation may answer 400 (input no endpoint can use: a NUL character, text that is
    not Unicode, an over-long query value, a body that is not JSON); every operation that
    takes parameters or a body may answer 422 (a value of the wrong type or out of range);
    every operation with a path parameter may answer 404.
    """

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema()
        )
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault(400, _documented("Bad request"))
                parameters = operation.get("parameters", [])
                if parameters or "requestBody" in operation:
                    responses.setdefault(422, _documented("Invalid input"))
                if any(parameter["in"] == "path" for parameter in parameters):
                    responses.setdefault(404, _documented("Not Found"))
        return document


def _documented(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/ErrorOut"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


api = CoproduceApi(
    title="Coproduce API",
    version="1",
    description="Places, organisations, initiatives, activities and commitments.",
    urls_namespace="api",
    # /api/docs is our own accessible reference (api/reference.py); Swagger UI, with
    # "try it out", stays beside it for developers.
    docs_url="/docs/try",
)


def _error(request: HttpRequest, status: int, code: str, message: Any) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The API's answer to input no endpoint can use (``coproduce.ui.input``)."""
    return _error(request, 400, "bad_request", message)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", exc.errors)


@api.exception_handler(ValidationError)
def _rejected(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", exc.message_dict)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "A valid API token is required.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or "Not allowed.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "No such item.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


def _place_out(place: Place) -> dict[str, Any]:
    return {
        "slug": place.slug,
        "name": place.name,
        "kind": place.kind,
        "parent": place.parent.slug if place.parent else None,
        "population": place.population,
        "boundary": place.boundary,
    }


@api.get("/places", response=list[PlaceOut], tags=["places"])
@paginate(PageNumberPagination, page_size=50)
def places(request: HttpRequest) -> list[dict[str, Any]]:
    return [_place_out(p) for p in Place.objects.select_related("parent").order_by("pk")]


@api.get("/places/{slug}", response={200: PlaceOut, 404: ErrorOut}, tags=["places"])
def place(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _place_out(get_object_or_404(Place.objects.select_related("parent"), slug=slug))


@api.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
@paginate(PageNumberPagination, page_size=50)
def organisations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": o.slug,
            "name": o.name,
            "kind": o.kind,
            "place": o.place.slug if o.place else None,
            "description": o.description,
        }
        for o in Organisation.objects.select_related("place").order_by("pk")
    ]


def _initiative_out(initiative: Any) -> dict[str, Any]:
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "origin": initiative.origin,
        "organisation": initiative.organisation.slug,
        "place": initiative.place.slug,
        "stages": [
            {"co": s.co, "lead": s.lead, "lead_note": s.lead_note} for s in initiative.stages.all()
        ],
    }


@api.get("/initiatives", response=list[InitiativeOut], tags=["initiatives"])
@paginate(PageNumberPagination, page_size=50)
def initiatives(request: HttpRequest) -> list[dict[str, Any]]:
    rows = (
        initiatives_for_user(request.user)
        .select_related("organisation", "place")
        .prefetch_related("stages")
        .order_by("pk")
    )
    return [_initiative_out(i) for i in rows]


@api.get("/initiatives/{slug}", response={200: InitiativeOut, 404: ErrorOut}, tags=["initiatives"])
def initiative(request: HttpRequest, slug: str) -> dict[str, Any]:
    rows = initiatives_for_user(request.user).select_related("organisation", "place")
    return _initiative_out(get_object_or_404(rows, slug=slug))


@api.get("/activities", response=list[ActivityOut], tags=["initiatives"])
@paginate(PageNumberPagination, page_size=50)
def activities(request: HttpRequest) -> list[dict[str, Any]]:
    rows = (
        activities_for_user(request.user)
        .select_related("stage__initiative", "eligible_place")
        .order_by("pk")
    )
    return [
        {
            "id": a.pk,
            "initiative": a.stage.initiative.slug,
            "co": a.stage.co,
            "kind": a.kind,
            "title": a.title,
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "state": a.state,
            "eligible_place": a.eligible_place.slug if a.eligible_place else None,
            "min_age": a.min_age,
        }
        for a in rows
    ]


def _commitment_out(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "description": c.description,
        "owner": c.owner,
        "organisation": c.organisation.slug,
        "initiative": c.initiative.slug if c.initiative else None,
        "due_date": c.due_date,
        "status": c.status,
        "progress": c.progress,
        "updated_at": c.updated_at,
    }


@api.get("/commitments", response=list[CommitmentOut], tags=["commitments"])
@paginate(PageNumberPagination, page_size=50)
def commitments(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    rows = Commitment.objects.select_related("organisation", "initiative").order_by("pk")
    if status:
        rows = rows.filter(status=status)
    return [_commitment_out(c) for c in rows]


@api.get("/commitments/{pk}", response={200: CommitmentOut, 404: ErrorOut}, tags=["commitments"])
def commitment(request: HttpRequest, pk: int) -> dict[str, Any]:
    row = get_object_or_404(Commitment.objects.select_related("organisation", "initiative"), pk=pk)
    return _commitment_out(row)


@api.post(
    "/commitments/{pk}/updates",
    response={200: CommitmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=TokenAuth(),
    tags=["commitments"],
)
def commitment_update_api(request: HttpRequest, pk: int, body: CommitmentUpdateIn) -> Any:
    row = get_object_or_404(Commitment.objects.select_related("organisation", "initiative"), pk=pk)
    commitment_update(
        commitment=row,
        actor=request.auth,  # type: ignore[attr-defined]
        status=body.status,
        progress=body.progress,
        reason=body.reason,
    )
    row.refresh_from_db()
    return _commitment_out(row)


_mounted: set[str] = set()


def mount(prefix: str, router: Router) -> None:
    """Attach an app's router under ``/api{prefix}``; apps call this from ``AppConfig.ready``.

    Mounting the same prefix again is ignored, so a second ``ready()`` (as in tests) is safe.
    """
    if prefix in _mounted:
        return
    api.add_router(prefix, router)
    _mounted.add(prefix)
