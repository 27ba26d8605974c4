"""The one adapter between stored experiments and ``coproduce.methods.experiments``:
the stored data as plain values, the analysis, the balance table, the replication export.

The analysis is the pre-registered one: each arm against the control (the first arm), by
Welch's test when unstratified and by the blocked (Neyman) estimator within the strata the
assignment used; a stratum lacking two people in an arm is left out of that comparison, and
the page says so.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coproduce.evaluation.experiment_models import Experiment, ExperimentAssignment
from coproduce.evaluation.experiments.population import covariates_of, outcomes_of
from coproduce.methods.experiments import (
    PERMUTATIONS,
    Analysis,
    BalanceTable,
    ExperimentError,
    Notice,
    Unit,
    analyse,
    assign,
    balance,
    replication_summary,
)
from coproduce.methods.experiments._common import Stratum

# Cells of the replication export below this many people are withheld.
K = 10


@dataclass(frozen=True)
class ExperimentData:
    """One value per assignment row: arm name, outcome (0/1), stratum (``None`` unstratified)."""

    rows: list[ExperimentAssignment]
    arms: list[str]
    outcomes: list[float]
    strata: list[str] | None
    control: str


@dataclass(frozen=True)
class ArmSummary:
    name: str
    is_control: bool
    n: int
    took_part: int
    mean: float | None


@dataclass(frozen=True)
class ExperimentResult:
    """What the analysis page shows; ``problem`` says why there is no estimate yet."""

    data: ExperimentData
    summaries: list[ArmSummary]
    analysis: Analysis | None
    problem: str
    balance: BalanceTable | None


def experiment_data(experiment: Experiment) -> ExperimentData:
    """Return the stored assignment and the ledger's outcomes as the methods take them."""
    rows = list(experiment.assignments.select_related("arm").order_by("pk"))
    control = experiment.arms.order_by("position").values_list("name", flat=True).first() or ""
    return ExperimentData(
        rows=rows,
        arms=[row.arm.name for row in rows],
        outcomes=outcomes_of(experiment, rows),
        strata=[row.stratum for row in rows] if experiment.is_stratified else None,
        control=control,
    )


def problem_text(error: ExperimentError) -> str:
    """Return why the methods refused, in the reader's language."""
    data = error.data
    if error.code == "too_few_units":
        return _("The arm %(arm)s has %(n)s people: each arm needs at least two.") % {
            "arm": data.get("arm"),
            "n": data.get("n"),
        }
    if error.code == "no_variation":
        return _(
            "Everyone in %(a)s and %(b)s has the same outcome (for example, nobody has taken "
            "part yet): there is nothing to estimate."
        ) % {"a": data.get("treatment"), "b": data.get("control")}
    if error.code in ("one_arm", "no_complete_stratum"):
        return _("There are not enough people in each arm (and stratum) to compare the arms.")
    return _("The analysis could not be run (%(code)s).") % {"code": error.code}


def notice_text(notice: Notice) -> str:
    """Return a notice of the analysis (a stratum left out) in the reader's language."""
    data = notice.data
    if notice.code == "stratum_dropped":
        return _(
            "Stratum %(stratum)s was left out of the comparison of %(treatment)s with "
            "%(control)s: it has %(n)s people in %(arm)s, and each arm needs two."
        ) % {
            "stratum": data.get("stratum"),
            "treatment": data.get("treatment"),
            "control": data.get("control"),
            "n": data.get("n"),
            "arm": data.get("arm"),
        }
    return str(notice.code)


def _summaries(experiment: Experiment, data: ExperimentData) -> list[ArmSummary]:
    summaries = []
    for arm in experiment.arms.order_by("position"):
        values = [y for a, y in zip(data.arms, data.outcomes, strict=True) if a == arm.name]
        summaries.append(
            ArmSummary(
                name=arm.name,
                is_control=arm.is_control,
                n=len(values),
                took_part=int(sum(values)),
                mean=sum(values) / len(values) if values else None,
            )
        )
    return summaries


