"""Logic models: the chain, indicators with baselines and targets, measurements entered,
imported from CSV (all or nothing, problems by row) and computed from the ledger; and the
refusals on the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.evaluation.computed import computed_value
from coproduce.evaluation.models import LogicModel, Measurement
from coproduce.evaluation.selectors import (
    MET,
    OFF_TRACK,
    ON_TRACK,
    indicator_records,
    progress_sentence,
)
from coproduce.evaluation.services import (
    MAX_IMPORT_BYTES,
    computed_indicators_refresh,
    computed_indicators_refresh_all,
    indicator_add,
    logic_model_create,
    logic_step_add,
    logic_step_remove,
    measurement_enter,
    measurements_import,
)
from coproduce.initiatives.models import Contribution, Mode
from coproduce.initiatives.services import contribution_record
from coproduce.organisations.models import Membership, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

YEAR_AGO = date.today() - timedelta(days=365)


@pytest.fixture
def model(initiative, organiser):
    return logic_model_create(actor=organiser, initiative=initiative, summary="Cleaner parks.")


@pytest.fixture
def outcome(model, organiser):
    return logic_step_add(
        actor=organiser, logic_model=model, kind="outcomes", text="Parks people enjoy"
    )


def _indicator(step, actor, name="Satisfaction", **extra):
    values = {
        "name": name,
        "definition": "Share of park users satisfied",
        "unit": "%",
        "direction": "higher",
        "source_kind": "entered",
        "baseline_value": 50.0,
        "baseline_date": YEAR_AGO,
        "baseline_source": "Park user survey",
        "target_value": 70.0,
        "target_date": YEAR_AGO + timedelta(days=730),
    }
    values.update(extra)
    return indicator_add(actor=actor, step=step, **values)


@pytest.fixture
def satisfaction(outcome, organiser):
    return _indicator(outcome, organiser)


def test_a_logic_model_is_one_per_initiative_and_audited(model, initiative, organiser):
    assert AuditEvent.objects.filter(action="logic_model.create", object_id=str(model.pk)).exists()
    with pytest.raises(ValidationError, match="already"):
        logic_model_create(actor=organiser, initiative=initiative)
    assert LogicModel.objects.count() == 1


@pytest.mark.parametrize("persona", ["resident", "moderator", "councillor"])
def test_only_the_organisations_staff_build_a_logic_model(initiative, persona, request):
    with pytest.raises(PermissionDenied):
        logic_model_create(actor=request.getfixturevalue(persona), initiative=initiative)
    assert not LogicModel.objects.exists()


def test_staff_of_another_organisation_are_refused(model, make_person, city):
    other = Organisation.objects.create(
        name="Elsewhere", slug="elsewhere", kind=OrganisationKind.PUBLIC_BODY, place=city
    )
    stranger = make_person("stranger")
    Membership.objects.create(organisation=other, person=stranger, role="staff")
    with pytest.raises(PermissionDenied):
        logic_step_add(actor=stranger, logic_model=model, kind="inputs", text="Money")
    assert not model.steps.exists()


def test_steps_keep_their_order_within_a_link(model, organiser):
    first = logic_step_add(actor=organiser, logic_model=model, kind="inputs", text="Money")
    second = logic_step_add(actor=organiser, logic_model=model, kind="inputs", text="Volunteers")
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationError):
        logic_step_add(actor=organiser, logic_model=model, kind="wishes", text="Hope")


def test_a_step_with_indicators_cannot_be_removed(outcome, satisfaction, organiser):
    with pytest.raises(ValidationError, match="indicators"):
        logic_step_remove(actor=organiser, step=outcome)
    assert outcome.indicators.count() == 1


def test_an_indicator_needs_its_definition_direction_and_dates(outcome, organiser):
    with pytest.raises(ValidationError) as caught:
        _indicator(
            outcome,
            organiser,
            definition=" ",
            direction="sideways",
            baseline_date=None,
            target_date=YEAR_AGO - timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"definition", "direction", "baseline_date"}
    with pytest.raises(ValidationError) as caught:
        _indicator(outcome, organiser, source_kind="computed", computed_measure="")
    assert "computed_measure" in caught.value.message_dict
    assert not outcome.indicators.exists()


def test_a_measurement_is_recorded_once_per_date(satisfaction, organiser):
    day = YEAR_AGO + timedelta(days=90)
    measurement_enter(actor=organiser, indicator=satisfaction, value=55, date=day, source_note="Q1")
    with pytest.raises(ValidationError, match="already"):
        measurement_enter(actor=organiser, indicator=satisfaction, value=56, date=day)
    assert list(satisfaction.measurements.values_list("value", flat=True)) == [55]
    stored = satisfaction.measurements.get()
    assert stored.entered_by == organiser
    assert AuditEvent.objects.filter(action="measurement.enter").count() == 1


def test_a_measurement_in_the_future_is_refused(satisfaction, organiser):
    with pytest.raises(ValidationError, match="future"):
        measurement_enter(
            actor=organiser, indicator=satisfaction, value=1, date=date.today() + timedelta(days=2)
        )


def test_a_resident_cannot_enter_measurements(satisfaction, resident):
    with pytest.raises(PermissionDenied):
        measurement_enter(actor=resident, indicator=satisfaction, value=1, date=YEAR_AGO)
    assert not Measurement.objects.exists()


def test_a_csv_file_imports_every_row(satisfaction, model, organiser):
    data = (
        "indicator,date,value,source\n"
        f"Satisfaction,{YEAR_AGO + timedelta(days=90)},55,Survey Q1\n"
        f'satisfaction,{YEAR_AGO + timedelta(days=180)},"1,060",Survey Q2\n'
    ).encode()
    assert measurements_import(actor=organiser, logic_model=model, data=data) == 2
    assert list(satisfaction.measurements.values_list("value", "source_note")) == [
        (55.0, "Survey Q1"),
        (1060.0, "Survey Q2"),
    ]
    assert AuditEvent.objects.filter(action="measurement.import").count() == 1


def test_a_bad_csv_file_changes_nothing_and_lists_its_problems_by_row(
    satisfaction, model, organiser
):
    measurement_enter(
        actor=organiser, indicator=satisfaction, value=52, date=YEAR_AGO + timedelta(days=30)
    )
    data = (
        "indicator,date,value,source\n"
        f"Satisfaction,{YEAR_AGO + timedelta(days=90)},55,ok\n"
        "Happiness,2026-01-01,3,\n"
        "Satisfaction,01/02/2026,3,\n"
        f"Satisfaction,{YEAR_AGO + timedelta(days=120)},lots,\n"
        f"Satisfaction,{YEAR_AGO + timedelta(days=30)},53,\n"
        f"Satisfaction,{YEAR_AGO + timedelta(days=90)},56,\n"
    ).encode()
    with pytest.raises(ValidationError) as caught:
        measurements_import(actor=organiser, logic_model=model, data=data)
    problems = caught.value.messages
    assert [p.split(":")[0] for p in problems] == ["Row 3", "Row 4", "Row 5", "Row 6", "Row 7"]
    assert "Happiness" in problems[0]
    assert satisfaction.measurements.count() == 1


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"name,when,value\nx,2026-01-01,1\n", "missing: indicator, date"),
        (b"indicator,date,value,source\n", "no rows"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"indicator,date,value\n" + b"x" * MAX_IMPORT_BYTES, "too large"),
    ],
)
def test_a_file_that_is_not_a_measurements_table_is_refused(model, organiser, data, says):
    with pytest.raises(ValidationError, match=says):
        measurements_import(actor=organiser, logic_model=model, data=data)
    assert not Measurement.objects.exists()


def test_computed_indicators_cannot_be_entered_or_imported(outcome, model, organiser):
    computed = _indicator(
        outcome,
        organiser,
        name="Participants",
        source_kind="computed",
        computed_measure="participants",
    )
    with pytest.raises(ValidationError, match="computed"):
        measurement_enter(actor=organiser, indicator=computed, value=3, date=YEAR_AGO)
    with pytest.raises(ValidationError, match="Row 2"):
        measurements_import(
            actor=organiser,
            logic_model=model,
            data=b"indicator,date,value\nParticipants,2026-01-01,3\n",
        )


def test_participants_and_reports_are_counted_from_the_ledger(
    initiative, activity_in, resident, other_resident, make_person
):
    activity = activity_in("assessment", "survey")
    for person, kind in [
        (resident, "report"),
        (resident, "report-support"),
        (other_resident, "report"),
        (None, "report"),
    ]:
        contribution_record(person=person, activity=activity, kind=kind, mode=Mode.VOICE)
    contribution_record(
        person=make_person("voter"), activity=activity, kind="ballot", mode=Mode.VOICE, sealed=True
    )
    later = contribution_record(
        person=make_person("late"), activity=activity, kind="report", mode=Mode.VOICE
    )
    Contribution.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(days=5))
    today = timezone.localdate()
    assert computed_value("participants", initiative=initiative, on=today) == 2
    assert computed_value("reports", initiative=initiative, on=today) == 3
    assert computed_value("contributions", initiative=initiative, on=today) == 4
    assert computed_value("reports", initiative=initiative, on=today + timedelta(days=6)) == 4


def test_refreshing_writes_todays_value_once(outcome, model, organiser, activity_in, resident):
    computed = _indicator(
        outcome,
        organiser,
        name="Participants",
        source_kind="computed",
        computed_measure="participants",
    )
    activity = activity_in("delivery", "volunteering")
    contribution_record(person=resident, activity=activity, kind="shift", mode=Mode.ACTION)
    assert computed_indicators_refresh(actor=organiser, logic_model=model) == 1
    assert computed_indicators_refresh_all() == 1
    assert list(computed.measurements.values_list("value", flat=True)) == [1.0]
    assert AuditEvent.objects.filter(action="indicator.refresh").count() == 2


def test_a_resident_cannot_refresh(model, resident):
    with pytest.raises(PermissionDenied):
        computed_indicators_refresh(actor=resident, logic_model=model)


def test_progress_is_judged_against_the_path_to_the_target(outcome, model, organiser):
    ahead = _indicator(outcome, organiser, name="Ahead")
    behind = _indicator(outcome, organiser, name="Behind")
    met = _indicator(outcome, organiser, name="Met", direction="lower", target_value=10.0)
    _indicator(outcome, organiser, name="Empty")
    half = YEAR_AGO + timedelta(days=365)  # halfway to the target: 60 expected
    measurement_enter(actor=organiser, indicator=ahead, value=61, date=half)
    measurement_enter(actor=organiser, indicator=behind, value=55, date=half)
    measurement_enter(actor=organiser, indicator=met, value=9, date=half)
    statuses = {r.indicator.name: r.status for r in indicator_records(model)}
    assert statuses == {"Ahead": ON_TRACK, "Behind": OFF_TRACK, "Met": MET, "Empty": "no_data"}
    sentence = progress_sentence(indicator_records(model))
    assert sentence.startswith("2 of 3 indicators on track")
    assert "1 more" in sentence or "1 more have" in sentence


def test_the_daily_command_refreshes_every_computed_indicator(outcome, organiser, capsys):
    from django.core.management import call_command

    computed = _indicator(
        outcome,
        organiser,
        name="Reports",
        source_kind="computed",
        computed_measure="reports",
        direction="lower",
    )
    call_command("indicators_refresh")
    assert "1 computed indicators refreshed" in capsys.readouterr().out
    assert computed.measurements.get().date == timezone.localdate()


def test_without_a_baseline_progress_compares_with_the_figure_before(outcome, model, organiser):
    plain = _indicator(outcome, organiser, name="Plain", baseline_value=None, baseline_date=None)
    measurement_enter(actor=organiser, indicator=plain, value=60, date=YEAR_AGO)
    assert indicator_records(model)[0].status == "no_data"
    measurement_enter(actor=organiser, indicator=plain, value=58, date=YEAR_AGO + timedelta(1))
    assert indicator_records(model)[0].status == OFF_TRACK


def test_a_model_with_nothing_to_judge_says_so(outcome, model, organiser):
    _indicator(outcome, organiser, name="New")
    assert progress_sentence(indicator_records(model)) == (
        "No indicator has both figures and a target yet."
    )
