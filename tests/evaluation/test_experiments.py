"""Experiments as services: a draft, its frozen pre-registration, a reproducible stratified
assignment, idempotent invitations by arm, the outcome from the ledger, personal data."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.accounts.models import Notification
from coproduce.accounts.personal_data import personal_data
from coproduce.accounts.services import demographics_give, person_delete
from coproduce.audit.models import AuditEvent
from coproduce.evaluation.experiment_models import Experiment, ExperimentAssignment
from coproduce.evaluation.experiments.analysis import (
    assignment_replays,
    experiment_analysis,
    experiment_data,
    replication_zip,
)
from coproduce.evaluation.experiments.services import (
    experiment_arm_add,
    experiment_arm_remove,
    experiment_assign,
    experiment_create,
    experiment_freeze,
    experiment_invitations_send,
    experiment_power,
    experiment_preregistration_update,
    registration_hash,
)
from coproduce.initiatives.models import Contribution
from coproduce.methods.experiments import analyse, assign, cohens_h, sample_size
from coproduce.places.models import Place, Residency

pytestmark = pytest.mark.django_db

AGES = ("16-24", "35-44", "65-74")


@pytest.fixture
def survey(activity_in: Any) -> Any:
    return activity_in("assessment", "survey", title="Park users' survey")


@pytest.fixture
def people(make_person: Any, city: Any) -> list[Any]:
    """Forty residents of Testford's two districts, most with a consented age band."""
    north, south = Place.objects.get(slug="north"), Place.objects.get(slug="south")
    found = []
    for n in range(40):
        person = make_person(f"person{n:02d}")
        Residency.objects.create(person=person, place=north if n % 2 else south, method="staff")
        if n % 5:
            demographics_give(person=person, values={"age_band": AGES[n % 3], "sex": "female"})
        found.append(person)
    return found


def _draft(organiser: Any, survey: Any, *, stratification: str = "place_age_band") -> Any:
    experiment = experiment_create(
        actor=organiser,
        activity=survey,
        title="Reminder wording",
        population="residents",
        stratification=stratification,
        window_days=14,
    )
    experiment_arm_add(
        actor=organiser,
        experiment=experiment,
        name="Letter A",
        subject="Tell us about the parks",
        text="The council's survey of park users is open.",
    )
    experiment_arm_add(
        actor=organiser,
        experiment=experiment,
        name="Letter B",
        subject="Your neighbours are telling us about the parks",
        text="Most of your neighbours have had their say. Add yours.",
    )
    experiment_preregistration_update(
        actor=organiser,
        experiment=experiment,
        hypothesis="Saying that neighbours take part raises the response.",
        primary_outcome="Answered the survey within 14 days.",
        analysis_plan="Blocked estimator by place and age band; two-sided, 5%.",
        expected_control_rate=0.20,
        expected_treatment_rate=0.30,
    )
    return experiment


@pytest.fixture
def frozen(organiser: Any, survey: Any, people: list[Any]) -> Any:
    return experiment_freeze(actor=organiser, experiment=_draft(organiser, survey))


def test_the_power_calculation_is_the_methods_on_the_expected_shares(organiser, survey):
    experiment = _draft(organiser, survey)
    plan = experiment_power(experiment)
    assert plan == sample_size(cohens_h(0.30, 0.20), test="normal")
    assert plan.n_control == 292


def test_freezing_seals_a_hash_of_the_design_and_is_audited(frozen, people):
    assert frozen.frozen_at is not None
    assert frozen.registration["population_size"] == 40
    assert [a["name"] for a in frozen.registration["arms"]] == ["Letter A", "Letter B"]
    assert frozen.registration["arms"][0]["control"] is True
    assert frozen.registration["seed"] == frozen.seed
    assert frozen.registration["power_calculation"]["n_per_arm"] == 292
    assert frozen.registration_hash == registration_hash(frozen.registration)
    assert len(frozen.registration_hash) == 64
    event = AuditEvent.objects.filter(action="experiment.freeze").get()
    assert event.data["sha256"] == frozen.registration_hash


def test_after_freezing_nothing_can_change(frozen, organiser):
    before = frozen.registration_hash
    with pytest.raises(ValidationError, match="frozen"):
        experiment_preregistration_update(
            actor=organiser,
            experiment=frozen,
            hypothesis="Something else",
            primary_outcome="x",
            analysis_plan="y",
            expected_control_rate=0.1,
            expected_treatment_rate=0.5,
        )
    with pytest.raises(ValidationError, match="frozen"):
        experiment_arm_add(actor=organiser, experiment=frozen, name="C", subject="s", text="t")
    with pytest.raises(ValidationError, match="frozen"):
        experiment_arm_remove(actor=organiser, arm=frozen.arms.first())
    with pytest.raises(ValidationError, match="frozen"):
        experiment_freeze(actor=organiser, experiment=frozen)
    frozen.refresh_from_db()
    assert frozen.hypothesis == "Saying that neighbours take part raises the response."
    assert frozen.arms.count() == 2
    assert frozen.registration_hash == before


