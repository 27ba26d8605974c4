"""The whole appraisal: each group's ranking, the compromise, and each group's sensitivity."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coproduce.methods.appraisal.compromise import Compromise, compromise_of
from coproduce.methods.appraisal.errors import AppraisalError
from coproduce.methods.appraisal.model import Appraisal
from coproduce.methods.appraisal.ranking import TIE_TOLERANCE, GroupRanking, rank_levels, ranks_of
from coproduce.methods.appraisal.scoring import Method, preferences
from coproduce.methods.appraisal.sensitivity import Sensitivity, sensitivity_of

__all__ = ["AppraisalResult", "appraise", "method_from", "rank_groups"]


@dataclass(frozen=True, slots=True)
class AppraisalResult:
    """Per group a ranking and a sensitivity; across groups a compromise."""

    method: Method
    tolerance: float
    groups: tuple[GroupRanking, ...]
    compromise: Compromise
    sensitivity: tuple[Sensitivity, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data (the documented output)."""
        return {
            "method": str(self.method),
            "tie_tolerance": self.tolerance,
            "groups": {
                r.group: {
                    "preference": dict(r.preference),
                    "ranking": list(r.ranking),
                    "ties": [list(level) for level in r.ties],
                    "ranks": dict(r.ranks),
                    "weights": dict(r.weights),
                }
                for r in self.groups
            },
            "compromise": self.compromise.to_dict(),
            "sensitivity": {s.group: s.to_dict() for s in self.sensitivity},
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict(), allow_nan=False)


def method_from(name: str | Method) -> Method:
    """Return the :class:`Method` called ``name``; raise :class:`AppraisalError` if none is."""
    try:
        return Method(name)
    except ValueError:
        choices = ", ".join(m.value for m in Method)
        raise AppraisalError(
            "method", "unknown_method", f"{name!r} is not one of {choices}"
        ) from None


def rank_groups(
    appraisal: Appraisal,
    method: str | Method = Method.WSM,
    *,
    tolerance: float = TIE_TOLERANCE,
    tie_order: Sequence[str] | None = None,
) -> tuple[GroupRanking, ...]:
    """Return each group's preferences and ranking by ``method``, ties reported.

    Raise :class:`AppraisalError` if ``method`` is unknown or cannot rank ``appraisal``
    (WSM needs positive scores), or if ``tie_order`` is not a permutation of the options.
    """
    weights = appraisal.weights()
    values = preferences(appraisal, method_from(method), weights)
    rankings = []
    for group, row, group_weights in zip(appraisal.groups, values, weights, strict=True):
        # + 0.0 turns -0.0 into 0.0
        preference = {o: float(v) + 0.0 for o, v in zip(appraisal.options, row, strict=True)}
        levels = rank_levels(preference, tolerance=tolerance, tie_order=tie_order)
        rankings.append(
            GroupRanking(
                group=group.id,
                weights={
                    c: float(w) for c, w in zip(appraisal.criterion_ids, group_weights, strict=True)
                },
                preference=preference,
                ranking=tuple(o for level in levels for o in level),
                ties=tuple(level for level in levels if len(level) > 1),
                ranks=ranks_of(levels),
            )
        )
    return tuple(rankings)


def appraise(
    appraisal: Appraisal,
    method: str | Method = Method.WSM,
    *,
    tolerance: float = TIE_TOLERANCE,
    tie_order: Sequence[str] | None = None,
) -> AppraisalResult:
    """Return the groups' rankings by ``method``, the compromise and the sensitivities.

    ``tolerance`` is how close two preferences must be to tie; ``tie_order`` orders tied
    options (default: the appraisal's ``options``). Raise :class:`AppraisalError` as
    :func:`rank_groups` does.
    """
    chosen = method_from(method)
    rankings = rank_groups(appraisal, chosen, tolerance=tolerance, tie_order=tie_order)
    return AppraisalResult(
        method=chosen,
        tolerance=tolerance,
        groups=rankings,
        compromise=compromise_of(rankings, tolerance=tolerance, tie_order=tie_order),
        sensitivity=tuple(
            sensitivity_of(appraisal, chosen, r, tolerance=tolerance) for r in rankings
        ),
    )
