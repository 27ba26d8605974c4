"""Read the Polis openData CSV layout (comments, votes, participants-votes, summary)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from coproduce.methods.opinions.conversation import Conversation, Statement
from coproduce.methods.opinions.errors import PolisExportError
from coproduce.methods.opinions.export import PolisExport

__all__ = ["read_csv_export"]

_PV_FIXED = {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}


def _rows(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a CSV file; raise if it is missing or lacks a column."""
    if not path.is_file():
        raise PolisExportError(path, "file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise PolisExportError(path, f"missing column(s) {sorted(missing)}", line=1)
        for row in reader:
            yield reader.line_num, row


def _int(path: Path, line: int, text: str | None, what: str) -> int:
    try:
        return int(float(text or ""))
    except ValueError:
        raise PolisExportError(path, f"{what} {text!r} is not a number", line) from None


def _vote(path: Path, line: int, text: str | None) -> int:
    value = _int(path, line, text, "vote")
    if value not in (-1, 0, 1):
        raise PolisExportError(path, f"vote {value} is not -1, 0 or 1", line)
    return value


def _statements(path: Path) -> list[Statement]:
    out = []
    for line, row in _rows(path, {"comment-id", "comment-body"}):
        meta = (row.get("is-meta") or "").strip().lower() in {"true", "1", "t"}
        author = row.get("author-id")
        out.append(
            Statement(
                id=_int(path, line, row["comment-id"], "comment-id"),
                text=row["comment-body"] or "",
                moderated=_int(path, line, row.get("moderated") or "0", "moderated"),
                is_meta=meta,
                author=_int(path, line, author, "author-id") if author else None,
                created=float(row["timestamp"]) if row.get("timestamp") else None,
            )
        )
    return out


def _event_log(path: Path) -> tuple[list[int], list[int], list[int], list[float]]:
    pids: list[int] = []
    tids: list[int] = []
    values: list[int] = []
    times: list[float] = []
    for line, row in _rows(path, {"comment-id", "voter-id", "vote"}):
        pids.append(_int(path, line, row["voter-id"], "voter-id"))
        tids.append(_int(path, line, row["comment-id"], "comment-id"))
        values.append(_vote(path, line, row["vote"]))
        times.append(float(row.get("timestamp") or line))
    return pids, tids, values, times


def _wide(path: Path) -> tuple[dict[int, int], list[tuple[int, int, int]], list[int]]:
    """Return (groups, (participant, statement, vote) triples, participants) of the wide file."""
    groups: dict[int, int] = {}
    triples: list[tuple[int, int, int]] = []
    everyone: list[int] = []
    for line, row in _rows(path, {"participant"}):
        pid = _int(path, line, row["participant"], "participant")
        everyone.append(pid)
        if row.get("group-id"):
            groups[pid] = _int(path, line, row["group-id"], "group-id")
        for key, text in row.items():
            if key is None or key in _PV_FIXED:
                continue
            if text:
                triples.append(
                    (pid, _int(path, 1, key, "statement column"), _vote(path, line, text))
                )
    return groups, triples, everyone


def _gic(statements_path: Path) -> dict[int, float] | None:
    values: dict[int, float] = {}
    for line, row in _rows(statements_path, {"comment-id"}):
        text = row.get("group-informed-consensus")
        if text is None:
            return None
        if text:
            values[_int(statements_path, line, row["comment-id"], "comment-id")] = float(text)
    return values


def _topic(folder: Path) -> str:
    path = folder / "summary.csv"
    if not path.is_file():
        return ""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0] == "topic":
                return row[1]
    return ""


def read_csv_export(folder: Path) -> PolisExport:
    """Return the conversation of an openData export folder; raise PolisExportError if bad.

    Votes come from ``votes.csv`` (latest vote wins) when present, else from the wide
    ``participants-votes.csv``. Statements voted on but absent from ``comments.csv`` are
    added as unmoderated statements without text.
    """
    statements = _statements(folder / "comments.csv")
    wide = folder / "participants-votes.csv"
    groups, triples, everyone = _wide(wide) if wide.is_file() else ({}, [], [])
    if (folder / "votes.csv").is_file():
        pids, tids, values, times = _event_log(folder / "votes.csv")
    elif wide.is_file():
        pids, tids, values = (
            (list(t) for t in zip(*triples, strict=True)) if triples else ([], [], [])
        )
        times = [0.0] * len(pids)
    else:
        raise PolisExportError(folder / "votes.csv", "neither votes.csv nor participants-votes.csv")
    known = {s.id for s in statements}
    statements += [Statement(id=t) for t in sorted(set(tids) - known)]
    conversation = Conversation(
        statements=tuple(statements),
        vote_participant=np.array(pids, dtype=np.int64),
        vote_statement=np.array(tids, dtype=np.int64),
        vote_value=np.array(values, dtype=np.int8),
        vote_time=np.array(times, dtype=np.float64),
        participants=np.union1d(np.array(everyone, dtype=np.int64), np.array(pids, dtype=np.int64)),
        topic=_topic(folder),
    )
    return PolisExport(
        folder,
        "csv",
        conversation,
        polis_groups=groups or None,
        polis_gic=_gic(folder / "comments.csv"),
    )
