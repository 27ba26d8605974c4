"""The Open311 GeoReport v2 server: discovery, services, requests and tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from coproduce.assessment.models import Report, ReportCategory, ReportStatus
from coproduce.assessment.open311.render import error, respond
from coproduce.assessment.services.keys import ApiKeyOverLimit, api_key_find
from coproduce.assessment.services.reports import ReportInput, report_create
from coproduce.organisations.models import Organisation
from coproduce.ui.input import number_parse, whole_number_parse

FORMATS = ("json", "xml")
MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
View = Callable[..., HttpResponse]


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def _site_jurisdiction() -> str:
    return urlparse(settings.SITE_URL).hostname or "coproduce"


def _organisation(request: HttpRequest) -> Organisation | None:
    """The jurisdiction asked for: an organisation's slug, the site's host, or none (all)."""
    jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if not jurisdiction or jurisdiction == _site_jurisdiction():
        return None
    organisation = Organisation.objects.filter(slug=jurisdiction).first()
    if organisation is None:
        raise Open311Error(404, f"jurisdiction_id {jurisdiction!r} was not found")
    return organisation


def endpoint(view: View) -> View:
    """Check the format, turn Open311Error into the standard error document."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return error("json", 404, [f"format {fmt!r} is not supported; use json or xml"])
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as problem:
            return error(fmt, problem.status, problem.descriptions)

    return wrapper


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """Open311's error document for input no endpoint can use (``coproduce.ui.input``)."""
    return error("xml" if request.path_info.endswith(".xml") else "json", 400, [message])


def _categories(organisation: Organisation | None) -> QuerySet[ReportCategory]:
    categories = ReportCategory.objects.filter(active=True).select_related("organisation")
    if organisation is not None:
        categories = categories.filter(organisation=organisation)
    return categories.prefetch_related("attributes")


@endpoint
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    document = {
        "changeset": "2026-11-29T00:00:00Z",
        "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": request.build_absolute_uri(reverse("assessment_staff:api_keys")),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base.rsplit("/discovery", 1)[0],
                "changeset": "2026-11-29T00:00:00Z",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", document)


@endpoint
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    document = [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description,
            "metadata": bool(category.attributes.all()),
            "type": "realtime",
            "keywords": category.keywords,
            "group": category.group,
        }
        for category in _categories(_organisation(request))
    ]
    return respond(fmt, "services", document)


def _category(request: HttpRequest, code: str) -> ReportCategory:
    category = _categories(_organisation(request)).filter(code=code).first()
    if category is None:
        raise Open311Error(404, f"service_code {code!r} was not found")
    return category


@endpoint
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    category = _category(request, code)
    attributes = [
        {
            "variable": True,
            "code": attribute.code,
            "datatype": attribute.datatype,
            "required": attribute.required,
            "datatype_description": attribute.datatype_description,
            "order": attribute.order,
            "description": attribute.description,
            "values": [{"key": v["key"], "name": v["name"]} for v in attribute.values],
        }
        for attribute in category.attributes.all()
    ]
    document = {"service_code": category.code, "attributes": attributes}
    return respond(fmt, "service_definition", document)


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _as_request(report: Report, request: HttpRequest) -> dict[str, Any]:
    last_note = next((u.text for u in reversed(report.updates.all()) if u.text), "")
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if report.status == ReportStatus.CLOSED else "open",
        "status_notes": last_note,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.category.organisation.name,
        "service_notice": "",
        "requested_datetime": _stamp(report.created_at),
        "updated_datetime": _stamp(report.updated_at),
        "expected_datetime": None,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.lat,
        "long": report.lon,
        "media_url": request.build_absolute_uri(
            reverse("assessment:report_photo", args=[report.pk])
        )
        if report.photo
        else "",
    }


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("category__organisation").prefetch_related("updates")


