"""Fold a batch of new votes into a previous opinion map, warm-starting the heavy steps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from coproduce.methods.opinions.analysis import OpinionMap, analyse_matrix
from coproduce.methods.opinions.conversation import Conversation, Statement, Vote
from coproduce.methods.opinions.matrix import merge_votes

__all__ = ["update"]


def _delta(
    votes: Conversation | Iterable[Vote | tuple[int, int, int, float]],
    statements: tuple[Statement, ...],
) -> Conversation:
    if isinstance(votes, Conversation):
        return votes
    rows = [
        (v.participant, v.statement, v.vote, v.timestamp) if isinstance(v, Vote) else v
        for v in votes
    ]
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    return Conversation(
        statements=statements,
        vote_participant=table[:, 0].astype(np.int64),
        vote_statement=table[:, 1].astype(np.int64),
        vote_value=table[:, 2].astype(np.int8),
        vote_time=table[:, 3].copy(),
    )


def _merged_statements(
    old: tuple[Statement, ...], new: Sequence[Statement] | None
) -> tuple[Statement, ...]:
    """Return ``old`` with ``new`` statements added or replacing those with the same id."""
    if not new:
        return old
    by_id = {s.id: s for s in old}
    by_id.update({s.id: s for s in new})
    return tuple(by_id.values())


def update(
    previous: OpinionMap,
    new_votes: Conversation | Iterable[Vote | tuple[int, int, int, float]],
    *,
    statements: Sequence[Statement] | None = None,
) -> OpinionMap:
    """Return the opinion map after ``new_votes``, recomputed from ``previous``.

    New votes override earlier ones of the same participant on the same statement; new
    participants and statements (pass them in ``statements``, also to change moderation)
    join. PCA and clustering start from the previous solution, so the update is much
    faster than :func:`analyse`; the statistics are recomputed exactly. When the votes do
    not change the picture materially, the groups are those of a full recompute. Raise
    ``ConversationError`` on a bad vote or an unknown statement.
    """
    merged = _merged_statements(previous.statements, statements)
    delta = _delta(new_votes, merged)
    matrix = merge_votes(previous.matrix, delta)
    return analyse_matrix(
        matrix, merged, seed=previous.seed, options=previous.options, warm=previous
    )
