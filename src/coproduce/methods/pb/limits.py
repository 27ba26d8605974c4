"""The ballot limits a pabulib file may declare in META, and the check of one ballot."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from coproduce.methods.pb.election import Ballot, Election

__all__ = ["BallotLimits"]


Number = int | Fraction


def _number(election: Election, key: str) -> Number | None:
    value = election.meta.get(key, "").strip()
    if not value or value.lower() == "none":
        return None
    try:
        number = Fraction(value.replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None
    return int(number) if number.denominator == 1 else number


@dataclass(frozen=True, slots=True)
class BallotLimits:
    """Declared limits: lengths, per-project and total points, total cost (in minor units)."""

    min_length: Number | None = None
    max_length: Number | None = None
    min_points: Number | None = None
    max_points: Number | None = None
    min_sum_points: Number | None = None
    max_sum_points: Number | None = None
    min_sum_cost: Number | None = None
    max_sum_cost: Number | None = None

    @classmethod
    def of(cls, election: Election) -> BallotLimits:
        """Return the limits declared in the election's META (costs scaled to minor units)."""
        values = {name: _number(election, name) for name in cls.__slots__}
        for key in ("min_sum_cost", "max_sum_cost"):
            amount = values[key]
            if amount is not None:
                values[key] = amount * election.scale
        return cls(**values)

    def any(self) -> bool:
        """Return whether any limit is declared."""
        return any(getattr(self, name) is not None for name in self.__slots__)

    def problem(self, ballot: Ballot, costs: dict[str, int]) -> str | None:
        """Return what is wrong with the ballot under these limits, or ``None`` if nothing."""
        length = len(ballot.projects)
        if self.min_length is not None and length < self.min_length and length > 0:
            return f"ballot has {length} projects, fewer than min_length {self.min_length}"
        if self.max_length is not None and length > self.max_length:
            return f"ballot has {length} projects, more than max_length {self.max_length}"
        if ballot.points is not None:
            found = self._points_problem(ballot.points)
            if found:
                return found
        if self.min_sum_cost is None and self.max_sum_cost is None:
            return None
        total = sum(costs[p] for p in ballot.projects)
        if self.max_sum_cost is not None and total > self.max_sum_cost:
            return f"ballot costs {total}, more than max_sum_cost {self.max_sum_cost}"
        if self.min_sum_cost is not None and 0 < total < self.min_sum_cost:
            return f"ballot costs {total}, less than min_sum_cost {self.min_sum_cost}"
        return None

    def _points_problem(self, points: tuple[int, ...]) -> str | None:
        for value in points:
            if self.min_points is not None and value < self.min_points:
                return f"a project gets {value} points, fewer than min_points {self.min_points}"
            if self.max_points is not None and value > self.max_points:
                return f"a project gets {value} points, more than max_points {self.max_points}"
        total = sum(points)
        if self.max_sum_points is not None and total > self.max_sum_points:
            return f"ballot gives {total} points, more than max_sum_points {self.max_sum_points}"
        if self.min_sum_points is not None and 0 < total < self.min_sum_points:
            return f"ballot gives {total} points, fewer than min_sum_points {self.min_sum_points}"
        return None
