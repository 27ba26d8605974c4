"""Synthetic city programmes: the optimum agrees with OR-Tools' MIP solver (SCIP; CP-SAT
does not prove these within minutes) and with our plain programme."""

from __future__ import annotations

import pytest

from coproduce.methods.matching import match
from coproduce.methods.matching.synthetic import city_instance
from tests.methods.matching import reference


@pytest.mark.parametrize(
    ("volunteers", "shifts"),
    [(400, 80), pytest.param(3000, 600, marks=pytest.mark.slow)],
)
def test_a_city_programme_is_matched_optimally(volunteers: int, shifts: int) -> None:
    instance = city_instance(volunteers=volunteers, shifts=shifts, seed=7)
    result = match(instance)
    filled, metres, proved = reference.ortools_mip(instance)
    assert proved
    assert (result.filled, result.distance_m) == (filled, metres)
    plain = match(instance, shortcuts=False)
    assert (plain.filled, plain.distance_m) == (filled, metres)
    assert reference.feasible(instance, result.assignment)
    assert result.details["pairs_dropped"] > 0  # the shortcuts had work to do
    assert result.details["assignment_components"] > 0


def test_the_synthetic_instances_are_reproducible() -> None:
    first = city_instance(volunteers=50, shifts=10, seed=3)
    assert first == city_instance(volunteers=50, shifts=10, seed=3)
    assert first != city_instance(volunteers=50, shifts=10, seed=4)
