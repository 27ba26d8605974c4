"""The demo city's co-assessment data loads, and loads again without duplicating."""

from __future__ import annotations

import pytest

from coproduce.assessment.models import (
    Panel,
    Rating,
    Report,
    ReportCategory,
    SurveyResponse,
    WheelStage,
)
from coproduce.ui.geometry import contains

pytestmark = pytest.mark.django_db


def test_the_demo_loads_idempotently_with_reports_inside_the_districts():
    from coproduce.assessment import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    counts = (Report.objects.count(), Rating.objects.count(), SurveyResponse.objects.count())
    demo.load(city)
    assert counts == (
        Report.objects.count(),
        Rating.objects.count(),
        SurveyResponse.objects.count(),
    )
    assert counts[0] >= 300 and counts[2] >= 40
    assert ReportCategory.objects.count() == 6
    districts = list(city.districts.values())
    for lon, lat in Report.objects.values_list("lon", "lat"):
        assert any(contains(d.boundary, lon=lon, lat=lat) for d in districts)
    panel = Panel.objects.get()
    assert panel.stage == WheelStage.JUDGING and panel.evidence.count() == 3
    from coproduce.accounts.models import Follow, Notification

    resident = city.people["resident"]  # follows two reports, and heard of one, once
    assert Follow.objects.filter(person=resident).count() == 2
    assert Notification.objects.filter(person=resident).count() == 1
