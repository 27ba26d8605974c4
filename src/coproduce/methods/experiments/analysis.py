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


def _kept_strata(
    groups: dict[StratumKey, IntArray],
    labels: NDArray[np.str_],
    pair: tuple[str, str],
    incomplete: Incomplete,
) -> tuple[list[StratumKey], list[Notice]]:
    kept: list[StratumKey] = []
    notices: list[Notice] = []
    for key, rows in groups.items():
        short = [(arm, int((labels[rows] == arm).sum())) for arm in pair]
        short = [(arm, count) for arm, count in short if count < 2]
        if not short:
            kept.append(key)
            continue
        arm, count = short[0]
        name = stratum_label(key)
        if incomplete == "refuse":
            raise ExperimentError(
                "stratum_incomplete",
                f"stratum {name!r} has {count} unit(s) in arm {arm!r}; each arm compared needs "
                "at least 2 in every stratum (or drop incomplete strata)",
                stratum=name,
                arm=arm,
                n=count,
            )
        notices.append(
            Notice(
                "stratum_dropped",
                {"stratum": name, "arm": arm, "n": count, "treatment": pair[0], "control": pair[1]},
            )
        )
    return kept, notices


def _compare(
    outcomes: NDArray[np.float64],
    labels: NDArray[np.str_],
    groups: dict[StratumKey, IntArray],
    pair: tuple[str, str],
    *,
    stratified: bool,
    incomplete: Incomplete,
    permutations: int,
    seed: int,
) -> tuple[ArmEffect, list[Notice]]:
    treatment, control = pair
    kept, notices = _kept_strata(groups, labels, pair, incomplete)
    if not kept:
        raise ExperimentError(
            "no_complete_stratum",
            f"no stratum has at least 2 units in both {treatment!r} and {control!r}",
            treatment=treatment,
            control=control,
        )
    total = sum(len(groups[key]) for key in kept)
    blocks, tests = [], []
    first = min(pair)  # the test's stream and sign depend on the pair, not on who is control
    for key in kept:
        rows = groups[key]
        rows = rows[(labels[rows] == treatment) | (labels[rows] == control)]
        weight = len(groups[key]) / total
        in_t, in_c = rows[labels[rows] == treatment], rows[labels[rows] == control]
        blocks.append(Block(weight, outcomes[in_t], outcomes[in_c]))
        tests.append(PermutationBlock(weight, outcomes[rows], labels[rows] == first))
    if standard_error_is_zero(blocks):
        raise ExperimentError(
            "no_variation",
            f"the outcome does not vary within {treatment!r} or {control!r}; "
            "the standard error is zero",
            treatment=treatment,
            control=control,
        )
    estimate: Estimate = (
        blocked(blocks) if stratified else welch(blocks[0].treated, blocks[0].control)
    )
    rng = generator(seed, "permutation", *sorted(pair))
    effect = ArmEffect(
        arm=treatment,
        estimate=estimate.estimate,
        se=estimate.se,
        ci_low=estimate.ci_low,
        ci_high=estimate.ci_high,
        p_value=estimate.p_value,
        permutation_p=permutation_p(tests, permutations=permutations, rng=rng),
        df=estimate.df,
        n_treatment=sum(len(b.treated) for b in blocks),
        n_control=sum(len(b.control) for b in blocks),
        strata=len(kept) if stratified else None,
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
    labels = arm_labels(arms, len(values))
    keys = strata_keys(strata, len(values))
    names = sorted(set(labels))
    chosen, default = resolve_control(names, control)
    array = np.array(labels)
    n = {arm: int((array == arm).sum()) for arm in names}
    for arm, count in n.items():
        if count < 2:
            raise ExperimentError(
                "too_few_units",
                f"arm {arm!r} has {count} unit; each arm needs at least 2",
                arm=arm,
                n=count,
            )
    groups = _groups(keys, len(values))
    effects: dict[str, ArmEffect] = {}
    notices: list[Notice] = []
    for arm in (name for name in names if name != chosen):
        effects[arm], dropped = _compare(
            values,
            array,
            groups,
            (arm, chosen),
            stratified=keys is not None,
            incomplete=incomplete_strata,
            permutations=permutations,
            seed=seed,
        )
        notices += dropped
    return Analysis(
        control=chosen,
        control_is_default=default,
        method="welch" if keys is None else "neyman_blocked",
        n=n,
        means={arm: float(np.mean(values[array == arm])) for arm in names},
        arms=effects,
        permutations=permutations,
        seed=seed,
        notices=tuple(notices),
    )
