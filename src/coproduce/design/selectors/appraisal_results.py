"""The results of an options appraisal as the page shows them: per group the ranking (ties
said in words), a chart and its numbers; the compromise with its rule in plain words; where
the groups disagree most; and per group how far a weight must move to change its choice.

The numbers come from ``design.appraisal.appraisal_outcome`` (the library, on the stored
data); the sentences are made here, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.design.appraisal import ENTERED, AppraisalOutcome, appraisal_outcome
from coproduce.design.models import Appraisal, AppraisalMethod
from coproduce.methods.appraisal import Threshold
from coproduce.ui.figures import bar_chart_svg

DEFAULT_METHOD = AppraisalMethod.WSM


def number(value: float, places: int = 3) -> str:
    """A number as the page writes it (the tests read the page with this)."""
    return number_format(round(value, places) + 0.0, decimal_pos=places)


def rank_text(rank: float) -> str:
    """A rank as the page writes it: whole, or halves for tied options (2.5)."""
    return number(rank, 0) if float(rank).is_integer() else number(rank, 1)


@dataclass
class GroupResult:
    name: str
    source: str
    weights: list[tuple[str, str]]
    rows: list[tuple[str, str, str, str]]  # rank, option, preference, out of 100
    ties: list[str]
    first_choice: str
    sensitivity: str
    sensitivity_rows: list[tuple[str, str, str, str]]
    chart: SafeString


@dataclass
class AppraisalResults:
    method: str
    method_label: str
    problems: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    compromise: str = ""
    compromise_option: str = ""
    compromise_rule: str = ""
    compromise_rows: list[list[str]] = field(default_factory=list)
    compromise_headers: list[str] = field(default_factory=list)
    compromise_chart: SafeString = mark_safe("")  # noqa: RUF009
    disagreement: list[str] = field(default_factory=list)


_PROBLEMS = {
    "too_few_options": lambda: _("It needs at least two options."),
    "no_criteria": lambda: _("It needs at least one criterion."),
    "missing_scores": lambda: _("Some options have no score yet on some criteria."),
    "no_weights": lambda: _("No stakeholder group has weighed the criteria yet."),
}


def _source(outcome: AppraisalOutcome, gid: str) -> str:
    weights = outcome.groups[gid]
    if weights.source == ENTERED:
        return _("Weights entered by staff (%(note)s).") % {"note": weights.group.weights_note}
    return ngettext(
        "Weights set online by %(n)s member.",
        "The mean of the weights set online by %(n)s members.",
        weights.n_members,
    ) % {"n": weights.n_members}


def _name(outcome: AppraisalOutcome, oid: str | None) -> str:
    return outcome.options[oid].name if oid else ""


def _threshold_text(outcome: AppraisalOutcome, threshold: Threshold, up: bool) -> str:
    if threshold.code == "at_bound":
        return _("cannot rise") if up else _("cannot fall")
    if threshold.code == "unchanged" or threshold.weight is None:
        return _("no change")
    return _("at %(weight)s: %(option)s") % {
        "weight": number(threshold.weight, 2),
        "option": _name(outcome, threshold.option),
    }


def _sensitivity(outcome: AppraisalOutcome, index: int, name: str) -> tuple[str, list[Any]]:
    assert outcome.result is not None
    sensitivity = outcome.result.sensitivity[index]
    rows = [
        (
            outcome.criteria[c.criterion].name,
            number(c.weight, 2),
            _threshold_text(outcome, c.up, True),
            _threshold_text(outcome, c.down, False),
        )
        for c in sensitivity.criteria
    ]
    smallest = sensitivity.smallest()
    first = _name(outcome, sensitivity.first_choice)
    if smallest is None:
        return (
            _(
                "No change of a single weight would change the first choice of %(group)s, "
                "%(option)s."
            )
            % {"group": name, "option": first}
        ), rows
    criterion, direction, threshold = smallest
    assert threshold.weight is not None
    values = {
        "group": name,
        "other": _name(outcome, threshold.option),
        "first": first,
        "criterion": outcome.criteria[criterion].name,
        "before": number(outcome.result.groups[index].weights[criterion], 2),
        "after": number(threshold.weight, 2),
    }
    if direction == "up":
        text = _(
            "%(group)s would choose %(other)s instead of %(first)s if the weight on "
            "%(criterion)s rose from %(before)s to %(after)s."
        )
    else:
        text = _(
            "%(group)s would choose %(other)s instead of %(first)s if the weight on "
            "%(criterion)s fell from %(before)s to %(after)s."
        )
    return text % values, rows


def _group(outcome: AppraisalOutcome, index: int) -> GroupResult:
    assert outcome.result is not None
    ranking = outcome.result.groups[index]
    name = outcome.groups[ranking.group].group.name
    normalised = outcome.result.compromise.normalised
    rows = [
        (
            rank_text(ranking.ranks[o]),
            _name(outcome, o),
            number(ranking.preference[o]),
            number(normalised[o][ranking.group] * 100, 0),
        )
        for o in ranking.ranking
    ]
    ties = [
        _("%(options)s tie.")
        % {"options": get_text_list([_name(outcome, o) for o in level], _("and"))}
        for level in ranking.ties
    ]
    sensitivity, sensitivity_rows = _sensitivity(outcome, index, name)
    title = _("How much %(group)s like each option, out of 100") % {"group": name}
    chart = bar_chart_svg(
        [(_name(outcome, o), round(normalised[o][ranking.group] * 100)) for o in ranking.ranking],
        title=title,
        description=_("0 is the group's least liked option and 100 its favourite. %(values)s")
        % {"values": "; ".join(f"{row[1]}: {row[3]}" for row in rows)},
    )
    return GroupResult(
        name=name,
        source=_source(outcome, ranking.group),
        weights=[(outcome.criteria[c].name, number(w, 2)) for c, w in ranking.weights.items()],
        rows=rows,
        ties=ties,
        first_choice=_name(outcome, ranking.first),
        sensitivity=sensitivity,
        sensitivity_rows=sensitivity_rows,
        chart=mark_safe(chart),  # noqa: S308  (built with every text escaped)
    )


def _compromise(outcome: AppraisalOutcome, results: AppraisalResults) -> None:
    assert outcome.result is not None
    compromise = outcome.result.compromise
    names = {gid: g.group.name for gid, g in outcome.groups.items()}
    option = _name(outcome, compromise.option)
    results.compromise_option = option
    results.compromise_rule = _(
        "The rule: for each group, its options are scored from 0 (its least liked) to 100 "
        "(its favourite). The compromise is the option whose lowest score, from the group "
        "that likes it least, is the highest: the option the least happy group likes best."
    )
    text = _(
        "The compromise is %(option)s: the group that likes it least, %(group)s, still gives "
        "it %(value)s out of 100, more than any other option gets from its least happy group."
    )
    values = {
        "option": option,
        "group": names[compromise.worst_group],
        "value": number(compromise.value * 100, 0),
    }
    if compromise.tie_break == "mean_normalised":
        text = _(
            "The compromise is %(option)s. %(tied)s tie on the lowest score (%(value)s out of "
            "100); %(option)s is chosen because the groups like it more on average."
        )
    elif compromise.tie_break == "tie_order":
        text = _(
            "The compromise is %(option)s. %(tied)s tie on the lowest score (%(value)s out of "
            "100) and on the average; %(option)s comes first in the list of options."
        )
    values["tied"] = get_text_list([_name(outcome, o) for o in compromise.tied], _("and"))
    results.compromise = text % values
    groups = list(outcome.groups)
    results.compromise_headers = [
        _("Option"),
        _("Lowest score"),
        _("Mean score"),
        *[names[g] for g in groups],
    ]
    results.compromise_rows = [
        [
            _name(outcome, o),
            number(compromise.worst[o] * 100, 0),
            number(compromise.mean[o] * 100, 0),
            *[number(compromise.normalised[o][g] * 100, 0) for g in groups],
        ]
        for o in compromise.ranking
    ]
    chart = bar_chart_svg(
        [
            (row[0], round(compromise.worst[o] * 100))
            for row, o in zip(results.compromise_rows, compromise.ranking, strict=True)
        ],
        title=_("Each option's score from the group that likes it least, out of 100"),
        description="; ".join(f"{row[0]}: {row[1]}" for row in results.compromise_rows),
    )
    results.compromise_chart = mark_safe(chart)  # noqa: S308


def _disagreement(outcome: AppraisalOutcome) -> list[str]:
    assert outcome.result is not None
    disagreement = outcome.result.compromise.disagreement
    names = {gid: g.group.name for gid, g in outcome.groups.items()}
    found = []
    for o in disagreement.most_disputed_options:
        ranks = disagreement.option_ranks[o]
        found.append(
            _("The groups disagree most about %(option)s: ranked %(ranks)s.")
            % {
                "option": _name(outcome, o),
                "ranks": get_text_list(
                    [
                        _("%(rank)s by %(group)s") % {"rank": rank_text(r), "group": names[g]}
                        for g, r in ranks.items()
                    ],
                    _("and"),
                ),
            }
        )
    for c in disagreement.most_disputed_criteria:
        weights = disagreement.criterion_weights[c]
        low = min(weights, key=weights.__getitem__)
        high = max(weights, key=weights.__getitem__)
        found.append(
            _(
                "They weigh %(criterion)s most differently: from %(low)s (%(low_group)s) to "
                "%(high)s (%(high_group)s)."
            )
            % {
                "criterion": outcome.criteria[c].name,
                "low": number(weights[low], 2),
                "low_group": names[low],
                "high": number(weights[high], 2),
                "high_group": names[high],
            }
        )
    return found


def appraisal_results(appraisal: Appraisal, method: str) -> AppraisalResults:
    """Return the appraisal's results by ``method`` as the page shows them."""
    outcome = appraisal_outcome(appraisal, method)
    results = AppraisalResults(
        method=method,
        method_label=str(AppraisalMethod(method).label),
        waiting=[g.name for g in outcome.waiting],
    )
    if outcome.problems:
        results.problems = [str(_PROBLEMS[code]()) for code in outcome.problems]
        return results
    if outcome.error is not None:
        results.problems = [
            _(
                "The weighted sum needs every score above zero, and a score is zero or "
                "less: choose TOPSIS or PROMETHEE II."
            )
            if outcome.error.code == "not_positive"
            else str(outcome.error)
        ]
        return results
    assert outcome.result is not None
    results.groups = [_group(outcome, i) for i in range(len(outcome.result.groups))]
    _compromise(outcome, results)
    results.disagreement = _disagreement(outcome)
    return results
