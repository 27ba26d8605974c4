"""The one adapter to ``coproduce.methods.opinions``: from the database's statements and
votes to the library's conversation, the stored map, routing, and Polis' file layout.

The refresh reads the votes cast since the last one (with a margin for transactions that
committed late: folding a vote in twice changes nothing, the latest vote wins) and folds
them in with the library's incremental ``update``; the first refresh runs ``analyse``.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from coproduce.design.models import (
    OpinionAnalysis,
    OpinionMap,
    OpinionParticipant,
    OpinionVote,
    Statement,
)
from coproduce.methods.opinions import (
    Conversation,
    PolisExportError,
    analyse,
    choose_statement,
    read_polis_export,
    update,
    write_polis_export,
)
from coproduce.methods.opinions import OpinionMap as Analysed
from coproduce.methods.opinions import Statement as MethodStatement

__all__ = [
    "LATE_COMMIT_MARGIN",
    "PolisExportError",
    "PolisRows",
    "analysis_summary",
    "conversation_of",
    "map_refresh",
    "polis_read",
    "polis_write",
    "statement_choose",
]

#: Votes committed up to this long after they were stamped are still folded in.
LATE_COMMIT_MARGIN = timedelta(seconds=60)
#: How many statements the page lists per group and per kind of statement.
PICK = 5
#: At most this many points per group are drawn on the map (the rest are summarised).
DRAWN_PER_GROUP = 300


def _ms(moment: datetime) -> float:
    return moment.timestamp() * 1000.0


def _statements(opinion_map: OpinionMap) -> tuple[MethodStatement, ...]:
    rows = Statement.objects.filter(opinion_map=opinion_map).values_list(
        "number", "text", "status", "is_meta", "author__number", "created_at"
    )
    return tuple(
        MethodStatement(
            id=number,
            text=text,
            moderated=status,
            is_meta=is_meta,
            author=author,
            created=_ms(created),
        )
        for number, text, status, is_meta, author, created in rows
    )


def _votes(
    opinion_map: OpinionMap, statements: tuple[MethodStatement, ...], since: datetime | None
) -> Conversation:
    votes = OpinionVote.objects.filter(statement__opinion_map=opinion_map)
    if since is not None:
        votes = votes.filter(voted_at__gte=since)
    rows = list(votes.values_list("participant__number", "statement__number", "value", "voted_at"))
    return Conversation(
        statements=statements,
        vote_participant=np.array([r[0] for r in rows], dtype=np.int64),
        vote_statement=np.array([r[1] for r in rows], dtype=np.int64),
        vote_value=np.array([r[2] for r in rows], dtype=np.int8),
        vote_time=np.array([_ms(r[3]) for r in rows], dtype=np.float64),
    )


def conversation_of(opinion_map: OpinionMap) -> Conversation:
    """Return the whole conversation of ``opinion_map`` as the library's ``Conversation``."""
    statements = _statements(opinion_map)
    votes = _votes(opinion_map, statements, None)
    participants = OpinionParticipant.objects.filter(opinion_map=opinion_map).values_list(
        "number", flat=True
    )
    return Conversation(
        statements=statements,
        vote_participant=votes.vote_participant,
        vote_statement=votes.vote_statement,
        vote_value=votes.vote_value,
        vote_time=votes.vote_time,
        participants=np.array(sorted(participants), dtype=np.int64),
        topic=opinion_map.question,
    )


def _share(stat: Any) -> float:
    return float(stat.n_success + 1) / float(stat.n_trials + 2)


def _divisive(result: Analysed) -> list[dict[str, Any]]:
    """The statements the groups split on most: the largest gap between the groups' agree
    shares ((agrees + 1) / (votes + 2)), among statements every group has voted on."""
    counts = result.group_votes
    if result.n_groups < 2 or counts.seen.size == 0:
        return []
    shares = (counts.agree + 1.0) / (counts.seen + 2.0)
    spread = shares.max(axis=0) - shares.min(axis=0)
    voted_by_all = np.asarray((counts.seen > 0).all(axis=0), dtype=bool)
    order = np.argsort(-spread, kind="stable")
    out = []
    for j in order.tolist():
        statement = int(counts.statement_ids[j])
        if not voted_by_all[j] or statement in result.mod_out:
            continue
        out.append(
            {
                "statement": statement,
                "spread": float(spread[j]),
                "shares": [float(s) for s in shares[:, j]],
            }
        )
        if len(out) == PICK:
            break
    return out


