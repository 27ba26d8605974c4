"""Citizens' pages for reports: choose a category, report, "me too", "is it fixed?", the map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.assessment.forms import FixedForm, ReportForm
from coproduce.assessment.maps import picker_map, reports_map
from coproduce.assessment.models import Report, ReportCategory, ReportStatus
from coproduce.assessment.selectors.reports import (
    ReportFilters,
    attribute_display,
    categories_open,
    duplicates_near,
    reports_public,
    response_stats,
)
from coproduce.assessment.services.reports import (
    ReportInput,
    can_answer_fixed,
    report_create,
    report_fix_answer,
    report_support,
)
from coproduce.initiatives.selectors import activities_for_user, lineage_of
from coproduce.places.geocoding import geocoder
from coproduce.places.maps import MapPoint
from coproduce.places.models import Place, PlaceKind
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import number_parse, query_day, query_id
from coproduce.ui.typing import AuthenticatedRequest


def report_input(form: ReportForm, files: Any) -> ReportInput:
    data = form.cleaned_data
    return ReportInput(
        category=form.category,
        description=data["description"],
        lon=data.get("lon"),
        lat=data.get("lat"),
        address=data.get("address") or "",
        area=data.get("area"),
        photo=files.get("photo"),
        attributes=form.attribute_answers(),
        contact=data["contact"],
        contact_name=data.get("contact_name") or "",
        contact_email=data.get("contact_email") or "",
        contact_phone=data.get("contact_phone") or "",
    )


def _duplicates_for(form: ReportForm) -> list[Any]:
    data = form.cleaned_data
    if data.get("confirm_new") or data.get("lon") is None or data.get("lat") is None:
        return []
    return duplicates_near(category=form.category, lon=data["lon"], lat=data["lat"])


@login_required
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    code = request.GET.get("category", "")
    category = categories_open().filter(code=code).first() if code else None
    if category is None:
        categories = categories_open()
        return render(request, "assessment/report_choose.html", {"categories": categories})
    form = ReportForm(
        request.POST or None, request.FILES or None, category=category, initial=_chosen(request)
    )
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates_for(form)
        if not duplicates:
            try:
                report = report_create(
                    data=report_input(form, request.FILES), reporter=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you: your report is number %(id)s.") % {"id": report.pk}
                )
                return redirect(report)
    context = {
        "form": form,
        "category": category,
        "duplicates": duplicates,
        "picker": picker_map(),
        **_address_search(request),
    }
    return render(request, "assessment/report_new.html", context)


def _chosen(request: HttpRequest) -> dict[str, Any]:
    """The point chosen from the address search's matches (without JavaScript), if any."""
    try:
        lat = number_parse(request.GET.get("lat", ""), minimum=-90, maximum=90)
        lon = number_parse(request.GET.get("lon", ""), minimum=-180, maximum=180)
    except ValueError:
        return {}
    return {"lat": lat, "lon": lon, "address": request.GET.get("address", "")[:300]}


def _address_search(request: HttpRequest) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()[:200]
    if not query:
        return {"query": "", "matches": []}
    kinds = dict(PlaceKind.choices)
    matches = [
        {
            "name": m.name,
            "lat": m.lat,
            "lon": m.lon,
            "kind": m.kind,
            "kind_label": kinds.get(m.kind, ""),
        }
        for m in geocoder().search(query, 8)
    ]
    return {"query": query, "matches": matches}


def duplicates_partial(request: HttpRequest) -> HttpResponse:
    """The open reports near a point, for the live suggestion while reporting (HTMX)."""
    category = categories_open().filter(code=request.GET.get("category", "")).first()
    nearby: list[Any] = []
    try:
        lon = number_parse(request.GET.get("lon", ""), minimum=-180, maximum=180)
        lat = number_parse(request.GET.get("lat", ""), minimum=-90, maximum=90)
    except ValueError:
        category = None  # no usable point yet: nothing to suggest
    if category is not None:
        nearby = duplicates_near(category=category, lon=lon, lat=lat)
    return render(request, "assessment/_duplicates.html", {"duplicates": nearby, "live": True})


def _filters(request: HttpRequest) -> ReportFilters:
    return ReportFilters(
        category=request.GET.get("category", ""),
        status=request.GET.get("status", ""),
        area=request.GET.get("area", ""),
        since=query_day(request, "since"),
        until=query_day(request, "until"),
        channel=query_id(request, "channel"),
    )


def report_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    channel = None
    if filters.channel:
        channel = get_object_or_404(activities_for_user(request.user), pk=filters.channel)
    reports = reports_public(filters)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    points = reports.exclude(lon=None).values_list("pk", "lon", "lat", "category__name")[:2000]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "categories": ReportCategory.objects.all(),
        "statuses": [("open", _("Not closed")), *ReportStatus.choices],
        "areas": Place.objects.filter(kind__in=[PlaceKind.DISTRICT, PlaceKind.WARD]),
        "map": reports_map(
            [
                MapPoint(lon, lat, f"{pk}: {name}", reverse("assessment:report", args=[pk]))
                for pk, lon, lat, name in points
                if lon is not None and lat is not None
            ],
            title=_("Reports on the map"),
        ),
        "stats": response_stats(reports),
        "channel": channel,
        "lineage": lineage_of(channel) if channel else None,
    }
    return render(request, "assessment/report_list.html", context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(reports_public(), pk=pk)
    points = (
        [MapPoint(report.lon, report.lat, str(report))]
        if report.lon is not None and report.lat is not None
        else []
    )
    context = {
        "report": report,
        "updates": report.updates.select_related("author"),
        "map": reports_map(points, title=_("Where the problem is")) if points else "",
        "can_answer_fixed": can_answer_fixed(report, request.user),  # type: ignore[arg-type]
        "fixed_form": FixedForm(),
        "lineage": lineage_of(report),
        "reopened": report.reopened_count,
        "answers": attribute_display(report),
    }
    return render(request, "assessment/report_detail.html", context)


@login_required
@require_POST
def report_me_too(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    try:
        added = report_support(report=report, person=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(request, _("Thank you: your voice is added to this report."))
        else:
            messages.info(request, _("Your voice is already on this report."))
    return redirect(report)


@login_required
@require_POST
def report_fixed(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    form = FixedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether it is fixed."))
        return redirect(report)
    fixed = form.cleaned_data["fixed"]
    report_fix_answer(
        report=report, person=request.user, fixed=fixed, comment=form.cleaned_data["comment"]
    )
    if fixed:
        messages.success(request, _("Thank you for confirming it is fixed."))
    else:
        messages.success(request, _("Thank you: the report is open again."))
    return redirect(report)


def report_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a report's photo (already stripped of metadata) from storage."""
    report = get_object_or_404(Report.objects.only("photo"), pk=pk)
    if not report.photo:
        raise Http404
    response = FileResponse(report.photo.open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
