"""The streets a council loads for the address search: CSV checked row by row (a bad row
changes nothing), who may load them, the command, and the demo's streets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.places.models import Street
from coproduce.places.services import CsvImportError
from coproduce.places.streets import streets_import_csv, streets_replace

GOOD = "name,lat,lon\nStation Road,51.30,0.30\nCôte Lane,50.5,0.5\n"
BAD = (
    "name,lat,lon\n"
    "Station Road,51.30,0.30\n"
    ",51.3,0.3\n"
    "Mill Lane,north,0.2\n"
    "High Street,51.2,200\n"
    "Park Road,nan,0.1\n"
)


@pytest.fixture
def loaded(city: Any) -> None:
    streets_replace(streets=[Street(name="Old Street", lat=51.1, lon=0.1)], actor=None)


def _upload(client: Any, text: str) -> Any:
    upload = SimpleUploadedFile("streets.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("places:streets_import"), {"file": upload})


def test_a_csv_replaces_the_streets_and_is_audited(
    loaded, organiser, council, client, with_second_factor
):
    client.force_login(with_second_factor(organiser))
    response = _upload(client, GOOD)
    assert response.status_code == 302
    assert sorted(Street.objects.values_list("name", "search_name", "lat", "lon")) == [
        ("Côte Lane", "cote lane", 50.5, 0.5),
        ("Station Road", "station road", 51.3, 0.3),
    ]
    event = AuditEvent.objects.filter(action="streets.import").latest("pk")
    assert event.organisation == council and event.data == {"streets": 2}


def test_a_bad_csv_names_every_bad_row_and_changes_nothing(loaded, organiser):
    with pytest.raises(CsvImportError) as refused:
        streets_import_csv(text=BAD, actor=organiser)
    lines = [(e.line, e.message) for e in refused.value.errors]
    assert [line for line, _ in lines] == [3, 4, 5, 6]
    assert "the name is empty" in lines[0][1]
    assert "lat must be a number from -90 to 90, not 'north'" in lines[1][1]
    assert "lon must be a number from -180 to 180, not '200'" in lines[2][1]
    assert "lat must be a number" in lines[3][1]
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]
    assert AuditEvent.objects.filter(action="streets.import").count() == 1  # the fixture's


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("street,lat,lon\nA,1,2\n", "missing columns: name"),
        ("name,lat,lon\n", "the file has no streets"),
        ("", "missing columns: name, lat, lon"),
    ],
)
def test_a_file_without_the_columns_or_rows_is_refused(loaded, organiser, text, message):
    with pytest.raises(CsvImportError, match=message):
        streets_import_csv(text=text, actor=organiser)
    assert Street.objects.count() == 1


def test_the_upload_page_shows_each_bad_row(loaded, organiser, client, with_second_factor):
    client.force_login(with_second_factor(organiser))
    response = _upload(client, BAD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file was not loaded: nothing was changed" in page
    assert "Line 4: lat must be a number from -90 to 90" in page
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]


def test_anonymous_visitors_are_sent_to_sign_in(loaded, client):
    response = _upload(client, GOOD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]


def test_a_resident_is_refused_and_a_forged_post_changes_nothing(loaded, resident, client):
    client.force_login(resident)
    assert client.get(reverse("places:streets_import")).status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]
    with pytest.raises(PermissionDenied):
        streets_import_csv(text=GOOD, actor=resident)


def test_staff_without_their_second_factor_change_nothing(loaded, organiser, client):
    client.force_login(organiser)
    response = _upload(client, GOOD)
    assert response.status_code in {302, 403}
    assert "/staff/places/streets/" not in response.get("Location", "")
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]


def test_a_community_groups_coordinator_is_refused(loaded, make_person, client, with_second_factor):
    from coproduce.organisations.models import Membership, Organisation

    group = Organisation.objects.create(name="Friends", slug="friends", kind="community_group")
    coordinator = make_person("coordinator")
    Membership.objects.create(organisation=group, person=coordinator, role="coordinator")
    client.force_login(with_second_factor(coordinator))
    assert _upload(client, GOOD).status_code == 403
    assert list(Street.objects.values_list("name", flat=True)) == ["Old Street"]


def test_the_command_loads_a_file_and_refuses_a_bad_one(loaded, tmp_path: Path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("streets_import", str(good))
    assert Street.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="Line 3: the name is empty"):
        call_command("streets_import", str(bad))
    assert Street.objects.count() == 2


def test_the_demo_streets_have_lines_to_draw(db):
    from coproduce.places import demo

    demo.load(None)  # type: ignore[arg-type]
    demo.load(None)  # type: ignore[arg-type]  (idempotent)
    streets = Street.objects.all()
    assert streets.count() == len(demo.STREETS)
    assert all(s.line and s.line["type"] == "LineString" for s in streets)
    station = streets.get(name="Station Road")
    assert -1.6 < station.lon < -1.4 and 52.4 < station.lat < 52.5
