"""List pages and API lists make a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.initiatives.models import Co, Initiative, Lead, Origin, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_initiatives(council, city):
    for n in range(30):
        initiative = Initiative.objects.create(
            title=f"Initiative {n}",
            slug=f"initiative-{n}",
            summary="…",
            origin=Origin.INSIDE_OUT,
            organisation=council,
            place=city,
        )
        for co in Co:
            Stage.objects.create(initiative=initiative, co=co, lead=Lead.SHARED)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiatives/",
        "/places/",
        "/api/initiatives",
        "/api/places",
        "/api/activities",
        "/api/organisations",
    ],
)
def test_lists_do_not_query_per_row(client, many_initiatives, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_initiative_page_does_not_query_per_activity(
    client, initiative, activity_in, django_assert_max_num_queries
):
    for n in range(12):
        activity_in(Co.DESIGN, "workshop", title=f"Workshop {n}")
    with django_assert_max_num_queries(15):
        client.get(reverse("web:initiative", args=[initiative.slug]))
