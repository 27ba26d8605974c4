"""Fixtures for the "Who benefits" tests: a profiled city and a benefit source of our own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from coproduce.initiatives import benefits as registry
from coproduce.initiatives.benefits import BenefitSource, Period
from coproduce.places.models import Place, PopulationGroup


@pytest.fixture
def profiled(city: Any) -> Any:
    """North (500 people, most in quintile 1) and South (500, most in quintile 5)."""
    for slug, counts in {"north": (300, 100, 50, 30, 20), "south": (10, 20, 70, 100, 300)}.items():
        place = Place.objects.get(slug=slug)
        for q, n in enumerate(counts, start=1):
            PopulationGroup.objects.create(
                place=place, dimension="deprivation_quintile", category=str(q), count=n
            )
    return city


@pytest.fixture
def test_source() -> Iterator[BenefitSource]:
    """A source giving North's ward 2 units and South 3 (+1 to the city itself)."""
    units: dict[str, list[float]] = {
        "north-ward": [10.0, 20.0],
        "south": [30.0, 40.0, 50.0],
        "testford": [99.0],
    }

    def read(period: Period) -> dict[int, list[float]]:
        ids = dict(Place.objects.values_list("slug", "pk"))
        return {ids[slug]: amounts for slug, amounts in units.items()}

    source = BenefitSource(key="test-grants", label="Test grants", unit="£", units_by_place=read)
    registry.register_benefit_source(source)
    yield source
    registry._REGISTRY.pop("test-grants")