def test_a_draft_missing_its_plan_cannot_be_frozen(organiser, survey):
    experiment = experiment_create(
        actor=organiser,
        activity=survey,
        title="Half done",
        population="residents",
        stratification="none",
        window_days=7,
    )
    with pytest.raises(ValidationError) as error:
        experiment_freeze(actor=organiser, experiment=experiment)
    assert len(error.value.messages) == 3
    experiment.refresh_from_db()
    assert experiment.frozen_at is None and experiment.registration_hash == ""


def test_bad_input_is_refused_with_a_message_and_nothing_changes(organiser, survey):
    with pytest.raises(ValidationError) as error:
        experiment_create(
            actor=organiser,
            activity=survey,
            title=" ",
            population="everyone",
            stratification="by-star-sign",
            window_days=0,
        )
    assert set(error.value.message_dict) == {
        "title",
        "population",
        "stratification",
        "window_days",
    }
    assert not Experiment.objects.exists()
    experiment = _draft(organiser, survey)
    with pytest.raises(ValidationError) as error:
        experiment_preregistration_update(
            actor=organiser,
            experiment=experiment,
            hypothesis="h",
            primary_outcome="o",
            analysis_plan="a",
            expected_control_rate=1.5,
            expected_treatment_rate=float("nan"),
            alpha=0.9,
        )
    assert set(error.value.message_dict) == {
        "expected_control_rate",
        "expected_treatment_rate",
        "alpha",
    }
    experiment.refresh_from_db()
    assert experiment.expected_control_rate == 0.20
    with pytest.raises(ValidationError):
        experiment_arm_add(
            actor=organiser, experiment=experiment, name="letter a", subject="s", text="t"
        )
    assert experiment.arms.count() == 2


def test_only_the_organisations_staff_run_experiments(survey, resident, moderator, organiser):
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            experiment_create(
                actor=person,
                activity=survey,
                title="Sneaky",
                population="residents",
                stratification="none",
                window_days=7,
            )
    experiment = _draft(organiser, survey)
    with pytest.raises(PermissionDenied):
        experiment_freeze(actor=resident, experiment=experiment)
    assert not Experiment.objects.filter(title="Sneaky").exists()


def test_assignment_needs_a_frozen_plan(organiser, survey, people):
    experiment = _draft(organiser, survey)
    with pytest.raises(ValidationError, match="Freeze"):
        experiment_assign(actor=organiser, experiment=experiment)
    assert not ExperimentAssignment.objects.exists()


def test_assignment_is_stratified_balanced_audited_and_replays_from_the_seed(
    frozen, organiser, people
):
    counts = experiment_assign(actor=organiser, experiment=frozen)
    assert sum(counts.values()) == 40
    rows = list(ExperimentAssignment.objects.filter(experiment=frozen).select_related("arm"))
    assert len(rows) == 40
    by_stratum: dict[str, list[str]] = {}
    for row in rows:
        by_stratum.setdefault(row.stratum, []).append(row.arm.name)
    assert "North / unknown" in by_stratum
    for arms in by_stratum.values():
        assert abs(arms.count("Letter A") - arms.count("Letter B")) <= 1
    # same seed, same people, same strata: the same arms, whatever order they come in
    replay = assign(
        [row.person_id for row in reversed(rows)],
        ["Letter B", "Letter A"],
        strata={row.person_id: row.stratum for row in rows},
        seed=frozen.seed,
    )
    assert all(replay.arm_of[row.person_id] == row.arm.name for row in rows)
    frozen.refresh_from_db()
    assert assignment_replays(frozen)
    event = AuditEvent.objects.get(action="experiment.assign")
    assert event.data["seed"] == frozen.seed and event.data["counts"] == counts
    with pytest.raises(ValidationError, match="already"):
        experiment_assign(actor=organiser, experiment=frozen)
    assert ExperimentAssignment.objects.count() == 40


def test_another_seed_gives_another_assignment(organiser, survey, people):
    first = experiment_freeze(actor=organiser, experiment=_draft(organiser, survey))
    second = _draft(organiser, survey)
    Experiment.objects.filter(pk=second.pk).update(seed=first.seed + 1)
    second = experiment_freeze(actor=organiser, experiment=Experiment.objects.get(pk=second.pk))
    experiment_assign(actor=organiser, experiment=first)
    experiment_assign(actor=organiser, experiment=second)

    def arms(experiment: Any) -> dict[int, str]:
        return {r.person_id: r.arm.name for r in experiment.assignments.select_related("arm")}

    assert arms(first) != arms(second)


def test_invitations_carry_each_arms_text_and_are_sent_once(
    frozen, organiser, people, django_capture_on_commit_callbacks
):
    experiment_assign(actor=organiser, experiment=frozen)
    with django_capture_on_commit_callbacks(execute=True):
        assert experiment_invitations_send(actor=organiser, experiment=frozen) == 40
    assert len(mail.outbox) == 40
    texts = {r.person.email: r.arm.text for r in frozen.assignments.select_related("arm", "person")}
    for message in mail.outbox:
        assert texts[message.to[0]] in message.body
    assert Notification.objects.filter(event="experiment_invitation").count() == 40
    with django_capture_on_commit_callbacks(execute=True):
        assert experiment_invitations_send(actor=organiser, experiment=frozen) == 0
    assert len(mail.outbox) == 40
    assert not frozen.assignments.filter(invited_at=None).exists()
    assert AuditEvent.objects.filter(action="experiment.send").count() == 2