def _points(result: Analysed) -> list[list[float]]:
    """A deterministic sample of each group's positions, for the drawing."""
    projections = result.pca.projections
    points: list[list[float]] = []
    for group in range(result.n_groups):
        rows = np.flatnonzero(result.labels == group)
        step = max(1, len(rows) // DRAWN_PER_GROUP)
        points += [
            [round(float(projections[r, 0]), 4), round(float(projections[r, 1]), 4), group]
            for r in rows[::step][:DRAWN_PER_GROUP].tolist()
        ]
    return points


def analysis_summary(result: Analysed) -> dict[str, Any]:
    """Return what the page shows, JSON-ready, statements by number."""
    sizes = [int((result.labels == g).sum()) for g in range(result.n_groups)]
    groups = []
    for g in range(result.n_groups):
        representative = []
        for stat in result.repness.get(g, ()):
            direction, share = stat.display()
            representative.append(
                {"statement": stat.statement, "agree": direction == "agree", "share": share}
            )
        groups.append({"index": g, "size": sizes[g], "representative": representative[:PICK]})
    consensus = [
        {"statement": s.statement, "agree": direction == "agree", "share": _share(s)}
        for direction in ("agree", "disagree")
        for s in result.consensus[direction]
    ]
    return {
        "n_participants": int(result.matrix.shape[0]),
        "n_clustered": len(result.clustered),
        "n_groups": result.n_groups,
        "groups": groups,
        "consensus": consensus,
        "divisive": _divisive(result),
        "priorities": {str(k): float(v) for k, v in result.priorities.items()},
        "points": _points(result),
    }


def _positions(result: Analysed) -> dict[str, list[float]]:
    ids = result.matrix.participant_ids.tolist()
    xy = result.pca.projections.tolist()
    labels = result.labels.tolist()
    return {
        f"p{p}": [round(x, 4), round(y, 4), int(g)]
        for p, (x, y), g in zip(ids, xy, labels, strict=True)
    }


def map_refresh(opinion_map: OpinionMap, *, full: bool = False) -> OpinionAnalysis | None:
    """Recompute the map of ``opinion_map`` and store it; return it (None without votes).

    Incremental from the stored state unless ``full``; the votes read are those stamped
    since the last read, less ``LATE_COMMIT_MARGIN``.
    """
    started = time.perf_counter()
    read_at = timezone.now()
    stored = OpinionAnalysis.objects.filter(opinion_map=opinion_map).first()
    statements = _statements(opinion_map)
    previous: Analysed | None = None
    if stored is not None and stored.state and not full:
        try:
            previous = pickle.loads(bytes(stored.state))  # noqa: S301 (written here only)
        except Exception:
            previous = None
    if previous is None:
        conversation = conversation_of(opinion_map)
        if conversation.n_votes == 0:
            return None
        result = analyse(conversation, seed=0)
    else:
        assert stored is not None
        delta = _votes(opinion_map, statements, stored.votes_read_at - LATE_COMMIT_MARGIN)
        result = update(previous, delta, statements=statements)
    values = {
        "computed_at": timezone.now(),
        "votes_read_at": read_at,
        "seconds": time.perf_counter() - started,
        "n_votes": int(result.matrix.codes.nnz),
        "summary": analysis_summary(result),
        "positions": _positions(result),
        "state": pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
    }
    with transaction.atomic():
        analysis, _created = OpinionAnalysis.objects.update_or_create(
            opinion_map=opinion_map, defaults=values
        )
    return analysis


def statement_choose(
    priorities: Mapping[str, float], candidates: Iterable[int], participant: int, *, seed: int
) -> int | None:
    """Return the statement to show next by Polis' routing priority (None: none left)."""
    keyed = {int(k): v for k, v in priorities.items()}
    return choose_statement(keyed, candidates, participant, seed=seed)


@dataclass(frozen=True)
class PolisRows:
    """A Polis export reduced to what the database keeps: statements, participants, and each
    participant's latest vote per statement (ties to the later line, as the library does)."""

    topic: str
    statements: tuple[MethodStatement, ...]
    participants: tuple[int, ...]
    votes: dict[tuple[int, int], tuple[int, datetime]]


def polis_read(folder: Path | str) -> PolisRows:
    """Read a Polis export folder (either layout); raise ``PolisExportError`` if bad."""
    conversation = read_polis_export(folder).conversation
    latest: dict[tuple[int, int], tuple[int, float]] = {}
    for p, s, v, t in zip(
        conversation.vote_participant.tolist(),
        conversation.vote_statement.tolist(),
        conversation.vote_value.tolist(),
        conversation.vote_time.tolist(),
        strict=True,
    ):
        before = latest.get((p, s))
        if before is None or t >= before[1]:
            latest[(p, s)] = (v, t)
    return PolisRows(
        topic=conversation.topic,
        statements=conversation.statements,
        participants=tuple(conversation.participants.tolist()),
        votes={
            key: (value, datetime.fromtimestamp(ms / 1000.0, tz=UTC))
            for key, (value, ms) in latest.items()
        },
    )


def polis_write(opinion_map: OpinionMap, folder: Path | str) -> Path:
    """Write the conversation in Polis' openData CSV layout; return the folder."""
    return write_polis_export(conversation_of(opinion_map), folder)
