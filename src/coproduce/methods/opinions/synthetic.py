"""Synthetic conversations with planted opinion groups, for tests and benchmarks."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.conversation import Conversation, Statement

__all__ = ["planted_conversation"]


def planted_conversation(
    *,
    n_participants: int,
    n_statements: int,
    density: float,
    shares: tuple[float, ...] = (0.5, 0.3, 0.2),
    loyalty: float = 0.8,
    seed: int = 0,
) -> tuple[Conversation, NDArray[np.int64]]:
    """Return a conversation whose participants fall in planted groups, and the groups.

    Each group has a stance (agree or disagree) on every statement; a member votes with
    the stance with probability ``loyalty``, against it or passes otherwise. Each
    participant votes on about ``density`` × ``n_statements`` random statements.
    """
    rng = np.random.default_rng(seed)
    truth = rng.choice(len(shares), size=n_participants, p=np.array(shares) / sum(shares))
    stance = rng.choice(np.array([-1, 1], dtype=np.int8), size=(len(shares), n_statements))
    per_person = rng.binomial(n_statements, density, size=n_participants)
    rows = np.repeat(np.arange(n_participants, dtype=np.int64), per_person)
    cols = rng.integers(0, n_statements, size=len(rows), dtype=np.int64)
    draw = rng.random(len(rows))
    with_stance = stance[truth[rows], cols]
    other = (1.0 - loyalty) / 2
    votes = np.where(draw < loyalty, with_stance, np.where(draw < loyalty + other, -with_stance, 0))
    conversation = Conversation(
        statements=tuple(Statement(id=j, moderated=1) for j in range(n_statements)),
        vote_participant=rows,
        vote_statement=cols,
        vote_value=votes.astype(np.int8),
        vote_time=np.arange(len(rows), dtype=np.float64),
        participants=np.arange(n_participants, dtype=np.int64),
    )
    return conversation, truth.astype(np.int64)
