"""What a rule returns: the winners and the sequence of decisions that explains them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Decision", "Outcome"]


@dataclass(frozen=True, slots=True)
class Decision:
    """One step of a rule: ``project`` was ``action`` (selected, skipped, ...) for ``reason``.

    ``data`` holds the numbers behind the reason (price paid, what it did not fit beside, ...).
    """

    project: str
    action: str
    reason: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: ``selected`` project ids in the order they were chosen.

    ``cost`` and ``budget`` are in minor units; ``details`` holds rule-level facts (the final
    budget per voter of an Equal Shares completion, the comparison step's counts, ...).
    """

    rule: str
    selected: tuple[str, ...]
    cost: int
    budget: int
    decisions: tuple[Decision, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    payments: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def selected_set(self) -> frozenset[str]:
        """Return the winners as a set."""
        return frozenset(self.selected)