def _respond(person: Any, survey: Any, at: Any) -> None:
    Contribution.objects.create(
        person=person,
        activity=survey,
        co="assessment",
        mode="voice",
        kind="response",
        created_at=at,
    )


def test_the_outcome_counts_taking_part_within_the_window_only(frozen, organiser, survey, people):
    experiment_assign(actor=organiser, experiment=frozen)
    experiment_invitations_send(actor=organiser, experiment=frozen)
    now = timezone.now()
    _respond(people[0], survey, now + timedelta(days=2))  # in the window
    _respond(people[1], survey, now + timedelta(days=20))  # too late
    _respond(people[2], survey, now - timedelta(days=2))  # before the invitation
    data = experiment_data(frozen)
    outcome = dict(zip([r.person_id for r in data.rows], data.outcomes, strict=True))
    assert outcome[people[0].pk] == 1.0
    assert outcome[people[1].pk] == 0.0
    assert outcome[people[2].pk] == 0.0
    assert sum(data.outcomes) == 1


def test_the_analysis_is_the_methods_on_the_stored_data(frozen, organiser, survey, people):
    experiment_assign(actor=organiser, experiment=frozen)
    experiment_invitations_send(actor=organiser, experiment=frozen)
    rows = list(frozen.assignments.select_related("arm"))
    soon = timezone.now() + timedelta(days=1)
    for n, row in enumerate(rows):
        if (row.arm.name == "Letter B" and n % 3) or (row.arm.name == "Letter A" and n % 4 == 0):
            _respond(row.person, survey, soon)
    result = experiment_analysis(frozen, permutations=500)
    took_part = set(Contribution.objects.values_list("person_id", flat=True))
    expected = analyse(
        [1.0 if r.person_id in took_part else 0.0 for r in rows],
        [r.arm.name for r in rows],
        strata=[r.stratum for r in rows],
        control="Letter A",
        permutations=500,
        seed=frozen.seed,
        incomplete_strata="drop",
    )
    assert result.analysis == expected
    assert result.analysis.method == "neyman_blocked"
    assert result.analysis.arms["Letter B"].estimate > 0
    assert result.balance is not None
    assert {row.covariate for row in result.balance.rows} >= {"age_band", "place"}


def test_the_replication_export_withholds_small_cells(frozen, organiser, people):
    experiment_assign(actor=organiser, experiment=frozen)
    archive = zipfile.ZipFile(io.BytesIO(replication_zip(frozen)))
    assert sorted(archive.namelist()) == [
        "data_dictionary.csv",
        "preregistration.json",
        "summary.csv",
    ]
    summary = archive.read("summary.csv").decode().splitlines()
    assert summary[0] == "stratum,arm,n,mean,sd"
    cells = [line.split(",") for line in summary[1:]]
    assert all(c[2] == "" or int(c[2]) >= 10 for c in cells)
    assert cells[-1][:3] == ["(all)", "(all)", "40"]
    registration = json.loads(archive.read("preregistration.json"))
    assert registration["sha256"] == frozen.registration_hash
    assert registration_hash(registration["preregistration"]) == frozen.registration_hash
    assert "person" not in archive.read("summary.csv").decode()


def test_personal_data_exports_assignments_and_erasure_keeps_the_analysis(
    frozen, organiser, survey, people
):
    experiment_assign(actor=organiser, experiment=frozen)
    experiment_invitations_send(actor=organiser, experiment=frozen)
    person = people[3]
    _respond(person, survey, timezone.now() + timedelta(days=1))
    entry = next(e for e in personal_data() if e.section == "evaluation_experiments")
    exported = entry.export(person)["experiment_assignments"]
    assert len(exported) == 1 and exported[0]["experiment"] == "Reminder wording"
    assert exported[0]["arm"] in {"Letter A", "Letter B"}
    before = experiment_data(frozen)
    person_delete(person)
    row = ExperimentAssignment.objects.get(experiment=frozen, person=None)
    assert row.outcome_at_erasure == 1.0
    after = experiment_data(frozen)
    assert sorted(after.outcomes) == sorted(before.outcomes)
    assert ExperimentAssignment.objects.filter(experiment=frozen).count() == 40
    assert entry.export(person)["experiment_assignments"] == []
    frozen.refresh_from_db()
    assert not assignment_replays(frozen)


def test_followers_can_be_the_population(organiser, survey, initiative, people):
    from coproduce.accounts.following import follow_start

    for person in people[:6]:
        follow_start(person=person, target=initiative)
    experiment = _draft(organiser, survey, stratification="age_band")
    Experiment.objects.filter(pk=experiment.pk).update(population="followers")
    experiment = experiment_freeze(
        actor=organiser, experiment=Experiment.objects.get(pk=experiment.pk)
    )
    assert experiment.registration["population_size"] == 6
    assert sum(experiment_assign(actor=organiser, experiment=experiment).values()) == 6
