"""The map's background refresh: at most every N seconds per map, incremental."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from coproduce.design.analysis import map_refresh
from coproduce.design.models import OpinionAnalysis, OpinionMap
from coproduce.design.services.opinions import (
    map_refresh_run,
    map_refresh_schedule,
    statement_vote,
)

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=DUMMY, OPINION_MAP_REFRESH_SECONDS=30)
def test_a_refresh_is_queued_once_and_the_next_waits_the_interval(opinion_map: Any) -> None:
    from django_tasks import default_task_backend

    now = timezone.now()
    assert map_refresh_schedule(opinion_map=opinion_map, now=now)
    assert not map_refresh_schedule(opinion_map=opinion_map, now=now)  # one pending is enough
    first = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert first.args == [opinion_map.pk] and first.task.run_after is None
    map_refresh_run(opinion_map_id=opinion_map.pk)
    started = OpinionMap.objects.get(pk=opinion_map.pk).refresh_started_at
    assert started is not None
    later = started + timedelta(seconds=5)
    assert map_refresh_schedule(opinion_map=opinion_map, now=later)
    second = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert second.task.run_after == started + timedelta(seconds=30)
    assert len(default_task_backend.results) == 2  # type: ignore[attr-defined]
    # a refresh that never ran (a lost task) does not block the map for ever
    assert not map_refresh_schedule(opinion_map=opinion_map, now=later + timedelta(minutes=1))
    assert map_refresh_schedule(opinion_map=opinion_map, now=later + timedelta(minutes=10))


def _vote_all(opinion_map: Any, people: list[Any], flip: bool = False) -> None:
    statements = list(opinion_map.statements.order_by("number"))
    for n, person in enumerate(people):
        for j, statement in enumerate(statements):
            agree = (n % 2 == 0) == (j < 3)
            statement_vote(statement=statement, person=person, value=1 if agree != flip else -1)


def test_the_refresh_folds_new_votes_into_the_stored_map(
    opinion_map: Any, make_person: Any
) -> None:
    people = [make_person(f"p{n}") for n in range(16)]
    _vote_all(opinion_map, people[:10])
    first = map_refresh(opinion_map)
    assert first is not None and first.n_votes == 50 and first.state
    _vote_all(opinion_map, people[10:])
    _vote_all(opinion_map, people[:1], flip=True)  # a changed vote replaces the old one
    incremental = map_refresh(opinion_map)
    assert incremental is not None and incremental.n_votes == 80
    assert incremental.votes_read_at > first.votes_read_at
    full = map_refresh(opinion_map, full=True)
    assert full is not None
    assert incremental.positions.keys() == full.positions.keys()
    assert incremental.summary["consensus"] == full.summary["consensus"]
    assert [g["size"] for g in incremental.summary["groups"]] == [
        g["size"] for g in full.summary["groups"]
    ]
    assert OpinionAnalysis.objects.count() == 1


def test_a_map_without_votes_stores_nothing(opinion_map: Any) -> None:
    assert map_refresh(opinion_map) is None
    assert not OpinionAnalysis.objects.exists()


def test_an_unreadable_stored_state_gives_a_full_recompute(
    opinion_map: Any, make_person: Any
) -> None:
    _vote_all(opinion_map, [make_person(f"s{n}") for n in range(4)])
    first = map_refresh(opinion_map)
    assert first is not None
    OpinionAnalysis.objects.filter(pk=first.pk).update(state=b"not a pickle")
    again = map_refresh(opinion_map)
    assert again is not None and again.n_votes == 20 and bytes(again.state) != b"not a pickle"
