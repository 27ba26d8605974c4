"""The input of an analysis: participants, statements and the vote event log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.errors import ConversationError

__all__ = ["AGREE", "DISAGREE", "PASS", "Conversation", "Statement", "Vote", "conversation_from"]

AGREE = 1
DISAGREE = -1
PASS = 0

#: Polis moderation states of a statement.
MODERATION_REJECTED = -1
MODERATION_UNMODERATED = 0
MODERATION_ACCEPTED = 1


@dataclass(frozen=True)
class Statement:
    """One statement. ``moderated`` is Polis' -1 rejected / 0 unmoderated / 1 accepted."""

    id: int
    text: str = ""
    moderated: int = MODERATION_UNMODERATED
    is_meta: bool = False
    author: int | None = None
    created: float | None = None


@dataclass(frozen=True)
class Vote:
    """One vote event: +1 agree, -1 disagree, 0 pass; a later timestamp overrides an earlier."""

    participant: int
    statement: int
    vote: int
    timestamp: float = 0.0


def _empty_int() -> NDArray[np.int64]:
    return np.zeros(0, dtype=np.int64)


def _empty_float() -> NDArray[np.float64]:
    return np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class Conversation:
    """A conversation as column arrays, so that millions of votes stay cheap.

    ``vote_*`` arrays are aligned, one entry per vote event in log order; ``participants``
    lists every participant id (voters and silent authors). Build it with
    :func:`conversation_from` from plain Python data, or directly from arrays.
    """

    statements: tuple[Statement, ...]
    vote_participant: NDArray[np.int64] = field(default_factory=_empty_int)
    vote_statement: NDArray[np.int64] = field(default_factory=_empty_int)
    vote_value: NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    vote_time: NDArray[np.float64] = field(default_factory=_empty_float)
    participants: NDArray[np.int64] = field(default_factory=_empty_int)
    topic: str = ""

    def __post_init__(self) -> None:
        n = len(self.vote_participant)
        arrays = (self.vote_statement, self.vote_value, self.vote_time)
        if any(len(a) != n for a in arrays):
            raise ConversationError("vote arrays must all have the same length")
        if n and not np.isin(self.vote_value, (-1, 0, 1)).all():
            raise ConversationError("votes must be +1 (agree), -1 (disagree) or 0 (pass)")
        known = np.array([s.id for s in self.statements], dtype=np.int64)
        if n and not np.isin(self.vote_statement, known).all():
            unknown = np.setdiff1d(self.vote_statement, known)[:5].tolist()
            raise ConversationError(f"votes on unknown statements {unknown}")

    @property
    def n_votes(self) -> int:
        """Return the number of vote events (re-votes included)."""
        return len(self.vote_participant)

    def mod_out(self, *, strict: bool = False) -> frozenset[int]:
        """Return the ids Polis zeroes out: rejected and meta (and unmoderated if ``strict``)."""
        out = set()
        for s in self.statements:
            rejected = s.moderated == MODERATION_REJECTED
            if rejected or s.is_meta or (strict and s.moderated == MODERATION_UNMODERATED):
                out.add(s.id)
        return frozenset(out)

    def meta_ids(self) -> frozenset[int]:
        """Return the ids of meta statements (about the conversation, not its topic)."""
        return frozenset(s.id for s in self.statements if s.is_meta)


def conversation_from(
    *,
    participants: Iterable[int] = (),
    statements: Sequence[Statement],
    votes: Iterable[Vote | tuple[int, int, int, float]],
    topic: str = "",
) -> Conversation:
    """Build a :class:`Conversation` from plain Python data.

    ``votes`` holds :class:`Vote` objects or ``(participant, statement, vote, timestamp)``
    tuples. Raise :class:`ConversationError` on a vote outside {-1, 0, 1} or on an unknown
    statement.
    """
    rows = [
        (v.participant, v.statement, v.vote, v.timestamp) if isinstance(v, Vote) else v
        for v in votes
    ]
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    voters = table[:, 0].astype(np.int64)
    everyone = np.union1d(np.fromiter(participants, dtype=np.int64), voters)
    return Conversation(
        statements=tuple(statements),
        vote_participant=voters,
        vote_statement=table[:, 1].astype(np.int64),
        vote_value=_as_votes(table[:, 2]),
        vote_time=table[:, 3].copy(),
        participants=everyone,
        topic=topic,
    )


def _as_votes(values: NDArray[np.float64]) -> NDArray[np.int8]:
    if not np.isin(values, (-1.0, 0.0, 1.0)).all():
        raise ConversationError("votes must be +1 (agree), -1 (disagree) or 0 (pass)")
    return values.astype(np.int8)
