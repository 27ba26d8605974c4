"""Reads for accounts: the one reader of consented demographics, with one consent rule.

Demographics are read only while the consent that covers them stands (not withdrawn); every
figure that uses them (weights, profiles, panel draws) reads them here.
"""

from __future__ import annotations

from collections.abc import Iterable

from coproduce.accounts.models import Demographics


def consented_demographics(person_ids: Iterable[int | None]) -> dict[int, dict[str, str]]:
    """Return ``{person id: {dimension: category}}`` for those with standing consent."""
    wanted = {pk for pk in person_ids if pk is not None}
    if not wanted:
        return {}
    rows = Demographics.objects.filter(
        person_id__in=wanted, consent__withdrawn_at__isnull=True
    ).values_list("person_id", "values")
    return {
        person_id: {str(k): str(v) for k, v in (values or {}).items() if v not in (None, "")}
        for person_id, values in rows
    }


def demographics_of(person_id: int | None) -> dict[str, str]:
    """Return one person's consented demographics (empty without consent)."""
    return consented_demographics([person_id]).get(person_id or 0, {})
