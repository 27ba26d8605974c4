"""Which statement to show a participant next, by Polis' comment-routing priority."""

from __future__ import annotations

import numpy as np

from coproduce.methods.opinions.analysis import OpinionMap

__all__ = ["next_statement"]


def next_statement(result: OpinionMap, participant: int, *, seed: int = 0) -> int | None:
    """Return a statement ``participant`` has not voted on, drawn with probability
    proportional to its priority (as Polis' ``nextComment``); ``None`` when none is left.

    Moderated-out statements are never shown; statements nobody has voted on yet have
    the priority of a fresh statement. Deterministic given ``seed``.
    """
    matrix = result.matrix
    voted: set[int] = set()
    row = np.flatnonzero(matrix.participant_ids == participant)
    if len(row):
        r = int(row[0])
        voted = set(
            matrix.statement_ids[
                matrix.codes.indices[matrix.codes.indptr[r] : matrix.codes.indptr[r + 1]]
            ].tolist()
        )
    fresh = (0.5 * 0.5 * 9.0) ** 2  # no votes: a = p = 1/2, newness factor 9
    candidates = sorted(
        s.id for s in result.statements if s.id not in voted and s.id not in result.mod_out
    )
    if not candidates:
        return None
    weights = np.array([result.priorities.get(t, fresh) for t in candidates])
    if weights.sum() <= 0:
        weights = np.ones(len(candidates))
    rng = np.random.default_rng([seed, participant & 0xFFFFFFFFFFFFFFFF])
    return int(candidates[rng.choice(len(candidates), p=weights / weights.sum())])
