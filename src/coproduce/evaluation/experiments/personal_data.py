"""What experiments hold about a person: their assignments (which arm, when invited).

Erasure unlinks the rows rather than deleting them, as the ledger does: the arm, the stratum
and the outcome as it stood stay, with nobody's name, so the analysis does not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.evaluation.experiment_models import Experiment, ExperimentAssignment
from coproduce.evaluation.experiments.population import outcomes_of

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    rows = ExperimentAssignment.objects.filter(person=person).select_related(
        "experiment__activity", "arm"
    )
    return {
        "experiment_assignments": [
            {
                "experiment": row.experiment.title,
                "activity": row.experiment.activity.title,
                "arm": row.arm.name,
                "invitation": row.arm.text,
                "stratum": row.stratum,
                "assigned_at": row.assigned_at.isoformat(),
                "invited_at": row.invited_at.isoformat() if row.invited_at else None,
            }
            for row in rows
        ],
        "experiments_set_up": [
            e.title for e in Experiment.objects.filter(created_by=person).order_by("pk")
        ],
        "experiments_frozen": [
            e.title for e in Experiment.objects.filter(frozen_by=person).order_by("pk")
        ],
    }


def _erase(person: Person) -> None:
    for row in ExperimentAssignment.objects.filter(person=person).select_related("experiment"):
        (outcome,) = outcomes_of(row.experiment, [row])
        row.outcome_at_erasure = outcome
        row.person = None
        row.save(update_fields=["outcome_at_erasure", "person"])
    # The experiment is the organisation's record; only the name of who set it up goes.
    Experiment.objects.filter(created_by=person).update(created_by=None)
    Experiment.objects.filter(frozen_by=person).update(frozen_by=None)


ASSIGNMENTS = PersonalData(
    section="evaluation_experiments",
    export=_export,
    erase=_erase,
    fields=(
        "evaluation.ExperimentAssignment.person",
        "evaluation.Experiment.created_by",
        "evaluation.Experiment.frozen_by",
    ),
)
