"""Riverton's demo logic model: the Eastbank community garden, with a year of figures
for four indicators (entered, imported from a CSV file, and computed from the ledger)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coproduce.evaluation.experiments.demo import load as load_experiment
from coproduce.evaluation.models import LogicModel
from coproduce.evaluation.services import (
    computed_indicators_refresh,
    indicator_add,
    logic_model_create,
    logic_step_add,
    measurement_enter,
    measurements_import,
)
from coproduce.initiatives.demo_city import City

CHAIN = [
    ("inputs", "A disused lot lent by the council, with a water supply"),
    ("inputs", "Neighbours' time, tools and seeds"),
    ("activities", "Saturday volunteer sessions"),
    ("activities", "A planting plan drawn up with neighbours"),
    ("outputs", "Beds planted and kept, open to everyone"),
    ("outcomes", "Neighbours know each other and feel they belong"),
    ("capabilities", "Eastside Neighbours run a shared space on their own"),
]


def load(city: City) -> None:
    """Create the garden's logic model and the finished reminder experiment on its survey,
    once each (idempotent: existing ones are left alone)."""
    load_experiment(city)
    initiative = city.initiatives["eastbank-garden"]
    if LogicModel.objects.filter(initiative=initiative).exists():
        return
    actor = city.people["coordinator"]
    model = logic_model_create(
        actor=actor,
        initiative=initiative,
        summary="Volunteers keep a garden open to all; neighbours meet there, and the group "
        "learns to run a shared space itself.",
    )
    steps = {
        text: logic_step_add(actor=actor, logic_model=model, kind=kind, text=text)
        for kind, text in CHAIN
    }
    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    target_day = today + timedelta(days=180)
    hours = indicator_add(
        actor=actor,
        step=steps["Saturday volunteer sessions"],
        name="Volunteer hours a month",
        definition="Hours given at the garden's sessions in the month, from the sign-in sheet.",
        unit="hours",
        direction="higher",
        source_kind="entered",
        baseline_value=20,
        baseline_date=year_ago,
        baseline_source="Sign-in sheets, the month the garden opened",
        target_value=120,
        target_date=target_day,
    )
    for month, value in enumerate([28, 35, 41, 52, 49, 60, 66, 71, 80, 84, 90, 97], start=1):
        measurement_enter(
            actor=actor,
            indicator=hours,
            value=value,
            date=year_ago + timedelta(days=30 * month),
            source_note="Sign-in sheet",
        )
    indicator_add(
        actor=actor,
        step=steps["Beds planted and kept, open to everyone"],
        name="Open days a month",
        definition="Days in the month the gates were open to the public, from the noticeboard.",
        unit="days",
        direction="higher",
        source_kind="imported",
        baseline_value=4,
        baseline_date=year_ago,
        baseline_source="Noticeboard log",
        target_value=12,
        target_date=target_day,
    )
    rows = "".join(
        f"Open days a month,{year_ago + timedelta(days=30 * month)},{value},Noticeboard log\n"
        for month, value in enumerate([5, 6, 6, 8, 7, 9, 10, 9, 11, 12, 12, 13], start=1)
    )
    measurements_import(
        actor=actor, logic_model=model, data=("indicator,date,value,source\n" + rows).encode()
    )
    belong = indicator_add(
        actor=actor,
        step=steps["Neighbours know each other and feel they belong"],
        name="Neighbours who feel they belong",
        definition="Share of Eastbank residents answering 'agree' or 'strongly agree' to "
        "'I feel I belong to this neighbourhood' in the yearly users' survey.",
        unit="%",
        direction="higher",
        source_kind="entered",
        baseline_value=38,
        baseline_date=year_ago,
        baseline_source="Riverton residents' survey",
        target_value=55,
        target_date=target_day,
    )
    for quarter, value in enumerate([40, 41, 44, 45], start=1):
        measurement_enter(
            actor=actor,
            indicator=belong,
            value=value,
            date=year_ago + timedelta(days=91 * quarter - 1),
            source_note="Quarterly doorstep survey (about 120 answers)",
        )
    indicator_add(
        actor=actor,
        step=steps["Eastside Neighbours run a shared space on their own"],
        name="People taking part in the garden's activities",
        definition="Distinct people with a row in the participation ledger for the "
        "garden's activities (sessions, workshop, survey).",
        unit="people",
        direction="higher",
        source_kind="computed",
        computed_measure="participants",
        baseline_value=0,
        baseline_date=year_ago,
        baseline_source="The garden opened",
        target_value=40,
        target_date=target_day,
    )
    computed_indicators_refresh(actor=actor, logic_model=model)
