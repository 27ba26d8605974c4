"""The public logic model page (chart, table, progress in words), found from the
initiative's page; the staff pages behind the second factor; personal data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.accounts.personal_data import personal_data
from coproduce.evaluation.models import Indicator, LogicModel, LogicStep, Measurement
from coproduce.evaluation.services import (
    indicator_add,
    logic_model_create,
    logic_step_add,
    measurement_enter,
)

pytestmark = pytest.mark.django_db

START = date.today() - timedelta(days=300)


@pytest.fixture
def indicator(initiative, organiser):
    model = logic_model_create(actor=organiser, initiative=initiative)
    logic_step_add(actor=organiser, logic_model=model, kind="inputs", text="Park rangers")
    step = logic_step_add(actor=organiser, logic_model=model, kind="outcomes", text="Clean parks")
    indicator = indicator_add(
        actor=organiser,
        step=step,
        name="Litter complaints",
        definition="Complaints about litter per month",
        unit="complaints",
        direction="lower",
        source_kind="entered",
        baseline_value=40.0,
        baseline_date=START,
        target_value=10.0,
        target_date=START + timedelta(days=365),
    )
    for n, value in enumerate([35, 25, 18]):
        measurement_enter(
            actor=organiser,
            indicator=indicator,
            value=value,
            date=START + timedelta(days=90 * n + 60),
        )
    return indicator


def test_the_public_page_shows_the_chain_a_chart_a_table_and_progress(
    client, indicator, initiative
):
    response = client.get(reverse("evaluation:logic_model", args=[initiative.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Park rangers") < html.index("Clean parks")
    assert "<svg" in html and 'role="img"' in html and "<title" in html
    assert "Litter complaints: measurements" in html
    assert html.count('govuk-table__cell--numeric">') == 3
    assert "1 of 1 indicator on track or met." in html
    assert "On track" in html


def test_the_initiative_page_links_to_its_outcomes(client, indicator, initiative):
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert reverse("evaluation:logic_model", args=[initiative.slug]) in html


def test_an_initiative_without_a_logic_model_has_no_outcomes_link(client, initiative):
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert reverse("evaluation:logic_model", args=[initiative.slug]) not in html
    assert client.get(reverse("evaluation:logic_model", args=[initiative.slug])).status_code == 404


def test_a_members_only_initiatives_outcomes_are_hidden(client, indicator, initiative, resident):
    initiative.visibility = "members"
    initiative.save(update_fields=["visibility"])
    url = reverse("evaluation:logic_model", args=[initiative.slug])
    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404


def test_staff_pages_need_the_second_factor(client, indicator, initiative, organiser):
    client.force_login(organiser)
    response = client.get(reverse("evaluation_staff:edit", args=[initiative.slug]))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] or "mfa" in response["Location"]


def test_a_resident_cannot_open_the_staff_pages(client, indicator, initiative, resident):
    client.force_login(resident)
    assert client.get(reverse("evaluation_staff:edit", args=[initiative.slug])).status_code == 403
    response = client.post(
        reverse("evaluation_staff:step_new", args=[initiative.slug]),
        {"s-kind": "inputs", "s-text": "Sneaky"},
    )
    assert response.status_code == 403
    assert not LogicStep.objects.filter(text="Sneaky").exists()


def test_staff_build_a_model_from_the_web(client, initiative, organiser, with_second_factor):
    with_second_factor(organiser)
    client.force_login(organiser)
    edit = reverse("evaluation_staff:edit", args=[initiative.slug])
    assert client.post(edit, {"summary": "Cleaner parks"}).status_code == 302
    client.post(
        reverse("evaluation_staff:step_new", args=[initiative.slug]),
        {"s-kind": "outcomes", "s-text": "Clean parks"},
    )
    step = LogicStep.objects.get()
    response = client.post(
        reverse("evaluation_staff:indicator_new", args=[initiative.slug]),
        {
            "i-step": step.pk,
            "i-name": "Volunteers",
            "i-definition": "People who took part",
            "i-direction": "higher",
            "i-source_kind": "computed",
            "i-computed_measure": "participants",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get().computed_measure == "participants"
    client.post(reverse("evaluation_staff:refresh", args=[initiative.slug]))
    assert Measurement.objects.get().value == 0


def test_a_bad_csv_upload_lists_the_rows_and_imports_nothing(
    client, indicator, initiative, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    upload = SimpleUploadedFile(
        "m.csv",
        b"indicator,date,value,source\nLitter complaints,2026-13-01,3,x\nNope,2025-01-01,1,\n",
    )
    response = client.post(
        reverse("evaluation_staff:import", args=[initiative.slug]), {"f-file": upload}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Row 2: the date must be written YYYY-MM-DD" in html
    assert "Row 3:" in html
    assert indicator.measurements.count() == 3


def test_staff_enter_a_measurement_and_a_duplicate_date_is_refused(
    client, indicator, initiative, organiser, with_second_factor
):
    with_second_factor(organiser)
    client.force_login(organiser)
    url = reverse("evaluation_staff:indicator", args=[initiative.slug, indicator.pk])
    day = (START + timedelta(days=60)).isoformat()
    response = client.post(url, {"date": day, "value": "30"})
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert client.post(url, {"date": date.today().isoformat(), "value": "18"}).status_code == 302
    assert indicator.measurements.count() == 4


def test_personal_data_exports_and_erases_who_entered_measurements(indicator, organiser):
    entry = next(e for e in personal_data() if e.section == "evaluation")
    exported = entry.export(organiser)
    assert len(exported["measurements_entered"]) == 3
    entry.erase(organiser)
    assert indicator.measurements.count() == 3
    assert not indicator.measurements.filter(entered_by__isnull=False).exists()
    assert LogicModel.objects.count() == 1


def test_the_public_page_costs_the_same_queries_however_many_indicators(
    client, indicator, initiative, organiser
):
    url = reverse("evaluation:logic_model", args=[initiative.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        extra = indicator_add(
            actor=organiser,
            step=indicator.step,
            name=f"Extra {n}",
            definition="Another count",
            unit="",
            direction="higher",
            source_kind="entered",
        )
        measurement_enter(actor=organiser, indicator=extra, value=n, date=START)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)
