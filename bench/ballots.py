"""Ballot throughput: ``ballot_cast`` with N concurrent voters, beside a raw-insert baseline.

Usage::

    .venv/bin/python bench/ballots.py          # SQLite, then PostgreSQL
    .venv/bin/python bench/ballots.py --db sqlite --voters 2000 --concurrency 16
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/ballots.py --db postgres

Each database leg runs in its own process against a throwaway database (created and dropped
here), so nothing touches real data. For every leg it prints, on the same database and in the
same run:

* ``ballot_cast``: the full service (eligibility, limits, keyed seal, unique constraint,
  receipt, ledger row), one transaction per ballot, ``--concurrency`` threads;
* ``resubmit``: every voter casting the same ballot again at once (the replace path);
* ``raw insert``: one plain ``INSERT`` per row into the ballot table in autocommit, same threads:
  the floor the database itself sets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from throwaway import each_database, in_throwaway_database


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _run(label: str, jobs: list[Any], action: Callable[[Any], None], concurrency: int) -> str:
    from django.db import connection

    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    chunks = [jobs[i::concurrency] for i in range(concurrency)]

    def worker(chunk: list[Any]) -> None:
        mine = []
        try:
            for job in chunk:
                started = time.perf_counter()
                action(job)
                mine.append(time.perf_counter() - started)
        except BaseException as error:  # report, do not hang the run
            errors.append(error)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    ms = [x * 1000 for x in latencies]
    return (
        f"  {label:<22} {len(ms):>6} in {wall:6.2f} s  {len(ms) / wall:8.0f}/s   "
        f"p50 {statistics.median(ms):6.1f} ms  p95 {_percentile(ms, 0.95):6.1f} ms  "
        f"p99 {_percentile(ms, 0.99):6.1f} ms"
    )


def _world(voters: int) -> tuple[Any, list[Any], list[int]]:
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.accounts.models import Person
    from coproduce.commissioning.models import Phase, Proposal, ProposalStatus
    from coproduce.commissioning.services.rounds import round_create, round_phase_set
    from coproduce.initiatives.models import Activity, Co, Initiative, Lead, Stage
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place, Residency

    place = Place.objects.create(name="Benchford", slug="benchford", kind="city", population=10**6)
    org = Organisation.objects.create(
        name="Bench Council", slug="bench", kind="public_body", place=place
    )
    initiative = Initiative.objects.create(
        title="Bench", slug="bench", summary="-", origin="inside_out", organisation=org, place=place
    )
    stage = Stage.objects.create(initiative=initiative, co=Co.COMMISSIONING, lead=Lead.SHARED)
    activity = Activity.objects.create(
        stage=stage,
        kind="budgeting_round",
        title="Bench round",
        starts_at=timezone.now() - timedelta(days=1),
        eligible_place=place,
        min_age=16,
    )
    round_ = round_create(activity=activity, actor=None, total_budget=1_000_000)
    area = round_.areas.get()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            round=round_,
            area=area,
            title=f"Project {i}",
            description="-",
            estimated_cost=50_000 + 10_000 * i,
            status=ProposalStatus.FEASIBLE,
        )
        for i in range(12)
    )
    round_ = round_phase_set(round_=round_, actor=None, phase=Phase.VOTING)
    ids = (
        [p.pk for p in proposals]
        if proposals[0].pk
        else list(round_.proposals.values_list("pk", flat=True))
    )
    Person.objects.bulk_create(
        Person(email=f"bench{i}@example.org", date_of_birth=date(1980, 1, 1), password="!")
        for i in range(voters)
    )
    people = list(Person.objects.filter(email__startswith="bench").order_by("pk"))
    Residency.objects.bulk_create(Residency(person=p, place=place, method="staff") for p in people)
    return round_, people, ids


def _leg(args: argparse.Namespace) -> None:
    in_throwaway_database(
        args.db, "coproduce_bench_ballots", lambda connection: _measure(args, connection)
    )


def _measure(args: argparse.Namespace, connection: Any) -> None:
    from coproduce.commissioning.ballot_rules import BallotContent
    from coproduce.commissioning.models import Ballot, BallotEnvelope
    from coproduce.commissioning.services.ballots import ballot_cast

    round_, people, ids = _world(args.voters)
    area_id = round_.areas.get().pk
    choices = tuple(ids[:4])  # 50k+60k+70k+80k pence: within the budget

    def cast(person: Any) -> None:
        ballot_cast(round_=round_, person=person, content=BallotContent(choices))

    table = Ballot._meta.db_table
    columns = "(id, round_id, area_id, choices, points)"
    sql = f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, NULL)"
    payload = "[" + ",".join(str(i) for i in choices) + "]"

    def raw(number: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [uuid.uuid4().hex, round_.pk, area_id, payload])

    vendor = connection.vendor
    version = getattr(connection, "pg_version", None) or getattr(
        connection.Database, "sqlite_version", ""
    )
    print(
        f"{vendor} {version} — {args.voters} voters, "
        f"{args.concurrency} concurrent threads (one process)"
    )
    print(_run("ballot_cast", people, cast, args.concurrency))
    print(_run("resubmit (replace)", people, cast, args.concurrency))
    print(_run("raw insert baseline", list(range(args.voters)), raw, args.concurrency))
    assert BallotEnvelope.objects.filter(round=round_).count() == args.voters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    return each_database(__file__, argv, args.db, lambda: _leg(args))


if __name__ == "__main__":
    raise SystemExit(main())
