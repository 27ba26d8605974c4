"""Fixtures for the meeting tests: a meeting activity and an upcoming meeting with 2 seats."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def meeting_activity(activity_in: Any) -> Any:
    return activity_in("design", "meeting", title="Riverside park workshop", ends_at=None)


@pytest.fixture
def meeting(meeting_activity: Any, organiser: Any, city: Any) -> Any:
    from coproduce.design.services.meetings import meeting_set_up

    starts = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    return meeting_set_up(
        activity=meeting_activity,
        actor=organiser,
        mode="hybrid",
        place=city,
        venue="Testford Library, 2 High Street",
        latitude=50.5,
        longitude=0.5,
        online_url="https://meet.example.org/riverside",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=2,
        agenda="1. Welcome\n2. The park's three layouts",
    )


def move_to_past(meeting: Any) -> None:
    """Move the meeting so it happened yesterday (attendance and minutes need that)."""
    from coproduce.design.models import Meeting

    starts = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    meeting.refresh_from_db()
