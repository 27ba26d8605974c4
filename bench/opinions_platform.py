"""Opinion maps on the platform: votes a second through the service on PostgreSQL, and how
far the map lags behind them.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench \\
        .venv/bin/python bench/opinions_platform.py [--participants 10000] [--statements 500]
        [--prefill 30] [--voters 8] [--seconds 30] [--refresh 10]

It migrates the database, builds one opinion-map activity with ``--participants`` accounts
(each already a participant with ``--prefill`` votes, in three planted camps, bulk-inserted)
and ``--statements`` approved statements, draws the first map, and then runs ``--voters``
threads in each of ``--processes`` processes casting votes through
``design.services.opinions.statement_vote`` (the rule check,
the upsert, the ledger, the refresh schedule: what a vote request does after parsing) for
``--seconds``, while one process plays the task worker: it runs each refresh when it is due
(``OPINION_MAP_REFRESH_SECONDS`` = ``--refresh``). It prints votes a second, the service's
latency, the refreshes (count, time each) and the map lag: at each second, how old the
newest map's reading of the votes is (now − ``votes_read_at``). Reported, never asserted.
Rows are left in the database (a throwaway one).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _setup(refresh: int) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a throwaway PostgreSQL database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    os.environ["OPINION_MAP_REFRESH_SECONDS"] = str(refresh)
    import django
    from django.conf import settings

    django.setup()
    # The worker is played by a thread below: enqueueing only records the task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(participants: int, statements: int, prefill: int) -> tuple[Any, list[Any], list[Any]]:
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.accounts.models import Person
    from coproduce.design.analysis import map_refresh
    from coproduce.design.models import (
        Moderation,
        OpinionMap,
        OpinionParticipant,
        OpinionVote,
        Statement,
    )
    from coproduce.initiatives.models import Activity, Co, Initiative, Lead, Origin, Stage
    from coproduce.organisations.models import Organisation, OrganisationKind
    from coproduce.places.models import Place, PlaceKind

    tag = uuid.uuid4().hex[:8]
    place = Place.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", kind=PlaceKind.CITY)
    organisation = Organisation.objects.create(
        name=f"Bench {tag}", slug=f"bench-{tag}", kind=OrganisationKind.PUBLIC_BODY, place=place
    )
    initiative = Initiative.objects.create(
        title="Bench",
        slug=f"bench-{tag}",
        summary="",
        origin=Origin.INSIDE_OUT,
        organisation=organisation,
        place=place,
    )
    stage = Stage.objects.create(initiative=initiative, co=Co.DESIGN, lead=Lead.SHARED)
    activity = Activity.objects.create(
        stage=stage,
        kind="opinion_map",
        title="Bench map",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    opinion_map = OpinionMap.objects.create(activity=activity, question="Bench")
    Statement.objects.bulk_create(
        Statement(opinion_map=opinion_map, number=n, text=f"S{n}", status=Moderation.APPROVED)
        for n in range(statements)
    )
    people = Person.objects.bulk_create(
        (
            Person(email=f"b{tag}-{n}@bench.example", display_name=f"B{n}")
            for n in range(participants)
        ),
        batch_size=5000,
    )
    OpinionParticipant.objects.bulk_create(
        (
            OpinionParticipant(opinion_map=opinion_map, number=n, person=p)
            for n, p in enumerate(people)
        ),
        batch_size=5000,
    )
    rows = list(opinion_map.statements.order_by("number"))
    ids = dict(opinion_map.participants.values_list("number", "pk"))
    rng = random.Random(0)
    leaning = [[rng.choice((-1, 1)) for _ in range(statements)] for _ in range(3)]
    earlier = timezone.now() - timedelta(hours=1)  # before the run: not re-read by refreshes
    votes = (
        OpinionVote(
            statement=rows[s],
            participant_id=ids[n],
            value=leaning[n % 3][s] if rng.random() < 0.8 else rng.choice((-1, 0, 1)),
            voted_at=earlier,
        )
        for n in range(participants)
        for s in rng.sample(range(statements), min(prefill, statements))
    )
    started = time.perf_counter()
    OpinionVote.objects.bulk_create(votes, batch_size=10000)
    print(
        f"world: {participants} people, {statements} statements, "
        f"{participants * min(prefill, statements)} votes in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    map_refresh(opinion_map)
    print(f"first map: {time.perf_counter() - started:.1f} s")
    return opinion_map, people, rows


def _voter(
    opinion_map: Any,
    people: list[Any],
    rows: list[Any],
    until: float,
    latencies: list[float],
    errors: list[str],
    seed: int,
) -> None:
    from django.db import close_old_connections

    from coproduce.design.services.opinions import statement_vote

    rng = random.Random(seed)
    try:
        while time.time() < until:
            person, statement = rng.choice(people), rng.choice(rows)
            statement.opinion_map = opinion_map
            started = time.perf_counter()
            try:
                statement_vote(statement=statement, person=person, value=rng.choice((-1, 0, 1)))
            except Exception as error:
                errors.append(repr(error))
                continue
            latencies.append(time.perf_counter() - started)
    finally:
        close_old_connections()


def _voting_process(
    opinion_map: Any,
    people: list[Any],
    rows: list[Any],
    until: float,
    threads: int,
    index: int,
    out: Any,
) -> None:
    """One app process: ``threads`` voters; put (latencies, errors) on ``out``."""
    from django.db import connections

    connections.close_all()
    latencies: list[float] = []
    errors: list[str] = []
    voters = [
        threading.Thread(
            target=_voter,
            args=(opinion_map, people, rows, until, latencies, errors, index * 1000 + n),
        )
        for n in range(threads)
    ]
    for voter in voters:
        voter.start()
    for voter in voters:
        voter.join()
    out.put((latencies, errors))


def _worker(opinion_map: Any, until: float, out: Any) -> None:
    """Run each refresh when it is due, as the task worker would (in a process of its own,
    as a worker is); sample the lag; put (durations, lags) on ``out``."""
    from django.db import close_old_connections, connections
    from django.utils import timezone

    from coproduce.design.models import OpinionAnalysis, OpinionMap
    from coproduce.design.services.opinions import map_refresh_run

    connections.close_all()  # the forked process opens its own connection
    durations: list[float] = []
    lags: list[float] = []
    next_sample = time.time()
    while time.time() < until:
        due = OpinionMap.objects.filter(pk=opinion_map.pk).values_list("refresh_due_at", flat=True)[
            0
        ]
        if due is not None and due <= timezone.now():
            started = time.perf_counter()
            map_refresh_run(opinion_map_id=opinion_map.pk)
            durations.append(time.perf_counter() - started)
        if time.time() >= next_sample:
            read = OpinionAnalysis.objects.filter(opinion_map=opinion_map).values_list(
                "votes_read_at", flat=True
            )[0]
            lags.append((timezone.now() - read).total_seconds())
            next_sample += 1.0
        time.sleep(0.05)
    close_old_connections()
    out.put((durations, lags))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--prefill", type=int, default=30, help="votes per participant before")
    parser.add_argument("--voters", type=int, default=8, help="threads casting votes, per process")
    parser.add_argument(
        "--processes", type=int, default=1, help="voting processes (like app workers)"
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--refresh", type=int, default=10, help="OPINION_MAP_REFRESH_SECONDS")
    args = parser.parse_args(argv)
    _setup(args.refresh)
    opinion_map, people, rows = _world(args.participants, args.statements, args.prefill)
    from django.db import connections

    latencies: list[float] = []
    errors: list[str] = []
    until = time.time() + args.seconds
    connections.close_all()  # none may be shared with the forked worker
    results: Any = multiprocessing.get_context("fork").Queue()
    worker = multiprocessing.get_context("fork").Process(
        target=_worker, args=(opinion_map, until, results)
    )
    votes: Any = multiprocessing.get_context("fork").Queue()
    voting = [
        multiprocessing.get_context("fork").Process(
            target=_voting_process,
            args=(opinion_map, people, rows, until, args.voters, n, votes),
        )
        for n in range(args.processes)
    ]
    started = time.perf_counter()
    worker.start()
    for process in voting:
        process.start()
    for _process in voting:
        some_latencies, some_errors = votes.get()
        latencies += some_latencies
        errors += some_errors
    durations, lags = results.get()
    for process in [*voting, worker]:
        process.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]

    def pct(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    print(
        f"votes: {len(latencies)} in {wall:.1f} s = {len(latencies) / wall:.0f}/s "
        f"({args.processes} processes × {args.voters} threads); "
        f"latency p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms; "
        f"errors {len(errors)}"
    )
    if durations:
        print(
            f"refreshes: {len(durations)}, each {statistics.median(durations):.2f} s median, "
            f"{max(durations):.2f} s max"
        )
    if lags:
        print(
            f"map lag: median {statistics.median(lags):.1f} s, max {max(lags):.1f} s "
            f"(refresh at most every {args.refresh} s)"
        )
    for error in errors[:5]:
        print("error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
