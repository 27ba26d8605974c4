"""Places: boundaries, point-in-area, population profiles from CSV, residency."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from coproduce.places.models import PopulationGroup, RegisterEntry, Residency
from coproduce.places.services import (
    CsvImportError,
    identifier_hash,
    place_at_point,
    population_import_csv,
    register_upload,
    residency_claim,
    residency_verify,
)
from coproduce.ui.geometry import contains, validate_geometry

pytestmark = pytest.mark.django_db

DONUT = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
        [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]],
    ],
}


@pytest.mark.parametrize(
    ("lon", "lat", "inside"), [(0.5, 0.5, True), (2, 2, False), (3.5, 2, True), (5, 5, False)]
)
def test_a_point_is_inside_a_polygon_but_not_its_hole(lon, lat, inside):
    assert contains(DONUT, lon=lon, lat=lat) is inside


def test_multipolygons_contain_points_in_any_part():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [DONUT["coordinates"], [[[10, 10], [11, 10], [11, 11], [10, 10]]]],
    }
    assert contains(multi, lon=10.8, lat=10.2)


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {"type": "Point", "coordinates": [0, 0]},
        {"type": "Polygon", "coordinates": [[[0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [500, 0], [0, 1], [0, 0]]]},
    ],
)
def test_unusable_boundaries_are_explained(geometry):
    assert validate_geometry(geometry)


def test_the_smallest_containing_place_is_found(city):
    assert place_at_point(lon=0.2, lat=51.2).slug == "north-ward"
    assert place_at_point(lon=0.7, lat=51.7).slug == "north"
    assert place_at_point(lon=1.5, lat=50.5).slug == "testford"
    assert place_at_point(lon=9, lat=9) is None


def test_a_population_csv_is_imported(city, organiser):
    saved = population_import_csv(
        text="place,dimension,category,count\nnorth,age_band,18-24,120\nnorth,sex,female,260\n",
        actor=organiser,
    )
    assert saved == 2
    assert PopulationGroup.objects.get(place__slug="north", dimension="sex").count == 260


def test_a_bad_population_csv_names_every_bad_row_and_saves_nothing(city, organiser):
    text = (
        "place,dimension,category,count\n"
        "north,age_band,18-24,120\n"
        "atlantis,age_band,18-24,5\n"
        "north,sex,female,lots\n"
        "north,,female,3\n"
        "north,age_band,18-24,7\n"
    )
    with pytest.raises(CsvImportError) as caught:
        population_import_csv(text=text, actor=organiser)
    lines = [error.line for error in caught.value.errors]
    assert lines == [3, 4, 5, 6]
    assert "atlantis" in str(caught.value.errors[0])
    assert "whole number" in str(caught.value.errors[1])
    assert not PopulationGroup.objects.exists()


def test_a_csv_without_the_columns_is_refused(city, organiser):
    with pytest.raises(CsvImportError, match="missing columns: count"):
        population_import_csv(text="place,dimension,category\n", actor=organiser)


def test_the_import_page_shows_row_errors(client, organiser, with_second_factor, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with_second_factor(organiser)
    client.force_login(organiser)
    upload = SimpleUploadedFile("p.csv", b"place,dimension,category,count\nnowhere,sex,f,1\n")
    response = client.post(reverse("places:population_import"), {"file": upload})
    assert "Line 2" in response.content.decode()
    assert not PopulationGroup.objects.exists()


@pytest.fixture
def group_coordinator(make_person, city):
    """The coordinator of a community group in the city: a manager of its own initiatives."""
    from coproduce.organisations.models import Membership, Organisation

    group = Organisation.objects.create(
        name="Northside Friends", slug="northside", kind="community_group", place=city
    )
    person = make_person("coordinator")
    Membership.objects.create(organisation=group, person=person, role="coordinator")
    return person


POPULATION = b"place,dimension,category,count\nnorth,sex,female,260\n"


def _post_population(client, person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(person)
    upload = SimpleUploadedFile("p.csv", POPULATION)
    return client.post(reverse("places:population_import"), {"file": upload})


def test_a_community_groups_coordinator_cannot_overwrite_a_profile(
    client, council, group_coordinator, with_second_factor
):
    response = _post_population(client, with_second_factor(group_coordinator))
    assert response.status_code == 403
    assert not PopulationGroup.objects.exists()
    with pytest.raises(CsvImportError, match="only the body that owns North"):
        population_import_csv(text=POPULATION.decode(), actor=group_coordinator)
    assert not PopulationGroup.objects.exists()


def test_staff_of_another_body_cannot_overwrite_a_profile(make_person, city, council):
    from coproduce.organisations.models import Membership, Organisation

    trust = Organisation.objects.create(
        name="Health Trust", slug="trust", kind="public_body", place=city
    )
    nurse = make_person("nurse")
    Membership.objects.create(organisation=trust, person=nurse, role="staff")
    with pytest.raises(CsvImportError, match="only the body that owns North"):
        population_import_csv(text=POPULATION.decode(), actor=nurse)


def test_the_owning_bodys_staff_change_the_profile_of_places_inside_it(
    client, council, organiser, with_second_factor
):
    from coproduce.audit.models import AuditEvent

    assert city_place("north").owning_body() == council
    response = _post_population(client, with_second_factor(organiser))
    assert response.status_code == 302
    assert PopulationGroup.objects.get(place__slug="north").count == 260
    assert AuditEvent.objects.get(action="population.import").organisation == council


def test_the_site_administrator_changes_any_profile(client, city, make_person, with_second_factor):
    admin = make_person("admin", is_superuser=True, is_staff=True)
    assert _post_population(client, with_second_factor(admin)).status_code == 302
    assert PopulationGroup.objects.filter(place__slug="north").exists()


def city_place(slug):
    from coproduce.places.models import Place

    return Place.objects.get(slug=slug)


def test_a_register_stores_only_hashes_and_residents_claim_once(
    city, council, organiser, resident, other_resident
):
    north = city.children.get(slug="north")
    register_upload(
        place=north, organisation=council, text="identifier\nAB 12 34 56 C\n", actor=organiser
    )
    assert RegisterEntry.objects.get().identifier_hash == identifier_hash("ab123456c")
    assert "AB" not in RegisterEntry.objects.get().identifier_hash
    assert residency_claim(person=resident, place=north, identifier="ab123456c") is not None
    assert residency_claim(person=other_resident, place=north, identifier="AB123456C") is None


def test_only_staff_verify_residency(city, council, resident, other_resident, organiser):
    north = city.children.get(slug="north")
    with pytest.raises(PermissionDenied):
        residency_verify(person=resident, place=north, organisation=council, actor=other_resident)
    residency_verify(person=resident, place=north, organisation=council, actor=organiser)
    assert Residency.objects.get(person=resident).verified_by == organiser


def test_the_place_page_shows_a_map_and_the_profile(client, city):
    PopulationGroup.objects.create(place=city, dimension="sex", category="female", count=510)
    page = client.get(reverse("web:place", args=["testford"])).content.decode()
    assert "<svg" in page and 'role="img"' in page and "Map of Testford" in page
    assert "Population of Testford by sex" in page
