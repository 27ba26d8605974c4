"""The co-assessment front page: every way to judge and improve services, in one place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduce.assessment.models import Panel, ReportStatus, Survey
from coproduce.assessment.selectors.reports import reports_public
from coproduce.initiatives.selectors import activities_for_user


def hub(request: HttpRequest) -> HttpResponse:
    activities = activities_for_user(request.user)
    context = {
        "open_reports": reports_public().exclude(status=ReportStatus.CLOSED).count(),
        "surveys": Survey.objects.filter(activity__in=activities).select_related(
            "activity__stage__initiative"
        ),
        "panels": Panel.objects.filter(activity__in=activities).select_related(
            "activity__stage__initiative"
        ),
    }
    return render(request, "assessment/hub.html", context)
