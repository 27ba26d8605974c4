"""Riverton's "Who benefits" after ``coproduce demo``: money funded last year flags quintile 3
(Northfield), with one alert and its outreach action beside the next period's figures."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.initiatives.benefit_selectors import alerts_for_place
from coproduce.initiatives.models import OutreachAction
from coproduce.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_under_served_quintile_with_an_alert_and_an_action(client, shared_data):
    call_command("demo", "--quiet")
    riverton = Place.objects.get(slug="riverton")
    (view,) = alerts_for_place(riverton)
    assert view.then is not None and view.then.under_served
    assert view.then.figures.ratio is not None and view.then.figures.ratio < 0.8
    assert OutreachAction.objects.get().alert == view.alert
    response = client.get(
        reverse("web:benefits"), {"place": "riverton", "period": "12-months-before"}
    )
    html = response.content.decode()
    assert "deprivation quintile 3" in html and "Proposal-writing sessions" in html