def experiment_analysis(
    experiment: Experiment, *, permutations: int = PERMUTATIONS
) -> ExperimentResult:
    """Return the pre-registered analysis of the stored data, with the balance table."""
    data = experiment_data(experiment)
    analysis, problem, table = None, "", None
    if not data.rows:
        problem = _("Nobody has been assigned yet.")
    else:
        try:
            analysis = analyse(
                data.outcomes,
                data.arms,
                strata=data.strata,
                control=data.control,
                permutations=permutations,
                seed=experiment.seed,
                incomplete_strata="drop",
            )
        except ExperimentError as error:
            problem = problem_text(error)
        try:
            table = balance(
                dict(covariates_of(experiment, data.rows).values),
                data.arms,
                control=data.control,
            )
        except ExperimentError:
            table = None
    return ExperimentResult(data, _summaries(experiment, data), analysis, problem, table)


def assignment_replays(experiment: Experiment) -> bool:
    """Return True if the stored seed, people and strata give the stored arms again."""
    rows = [row for row in experiment.assignments.select_related("arm") if row.person_id]
    if not rows or len(rows) != experiment.assignments.count():
        return False  # someone erased their account: the stored units are no longer complete
    people = [row.person_id for row in rows if row.person_id is not None]
    strata: dict[Unit, Stratum] = {row.person_id: row.stratum for row in rows if row.person_id}
    design = assign(
        people,
        list(experiment.arms.values_list("name", flat=True)),
        strata=strata if experiment.is_stratified else None,
        seed=experiment.seed,
    )
    return all(design.arm_of[row.person_id] == row.arm.name for row in rows if row.person_id)


def preregistration_json(experiment: Experiment) -> str:
    """Return the frozen pre-registration with its hash and time, as published."""
    document = {
        "preregistration": experiment.registration,
        "sha256": experiment.registration_hash,
        "frozen_at": experiment.frozen_at.isoformat() if experiment.frozen_at else None,
        "hash_of": "the 'preregistration' object as JSON with sorted keys, no spaces, UTF-8",
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)


DICTIONARY = (
    (
        "summary.csv",
        "stratum",
        "The stratum (the groups the assignment was stratified by), or (all) for a total.",
    ),
    ("summary.csv", "arm", "The arm (its name in the pre-registration), or (all) for a total."),
    (
        "summary.csv",
        "n",
        "People assigned. Empty when withheld: below k, or to protect a "
        "withheld cell from subtraction.",
    ),
    (
        "summary.csv",
        "mean",
        "Share who took part in the activity within the window after the "
        "invitation (the primary outcome, 0 or 1 per person).",
    ),
    ("summary.csv", "sd", "Standard deviation of the outcome (n − 1)."),
)


def replication_zip(experiment: Experiment) -> bytes:
    """Return a ZIP of the anonymised summary (small cells withheld), its data dictionary
    and the frozen pre-registration. Raise ExperimentError when there is nothing to export."""
    data = experiment_data(experiment)
    summary = replication_summary(data.outcomes, data.arms, strata=data.strata, k=K)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["stratum", "arm", "n", "mean", "sd"])
    writer.writeheader()
    writer.writerows(summary.to_rows())
    dictionary = io.StringIO()
    dictionary_writer = csv.writer(dictionary)
    dictionary_writer.writerow(["file", "column", "meaning"])
    dictionary_writer.writerows(DICTIONARY)
    dictionary_writer.writerow(
        [
            "summary.csv",
            "",
            f"Cells below k = {K} people withheld; {len(summary.suppressed)} "
            "entries withheld in all.",
        ]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.csv", out.getvalue())
        archive.writestr("data_dictionary.csv", dictionary.getvalue())
        archive.writestr("preregistration.json", preregistration_json(experiment))
    return buffer.getvalue()
