"""Analyse a randomised experiment: each treatment arm against the control.

Every estimate is treatment mean minus control mean. Unstratified, it is Welch's t-test;
stratified, the blocked (Neyman) estimator with a normal approximation (see
:mod:`~coproduce.methods.experiments.estimators`). Each comes with a randomisation test
(see :mod:`~coproduce.methods.experiments.permutation`).

The control is the arm named, or by default the first arm in sorted order; the result says
which. A stratum in which an arm compared has fewer than 2 units (its variance is unknown)
is refused by default, naming the stratum and the arm; with ``incomplete_strata="drop"`` it
is left out of that comparison only, with a ``stratum_dropped`` notice, and the weights are
taken over the strata kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.experiments._common import (
    Stratum,
    StratumKey,
    arm_labels,
    check_outcomes,
    generator,
    resolve_control,
    strata_keys,
    stratum_label,
)
from coproduce.methods.experiments.errors import ExperimentError, Notice
from coproduce.methods.experiments.estimators import (
    Block,
    Estimate,
    blocked,
    standard_error_is_zero,
    welch,
)
from coproduce.methods.experiments.permutation import (
    PERMUTATIONS,
    PermutationBlock,
    permutation_p,
)

__all__ = ["Analysis", "ArmEffect", "analyse"]

IntArray = NDArray[np.intp]
Incomplete = Literal["refuse", "drop"]


@dataclass(frozen=True)
class ArmEffect:
    """One treatment arm against the control: the estimate, its uncertainty and its tests.

    ``df`` is Welch's degrees of freedom (``None`` when stratified); ``strata`` the number of
    strata the comparison used (``None`` when unstratified).
    """

    arm: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    permutation_p: float
    df: float | None
    n_treatment: int
    n_control: int
    strata: int | None

    def to_dict(self) -> dict[str, object]:
        """Return the numbers as plain JSON-ready values."""
        return {
            "estimate": self.estimate,
            "se": self.se,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "permutation_p": self.permutation_p,
            "df": self.df,
            "n_treatment": self.n_treatment,
            "n_control": self.n_control,
            "strata": self.strata,
        }


@dataclass(frozen=True)
class Analysis:
    """The analysis of one outcome: each treatment arm's effect against ``control``.

    ``control_is_default`` says the control was not named (the first arm in sorted order);
    ``method`` is ``"welch"`` or ``"neyman_blocked"``; ``permutations`` and ``seed`` replay
    the randomisation tests; ``notices`` say what was dropped.
    """

    control: str
    control_is_default: bool
    method: str
    n: Mapping[str, int]
    means: Mapping[str, float]
    arms: Mapping[str, ArmEffect]
    permutations: int
    seed: int
    notices: tuple[Notice, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return the analysis as plain JSON-ready values (the command's ``--format json``)."""
        return {
            "control": self.control,
            "control_default": self.control_is_default,
            "method": self.method,
            "n": dict(self.n),
            "means": dict(self.means),
            "arms": {arm: effect.to_dict() for arm, effect in self.arms.items()},
            "permutations": self.permutations,
            "seed": self.seed,
            "notices": [notice.to_dict() for notice in self.notices],
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict(), allow_nan=False)


def _groups(keys: tuple[StratumKey, ...] | None, n: int) -> dict[StratumKey, IntArray]:
    """Return each stratum's rows, strata in sorted order (one group of all rows if none)."""
    if keys is None:
        return {(): np.arange(n)}
    rows: dict[StratumKey, list[int]] = {}
    for row, key in enumerate(keys):
        rows.setdefault(key, []).append(row)
    return {key: np.array(rows[key], dtype=np.intp) for key in sorted(rows)}


@dataclass(frozen=True)
class _Data:
    """The checked input: outcomes and arm labels by row, rows by stratum."""

    outcomes: NDArray[np.float64]
    labels: NDArray[np.str_]
    groups: dict[StratumKey, IntArray]
    stratified: bool


def _incomplete(key: StratumKey, arm: str, count: int, pair: tuple[str, str]) -> Notice:
    name = stratum_label(key)
    data = {"stratum": name, "arm": arm, "n": count, "treatment": pair[0], "control": pair[1]}
    return Notice("stratum_dropped", data)


def _kept_strata(
    data: _Data, pair: tuple[str, str], incomplete: Incomplete
) -> tuple[list[StratumKey], list[Notice]]:
    """Return the strata with 2 units in each arm of ``pair``, and notices for the others."""
    kept: list[StratumKey] = []
    notices: list[Notice] = []
    for key, rows in data.groups.items():
        short = [(arm, int((data.labels[rows] == arm).sum())) for arm in pair]
        short = [(arm, count) for arm, count in short if count < 2]
        if not short:
            kept.append(key)
        elif incomplete == "drop":
            notices.append(_incomplete(key, *short[0], pair))
        else:
            arm, count = short[0]
            raise ExperimentError(
                "stratum_incomplete",
                f"stratum {stratum_label(key)!r} has {count} unit(s) in arm {arm!r}; each arm "
                "compared needs at least 2 in every stratum (or drop incomplete strata)",
                stratum=stratum_label(key),
                arm=arm,
                n=count,
            )
    if not kept:
        raise ExperimentError(
            "no_complete_stratum",
            f"no stratum has at least 2 units in both {pair[0]!r} and {pair[1]!r}",
            treatment=pair[0],
            control=pair[1],
        )
    return kept, notices


