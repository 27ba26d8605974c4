# ruff: noqa: F811  (the fixtures are shared with test_experiments)
"""In Chromium: staff set up an experiment on a survey's invitations from the initiative's
page, pre-register and freeze it, assign and send; residents respond (rows in the ledger);
the analysis shows the effect, with its table and chart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.evaluation.experiment_models import Experiment
from coproduce.initiatives.models import Contribution
from tests.evaluation.test_experiments import people, survey  # noqa: F401

pytestmark = pytest.mark.browser


def test_staff_run_an_experiment_on_a_surveys_invitations_and_see_the_effect(
    page: Any,
    sign_in: Any,
    organiser: Any,
    initiative: Any,
    survey: Any,
    people: list[Any],
    with_second_factor: Any,
) -> None:
    with_second_factor(organiser)
    sign_in(page, organiser)
    page.goto(initiative.get_absolute_url())
    page.get_by_role("link", name="Randomised experiments on this initiative's invitations").click()
    page.fill("#id_title", "Survey invitation wording")
    page.select_option("#id_activity", label="Park users' survey (Survey)")
    page.select_option("#id_population", value="residents")
    page.select_option("#id_stratification", value="place")
    page.fill("#id_window_days", "14")
    page.get_by_role("button", name="Start the experiment").click()
    assert "Experiment started." in page.inner_text("main")

    for name, text in (
        ("Plain", "The parks survey is open."),
        ("Neighbours", "Your neighbours answered: add your voice."),
    ):
        page.fill("#id_a-name", name)
        page.fill("#id_a-subject", f"{name}: the parks survey")
        page.fill("#id_a-text", text)
        page.get_by_role("button", name="Add the arm").click()
    page.get_by_role("button", name="Freeze the pre-registration").click()
    assert "Nothing has changed" in page.inner_text("main")  # no plan yet: refused

    page.fill("#id_p-hypothesis", "Mentioning neighbours raises the response.")
    page.fill("#id_p-analysis_plan", "Blocked estimator by place, two-sided at 5%.")
    page.fill("#id_p-expected_control_rate", "20")
    page.fill("#id_p-expected_treatment_rate", "40")
    page.get_by_role("button", name="Save the pre-registration").click()
    assert "people in each arm" in page.inner_text("#power-calculation")
    page.get_by_role("button", name="Freeze the pre-registration").click()
    experiment = Experiment.objects.get()
    assert experiment.registration_hash in page.inner_text("#registration-hash")

    page.get_by_role("button", name="Assign people to the arms").click()
    assert "Everyone has been assigned an arm." in page.inner_text("main")
    page.get_by_role("button", name="Send the invitations").click()
    assert "40 invitations sent." in page.inner_text("main")
    assert len(mail.outbox) == 40

    soon = timezone.now() + timedelta(days=1)
    for n, row in enumerate(experiment.assignments.select_related("arm", "person")):
        if (row.arm.name == "Neighbours" and n % 5) or (row.arm.name == "Plain" and n % 6 == 0):
            Contribution.objects.create(
                person=row.person,
                activity=survey,
                co="assessment",
                mode="voice",
                kind="response",
                created_at=soon,
            )
    page.get_by_role("link", name="See the analysis").click()
    effect = page.inner_text("#effect-table")
    assert "Neighbours" in effect
    estimate = float(page.inner_text("#effect-table tbody td").replace(",", "."))
    assert estimate > 30
    assert page.locator("figure svg[role=img]").count() == 1
    assert "Age band: " in page.inner_text("#balance-table")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
