"""Staff set up report categories and their GeoReport questions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.assessment.models import AttributeType, ReportCategory
from coproduce.assessment.services.categories import attribute_add, category_save, parse_values

pytestmark = pytest.mark.django_db


def test_organisers_create_categories_and_others_cannot(organiser, moderator, council):
    category = category_save(actor=organiser, organisation=council, name="Dog fouling")
    assert category.code == "dog-fouling"
    with pytest.raises(PermissionDenied):
        category_save(actor=moderator, organisation=council, name="Noise")


def test_list_questions_need_values_and_codes_are_unique(organiser, council):
    category = category_save(actor=organiser, organisation=council, name="Bins")
    with pytest.raises(ValidationError):
        attribute_add(
            category=category,
            actor=organiser,
            code="kind",
            datatype=AttributeType.SINGLE,
            description="Which bin?",
            values=[("black", "Black")],
        )
    attribute_add(
        category=category,
        actor=organiser,
        code="kind",
        datatype=AttributeType.SINGLE,
        description="Which bin?",
        values=parse_values("black: Black bin\nGreen bin"),
    )
    assert category.attributes.get().values == [
        {"key": "black", "name": "Black bin"},
        {"key": "green-bin", "name": "Green bin"},
    ]
    with pytest.raises(ValidationError):
        attribute_add(
            category=category,
            actor=organiser,
            code="kind",
            datatype=AttributeType.STRING,
            description="Again",
        )


def test_the_staff_pages_set_up_a_category_that_open311_then_describes(
    client, organiser, with_second_factor
):
    client.force_login(with_second_factor(organiser))
    response = client.post(
        reverse("assessment_staff:categories"),
        {"name": "Abandoned car", "duplicate_distance_m": "80"},
    )
    category = ReportCategory.objects.get()
    assert response.url == reverse("assessment_staff:category", args=[category.pk])
    client.post(
        response.url,
        {"description": "Registration number", "code": "reg", "datatype": "string"},
    )
    definition = client.get("/open311/v2/services/abandoned-car.json").json()
    assert definition["attributes"][0]["code"] == "reg"
