"""Which statement to show a participant next, by Polis' comment-routing priority."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from coproduce.methods.opinions.analysis import OpinionMap

__all__ = ["FRESH_PRIORITY", "choose_statement", "next_statement"]

#: The priority of a statement nobody has voted on: a = p = 1/2, newness factor 9.
FRESH_PRIORITY = (0.5 * 0.5 * 9.0) ** 2


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
    candidates = [
        s.id for s in result.statements if s.id not in voted and s.id not in result.mod_out
    ]
    return choose_statement(result.priorities, candidates, participant, seed=seed)


def choose_statement(
    priorities: Mapping[int, float], candidates: Iterable[int], participant: int, *, seed: int = 0
) -> int | None:
    """Return one of ``candidates`` drawn with probability proportional to its priority
    (statements missing from ``priorities`` count as fresh); ``None`` when there are none.

    This is :func:`next_statement`'s draw, for callers that keep the priorities and know
    which statements the participant may still see. Deterministic given ``seed``.
    """
    ordered = sorted(set(candidates))
    if not ordered:
        return None
    weights = np.array([priorities.get(t, FRESH_PRIORITY) for t in ordered])
    if weights.sum() <= 0:
        weights = np.ones(len(ordered))
    rng = np.random.default_rng([seed, participant & 0xFFFFFFFFFFFFFFFF])
    return int(ordered[rng.choice(len(ordered), p=weights / weights.sum())])
