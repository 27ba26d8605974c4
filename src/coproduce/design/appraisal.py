"""The one adapter to ``coproduce.methods.appraisal``: from the stored options, criteria,
scores and groups' weights to the library's problem, and its result back to rows.

A group's weights are those staff entered for it (from a workshop) when there are any,
otherwise the mean of its members' normalised weights (members who weighed every
criterion). Groups with neither are left out of the results and named as waiting.
Ids given to the library are ``o<pk>``, ``c<pk>`` and ``g<pk>``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coproduce.design.models import (
    Appraisal,
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    GroupWeight,
    MemberWeight,
    StakeholderGroup,
)
from coproduce.methods.appraisal import Appraisal as Problem
from coproduce.methods.appraisal import (
    AppraisalError,
    AppraisalResult,
    Criterion,
    Direction,
    Group,
    appraise,
)

__all__ = [
    "ENTERED",
    "MEMBERS",
    "NONE",
    "AppraisalOutcome",
    "GroupWeights",
    "appraisal_document",
    "appraisal_outcome",
    "group_weights",
]

#: Where a group's weights come from.
ENTERED, MEMBERS, NONE = "entered", "members", "none"


@dataclass(frozen=True)
class GroupWeights:
    """A group's weights by criterion pk (normalised to sum 1; empty when it has none)."""

    group: StakeholderGroup
    weights: dict[int, float]
    source: str
    n_members: int = 0


def _normalised(values: dict[int, float]) -> dict[int, float]:
    total = sum(values.values())
    return {k: v / total for k, v in values.items()}


def group_weights(appraisal: Appraisal) -> list[GroupWeights]:
    """Return every group's weights and where they come from, in a fixed number of queries."""
    criteria = list(appraisal.criteria.values_list("pk", flat=True))
    groups = list(appraisal.groups.all())
    entered: dict[int, dict[int, float]] = defaultdict(dict)
    for group_id, criterion_id, weight in GroupWeight.objects.filter(
        group__appraisal=appraisal
    ).values_list("group_id", "criterion_id", "weight"):
        entered[group_id][criterion_id] = weight
    members: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for group_id, member_id, criterion_id, importance in MemberWeight.objects.filter(
        member__group__appraisal=appraisal
    ).values_list("member__group_id", "member_id", "criterion_id", "importance"):
        members[group_id][member_id][criterion_id] = float(importance)
    found = []
    for group in groups:
        mine = entered.get(group.pk, {})
        if criteria and all(c in mine for c in criteria) and sum(mine.values()) > 0:
            weights = _normalised({c: mine[c] for c in criteria})
            found.append(GroupWeights(group, weights, ENTERED))
            continue
        complete = [
            _normalised({c: w[c] for c in criteria})
            for w in members.get(group.pk, {}).values()
            if criteria and all(c in w for c in criteria) and sum(w[c] for c in criteria) > 0
        ]
        if not complete:
            found.append(GroupWeights(group, {}, NONE))
            continue
        mean = {c: sum(w[c] for w in complete) / len(complete) for c in criteria}
        found.append(GroupWeights(group, mean, MEMBERS, len(complete)))
    return found


@dataclass(frozen=True)
class AppraisalOutcome:
    """What the results page needs: the rows by library id, and the result or why not.

    ``problems`` are codes (``too_few_options``, ``no_criteria``, ``missing_scores``,
    ``no_weights``); ``error`` is the library's refusal of the method (WSM with a score ≤ 0).
    """

    options: dict[str, AppraisalOption]
    criteria: dict[str, AppraisalCriterion]
    groups: dict[str, GroupWeights]
    waiting: list[StakeholderGroup]
    scores: dict[tuple[int, int], AppraisalScore]
    problems: list[str] = field(default_factory=list)
    error: AppraisalError | None = None
    result: AppraisalResult | None = None


def _rows(appraisal: Appraisal) -> tuple[Any, ...]:
    options = {f"o{o.pk}": o for o in appraisal.options.all()}
    criteria = {f"c{c.pk}": c for c in appraisal.criteria.all()}
    scores = {
        (s.option_id, s.criterion_id): s
        for s in AppraisalScore.objects.filter(option__appraisal=appraisal)
    }
    return options, criteria, scores


def _problem(
    options: dict[str, AppraisalOption],
    criteria: dict[str, AppraisalCriterion],
    scores: dict[tuple[int, int], AppraisalScore],
    groups: dict[str, GroupWeights],
) -> Problem:
    return Problem(
        options=tuple(options),
        criteria=tuple(Criterion(cid, Direction(c.direction)) for cid, c in criteria.items()),
        scores={
            oid: {cid: scores[(o.pk, c.pk)].value for cid, c in criteria.items()}
            for oid, o in options.items()
        },
        groups=tuple(
            Group(gid, {f"c{pk}": w for pk, w in g.weights.items()}) for gid, g in groups.items()
        ),
    )


def appraisal_outcome(appraisal: Appraisal, method: str) -> AppraisalOutcome:
    """Return the appraisal's results by ``method`` on the stored data, or why there are none."""
    options, criteria, scores = _rows(appraisal)
    weighed = group_weights(appraisal)
    groups = {f"g{g.group.pk}": g for g in weighed if g.source != NONE}
    waiting = [g.group for g in weighed if g.source == NONE]
    outcome = AppraisalOutcome(options, criteria, groups, waiting, scores)
    if len(options) < 2:
        outcome.problems.append("too_few_options")
    if not criteria:
        outcome.problems.append("no_criteria")
    if any((o.pk, c.pk) not in scores for o in options.values() for c in criteria.values()):
        outcome.problems.append("missing_scores")
    if not groups:
        outcome.problems.append("no_weights")
    if outcome.problems:
        return outcome
    try:
        result = appraise(_problem(options, criteria, scores, groups), method)
    except AppraisalError as error:
        return AppraisalOutcome(options, criteria, groups, waiting, scores, error=error)
    return AppraisalOutcome(options, criteria, groups, waiting, scores, result=result)


def appraisal_document(appraisal: Appraisal) -> dict[str, Any]:
    """Return the appraisal in the library's JSON input (docs/methods/appraisal.md), names as
    ids, with the groups that have weights; ``coproduce design rank`` reads it."""
    options, criteria, scores = _rows(appraisal)
    return {
        "title": appraisal.question,
        "options": [o.name for o in options.values()],
        "criteria": [{"id": c.name, "direction": c.direction} for c in criteria.values()],
        "scores": {
            o.name: {
                c.name: scores[(o.pk, c.pk)].value
                for c in criteria.values()
                if (o.pk, c.pk) in scores
            }
            for o in options.values()
        },
        "groups": [
            {
                "id": g.group.name,
                "weights": {c.name: g.weights[c.pk] for c in criteria.values()},
            }
            for g in group_weights(appraisal)
            if g.source != NONE
        ],
    }
