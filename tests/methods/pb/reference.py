"""Run pabutools (the peer library, test-only) on a pabulib file, rule by rule.

Each entry maps one of our (rule, utility, completion) combinations in pabutools-compatibility
mode to the pabutools call that implements the same thing.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

RuleKey = tuple[str, str, str]  # (rule, utility, completion)


def load(path: Path) -> tuple[Any, Any]:
    """Return pabutools' (instance, profile) for the file."""
    from pabutools.election import parse_pabulib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_pabulib(str(path))


def _sat(utility: str) -> Any:
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cardinality_Sat,
        Cost_Sat,
    )

    return {
        "cost": Cost_Sat,
        "cardinality": Cardinality_Sat,
        "points": Additive_Cardinal_Sat,
        "borda": Additive_Borda_Sat,
    }[utility]


def run(instance: Any, profile: Any, key: RuleKey) -> set[str]:
    """Return pabutools' winners (project ids) for our rule ``key``."""
    from pabutools import rules

    rule, utility, completion = key
    calls: dict[str, Callable[[], Any]] = {
        "greedy": lambda: rules.greedy_utilitarian_welfare(
            instance, profile, sat_class=_sat("cost")
        ),
        "greedy-per-cost": lambda: rules.greedy_utilitarian_welfare(
            instance, profile, sat_class=_sat(utility)
        ),
        "equal-shares": lambda: rules.method_of_equal_shares(
            instance,
            profile,
            sat_class=_sat(utility),
            voter_budget_increment=1 if completion == "add1e" else None,
        ),
        "phragmen": lambda: rules.sequential_phragmen(instance, profile),
        "max-welfare": lambda: rules.max_additive_utilitarian_welfare(
            instance, profile, sat_class=_sat(utility)
        ),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {str(p.name) for p in calls[rule]()}


def keys_for(vote_type: str) -> list[RuleKey]:
    """Return the rule keys both libraries implement for this vote type."""
    if vote_type in ("approval", "choose-1"):
        return [
            ("greedy", "cardinality", ""),
            ("greedy-per-cost", "cardinality", ""),
            ("equal-shares", "cost", "none"),
            ("equal-shares", "cardinality", "none"),
            ("equal-shares", "cost", "add1e"),
            ("phragmen", "cardinality", ""),
        ]
    utility = "borda" if vote_type == "ordinal" else "points"
    return [
        ("greedy-per-cost", utility, ""),
        ("equal-shares", utility, "none"),
        ("equal-shares", utility, "add1e"),
    ]
