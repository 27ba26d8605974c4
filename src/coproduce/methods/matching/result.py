"""The result of a matching: who takes which shift, and why places are left unfilled.

Reasons are codes with their numbers; sentences are written where the reader's language is
known (the CLI's table, the app's templates), never stored here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Matching", "Reason", "ShiftOutcome"]


class Reason(StrEnum):
    """Why a shift has the places it has.

    ``FILLED``: every place is filled (``data``: ``eligible``).
    ``NO_ELIGIBLE_VOLUNTEER``: nobody may take it (``data``: ``volunteers`` and, per rule,
    how many of them fail it: ``failing_skills``, ``failing_checks``,
    ``failing_availability``, ``failing_distance``, ``failing_hours``).
    ``TOO_FEW_ELIGIBLE``: every eligible volunteer takes it, and they are too few
    (``data``: ``eligible``).
    ``ELIGIBLE_BUSY``: some eligible volunteers take other shifts instead, which the optimum
    needs (``data``: ``eligible``; ``busy_overlap``, those on a shift that overlaps it;
    ``busy_hours``, those whose hours it would exceed; one person may count in both).
    """

    FILLED = "filled"
    NO_ELIGIBLE_VOLUNTEER = "no_eligible_volunteer"
    TOO_FEW_ELIGIBLE = "too_few_eligible"
    ELIGIBLE_BUSY = "eligible_busy"


@dataclass(frozen=True, slots=True)
class ShiftOutcome:
    """How many of one shift's places are filled, and the reason code with its numbers."""

    shift: str
    capacity: int
    filled: int
    reason: Reason
    data: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the outcome as plain JSON-ready data."""
        return {
            "shift": self.shift,
            "capacity": self.capacity,
            "filled": self.filled,
            "reason": str(self.reason),
            **self.data,
        }


@dataclass(frozen=True, slots=True)
class Matching:
    """An optimal matching: the most places filled, then the least total distance.

    ``assignment`` holds (volunteer id, shift id) pairs, sorted; ``distance_m`` is the sum
    of each pair's distance rounded to the metre (the quantity minimised); ``shifts`` holds
    one :class:`ShiftOutcome` per shift, by id; ``details`` counts the pairs and components
    and how each part was solved.
    """

    assignment: tuple[tuple[str, str], ...]
    filled: int
    distance_m: int
    shifts: tuple[ShiftOutcome, ...]
    details: Mapping[str, int] = field(default_factory=dict)

    @property
    def distance_km(self) -> float:
        """The total distance in km (exact to the metre)."""
        return self.distance_m / 1000

    @property
    def unfilled(self) -> tuple[ShiftOutcome, ...]:
        """The shifts with places left, by id."""
        return tuple(s for s in self.shifts if s.reason is not Reason.FILLED)

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """Return ``{"assignment", "filled", "distance_km"}`` and, with ``explain``, the
        outcome of each shift with places left under ``"unfilled"``."""
        data: dict[str, Any] = {
            "assignment": [list(pair) for pair in self.assignment],
            "filled": self.filled,
            "distance_km": self.distance_km,
        }
        if explain:
            data["unfilled"] = [s.to_dict() for s in self.unfilled]
        return data

    def to_json(self, *, explain: bool = False) -> str:
        """Return :meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict(explain=explain), allow_nan=False)
