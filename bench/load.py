"""Load: concurrent voters casting ballots over HTTP against gunicorn on PostgreSQL.

Usage::

    .venv/bin/python bench/load.py                        # 200 voters for 60 s
    .venv/bin/python bench/load.py --voters 50 --seconds 15 --think 0

Without ``--url`` it runs ``scripts/production_smoke.sh --bench-only``, which starts the
production stack of docs/administrators.md on loopback (gunicorn, ``DEBUG=false``, a
throwaway PostgreSQL database, the RQ worker on Redis) and calls this script back with
``--url`` and the stack's environment; the smoke script also runs it briefly in CI. With
``--url`` it needs the server's environment (``DATABASE_URL``, ``SECRET_KEY``…): it sets up
its own round and voters in that database and signs them in by writing their sessions, so
password hashing is not what is measured.

Each voter waits a think time (exponential, mean ``--think`` seconds; ``0`` for none), casts
one person's ballot (POST with CSRF token, one distinct person per ballot), and goes on with
the next person until the time is up. 200 voters thinking 3 s offer about 65 ballots a
second; ``--think 0`` finds the most the stack can take. It prints, from the same run:

* ``ballots``: confirmed ballots a second, client latency p50/p95/p99, the server's p95 (the
  request log's ``duration_ms``, read from ``--server-log``) and the errors;
* ``cpu/ballot``: CPU time of the app's processes, the database's and this client per
  ballot, and the rate that bounds on this machine's cores (wall-clock rates move with
  whatever else the machine runs; CPU time per ballot much less);
* ``raw insert``: one plain ``INSERT`` per statement, in autocommit, of the row a cast writes
  (a sealed ballot with a box of the same size), on as many connections as the app has
  workers: the floor the database sets, and its ratio to the ballot rate;
* the checks against the database: every confirmed voter has one sealed ballot and one
  ledger row (0 lost, 0 duplicate), and opening the envelopes, as the count does, gives as
  many ballots and receipts. The exit status is 1 when a check fails or a request erred;
  the rates are reported, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CSRF = "loadbenchcsrfsecret0123456789abc"
WARM_UP = 200  # people kept for the warm-up  # a 32-character CSRF secret, sent as cookie and field


def _percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class World:
    round_id: int
    area_id: int
    activity_id: int
    choices: list[int]
    people: list[int]
    sessions: list[str]


def _world(pool: int) -> World:
    """Create a round in voting with a ballot, and ``pool`` eligible people signed in."""
    from coproduce.accounts.models import Person
    from coproduce.places.models import Place, Residency

    tag = uuid.uuid4().hex[:8]
    place = Place.objects.create(name=f"Loadford {tag}", slug=f"loadford-{tag}", kind="city")
    round_ = _round(place, tag)
    ids = list(round_.proposals.order_by("estimated_cost").values_list("pk", flat=True))
    Person.objects.bulk_create(
        Person(email=f"load-{tag}-{i}@example.org", date_of_birth=date(1980, 1, 1), password="!")
        for i in range(pool)
    )
    people = list(Person.objects.filter(email__startswith=f"load-{tag}-").order_by("pk"))
    Residency.objects.bulk_create(Residency(person=p, place=place, method="staff") for p in people)
    area = round_.areas.get()
    people_ids = [p.pk for p in people]
    return World(round_.pk, area.pk, round_.activity_id, ids[:4], people_ids, _sign_in(people))


def _round(place: Any, tag: str) -> Any:
    """A knapsack round open to the place's residents, with twelve projects, in voting."""
    from django.utils import timezone

    from coproduce.commissioning.models import BallotFormat, Phase, Proposal, ProposalStatus
    from coproduce.commissioning.services.rounds import round_create, round_phase_set
    from coproduce.initiatives.models import Activity, Co, Initiative, Lead, Stage
    from coproduce.organisations.models import Organisation

    org = Organisation.objects.create(
        name=f"Load Council {tag}", slug=f"load-{tag}", kind="public_body", place=place
    )
    initiative = Initiative.objects.create(
        title="Load",
        slug=f"load-{tag}",
        summary="-",
        origin="inside_out",
        organisation=org,
        place=place,
    )
    stage = Stage.objects.create(initiative=initiative, co=Co.COMMISSIONING, lead=Lead.SHARED)
    activity = Activity.objects.create(
        stage=stage,
        kind="budgeting_round",
        title=f"Load round {tag}",
        starts_at=timezone.now() - timedelta(days=1),
        eligible_place=place,
        min_age=16,
    )
    round_ = round_create(
        activity=activity, actor=None, total_budget=1_000_000, ballot_format=BallotFormat.KNAPSACK
    )
    area = round_.areas.get()
    Proposal.objects.bulk_create(
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
    return round_phase_set(round_=round_, actor=None, phase=Phase.VOTING)


def _sign_in(people: list[Any]) -> list[str]:
    """Write a session for each person, as signing in would; return the session keys."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            session_data=store.encode(
                {
                    "_auth_user_id": str(person.pk),
                    "_auth_user_backend": backend,
                    "_auth_user_hash": person.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for person in people
    ]
    Session.objects.bulk_create(rows, batch_size=1000)
    return [row.session_key for row in rows]


@dataclass
class Tally:
    """What the voters saw: latencies, the people whose ballots were confirmed, the errors."""

    latencies: list[float] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _cast(base: urllib.parse.SplitResult, path: str, session: str, body: bytes) -> int:
    """POST one ballot; return the status (302 to the receipt means cast)."""
    host = base.netloc
    headers = {
        "Host": host,
        "X-Forwarded-Proto": "https",  # as the TLS proxy in front of the app servers says
        "Referer": f"https://{host}{path}",
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection(base.hostname or "127.0.0.1", base.port, timeout=60)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        location = response.headers.get("Location") or ""
    finally:
        connection.close()
    receipt = urllib.parse.urlsplit(location).path.endswith("/receipt/")
    if response.status == 302 and not receipt:
        return 0  # a redirect elsewhere (to sign in, say) is no ballot
    return response.status


def _vote(args: argparse.Namespace, world: World) -> tuple[Tally, float]:
    base = urllib.parse.urlsplit(args.url)
    path = f"/budgets/{world.round_id}/vote/"
    form = [("csrfmiddlewaretoken", CSRF), ("action", "cast")]
    body = urllib.parse.urlencode(form + [("choice", c) for c in world.choices]).encode()
    queue: Iterator[tuple[int, str]] = iter(zip(world.people, world.sessions, strict=True))
    queue_lock = threading.Lock()
    tally = Tally()
    started = time.perf_counter()
    deadline = started + args.seconds
    finished = [started]

    def think(rng: random.Random, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, deadline - time.perf_counter())))

    def voter(seed: int) -> None:
        rng = random.Random(seed)
        if args.think:
            think(rng, rng.uniform(0, args.think))  # arrive spread out, not all at once
        while time.perf_counter() < deadline:
            with queue_lock:
                person, session = next(queue, (0, ""))
            if not person:
                return
            began = time.perf_counter()
            try:
                status = _cast(base, path, session, body)
            except OSError as error:
                status, detail = -1, f"{type(error).__name__}: {error}"
            else:
                detail = f"HTTP {status}"
            now = time.perf_counter()
            with tally.lock:
                tally.latencies.append(now - began)
                finished[0] = max(finished[0], now)
                if status == 302:
                    tally.confirmed.append(person)
                else:
                    tally.errors.append(detail)
            if args.think:
                think(rng, rng.expovariate(1 / args.think))

    threads = [threading.Thread(target=voter, args=(n,)) for n in range(args.voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, finished[0] - started


def _server_durations(log: Path | None, offset: int, path: str) -> list[float]:
    """Durations (ms) of the ballot POSTs in the server's JSON request log, after ``offset``."""
    if log is None or not log.exists():
        return []
    durations = []
    with log.open("rb") as lines:
        lines.seek(offset)
        for line in lines:
            if not line.startswith(b"{"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("method") == "POST" and entry.get("path") == path:
                durations.append(float(entry["duration_ms"]))
    return durations


def _raw_insert_rate(world: World, seconds: float, connections: int) -> tuple[int, float]:
    """Insert rows like the ones a cast writes (a sealed ballot, with a box of the same size),
    one plain statement each in autocommit; return (rows, seconds). The rows are removed."""
    from django.db import connection
    from django.db import connections as all_connections

    from coproduce.commissioning.models import BallotEnvelope

    sealed = BallotEnvelope.objects.filter(round_id=world.round_id)
    size = len(bytes(sealed.values_list("box", flat=True).first() or b"\0" * 64))
    fields = BallotEnvelope._meta.concrete_fields
    table = connection.ops.quote_name(BallotEnvelope._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    counts = [0] * connections
    deadline = time.perf_counter() + seconds

    def inserter(slot: int) -> None:
        try:
            with connection.cursor() as cursor:
                while time.perf_counter() < deadline:
                    row = BallotEnvelope(
                        round_id=world.round_id,
                        area_id=world.area_id,
                        seal=f"raw-{uuid.uuid4().hex}",
                        box=os.urandom(size),
                    )
                    values = [
                        f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields
                    ]
                    cursor.execute(sql, values)
                    counts[slot] += 1
        finally:
            all_connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=inserter, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    sealed.filter(seal__startswith="raw-").delete()
    return sum(counts), elapsed


def _check(world: World, confirmed: list[int]) -> list[str]:
    """Compare what voters were told with what the database holds; return the failures.

    Every confirmed voter has one sealed ballot and one ledger row; then the envelopes are
    opened, as the count does, and each gives one ballot and one receipt.
    """
    from django.db.models import Count

    from coproduce.commissioning.models import Ballot, BallotEnvelope, BudgetingRound, Receipt
    from coproduce.commissioning.services.ballots import ballots_open
    from coproduce.initiatives.models import Contribution

    sealed = BallotEnvelope.objects.filter(round_id=world.round_id).count()
    ledger = Contribution.objects.filter(activity_id=world.activity_id, kind="ballot")
    per_person = dict(ledger.values_list("person_id").annotate(n=Count("id")))
    opened = ballots_open(round_=BudgetingRound.objects.get(pk=world.round_id))
    ballots = Ballot.objects.filter(round_id=world.round_id).count()
    receipts = Receipt.objects.filter(round_id=world.round_id).count()
    told = set(confirmed)
    lost = max(0, len(told) - sealed)
    duplicate = max(0, sealed - len(told))
    failures = []
    if len(told) != len(confirmed):
        failures.append(f"{len(confirmed) - len(told)} people were confirmed twice")
    if lost or duplicate:
        failures.append(f"{sealed} sealed ballots for {len(told)} confirmed")
    if not opened == ballots == receipts == sealed:
        failures.append(f"{sealed} envelopes opened into {ballots} ballots and {receipts} receipts")
    if sorted(per_person) != sorted(told) or any(n != 1 for n in per_person.values()):
        failures.append("the ledger does not hold exactly one ballot row per confirmed voter")
    print(
        f"  checks: {sealed} sealed ballots for {len(told)} confirmed: {lost} lost, "
        f"{duplicate} duplicate; {sum(per_person.values())} ledger rows; opened into "
        f"{ballots} ballots and {receipts} receipts"
    )
    return failures


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process: pid → (parent pid, command line, CPU seconds used so far)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found[int(proc.name)] = (
            int(fields[1]),
            command,
            (int(fields[11]) + int(fields[12])) / tick,
        )
    return found


class CpuMeter:
    """CPU seconds that the app's processes, the database's and this client use meanwhile.

    On a shared machine wall-clock rates move with the neighbours; CPU time per ballot
    does not, and bounds what the stack can take: cores ÷ CPU seconds per ballot. The app is
    gunicorn's master and workers; the database is the PostgreSQL server processes serving
    this database (found by their titles, so a local server only). Both are sampled while
    the run goes on, as database connections close and open again.
    """

    def __init__(self, server_pid: int | None, database: str) -> None:
        self.server_pid = server_pid
        self.title = f" {database} "
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.client = 0.0
        self.running = False
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def _sample(self) -> None:
        for pid, (parent, command, used) in _processes().items():
            if pid == self.server_pid or (self.server_pid and parent == self.server_pid):
                kind = "app"
            elif command.startswith("postgres: ") and self.title in command:
                kind = "database"
            else:
                continue
            # Processes already running count from the start, later ones from their birth.
            self.first.setdefault(pid, 0.0 if self.running else used)
            self.last[pid] = (kind, used)

    def _sample_until_stopped(self) -> None:
        while not self.stop.wait(0.5):
            self._sample()

    def start(self) -> None:
        self._sample()
        self.running = True
        self.client = time.process_time()
        self.thread.start()

    def used(self) -> tuple[float, float, float]:
        """Return the (app, database, client) CPU seconds used since ``start``."""
        client = time.process_time() - self.client
        self.stop.set()
        self.thread.join()
        self._sample()
        spent = {"app": 0.0, "database": 0.0}
        for pid, (kind, used) in self.last.items():
            spent[kind] += used - self.first.get(pid, 0.0)
        return spent["app"], spent["database"], client


def _report_cpu(used: tuple[float, float, float], ballots: int) -> None:
    if not ballots:
        return
    app, database, client = (1000 * t / ballots for t in used)
    total = app + database + client
    cores = os.cpu_count() or 1
    print(
        f"  cpu/ballot   app {app:5.1f} ms + database {database:5.1f} ms + client {client:4.1f} ms"
        f" = {total:5.1f} ms: at most {cores * 1000 / total:5.0f} ballots/s on {cores} cores"
    )


def _report(args: argparse.Namespace, tally: Tally, wall: float, server: list[float]) -> float:
    ms = [x * 1000 for x in tally.latencies]
    rate = len(tally.confirmed) / wall if wall else 0.0
    print(
        f"  ballots      {len(tally.confirmed):>7} in {wall:5.1f} s  {rate:7.1f}/s   "
        f"client p50 {statistics.median(ms) if ms else float('nan'):6.0f} ms  "
        f"p95 {_percentile(ms, 0.95):6.0f} ms  p99 {_percentile(ms, 0.99):6.0f} ms   "
        f"server p95 {_percentile(server, 0.95):5.0f} ms ({len(server)} logged)"
    )
    first = f"  (first: {tally.errors[0]})" if tally.errors else ""
    print(f"  errors       {len(tally.errors):>7}{first}")
    return rate


def _warm_up(args: argparse.Namespace, world: World) -> tuple[Tally, World]:
    """Every worker's first requests load templates and code: cast a few ballots first (they
    are checked like the rest but left out of the figures); return them and who is left."""
    warm_up = argparse.Namespace(**{**vars(args), "voters": args.workers, "think": 0.0})
    warm_up.seconds = 3.0
    first = replace(world, people=world.people[:WARM_UP], sessions=world.sessions[:WARM_UP])
    warm, _ = _vote(warm_up, first)
    return warm, replace(world, people=world.people[WARM_UP:], sessions=world.sessions[WARM_UP:])


def _run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    pool = args.pool or max(args.voters * 2, int(args.seconds * 250))
    world = _world(pool + WARM_UP)
    print(
        f"load: {args.voters} voters, think {args.think:g} s, {args.seconds:g} s against "
        f"{args.url} ({connection.vendor} {getattr(connection, 'pg_version', '')}, "
        f"{args.workers} app workers)"
    )
    connection.close()  # the voters' threads are what run now
    warm, world = _warm_up(args, world)
    log = Path(args.server_log) if args.server_log else None
    offset = log.stat().st_size if log is not None and log.exists() else 0
    meter = CpuMeter(args.server_pid, connection.settings_dict["NAME"])
    meter.start()
    connection.close()
    tally, wall = _vote(args, world)
    used = meter.used()
    time.sleep(0.5)  # the last log lines reach the file
    server = _server_durations(log, offset, f"/budgets/{world.round_id}/vote/")
    rate = _report(args, tally, wall, server)
    _report_cpu(used, len(tally.confirmed))
    _report_raw(world, args, rate)
    failures = _check(world, warm.confirmed + tally.confirmed)
    if len(tally.confirmed) >= pool:
        print(f"  note: all {pool} prepared voters were used; raise --pool for a longer run")
    for failure in failures:
        print(f"  FAILED: {failure}", file=sys.stderr)
    return 1 if failures or tally.errors or warm.errors else 0


def _report_raw(world: World, args: argparse.Namespace, rate: float) -> None:
    rows, seconds = _raw_insert_rate(world, args.raw_seconds, args.workers)
    raw = rows / seconds
    ratio = f"{raw / rate:5.1f}× the ballot rate" if rate else "no ballots"
    print(f"  raw insert   {rows:>7} in {seconds:5.1f} s  {raw:7.1f}/s   ({ratio})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running stack; without it, one is started")
    parser.add_argument("--server-log", help="the server's JSON request log (for server p95)")
    parser.add_argument("--server-pid", type=int, help="gunicorn's master process (for CPU)")
    parser.add_argument("--voters", type=int, default=200, help="concurrent voters (200)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they vote (60)")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, s (3)")
    parser.add_argument("--workers", type=int, default=4, help="the app's gunicorn workers (4)")
    parser.add_argument("--raw-seconds", type=float, default=10, help="raw insert run, s (10)")
    parser.add_argument("--pool", type=int, default=0, help="people prepared (enough for T s)")
    args = parser.parse_args(argv)
    if args.url:
        return _run(args)
    command = ["bash", str(ROOT / "scripts" / "production_smoke.sh"), "--bench-only"]
    command += ["--voters", str(args.voters), "--seconds", f"{args.seconds:g}"]
    command += ["--think", f"{args.think:g}", "--workers", str(args.workers)]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
