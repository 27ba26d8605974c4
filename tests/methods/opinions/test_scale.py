"""The benchmark's synthetic conversation (100,000 × 2,000, 6 million votes); opt-in."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from coproduce.methods.opinions import Conversation, analyse, update
from coproduce.methods.opinions.synthetic import planted_conversation


@pytest.mark.slow
def test_six_million_votes_recover_the_planted_groups_and_update_incrementally() -> None:
    conversation, truth = planted_conversation(
        n_participants=100_000, n_statements=2_000, density=0.03, seed=1
    )
    result = analyse(conversation, seed=0)
    rows = result.clustered
    planted = truth[result.matrix.participant_ids[rows]]
    assert result.n_groups == 3
    assert adjusted_rand_score(planted, result.labels[rows]) >= 0.95
    rng = np.random.default_rng(2)
    batch = Conversation(
        statements=conversation.statements,
        vote_participant=rng.integers(0, 100_000, 1000),
        vote_statement=rng.integers(0, 2_000, 1000),
        vote_value=rng.choice(np.array([-1, 0, 1], dtype=np.int8), 1000),
        vote_time=np.full(1000, 1e12),
    )
    updated = update(result, batch)
    assert adjusted_rand_score(result.labels, updated.labels) == 1.0