def _blocks(
    data: _Data, kept: list[StratumKey], pair: tuple[str, str]
) -> tuple[list[Block], list[PermutationBlock]]:
    """Return each kept stratum's outcomes by arm, for the estimate and for the test."""
    treatment, control = pair
    total = sum(len(data.groups[key]) for key in kept)
    first = min(pair)  # the test's stream and sign depend on the pair, not on who is control
    blocks, tests = [], []
    for key in kept:
        weight = len(data.groups[key]) / total
        rows = data.groups[key]
        arm = data.labels[rows]
        rows = rows[(arm == treatment) | (arm == control)]
        arm = data.labels[rows]
        blocks.append(
            Block(
                weight, data.outcomes[rows[arm == treatment]], data.outcomes[rows[arm == control]]
            )
        )
        tests.append(PermutationBlock(weight, data.outcomes[rows], arm == first))
    if standard_error_is_zero(blocks):
        raise ExperimentError(
            "no_variation",
            f"the outcome does not vary within {treatment!r} or {control!r}; "
            "the standard error is zero",
            treatment=treatment,
            control=control,
        )
    return blocks, tests


def _compare(
    data: _Data,
    pair: tuple[str, str],
    *,
    incomplete: Incomplete,
    permutations: int,
    seed: int,
) -> tuple[ArmEffect, list[Notice]]:
    kept, notices = _kept_strata(data, pair, incomplete)
    blocks, tests = _blocks(data, kept, pair)
    estimate: Estimate = (
        blocked(blocks) if data.stratified else welch(blocks[0].treated, blocks[0].control)
    )
    rng = generator(seed, "permutation", *sorted(pair))
    effect = ArmEffect(
        arm=pair[0],
        estimate=estimate.estimate,
        se=estimate.se,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        p_value=estimate.p_value,
        permutation_p=permutation_p(tests, permutations=permutations, rng=rng),
        df=estimate.df,
        n_treatment=sum(len(b.treated) for b in blocks),
        n_control=sum(len(b.control) for b in blocks),
        strata=len(kept) if data.stratified else None,
    )
    return effect, notices


def _check_options(permutations: int, seed: int, incomplete: str) -> None:
    if isinstance(permutations, bool) or not isinstance(permutations, int) or permutations < 1:
        raise ExperimentError(
            "bad_permutations",
            f"the number of permutations must be a positive integer, not {permutations!r}",
            permutations=permutations,
        )
    generator(seed)
    if incomplete not in ("refuse", "drop"):
        raise ExperimentError(
            "bad_option", f"incomplete_strata is 'refuse' or 'drop', not {incomplete!r}"
        )


def _arm_sizes(labels: NDArray[np.str_], names: list[str]) -> dict[str, int]:
    """Return the units in each arm; raise ``too_few_units`` for an arm with fewer than 2."""
    n = {arm: int((labels == arm).sum()) for arm in names}
    for arm, count in n.items():
        if count < 2:
            raise ExperimentError(
                "too_few_units",
                f"arm {arm!r} has {count} unit; each arm needs at least 2",
                arm=arm,
                n=count,
            )
    return n


def analyse(
    outcomes: Sequence[float] | NDArray[Any],
    arms: Sequence[str],
    *,
    strata: Sequence[Stratum] | None = None,
    control: str | None = None,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
    incomplete_strata: Incomplete = "refuse",
) -> Analysis:
    """Return each treatment arm's difference in means against the control.

    ``outcomes``, ``arms`` and ``strata`` (optional) hold one value per unit. Raise
    ``ExperimentError`` if an outcome is not a finite number (naming the row), the control is
    not an arm of the data, an arm has fewer than 2 units, a stratum lacks an arm (unless
    ``incomplete_strata="drop"``), or the outcome does not vary within the arms compared.
    """
    _check_options(permutations, seed, incomplete_strata)
    values = check_outcomes(outcomes)
    labels = np.array(arm_labels(arms, len(values)))
    keys = strata_keys(strata, len(values))
    names = sorted(set(labels.tolist()))
    chosen, default = resolve_control(names, control)
    n = _arm_sizes(labels, names)
    data = _Data(values, labels, _groups(keys, len(values)), stratified=keys is not None)
    effects: dict[str, ArmEffect] = {}
    notices: list[Notice] = []
    for arm in (name for name in names if name != chosen):
        effects[arm], dropped = _compare(
            data, (arm, chosen), incomplete=incomplete_strata, permutations=permutations, seed=seed
        )
        notices += dropped
    return Analysis(
        control=chosen,
        control_is_default=default,
        method="neyman_blocked" if data.stratified else "welch",
        n=n,
        means={arm: float(np.mean(values[labels == arm])) for arm in names},
        arms=effects,
        permutations=permutations,
        seed=seed,
        notices=tuple(notices),
    )
