"""What someone who reads the database with plain SQL, and has no key, can link.

The attacker sees the participation ledger (who voted, with the row's transaction id, its
physical place, its serial id and its time), the ballot rows and the receipt rows, each
with the same system columns. They try to pair each person with a ballot (or receipt) by:

* **xid**: the ballots written by the transaction nearest to the person's ledger row
  (PostgreSQL's ``xmin``: rows written together share it, rows written one after the other
  have neighbouring ones);
* **rank**: the i-th person in ledger order (by xid, physical place, serial id or time) with
  the i-th ballot in ballot order (by xid, physical place, id or commit time).

``linkages`` scores each strategy against the truth, which only the test knows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

WINDOW = 5  # the rank attack's "near" guess: within this many places either side


@dataclass(frozen=True)
class Row:
    """One row as plain SQL shows it: system columns, then what it holds."""

    xid: int | None  # PostgreSQL xmin; None on SQLite
    place: tuple[int, int]  # ctid (page, item) on PostgreSQL, (rowid, 0) on SQLite
    key: Any  # the primary key as stored (a serial number or a UUID)
    stamp: Any  # the row's own time, or its commit time where the server tracks it
    value: Hashable  # ledger: the person; ballot: its content; receipt: its code


@dataclass(frozen=True)
class Linkage:
    """How well one strategy pairs people with their ballots (or receipts)."""

    strategy: str
    by_xid: bool  # candidates from transaction ids, not a guess by rank
    people: int
    targets: int
    smallest: int  # the smallest candidate set that holds a person's own ballot
    narrowed_to_1: int  # people whose candidates are exactly their own ballot
    narrowed_to_2: int  # people narrowed to two candidates or fewer
    hits: float  # expected right guesses, picking at random among the candidates
    near: int  # rank attacks: people whose own ballot lies within WINDOW places

    def __str__(self) -> str:
        return (
            f"{self.strategy}: smallest set {self.smallest}, to 1: {self.narrowed_to_1}, "
            f"to ≤2: {self.narrowed_to_2}, expected hits {self.hits:.1f} (chance "
            f"{self.people / max(self.targets, 1):.1f}), within ±{WINDOW}: {self.near}"
        )


def _rows(sql: str, params: Sequence[Any], value: Callable[[Any], Hashable]) -> list[Row]:
    postgres = connection.vendor == "postgresql"
    system = "xmin::text::bigint, ctid::text" if postgres else "NULL, rowid"
    with connection.cursor() as cursor:
        cursor.execute(sql.format(system=system), params)
        rows = cursor.fetchall()
    return [
        Row(
            xid=xid,
            place=tuple(int(n) for n in place.strip("()").split(",")) if postgres else (place, 0),
            key=key,
            stamp=stamp,
            value=value(held),
        )
        for xid, place, key, stamp, held in rows
    ]


def _commit_time(column: str = "xmin") -> str:
    """The commit time of a row's transaction, where PostgreSQL keeps it; else nothing."""
    if connection.vendor != "postgresql":
        return "NULL"
    with connection.cursor() as cursor:
        cursor.execute("SHOW track_commit_timestamp")
        (setting,) = cursor.fetchone()
    return f"pg_xact_commit_timestamp({column})" if setting == "on" else "NULL"


def ledger(activity_id: int) -> list[Row]:
    """The ledger's ballot rows for the activity: who voted."""
    return _rows(
        "SELECT {system}, id, created_at, person_id FROM initiatives_contribution "
        "WHERE activity_id = %s AND kind = 'ballot'",
        [activity_id],
        lambda person: person,
    )


def _content(choices: Any) -> tuple[int, ...]:
    return tuple(sorted(json.loads(choices) if isinstance(choices, str) else choices))


def ballots(round_id: int) -> list[Row]:
    """The round's ballot rows, each known by its content."""
    return _rows(
        f"SELECT {{system}}, id, {_commit_time()}, choices FROM commissioning_ballot "
        "WHERE round_id = %s",
        [round_id],
        _content,
    )


def receipts(round_id: int) -> list[Row]:
    """The round's receipt rows, each known by its code."""
    return _rows(
        f"SELECT {{system}}, id, {_commit_time()}, code FROM commissioning_receipt "
        "WHERE round_id = %s",
        [round_id],
        lambda code: code,
    )


def _nearest_xid(person: Row, targets: Sequence[Row]) -> list[Row]:
    assert person.xid is not None
    gap = min(abs((t.xid or 0) - person.xid) for t in targets)
    return [t for t in targets if abs((t.xid or 0) - person.xid) == gap]


def _order(rows: Sequence[Row], by: str) -> list[Row]:
    # Ties (rows written together) are broken by physical place, as a reader would.
    if by == "xid":
        return sorted(rows, key=lambda r: (r.xid or 0, r.place))
    if by == "key":
        return sorted(rows, key=lambda r: str(r.key) if not isinstance(r.key, int) else r.key)
    if by == "stamp":
        return sorted(rows, key=lambda r: (r.stamp, r.place))
    return sorted(rows, key=lambda r: r.place)


def _score(
    strategy: str,
    by_xid: bool,
    people: Sequence[Row],
    targets: Sequence[Row],
    truth: dict[Hashable, Hashable],
    candidates: Callable[[int, Row], list[Row]],
    near: Callable[[int, Row], bool] = lambda i, p: False,
) -> Linkage:
    sizes, hits, close = [], 0.0, 0
    for index, person in enumerate(people):
        found = candidates(index, person)
        if found and truth[person.value] in {t.value for t in found}:
            sizes.append(len(found))
            hits += 1 / len(found)
        close += near(index, person)
    return Linkage(
        strategy=strategy,
        by_xid=by_xid,
        people=len(people),
        targets=len(targets),
        smallest=min(sizes, default=len(targets)),
        narrowed_to_1=sum(1 for s in sizes if s == 1),
        narrowed_to_2=sum(1 for s in sizes if s <= 2),
        hits=hits,
        near=close,
    )


def linkages(
    people: Sequence[Row], targets: Sequence[Row], truth: dict[Hashable, Hashable], label: str
) -> list[Linkage]:
    """Run every strategy pairing ``people`` (ledger rows) with ``targets``; score each.

    ``truth`` maps a person to the value of their own target (content or receipt code).
    """
    if not people or not targets:
        return []
    results = []
    if people[0].xid is not None and targets[0].xid is not None:
        results.append(
            _score(
                f"{label} by nearest xid",
                True,
                people,
                targets,
                truth,
                lambda i, p: _nearest_xid(p, targets),
            )
        )
    person_orders = ["place", "key", "stamp"]
    if people[0].xid is not None:
        person_orders.append("xid")
    target_orders = ["place", "key"]
    if targets[0].xid is not None:
        target_orders.append("xid")
    if targets[0].stamp is not None:
        target_orders.append("stamp")
    for by_person in person_orders:
        ranked_people = _order(people, by_person)
        for by_target in target_orders:
            ranked = _order(targets, by_target)
            position = {t.value: i for i, t in enumerate(ranked)}

            def guess(i: int, p: Row, ranked: list[Row] = ranked) -> list[Row]:
                return [ranked[i]] if i < len(ranked) else []

            def is_near(i: int, p: Row, position: dict[Hashable, int] = position) -> bool:
                return abs(position[truth[p.value]] - i) <= WINDOW

            results.append(
                _score(
                    f"{label}: ledger by {by_person} ~ {by_target}",
                    False,
                    ranked_people,
                    targets,
                    truth,
                    guess,
                    is_near,
                )
            )
    return results
