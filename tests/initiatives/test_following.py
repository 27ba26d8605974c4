"""Followers of an initiative hear of new public activities in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from coproduce.accounts.following import follow_start
from coproduce.accounts.models import Notification
from coproduce.initiatives.services import activity_create

pytestmark = pytest.mark.django_db


def test_followers_of_an_initiative_hear_of_a_new_activity_in_it(
    initiative: Any, organiser: Any, resident: Any, other_resident: Any
) -> None:
    follow_start(person=resident, target=initiative)
    activity = activity_create(
        actor=organiser,
        initiative=initiative,
        co="assessment",
        kind="survey",
        title="How are the parks?",
        starts_at=timezone.now(),
    )
    (told,) = Notification.objects.all()
    assert told.person == resident and told.event == "initiative.activity"
    assert "How are the parks?" in told.subject and told.url == activity.get_absolute_url()
    assert not Notification.objects.filter(person=other_resident).exists()
