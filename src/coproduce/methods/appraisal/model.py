"""The appraisal: options, criteria, each option's scores and the groups' weights.

An :class:`Appraisal` checks itself when built, so every later step may assume a
well-formed problem: at least two options, at least one criterion and one group, unique
ids, a finite score for every option on every criterion, and for every group a finite,
non-negative weight on every criterion with a positive total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from coproduce.methods.appraisal.errors import AppraisalError

__all__ = ["Appraisal", "Criterion", "Direction", "Group", "appraisal_from"]

FloatArray = npt.NDArray[np.float64]


class Direction(StrEnum):
    """Whether more of a criterion is better (``benefit``) or worse (``cost``)."""

    BENEFIT = "benefit"
    COST = "cost"


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion the options are scored on."""

    id: str
    direction: Direction

    def __post_init__(self) -> None:
        if self.direction not in tuple(Direction):
            raise AppraisalError(
                "direction", "bad_direction", f"{self.direction!r} is not 'benefit' or 'cost'"
            )
        object.__setattr__(self, "direction", Direction(self.direction))


@dataclass(frozen=True, slots=True)
class Group:
    """A stakeholder group and its weight for each criterion, as given (normalised later)."""

    id: str
    weights: Mapping[str, float]


@dataclass(frozen=True)
class Appraisal:
    """Options scored on criteria, and groups weighting the criteria.

    ``scores[option][criterion]`` is the option's score. Raise :class:`AppraisalError`
    naming the field if the problem is malformed (see the module docstring).
    """

    options: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    scores: Mapping[str, Mapping[str, float]]
    groups: tuple[Group, ...]
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "criteria", tuple(self.criteria))
        object.__setattr__(self, "groups", tuple(self.groups))
        _check_options(self.options)
        _check_criteria(self.criteria)
        _check_scores(self.scores, self.options, self.criterion_ids)
        _check_groups(self.groups, self.criterion_ids)
        # private copies, so that changing the caller's dicts cannot change the appraisal
        scores = {
            o: {c: float(self.scores[o][c]) for c in self.criterion_ids} for o in self.options
        }
        groups = tuple(
            Group(g.id, {c: float(g.weights[c]) for c in self.criterion_ids}) for g in self.groups
        )
        object.__setattr__(self, "scores", scores)
        object.__setattr__(self, "groups", groups)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """The criteria's ids, in order."""
        return tuple(c.id for c in self.criteria)

    @property
    def group_ids(self) -> tuple[str, ...]:
        """The groups' ids, in order."""
        return tuple(g.id for g in self.groups)

    def matrix(self) -> FloatArray:
        """Return the scores as an options × criteria array, in the given orders."""
        return np.array(
            [[self.scores[o][c] for c in self.criterion_ids] for o in self.options], dtype=float
        )

    def benefit(self) -> npt.NDArray[np.bool_]:
        """Return, per criterion, whether more is better."""
        return np.array([c.direction is Direction.BENEFIT for c in self.criteria])

    def weights(self) -> FloatArray:
        """Return the groups' weights as a groups × criteria array, each row summing to 1."""
        raw = np.array([[g.weights[c] for c in self.criterion_ids] for g in self.groups], float)
        normalised: FloatArray = raw / raw.sum(axis=1, keepdims=True)
        return normalised


def _check_ids(ids: Sequence[object], path: str, kind: str) -> None:
    seen: set[object] = set()
    for i, id_ in enumerate(ids):
        if not isinstance(id_, str) or not id_:
            raise AppraisalError(
                f"{path}[{i}]", "bad_id", f"a {kind} id must be a non-empty string"
            )
        if id_ in seen:
            raise AppraisalError(f"{path}[{i}]", "duplicate_id", f"{kind} {id_!r} appears twice")
        seen.add(id_)


