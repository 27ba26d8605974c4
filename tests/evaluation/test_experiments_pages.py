# ruff: noqa: F811  (the fixtures are shared with test_experiments)
"""The staff pages of experiments: behind the second factor and the organisation's role,
a forged POST changes nothing, bad input says why, and the analysis page shows exactly what
``coproduce.methods.experiments`` computes on the stored data."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coproduce.audit.models import AuditEvent
from coproduce.evaluation.experiment_models import Experiment, ExperimentArm
from coproduce.evaluation.experiments.services import experiment_assign, experiment_freeze
from coproduce.evaluation.experiments.views import p_text, points
from coproduce.initiatives.models import Contribution
from coproduce.methods.experiments import analyse
from tests.evaluation.test_experiments import _draft, people, survey  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(name: str, experiment: Any, *extra: Any) -> str:
    slug = experiment.activity.stage.initiative.slug
    return reverse(f"evaluation_staff:{name}", args=[slug, experiment.pk, *extra])


@pytest.fixture
def staff_client(client: Any, organiser: Any, with_second_factor: Any) -> Any:
    with_second_factor(organiser)
    client.force_login(organiser)
    return client


def test_a_resident_and_an_anonymous_visitor_are_refused(
    client, organiser, survey, resident, initiative
):
    experiment = _draft(organiser, survey)
    listing = reverse("evaluation_staff:experiments", args=[initiative.slug])
    response = client.get(listing)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(resident)
    assert client.get(listing).status_code == 403
    assert client.get(_url("experiment", experiment)).status_code == 403
    assert client.get(_url("experiment_analysis", experiment)).status_code == 403
    assert client.get(_url("experiment_export", experiment)).status_code == 403


def test_a_forged_post_changes_nothing(client, organiser, survey, resident, people):
    experiment = _draft(organiser, survey)
    client.force_login(resident)
    assert client.post(_url("experiment_freeze", experiment)).status_code == 403
    response = client.post(
        _url("experiment_arm_new", experiment),
        {"a-name": "Sneaky", "a-subject": "s", "a-text": "t"},
    )
    assert response.status_code == 403
    assert client.post(_url("experiment_assign", experiment)).status_code == 403
    assert client.post(_url("experiment_send", experiment)).status_code == 403
    assert (
        client.post(
            _url("experiment_arm_remove", experiment, experiment.arms.first().pk)
        ).status_code
        == 403
    )
    experiment.refresh_from_db()
    assert experiment.arms.count() == 2
    assert experiment.frozen_at is None
    assert not ExperimentArm.objects.filter(name="Sneaky").exists()
    assert not experiment.assignments.exists()


def test_staff_need_their_second_factor(client, organiser, survey, initiative):
    client.force_login(organiser)
    response = client.get(reverse("evaluation_staff:experiments", args=[initiative.slug]))
    assert response.status_code == 302
    assert "mfa" in response["Location"] or "/accounts/" in response["Location"]


def test_staff_set_up_freeze_assign_and_send_from_the_pages(
    staff_client,
    survey,
    initiative,
    people,
    django_capture_on_commit_callbacks,
):
    html = staff_client.get(initiative.get_absolute_url()).content.decode()
    listing = reverse("evaluation_staff:experiments", args=[initiative.slug])
    assert listing in html
    response = staff_client.post(
        listing,
        {
            "title": "Wording",
            "activity": survey.pk,
            "population": "residents",
            "stratification": "place",
            "window_days": "10",
        },
    )
    experiment = Experiment.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("experiment", experiment)
    for name in ("Plain", "Friendly"):
        staff_client.post(
            _url("experiment_arm_new", experiment),
            {"a-name": name, "a-subject": f"{name} subject", "a-text": f"{name} text"},
        )
    assert list(experiment.arms.values_list("name", flat=True)) == ["Plain", "Friendly"]
    response = staff_client.post(
        _url("experiment_preregistration", experiment),
        {
            "p-hypothesis": "Friendly wording raises the response.",
            "p-primary_outcome": "Answered within 10 days.",
            "p-analysis_plan": "Blocked by place.",
            "p-expected_control_rate": "20",
            "p-expected_treatment_rate": "30",
            "p-alpha": "0.05",
            "p-power": "0.8",
        },
    )
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.expected_treatment_rate == pytest.approx(0.30)
    page = staff_client.get(_url("experiment", experiment)).content.decode()
    assert "292 people in each arm, 584 in all" in page
    assert staff_client.post(_url("experiment_freeze", experiment)).status_code == 302
    experiment.refresh_from_db()
    page = staff_client.get(_url("experiment", experiment)).content.decode()
    assert experiment.registration_hash in page
    assert "The stored document still gives this hash." in page
    assert staff_client.post(_url("experiment_assign", experiment)).status_code == 302
    assert experiment.assignments.count() == 40
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(_url("experiment_send", experiment)).status_code == 302
    assert not experiment.assignments.filter(invited_at=None).exists()
    page = staff_client.get(_url("experiment", experiment)).content.decode()
    assert "Replaying the assignment from the stored seed gives the same arms." in page


def test_the_list_costs_the_same_queries_however_many_experiments(
    staff_client, organiser, survey, initiative
):
    listing = reverse("evaluation_staff:experiments", args=[initiative.slug])
    _draft(organiser, survey)
    staff_client.get(listing)
    with CaptureQueriesContext(connection) as one:
        staff_client.get(listing)
    for _n in range(3):
        _draft(organiser, survey)
    with CaptureQueriesContext(connection) as four:
        assert staff_client.get(listing).content.decode().count("Reminder wording") == 4
    assert len(four) == len(one)


def test_bad_input_says_why_and_changes_nothing(staff_client, organiser, survey, initiative):
    listing = reverse("evaluation_staff:experiments", args=[initiative.slug])
    response = staff_client.post(
        listing,
        {
            "title": "",
            "activity": survey.pk,
            "population": "aliens",
            "stratification": "none",
            "window_days": "9999",
        },
    )
    assert response.status_code == 200
    assert not Experiment.objects.exists()
    experiment = _draft(organiser, survey)
    experiment_freeze(actor=organiser, experiment=experiment)
    response = staff_client.post(
        _url("experiment_arm_new", experiment), {"a-name": "C", "a-subject": "s", "a-text": "t"}
    )
    assert response.status_code == 200
    assert "frozen" in response.content.decode()
    assert experiment.arms.count() == 2
    response = staff_client.post(_url("experiment_freeze", experiment))
    assert response.status_code == 200 and "frozen" in response.content.decode()


def _ran(organiser: Any, survey: Any) -> Any:
    experiment = experiment_freeze(actor=organiser, experiment=_draft(organiser, survey))
    experiment_assign(actor=organiser, experiment=experiment)
    soon = timezone.now() + timedelta(days=1)
    for n, row in enumerate(experiment.assignments.select_related("arm", "person")):
        if (row.arm.name == "Letter B" and n % 3) or (row.arm.name == "Letter A" and n % 4 == 0):
            Contribution.objects.create(
                person=row.person,
                activity=survey,
                co="assessment",
                mode="voice",
                kind="response",
                created_at=soon,
            )
    return experiment


def test_the_analysis_page_shows_the_methods_numbers_on_the_stored_data(
    staff_client,
    organiser,
    survey,
    people,
):
    experiment = _ran(organiser, survey)
    response = staff_client.get(_url("experiment_analysis", experiment))
    assert response.status_code == 200
    rows = list(experiment.assignments.select_related("arm").order_by("pk"))
    took_part = set(Contribution.objects.values_list("person_id", flat=True))
    expected = analyse(
        [1.0 if row.person_id in took_part else 0.0 for row in rows],
        [row.arm.name for row in rows],
        strata=[row.stratum for row in rows],
        control="Letter A",
        seed=experiment.seed,
        incomplete_strata="drop",
    )
    result = response.context["result"]
    assert result.analysis == expected
    assert [s.n for s in result.summaries] == [expected.n["Letter A"], expected.n["Letter B"]]
    effect = expected.arms["Letter B"]
    html = response.content.decode()
    for text in (
        points(effect.estimate),
        points(effect.se),
        f"{points(effect.ci_low)} – {points(effect.ci_high)}",
        p_text(effect.p_value),
        p_text(effect.permutation_p),
    ):
        assert escape(text) in html
    assert "<svg" in html and 'role="img"' in html
    assert 'id="balance-table"' in html and "Age band: " in html


def test_staff_download_the_replication_export_and_it_is_audited(
    staff_client,
    organiser,
    survey,
    people,
):
    experiment = _ran(organiser, survey)
    response = staff_client.get(_url("experiment_export", experiment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "preregistration.json" in archive.namelist()
    assert AuditEvent.objects.filter(action="experiment.export").count() == 1
