"""Randomised experiments: assignment, analysis, balance, power and anonymised exports.

Pure NumPy/SciPy, no Django. Plan with :func:`sample_size` and
:func:`minimum_detectable_effect`; :func:`assign` units to arms (stratified, reproducible
from a stored seed); check :func:`balance`; :func:`analyse` the outcome (Welch or blocked
Neyman, with a randomisation test); publish a :func:`replication_summary` with small cells
suppressed (:func:`suppress_small_cells`). Errors are :class:`ExperimentError` with a code.
"""

from coproduce.methods.experiments.analysis import Analysis, ArmEffect, analyse
from coproduce.methods.experiments.assignment import (
    SCHEME,
    Assignment,
    StratumAllocation,
    Unit,
    assign,
)
from coproduce.methods.experiments.balance import BalanceRow, BalanceTable, balance
from coproduce.methods.experiments.disclosure import (
    CountTable,
    SuppressedTable,
    Suppression,
    cross_tab,
    suppress_small_cells,
)
from coproduce.methods.experiments.errors import ExperimentError, Notice
from coproduce.methods.experiments.export import (
    ReplicationSummary,
    SummaryCell,
    replication_summary,
)
from coproduce.methods.experiments.io import (
    ExperimentData,
    Units,
    read_experiment_csv,
    read_units_csv,
)
from coproduce.methods.experiments.permutation import PERMUTATIONS
from coproduce.methods.experiments.power import (
    SampleSize,
    achieved_power,
    cohens_h,
    minimum_detectable_effect,
    sample_size,
)

__all__ = [
    "PERMUTATIONS",
    "SCHEME",
    "Analysis",
    "ArmEffect",
    "Assignment",
    "BalanceRow",
    "BalanceTable",
    "CountTable",
    "ExperimentData",
    "ExperimentError",
    "Notice",
    "ReplicationSummary",
    "SampleSize",
    "StratumAllocation",
    "SummaryCell",
    "SuppressedTable",
    "Suppression",
    "Unit",
    "Units",
    "achieved_power",
    "analyse",
    "assign",
    "balance",
    "cohens_h",
    "cross_tab",
    "minimum_detectable_effect",
    "read_experiment_csv",
    "read_units_csv",
    "replication_summary",
    "sample_size",
    "suppress_small_cells",
]