def _date(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    moment = parse_datetime(raw.replace(" ", "+"))
    if moment is None:
        raise Open311Error(400, f"{name} must be a W3C date-time like 2026-01-01T00:00:00Z")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _listed(request: HttpRequest) -> QuerySet[Report]:
    reports = _reports()
    organisation = _organisation(request)
    if organisation is not None:
        reports = reports.filter(category__organisation=organisation)
    ids = [i for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        try:
            return reports.filter(pk__in=[whole_number_parse(i, minimum=1) for i in ids])
        except ValueError:
            raise Open311Error(
                400, "service_request_id must be a comma-separated list of ids"
            ) from None
    codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
    if codes:
        reports = reports.filter(category__code__in=codes)
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start is None and end is None:
        start = timezone.now() - DEFAULT_WINDOW
    if start is not None:
        reports = reports.filter(created_at__gte=start)
    if end is not None:
        reports = reports.filter(created_at__lte=end)
    statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open, closed or both")
    if statuses == {"open"}:
        reports = reports.exclude(status=ReportStatus.CLOSED)
    elif statuses == {"closed"}:
        reports = reports.filter(status=ReportStatus.CLOSED)
    return reports


@csrf_exempt
@endpoint
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, "use GET or POST")
    reports = _listed(request).order_by("-created_at", "-pk")[:MAX_RESULTS]
    return respond(fmt, "service_requests", [_as_request(r, request) for r in reports])


@endpoint
def request_detail(request: HttpRequest, pk: int, *, fmt: str) -> HttpResponse:
    report = _reports().filter(pk=pk).first()
    if report is None:
        raise Open311Error(404, f"service_request_id {pk} was not found")
    return respond(fmt, "service_requests", [_as_request(report, request)])


@endpoint
def token(request: HttpRequest, value: str, *, fmt: str) -> HttpResponse:
    report = (
        Report.objects.filter(token=value).only("pk", "token").first() if _uuid(value) else None
    )
    if report is None:
        raise Open311Error(404, f"token {value!r} was not found")
    document = [{"service_request_id": str(report.pk), "token": str(report.token)}]
    return respond(fmt, "service_requests", document)


def _uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _coordinate(request: HttpRequest, name: str, limit: float) -> float | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        return number_parse(raw, minimum=-limit, maximum=limit)
    except ValueError as problem:
        raise Open311Error(400, f"{name} {problem}") from None


def _attributes(request: HttpRequest) -> dict[str, list[str]]:
    attributes: dict[str, list[str]] = {}
    for key in request.POST:
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute[") :].split("]", 1)[0]
            attributes.setdefault(code, []).extend(request.POST.getlist(key))
    return attributes


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    key = api_key_find(request.POST.get("api_key", ""))
    if key is None:
        raise Open311Error(403, "a valid api_key is required to post a service request")
    code = request.POST.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required")
    category = _category(request, code)
    lat, lon = _coordinate(request, "lat", 90), _coordinate(request, "long", 180)
    address = request.POST.get("address_string", "").strip()
    if not address and request.POST.get("address_id"):
        address = f"address_id {request.POST['address_id'].strip()}"
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long must be given together")
    names = [request.POST.get("first_name", ""), request.POST.get("last_name", "")]
    data = ReportInput(
        category=category,
        description=request.POST.get("description", ""),
        lon=lon,
        lat=lat,
        address=address,
        photo=request.FILES.get("media"),
        attributes=_attributes(request),
        contact="email" if request.POST.get("email") else "none",
        contact_name=" ".join(n.strip() for n in names if n.strip()),
        contact_email=request.POST.get("email", ""),
        contact_phone=request.POST.get("phone", ""),
    )
    try:
        report = report_create(data=data, reporter=None, api_key=key)
    except ValidationError as problem:
        raise Open311Error(400, *_describe(problem)) from None
    except ApiKeyOverLimit as over:
        raise Open311Error(
            429, f"this api_key may post {over.key.hourly_limit} requests an hour"
        ) from None
    except PermissionDenied as refused:
        raise Open311Error(403, str(refused)) from None
    document = [
        {
            "service_request_id": str(report.pk),
            "token": str(report.token),
            "service_notice": "",
            "account_id": "",
        }
    ]
    return respond(fmt, "service_requests", document)


def _describe(problem: ValidationError) -> list[str]:
    names = {
        "location": "lat/long or address_string",
        "address": "address_string",
        "photo": "media",
        "contact_name": "first_name/last_name",
        "contact_email": "email",
        "contact_phone": "phone",
    }
    return [
        f"{names.get(field, field)}: {message}"
        for field, messages in problem.message_dict.items()
        for message in messages
    ]
