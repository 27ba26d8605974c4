"""An anonymised summary for replication: outcome n, mean and SD by stratum and arm.

These are all the blocked (Neyman) estimator and Welch's test need, so a reader can
replicate the analysis without any unit's data. The counts are protected by
:func:`~coproduce.methods.experiments.disclosure.suppress_small_cells`; an entry whose count
is withheld has its mean and SD withheld too (sums follow the same totals as counts, so the
same pattern protects them).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.experiments._common import (
    Stratum,
    arm_labels,
    check_outcomes,
    strata_keys,
    stratum_label,
)
from coproduce.methods.experiments.disclosure import (
    K,
    Suppression,
    cross_tab,
    suppress_small_cells,
)

__all__ = ["ALL", "ReplicationSummary", "SummaryCell", "replication_summary"]

#: The stratum or arm name of a total.
ALL = "(all)"


@dataclass(frozen=True)
class SummaryCell:
    """The outcome's count, mean and SD in one stratum and arm (``ALL`` for a total)."""

    stratum: str
    arm: str
    n: int | None
    mean: float | None
    sd: float | None


@dataclass(frozen=True)
class ReplicationSummary:
    """Summary cells (stratum × arm, then stratum totals, arm totals and the grand total)."""

    k: int
    cells: tuple[SummaryCell, ...]
    suppressed: tuple[Suppression, ...]

    def to_rows(self) -> list[dict[str, str]]:
        """Return CSV-ready rows (``stratum, arm, n, mean, sd``; withheld entries empty)."""
        return [
            {
                "stratum": cell.stratum,
                "arm": cell.arm,
                "n": "" if cell.n is None else str(cell.n),
                "mean": "" if cell.mean is None else repr(cell.mean),
                "sd": "" if cell.sd is None else repr(cell.sd),
            }
            for cell in self.cells
        ]


def _cell(stratum: str, arm: str, values: list[float], published: int | None) -> SummaryCell:
    if published is None:
        return SummaryCell(stratum, arm, None, None, None)
    mean = statistics.fmean(values) if values else None
    sd = statistics.stdev(values) if len(values) > 1 else None
    return SummaryCell(stratum, arm, published, mean, sd)


def replication_summary(
    outcomes: Sequence[float] | NDArray[Any],
    arms: Sequence[str],
    *,
    strata: Sequence[Stratum] | None = None,
    k: int = K,
) -> ReplicationSummary:
    """Return the outcome's n, mean and SD by stratum and arm, small cells withheld.

    Without strata every unit is in one stratum named ``ALL`` (with no total row of its own).
    Raise ``ExperimentError`` as :func:`~coproduce.methods.experiments.analysis.analyse` does
    for bad outcomes or arms.
    """
    values = check_outcomes(outcomes)
    labels = arm_labels(arms, len(values))
    keys = strata_keys(strata, len(values))
    names = [ALL] * len(values) if keys is None else [stratum_label(key) for key in keys]
    table = suppress_small_cells(cross_tab(names, labels), k)
    rows, columns = np.array(names), np.array(labels)
    cells: list[SummaryCell] = []
    for r, stratum in enumerate(table.rows):
        for c, arm in enumerate(table.columns):
            picked = values[(rows == stratum) & (columns == arm)].tolist()
            cells.append(_cell(stratum, arm, picked, table.cells[r][c]))
    for r, stratum in enumerate(table.rows if keys is not None else ()):
        cells.append(_cell(stratum, ALL, values[rows == stratum].tolist(), table.row_totals[r]))
    for c, arm in enumerate(table.columns):
        cells.append(_cell(ALL, arm, values[columns == arm].tolist(), table.column_totals[c]))
    cells.append(_cell(ALL, ALL, values.tolist(), table.total))
    return ReplicationSummary(k, tuple(cells), table.suppressed)
