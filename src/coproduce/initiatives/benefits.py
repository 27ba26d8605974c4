"""Who benefits: the registry of benefit sources, the output side of "Who takes part".

A Co app registers, from its ``AppConfig.ready``, each benefit it hands out — money funded,
reports fixed, volunteer hours — as a ``BenefitSource`` whose ``units_by_place(period)``
returns ``{place_id: [amount of each benefit unit]}`` for the units that arrived in the
period (a funded project's cost, 1 for a fixed report, a confirmed sign-up's hours). The
core compares them with the population (``benefit_selectors``) and knows no Co app.

Units, not totals, so the confidence interval can be taken over the units
(``coproduce.methods.stats.benefits``). A source whose ``summary`` is ``MEDIAN`` (days to fix
a report) is shown as the median unit per group, with no shares or ratios.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.functional import Promise

__all__ = [
    "BenefitSource",
    "Period",
    "Summary",
    "UnknownBenefitSource",
    "benefit_source",
    "benefit_sources",
    "register_benefit_source",
]


class UnknownBenefitSource(LookupError):
    """Raised for a benefit source that no app has registered."""


class Summary(StrEnum):
    TOTAL = "total"  # the units add up: shares, per head, ratios
    MEDIAN = "median"  # the units are durations or scores: the median per group


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def following(self) -> Period:
        """Return the period of the same length that starts the day after this one ends."""
        return Period(self.end + timedelta(days=1), self.end + timedelta(days=self.days))


UnitsByPlace = Mapping[int, Sequence[float]]


@dataclass(frozen=True)
class BenefitSource:
    """One kind of benefit: its key (a slug), label, unit and how to read its units."""

    key: str
    label: str | Promise
    unit: str | Promise
    units_by_place: Callable[[Period], UnitsByPlace]
    summary: Summary = Summary.TOTAL
    decimals: int = 0  # how many decimals the amounts are shown with


_REGISTRY: dict[str, BenefitSource] = {}


def register_benefit_source(source: BenefitSource) -> None:
    """Register ``source`` under its key (registering a key again replaces it)."""
    _REGISTRY[source.key] = source


def benefit_sources() -> list[BenefitSource]:
    """Return every registered source, in registration order."""
    return list(_REGISTRY.values())


def benefit_source(key: str) -> BenefitSource:
    """Return the source registered under ``key``; raise UnknownBenefitSource if none is."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownBenefitSource(key) from None
