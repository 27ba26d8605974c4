"""Simulated experiments shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "methods" / "experiments-example.csv"


@dataclass(frozen=True)
class Simulated:
    outcomes: np.ndarray
    arms: list[str]
    strata: list[str]


def simulate(
    seed: int, n: int = 400, arms: tuple[str, ...] = ("A", "B"), effect: float = 0.3
) -> Simulated:
    """Units in three strata with different levels and spreads; each arm shifts the outcome."""
    rng = np.random.default_rng(seed)
    strata = rng.choice(["north", "south", "east"], size=n, p=[0.5, 0.3, 0.2])
    labels = rng.choice(list(arms), size=n)
    level = {"north": 0.0, "south": 1.0, "east": -2.0}
    spread = {"north": 1.0, "south": 2.0, "east": 0.5}
    outcomes = np.array(
        [
            level[s] + effect * arms.index(a) + spread[s] * rng.standard_normal()
            for s, a in zip(strata, labels, strict=True)
        ]
    )
    return Simulated(outcomes, labels.tolist(), strata.tolist())


@pytest.fixture(scope="session")
def example_csv() -> Path:
    """The worked example shipped with the documentation."""
    return EXAMPLE
