"""Site-wide search on 100,000 items: full-text index against a plain substring scan.

Usage::

    .venv/bin/python bench/search.py              # SQLite (FTS5), then PostgreSQL
    .venv/bin/python bench/search.py --db sqlite --items 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/search.py --db postgres

Each leg builds a throwaway database with ``--items`` index entries (texts drawn from a
council's vocabulary with a Zipf-like spread, so some words are in a third of the items and
others in a handful), then times ``coproduce.search.selectors.search`` — the first page and
the total, as the search page asks — for a fixed set of one- and two-word queries. Beside it,
in the same run on the same rows, it times what search pages in many participation platforms
do without an index: ``icontains`` on title and text, newest first, with a count. It prints
p50/p95/max for both and the ratio; the target is the indexed p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from throwaway import each_database, in_throwaway_database

WORDS = [
    "park",
    "road",
    "bench",
    "tree",
    "light",
    "street",
    "school",
    "library",
    "bus",
    "stop",
    "bin",
    "playground",
    "river",
    "bridge",
    "pavement",
    "crossing",
    "garden",
    "allotment",
    "hall",
    "pool",
    "youth",
    "club",
    "care",
    "home",
    "clinic",
    "parking",
    "cycle",
    "lane",
    "pothole",
    "graffiti",
    "litter",
    "noise",
    "flooding",
    "drain",
    "hedge",
    "mural",
    "market",
    "square",
    "toilets",
    "footpath",
    "ramp",
    "lift",
    "shelter",
    "fountain",
    "skate",
    "court",
    "pitch",
    "orchard",
    "pond",
    "meadow",
    "kiosk",
    "cafe",
    "repair",
    "replace",
    "install",
    "plant",
    "paint",
    "clean",
    "widen",
    "open",
    "close",
    "extend",
    "improve",
    "safer",
    "greener",
    "quieter",
    "brighter",
    "accessible",
    "community",
    "neighbours",
    "children",
    "older",
    "residents",
    "families",
]
QUERIES = [
    "park",
    "tree",
    "community",
    "pothole",
    "skate",
    "orchard pond",
    "bus stop",
    "accessible ramp",
    "greener square",
    "flooding drain",
    "youth club",
    "library",
    "noise",
    "kiosk cafe",
    "paint",
    "benches",
    "playgrounds",
    "crossing safer",
    "zebra",
    "allotment hall",
]


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _text(rng: random.Random, length: int) -> str:
    # Zipf-like: the first words of the vocabulary are far more common than the last.
    return " ".join(
        WORDS[min(int(rng.paretovariate(0.7)) - 1, len(WORDS) - 1)] for _ in range(length)
    )


def _fill(items: int) -> None:
    from coproduce.places.models import Place
    from coproduce.search.models import SearchEntry

    rng = random.Random(20261202)
    places = [
        Place.objects.create(name=f"Ward {n}", slug=f"ward-{n}", kind="ward") for n in range(20)
    ]
    kinds = ["proposal", "report", "commitment", "initiative", "activity"]
    batch = []
    for n in range(items):
        batch.append(
            SearchEntry(
                kind=kinds[n % len(kinds)],
                object_id=n + 1,
                title=_text(rng, 5).capitalize(),
                body=_text(rng, 40),
                url=f"/things/{n}/",
                place=places[n % len(places)],
                status="open",
                public=n % 10 != 0,
            )
        )
        if len(batch) == 5000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)


def _time(label: str, action: Callable[[str], Any], rounds: int) -> list[float]:
    for query in QUERIES:  # warm the caches once
        action(query)
    times = []
    by_query: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            action(query)
            elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            by_query.setdefault(query, []).append(elapsed)
    slowest = sorted(by_query, key=lambda q: -max(by_query[q]))[:3]
    print(
        f"  {label:<34} p50 {statistics.median(times):7.1f} ms   "
        f"p95 {_percentile(times, 0.95):7.1f} ms   max {max(times):7.1f} ms   slowest: "
        + ", ".join(f"{q!r} {max(by_query[q]):.0f} ms" for q in slowest)
    )
    return times


def _measure(args: argparse.Namespace, connection: Any) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Q

    from coproduce.search.models import SearchEntry
    from coproduce.search.selectors import PAGE_SIZE, SearchFilters, search, words_of

    started = time.perf_counter()
    _fill(args.items)
    print(
        f"{connection.vendor}: {args.items} entries loaded in {time.perf_counter() - started:.0f} s"
    )
    anonymous = AnonymousUser()

    def indexed(query: str) -> None:
        page = search(SearchFilters(query=query), person=anonymous, language="en")
        assert page.total >= 0

    def scan(query: str) -> None:
        rows = SearchEntry.objects.filter(public=True)
        for word in words_of(query):
            rows = rows.filter(Q(title__icontains=word) | Q(body__icontains=word))
        list(rows.select_related("place").order_by("-updated_at", "-pk")[:PAGE_SIZE])
        rows.count()

    fts = _time("search (full-text index)", indexed, args.rounds)
    naive = _time("icontains scan (no index)", scan, args.rounds)
    ratio = _percentile(naive, 0.95) / _percentile(fts, 0.95)
    verdict = "met" if _percentile(fts, 0.95) < 200 else "NOT met"
    print(f"  p95 ratio scan / index: {ratio:.1f}×; target p95 < 200 ms: {verdict}")


def _leg(args: argparse.Namespace) -> None:
    in_throwaway_database(
        args.db, "coproduce_bench_search", lambda connection: _measure(args, connection)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    return each_database(__file__, argv, args.db, lambda: _leg(args))


if __name__ == "__main__":
    raise SystemExit(main())
