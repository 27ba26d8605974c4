"""How the solvers are driven: HiGHS stays quiet and shares its scheduler with other users."""

from __future__ import annotations

from datetime import datetime

import highspy
import numpy as np
import pytest

from coproduce.methods.matching import match
from coproduce.methods.matching.flow import assign
from tests.methods.matching.builders import instance, shift, volunteer


def _chain() -> list:  # type: ignore[type-arg]
    """One volunteer, shifts 9–11, 10–12 and 11–13: an integer programme."""
    return [
        shift(f"s{h}", start=datetime(2026, 12, 5, h), end=datetime(2026, 12, 5, h + 2))
        for h in (9, 10, 11)
    ]


def test_the_programme_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    result = match(instance([volunteer()], _chain()))
    assert result.details["programme_components"] == 1
    assert capfd.readouterr().out == ""


def test_it_runs_when_highs_was_started_with_more_threads_elsewhere() -> None:
    highspy.Highs.resetGlobalScheduler(True)
    other = highspy.Highs()  # type: ignore[no-untyped-call]
    other.setOptionValue("output_flag", False)
    other.setOptionValue("threads", 2)
    other.addVar(0.0, 1.0)
    assert other.run() == highspy.HighsStatus.kOk
    result = match(instance([volunteer()], _chain()))
    assert result.assignment == (("v1", "s11"), ("v1", "s9"))


def test_the_assignment_path_fills_the_most_places_then_travels_least() -> None:
    # agents 0 and 1, shifts 0 (one place) and 1 (one place); agent 0 is nearer to both
    taken = assign(
        agent=np.array([0, 0, 1]),
        shift=np.array([0, 1, 0]),
        metres=np.array([100, 900, 200]),
        capacity=np.array([1, 1]),
    )
    assert taken is not None
    assert taken.tolist() == [False, True, True]  # 1,100 m for two places, not 100 m for one


def test_the_assignment_path_declines_sums_beyond_exact_floating_point() -> None:
    huge = np.array([2**52, 2**52])
    assert assign(np.array([0, 1]), np.array([0, 0]), huge, np.array([2])) is None
