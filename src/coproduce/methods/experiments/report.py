"""Plain-text tables of the command line (``--format table``), in English."""

from __future__ import annotations

import math
from collections.abc import Sequence

from coproduce.methods.experiments.analysis import Analysis
from coproduce.methods.experiments.balance import BalanceTable
from coproduce.methods.experiments.errors import Notice
from coproduce.methods.experiments.power import SampleSize

__all__ = ["analysis_table", "balance_table", "sample_size_table"]

METHODS = {
    "welch": "difference in means, Welch's t-test",
    "neyman_blocked": "difference in means, blocked (Neyman) estimator, normal approximation",
}


def number(value: float | None) -> str:
    """Return a number with 4 significant digits (thousands separated when large)."""
    if value is None:
        return "–"
    return f"{value:.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def decimals(se: float) -> int:
    """Return how many decimals show an estimate with standard error ``se``: 3 significant."""
    return min(8, max(0, 2 - math.floor(math.log10(se)))) if se > 0 else 4


def p_value(value: float) -> str:
    """Return a p-value to 4 decimals, or ``<0.0001``."""
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """Return ``rows`` aligned: the first column to the left, the others to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _control(control: str, default: bool) -> str:
    if default:
        return f"Control: {control} (the first arm in sorted order; name another with --control)"
    return f"Control: {control}"


def _notice(notice: Notice) -> str:
    data = notice.data
    if notice.code == "stratum_dropped":
        return (
            f"Note: stratum {data['stratum']!r} left out of {data['treatment']} vs "
            f"{data['control']}: arm {data['arm']} has {data['n']} unit(s) there."
        )
    return f"Note: {notice.code} {dict(data)}"


def analysis_table(result: Analysis, outcome: str) -> str:
    """Return the analysis as a readable table."""
    lines = [
        f"Outcome {outcome!r}, {sum(result.n.values())} units: {METHODS[result.method]}",
        _control(result.control, result.control_is_default),
        "",
        *columns(
            [["arm", "n", "mean"]]
            + [[arm, str(n), number(result.means[arm])] for arm, n in result.n.items()]
        ),
        "",
    ]
    rows = [[f"vs {result.control}", "estimate", "se", "95% CI", "p-value", "permutation p"]]
    for arm, e in result.arms.items():
        d = decimals(e.se)
        rows.append(
            [arm, f"{e.estimate:.{d}f}", f"{e.se:.{d}f}", f"[{e.ci_low:.{d}f}, {e.ci_high:.{d}f}]",
             p_value(e.p_value), p_value(e.permutation_p)]
        )  # fmt: skip
    lines += columns(rows)
    lines += [
        "",
        "Estimate: treatment mean minus control mean.",
        f"Permutation test: {result.permutations} re-randomisations (seed {result.seed}), "
        "p = (b + 1) / (m + 1).",
    ]
    lines += [_notice(n) for n in result.notices]
    return "\n".join(lines)


def balance_table(table: BalanceTable) -> str:
    """Return covariate balance as a readable table (means or shares, standardised differences)."""
    arms = list(table.n)
    treated = [arm for arm in arms if arm != table.control]
    header = ["covariate", *arms, *(f"std diff {arm}" for arm in treated)]
    rows = [header, ["n", *(str(table.n[arm]) for arm in arms), *([""] * len(treated))]]
    for row in table.rows:
        name = row.covariate if row.level is None else f"{row.covariate}: {row.level}"
        rows.append(
            [
                name,
                *(number(row.values[arm]) for arm in arms),
                *(number(row.differences[arm]) for arm in treated),
            ]
        )
    return "\n".join([_control(table.control, table.control_is_default), "", *columns(rows)])


def sample_size_table(plan: SampleSize) -> str:
    """Return a sample-size plan as readable lines."""
    return "\n".join(
        [
            f"Effect size {number(plan.effect_size)} (standardised), alpha {plan.alpha}, "
            f"power {plan.power}, {plan.test}-test, ratio {number(plan.ratio)}",
            f"Control arm: {plan.n_control} units (exactly {plan.exact:.2f})",
            f"Treatment arm: {plan.n_treatment} units",
            f"Total: {plan.n_control + plan.n_treatment} units",
        ]
    )
