"""The four ballot formats and their limits, checked on the server.

``ballot_check`` is the one place a ballot's content is judged; every channel (online,
paper, the bench) goes through it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.commissioning.models import BallotArea, BallotFormat, BudgetingRound
from coproduce.commissioning.money import money


@dataclass(frozen=True)
class BallotContent:
    """What a voter chose: proposal ids (in rank order for ranked ballots) and any points."""

    choices: tuple[int, ...]
    points: tuple[int, ...] | None = None

    def as_json(self) -> dict[str, object]:
        return {"choices": list(self.choices), "points": list(self.points) if self.points else None}


def content_from_points(points: Mapping[int, int]) -> BallotContent:
    """Return a cumulative ballot from ``{proposal id: points}``, dropping zeros."""
    kept = sorted((pid, n) for pid, n in points.items() if n)
    return BallotContent(tuple(p for p, _ in kept), tuple(n for _, n in kept))


def content_from_ranks(ranks: Mapping[int, int]) -> BallotContent:
    """Return a ranked ballot from ``{proposal id: rank}`` (1 is first choice)."""
    ordered = sorted(ranks.items(), key=lambda item: item[1])
    return BallotContent(tuple(pid for pid, _ in ordered))


def ranks_check(ranks: Sequence[int]) -> None:
    """Raise ``ValidationError`` unless ranks run 1, 2, 3… without gaps or repeats."""
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        raise ValidationError(_("Number your choices 1, 2, 3… without gaps or repeats."))


def ballot_check(
    round_: BudgetingRound, area: BallotArea, content: BallotContent, costs: Mapping[int, int]
) -> None:
    """Raise ``ValidationError`` with a clear message unless the ballot fits the round's rules.

    ``costs`` maps each proposal on this area's ballot to its cost.
    """
    chosen = content.choices
    if len(set(chosen)) != len(chosen):
        raise ValidationError(_("Choose each project only once."))
    if any(pid not in costs for pid in chosen):
        raise ValidationError(_("Choose only projects on this ballot."))
    if not chosen:
        raise ValidationError(_("Choose at least one project."))
    fmt = round_.ballot_format
    if fmt == BallotFormat.APPROVAL:
        _check_count(len(chosen), round_.min_choices, round_.max_choices)
    elif fmt == BallotFormat.KNAPSACK:
        total = sum(costs[pid] for pid in chosen)
        if total > area.budget:
            raise ValidationError(
                _("Your choices cost %(total)s, more than the budget of %(budget)s. Remove some.")
                % {"total": money(total), "budget": money(area.budget)}
            )
    elif fmt == BallotFormat.CUMULATIVE:
        _check_points(content, round_.points)
    elif fmt == BallotFormat.RANKED and round_.max_choices and len(chosen) > round_.max_choices:
        raise ValidationError(
            ngettext(
                "Rank at most %(count)d project.",
                "Rank at most %(count)d projects.",
                round_.max_choices,
            )
            % {"count": round_.max_choices}
        )


def _check_count(count: int, low: int, high: int | None) -> None:
    if count < low:
        raise ValidationError(
            ngettext(
                "Choose at least %(count)d project.", "Choose at least %(count)d projects.", low
            )
            % {"count": low}
        )
    if high is not None and count > high:
        raise ValidationError(
            ngettext(
                "Choose at most %(count)d project.", "Choose at most %(count)d projects.", high
            )
            % {"count": high}
        )


def _check_points(content: BallotContent, allowed: int) -> None:
    points = content.points or ()
    if len(points) != len(content.choices) or any(n <= 0 for n in points):
        raise ValidationError(
            _("Give each project you choose a whole number of points above zero.")
        )
    if sum(points) > allowed:
        raise ValidationError(
            _("You gave %(given)d points; you have %(allowed)d to distribute.")
            % {"given": sum(points), "allowed": allowed}
        )
