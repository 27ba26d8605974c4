"""Ranking options by preference, reporting ties instead of breaking them silently.

Options are sorted by preference, best first. A tie level starts at the best option not yet
placed and takes every following option whose preference is within ``tolerance`` of that
first one (so a level spans at most ``tolerance``; ties do not chain). Inside a level,
options keep the tie order (by default the order of the appraisal's ``options``). An
option's rank is the mean of the positions its level occupies (1 = best), as in pymcdm.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coproduce.methods.appraisal.errors import AppraisalError

__all__ = ["TIE_TOLERANCE", "GroupRanking", "rank_levels", "ranks_of"]

#: Preferences closer than this are ties (all three methods' preferences lie in [-1, 1]).
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class GroupRanking:
    """One group's view: its normalised weights, each option's preference and the ranking."""

    group: str
    weights: Mapping[str, float]
    preference: Mapping[str, float]
    ranking: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]
    ranks: Mapping[str, float]

    @property
    def first(self) -> str:
        """The first option of the ranking (the first in tie order when the top is tied)."""
        return self.ranking[0]


def _tie_positions(options: Sequence[str], tie_order: Sequence[str] | None) -> dict[str, int]:
    order = list(options) if tie_order is None else list(tie_order)
    if sorted(order) != sorted(options):
        raise AppraisalError("tie_order", "bad_tie_order", "must list every option exactly once")
    return {option: i for i, option in enumerate(order)}


def rank_levels(
    preference: Mapping[str, float],
    *,
    tolerance: float = TIE_TOLERANCE,
    tie_order: Sequence[str] | None = None,
) -> tuple[tuple[str, ...], ...]:
    """Return the options in tie levels, best first (see the module docstring).

    Raise :class:`AppraisalError` if ``tie_order`` is not a permutation of the options.
    """
    position = _tie_positions(list(preference), tie_order)
    ordered = sorted(preference, key=lambda o: (-preference[o], position[o]))
    levels: list[tuple[str, ...]] = []
    start = 0
    while start < len(ordered):
        top = preference[ordered[start]]
        end = start + 1
        while end < len(ordered) and top - preference[ordered[end]] <= tolerance:
            end += 1
        levels.append(tuple(sorted(ordered[start:end], key=position.__getitem__)))
        start = end
    return tuple(levels)


def ranks_of(levels: Sequence[Sequence[str]]) -> dict[str, float]:
    """Return each option's rank (1 = best; a tie level shares the mean of its positions)."""
    ranks: dict[str, float] = {}
    placed = 0
    for level in levels:
        for option in level:
            ranks[option] = placed + (len(level) + 1) / 2
        placed += len(level)
    return ranks
