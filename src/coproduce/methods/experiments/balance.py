"""Balance of covariates by arm: means or shares, and standardised differences.

A numeric covariate is summarised by its mean in each arm, and a treatment arm's
standardised difference is (mean_t − mean_c) / √((s²_t + s²_c) / 2), sample variances
(n − 1). A categorical covariate gets one row per category (sorted) with its share in each arm
and (p_t − p_c) / √((p_t(1 − p_t) + p_c(1 − p_c)) / 2). Missing values (``None``) are left
out and counted. A difference is ``0`` when both arms are constant and equal, and ``None``
when it cannot be standardised (an arm with too few values, or constant and unequal). As a
rule of thumb, |difference| above 0.1 deserves a look.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from coproduce.methods.experiments._common import arm_labels, resolve_control
from coproduce.methods.experiments.errors import ExperimentError

__all__ = ["BalanceRow", "BalanceTable", "Covariate", "balance"]

T = TypeVar("T")

#: One covariate's values, one per unit: all numbers or all strings, ``None`` when missing.
Covariate = Sequence[float | None] | Sequence[str | None]


@dataclass(frozen=True)
class BalanceRow:
    """One numeric covariate (``level`` is ``None``) or one category of a categorical one.

    ``values`` is the mean or share in each arm (``None`` if an arm has no values);
    ``differences`` each treatment arm's standardised difference against the control;
    ``missing`` the number of missing values in each arm.
    """

    covariate: str
    level: str | None
    values: Mapping[str, float | None]
    differences: Mapping[str, float | None]
    missing: Mapping[str, int]

    def to_dict(self) -> dict[str, object]:
        """Return the row as plain JSON-ready values."""
        return {
            "covariate": self.covariate,
            "level": self.level,
            "values": dict(self.values),
            "differences": dict(self.differences),
            "missing": dict(self.missing),
        }


@dataclass(frozen=True)
class BalanceTable:
    """Covariate balance of every arm, with differences taken against ``control``."""

    control: str
    control_is_default: bool
    n: Mapping[str, int]
    rows: tuple[BalanceRow, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the table as plain JSON-ready values."""
        return {
            "control": self.control,
            "control_default": self.control_is_default,
            "n": dict(self.n),
            "rows": [row.to_dict() for row in self.rows],
        }


def _standardised(difference: float, variance: float) -> float | None:
    if variance > 0:
        return difference / math.sqrt(variance)
    return 0.0 if difference == 0 else None


def _by_arm(
    values: Sequence[T | None], labels: tuple[str, ...], names: list[str]
) -> tuple[dict[str, list[T]], dict[str, int]]:
    by_arm: dict[str, list[T]] = {arm: [] for arm in names}
    missing = dict.fromkeys(names, 0)
    for label, value in zip(labels, values, strict=True):
        if value is None:
            missing[label] += 1
        else:
            by_arm[label].append(value)
    return by_arm, missing


def _numeric_row(
    name: str,
    values: Sequence[float | None],
    labels: tuple[str, ...],
    names: list[str],
    control: str,
) -> BalanceRow:
    by_arm, missing = _by_arm(values, labels, names)
    means = {arm: statistics.fmean(v) if v else None for arm, v in by_arm.items()}
    differences: dict[str, float | None] = {}
    for arm, mean in means.items():
        if arm == control:
            continue
        mean_c, treated, controls = means[control], by_arm[arm], by_arm[control]
        if mean is None or mean_c is None or len(treated) < 2 or len(controls) < 2:
            differences[arm] = None
            continue
        pooled = (statistics.variance(treated) + statistics.variance(controls)) / 2
        differences[arm] = _standardised(mean - mean_c, pooled)
    return BalanceRow(name, None, means, differences, missing)


def _share_rows(
    name: str, values: Sequence[str | None], labels: tuple[str, ...], names: list[str], control: str
) -> list[BalanceRow]:
    by_arm, missing = _by_arm(values, labels, names)
    rows: list[BalanceRow] = []
    for level in sorted({v for v in values if v is not None}):
        shares = {arm: v.count(level) / len(v) if v else None for arm, v in by_arm.items()}
        differences: dict[str, float | None] = {}
        for arm, p_t in shares.items():
            p_c = shares[control]
            if arm == control:
                continue
            if p_t is None or p_c is None:
                differences[arm] = None
                continue
            pooled = (p_t * (1 - p_t) + p_c * (1 - p_c)) / 2
            differences[arm] = _standardised(p_t - p_c, pooled)
        rows.append(BalanceRow(name, level, shares, differences, missing))
    return rows


def balance(
    covariates: Mapping[str, Covariate], arms: Sequence[str], *, control: str | None = None
) -> BalanceTable:
    """Return the balance table of ``covariates`` (name → one value per unit) by arm.

    Rows follow the covariates' order. Raise ``ExperimentError`` if a covariate's length
    differs from the arms', it mixes numbers and text, or the control is not an arm.
    """
    labels = arm_labels(arms, len(arms))
    names = sorted(set(labels))
    chosen, default = resolve_control(names, control)
    rows: list[BalanceRow] = []
    for name, values in covariates.items():
        if len(values) != len(labels):
            raise ExperimentError(
                "length_mismatch",
                f"covariate {name!r} has {len(values)} values for {len(labels)} units",
                covariate=name,
            )
        given = [v for v in values if v is not None]
        if all(isinstance(v, str) for v in given):
            rows += _share_rows(name, cast("Sequence[str | None]", values), labels, names, chosen)
        elif any(isinstance(v, str) for v in given):
            raise ExperimentError(
                "mixed_covariate", f"covariate {name!r} mixes numbers and text", covariate=name
            )
        else:
            numbers = cast("Sequence[float | None]", values)
            rows.append(_numeric_row(name, numbers, labels, names, chosen))
    n = {arm: labels.count(arm) for arm in names}
    return BalanceTable(chosen, default, n, tuple(rows))
