"""Staff set up initiatives and activities through the staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, organiser, with_second_factor):
    with_second_factor(organiser)
    client.force_login(organiser)
    return client


def test_staff_create_an_initiative_with_the_stages_they_choose(staff_client, council, city):
    response = staff_client.post(
        reverse("initiatives:initiative_new"),
        {
            "organisation": council.pk,
            "title": "Cleaner river",
            "summary": "Together.",
            "place": city.pk,
            "origin": "outside_in",
            "cos": ["design", "delivery"],
        },
    )
    initiative = Initiative.objects.get(title="Cleaner river")
    assert response["Location"] == initiative.get_absolute_url()
    assert sorted(initiative.stages.values_list("co", flat=True)) == ["delivery", "design"]
    assert set(initiative.stages.values_list("lead", flat=True)) == {"citizens"}
    assert AuditEvent.objects.filter(action="initiative.create").exists()


def test_an_activity_that_closes_before_it_opens_is_refused(staff_client, initiative):
    url = reverse("initiatives:activity_new", args=[initiative.slug])
    data = {
        "co": "design",
        "kind": "workshop",
        "title": "Walkabout",
        "starts_at": "2027-05-02T10:00",
        "ends_at": "2027-05-01T10:00",
    }
    response = staff_client.post(url, data)
    assert "must close after it opens" in response.content.decode()
    assert not initiative.stages.get(co="design").activities.exists()
    data["ends_at"] = "2027-05-02T12:00"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert initiative.stages.get(co="design").activities.get().title == "Walkabout"


def test_residents_and_moderators_cannot_set_up_initiatives(
    client, resident, moderator, with_second_factor, initiative
):
    client.force_login(resident)
    assert client.get(reverse("initiatives:initiative_new")).status_code == 403
    with_second_factor(moderator)
    client.force_login(moderator)
    assert (
        client.get(reverse("initiatives:activity_new", args=[initiative.slug])).status_code == 403
    )
