"""What a rule returns: the winners and the sequence of decisions that explains them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Code", "Decision", "Outcome"]


class Code(StrEnum):
    """Why a project was or was not funded, or how the whole outcome was reached.

    The values are stable: apps store them and make sentences from them in the reader's
    language (``coproduce.methods.pb.explain`` says which numbers come with each code).
    """

    # one project
    NO_SUPPORT = "no_support"
    FITS = "fits"
    RESERVE = "reserve"
    DOES_NOT_FIT = "does_not_fit"
    CATEGORY_FULL = "category_full"
    BELOW_THRESHOLD = "below_threshold"
    DOES_NOT_FIT_STOP = "does_not_fit_stop"
    NOT_REACHED = "not_reached"
    SHARES_PAID = "shares_paid"
    SUPPORTERS_OUT_OF_MONEY = "supporters_out_of_money"
    GREEDY_COMPLETION = "greedy_completion"
    LOAD_PAID = "load_paid"
    OPTIMUM_IN = "optimum_in"
    OPTIMUM_OUT = "optimum_out"
    # the whole outcome
    SPLIT_EQUALLY = "split_equally"
    SHARES_RAISED = "shares_raised"
    SHARES_RAISED_EXHAUSTIVE = "shares_raised_exhaustive"
    SHARES_RAISED_PERCENT = "shares_raised_percent"
    TOPPED_UP = "topped_up"
    COMPARISON_KEPT = "comparison_kept"
    COMPARISON_SWITCHED = "comparison_switched"


@dataclass(frozen=True, slots=True)
class Decision:
    """One step of a rule: ``project`` was ``action`` (selected, skipped, ...) for ``reason``.

    ``data`` holds the numbers behind the reason (price paid, what it did not fit beside, ...).
    """

    project: str
    action: str
    reason: Code
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
