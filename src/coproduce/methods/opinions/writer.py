"""Write the Polis openData CSV layout, so Polis tools can read our conversations."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from coproduce.methods.opinions.analysis import OpinionMap
from coproduce.methods.opinions.conversation import Conversation
from coproduce.methods.opinions.matrix import VoteMatrix, build_vote_matrix

__all__ = ["write_polis_export"]


COMMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "is-meta",
    "comment-body",
]


def _when(ms: float) -> str:
    return datetime.fromtimestamp(ms / 1000.0, tz=UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _comments(conversation: Conversation, matrix: VoteMatrix) -> list[list[object]]:
    agrees = np.asarray((matrix.codes == 3).sum(axis=0)).ravel().tolist()
    disagrees = np.asarray((matrix.codes == 1).sum(axis=0)).ravel().tolist()
    column = {t: j for j, t in enumerate(matrix.statement_ids.tolist())}
    rows: list[list[object]] = []
    for s in conversation.statements:
        j = column.get(s.id)
        created = s.created or 0.0
        rows.append(
            [
                int(created),
                _when(created),
                s.id,
                "" if s.author is None else s.author,
                agrees[j] if j is not None else 0,
                disagrees[j] if j is not None else 0,
                s.moderated,
                str(s.is_meta).lower(),
                s.text,
            ]
        )
    return rows


def _votes(conversation: Conversation) -> list[list[object]]:
    order = np.argsort(conversation.vote_time, kind="stable")
    return [
        [
            int(conversation.vote_time[i]),
            _when(float(conversation.vote_time[i])),
            int(conversation.vote_statement[i]),
            int(conversation.vote_participant[i]),
            int(conversation.vote_value[i]),
        ]
        for i in order.tolist()
    ]


def _wide(
    conversation: Conversation, matrix: VoteMatrix, groups: dict[int, int]
) -> tuple[list[str], list[list[object]]]:
    tids = sorted(s.id for s in conversation.statements)
    column = {t: j for j, t in enumerate(matrix.statement_ids.tolist())}
    dense = matrix.dense_values()
    authored: dict[int, int] = {}
    for s in conversation.statements:
        if s.author is not None:
            authored[s.author] = authored.get(s.author, 0) + 1
    rows: list[list[object]] = []
    for i, pid in enumerate(matrix.participant_ids.tolist()):
        row = dense[i]
        cells = [
            "" if t not in column or np.isnan(row[column[t]]) else int(row[column[t]]) for t in tids
        ]
        rows.append(
            [
                pid,
                groups.get(pid, ""),
                authored.get(pid, 0),
                int((~np.isnan(row)).sum()),
                int((row == 1).sum()),
                int((row == -1).sum()),
                *cells,
            ]
        )
    header = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
    return header + [str(t) for t in tids], rows


def _summary(
    matrix: VoteMatrix, conversation: Conversation, result: OpinionMap | None
) -> list[list[object]]:
    """Return the key/value rows of ``summary.csv`` after its ``topic`` line."""
    return [
        ["voters", matrix.shape[0]],
        ["voters-in-conv", len(result.clustered) if result is not None else ""],
        ["comments", len(conversation.statements)],
        ["groups", result.n_groups if result is not None else ""],
    ]


def write_polis_export(
    conversation: Conversation, folder: Path | str, *, opinion_map: OpinionMap | None = None
) -> Path:
    """Write ``comments.csv``, ``votes.csv``, ``participants-votes.csv`` and ``summary.csv``.

    The layout is Polis' openData one (votes +1 agree); ``group-id`` comes from
    ``opinion_map`` when given. Return the folder. The wide matrix is dense, so this is
    meant for conversations of Polis' size, not for millions of participants.
    """
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    matrix = opinion_map.matrix if opinion_map is not None else build_vote_matrix(conversation)
    groups = opinion_map.groups() if opinion_map is not None else {}
    _write(path / "comments.csv", COMMENT_COLUMNS, _comments(conversation, matrix))
    _write(
        path / "votes.csv",
        ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
        _votes(conversation),
    )
    header, rows = _wide(conversation, matrix, groups)
    _write(path / "participants-votes.csv", header, rows)
    _write(
        path / "summary.csv",
        ["topic", conversation.topic],
        _summary(matrix, conversation, opinion_map),
    )
    return path