def _check_number(value: object, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AppraisalError(path, "not_a_number", f"{value!r} is not a number")
    if not math.isfinite(value):
        raise AppraisalError(path, "not_finite", f"{value!r} is not a finite number")


def _check_keys(given: Mapping[str, object], known: Sequence[str], path: str, kind: str) -> None:
    for key in given:
        if key not in known:
            where = f"{path}.{key}" if path else str(key)
            raise AppraisalError(where, f"unknown_{kind}", f"no {kind} {key!r}")


def _check_options(options: tuple[str, ...]) -> None:
    if len(options) < 2:
        raise AppraisalError(
            "options", "too_few_options", "an appraisal needs at least two options"
        )
    _check_ids(options, "options", "option")


def _check_criteria(criteria: tuple[Criterion, ...]) -> None:
    if not criteria:
        raise AppraisalError("criteria", "no_criteria", "an appraisal needs at least one criterion")
    _check_ids([c.id for c in criteria], "criteria", "criterion")


def _check_scores(
    scores: Mapping[str, Mapping[str, float]], options: tuple[str, ...], criteria: tuple[str, ...]
) -> None:
    _check_keys(scores, options, "scores", "option")
    for option in options:
        if option not in scores:
            raise AppraisalError(f"scores.{option}", "missing_score", "the option has no scores")
        row = scores[option]
        _check_keys(row, criteria, f"scores.{option}", "criterion")
        for criterion in criteria:
            path = f"scores.{option}.{criterion}"
            if criterion not in row:
                raise AppraisalError(path, "missing_score", "no score on this criterion")
            _check_number(row[criterion], path)


def _check_groups(groups: tuple[Group, ...], criteria: tuple[str, ...]) -> None:
    if not groups:
        raise AppraisalError("groups", "no_groups", "an appraisal needs at least one group")
    _check_ids([g.id for g in groups], "groups", "group")
    for i, group in enumerate(groups):
        path = f"groups[{i}].weights"
        _check_keys(group.weights, criteria, path, "criterion")
        for criterion in criteria:
            if criterion not in group.weights:
                raise AppraisalError(
                    f"{path}.{criterion}", "missing_weight", "no weight (give 0 to ignore it)"
                )
            weight = group.weights[criterion]
            _check_number(weight, f"{path}.{criterion}")
            if weight < 0:
                raise AppraisalError(f"{path}.{criterion}", "negative_weight", f"{weight} < 0")
        if not any(group.weights[c] > 0 for c in criteria):
            raise AppraisalError(path, "zero_weights", f"group {group.id!r} weights nothing")


_KINDS: dict[type, str] = {list: "a list", dict: "an object", str: "a string"}


def _expect(value: object, kind: type, path: str) -> Any:
    if not isinstance(value, kind):
        name = _KINDS[kind]
        raise AppraisalError(path, "bad_type", f"expected {name}")
    return value


def _criterion_from(item: object, i: int) -> Criterion:
    data = _expect(item, dict, f"criteria[{i}]")
    _check_keys(data, ("id", "direction"), f"criteria[{i}]", "key")
    direction = data.get("direction")
    if direction not in tuple(Direction):
        raise AppraisalError(
            f"criteria[{i}].direction", "bad_direction", f"{direction!r} is not 'benefit' or 'cost'"
        )
    return Criterion(id=data.get("id"), direction=Direction(direction))


def _group_from(item: object, i: int) -> Group:
    data = _expect(item, dict, f"groups[{i}]")
    _check_keys(data, ("id", "weights"), f"groups[{i}]", "key")
    weights = _expect(data.get("weights"), dict, f"groups[{i}].weights")
    return Group(id=data.get("id"), weights=dict(weights))


def appraisal_from(data: object) -> Appraisal:
    """Return the :class:`Appraisal` described by parsed JSON (see docs/methods/appraisal.md).

    Raise :class:`AppraisalError` naming the field if the document is malformed.
    """
    doc = _expect(data, dict, "")
    _check_keys(doc, ("title", "options", "criteria", "scores", "groups"), "", "key")
    scores = _expect(doc.get("scores"), dict, "scores")
    for option, row in scores.items():
        _expect(row, dict, f"scores.{option}")
    return Appraisal(
        options=tuple(_expect(doc.get("options"), list, "options")),
        criteria=tuple(
            _criterion_from(c, i)
            for i, c in enumerate(_expect(doc.get("criteria"), list, "criteria"))
        ),
        scores=scores,
        groups=tuple(
            _group_from(g, i) for i, g in enumerate(_expect(doc.get("groups"), list, "groups"))
        ),
        title=_expect(doc.get("title", ""), str, "title"),
    )
