"""Fixtures for co-assessment: a report channel, categories with attributes, photos."""

from __future__ import annotations

import io
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def channel(activity_in: Any) -> Any:
    return activity_in("assessment", "report_channel", title="Report a street problem")


@pytest.fixture
def category(council: Any, channel: Any) -> Any:
    from coproduce.assessment.models import CategoryAttribute, ReportCategory

    category = ReportCategory.objects.create(
        organisation=council,
        activity=channel,
        code="pothole",
        name="Pothole",
        group="Roads",
        duplicate_distance_m=50,
    )
    CategoryAttribute.objects.create(
        category=category,
        code="depth",
        datatype="number",
        description="How deep is it, in cm?",
        required=True,
        order=1,
    )
    CategoryAttribute.objects.create(
        category=category,
        code="where",
        datatype="singlevaluelist",
        description="Where on the road?",
        order=2,
        values=[{"key": "road", "name": "In the road"}, {"key": "path", "name": "On the path"}],
    )
    CategoryAttribute.objects.create(
        category=category,
        code="hazards",
        datatype="multivaluelist",
        description="Anything else?",
        order=3,
        values=[{"key": "water", "name": "Water"}, {"key": "glass", "name": "Glass"}],
    )
    return category


@pytest.fixture
def streetlight(council: Any, channel: Any) -> Any:
    from coproduce.assessment.models import ReportCategory

    return ReportCategory.objects.create(
        organisation=council, activity=channel, code="streetlight", name="Street light out"
    )


# A point inside the North Ward of the test city (north is lon 0..1, lat 51..52).
LON, LAT = 0.25, 51.25


@pytest.fixture
def make_report(category: Any) -> Any:
    """Return ``make_report(reporter, lon=, lat=, **input)`` through the real service."""
    from coproduce.assessment.services.reports import ReportInput, report_create

    def make(reporter: Any, *, lon: float = LON, lat: float = LAT, **extra: Any) -> Any:
        values: dict[str, Any] = {
            "category": category,
            "description": "A deep pothole by the bus stop",
            "lon": lon,
            "lat": lat,
            "attributes": {"depth": "12"},
        }
        values.update(extra)
        return report_create(data=ReportInput(**values), reporter=reporter)

    return make


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A small JPEG whose EXIF names a GPS position, as a phone camera writes."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 27.0, 0.0)
    gps[3] = "W"
    gps[4] = (1.0, 30.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def photo() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("pothole.jpg", jpeg_with_gps(), content_type="image/jpeg")
