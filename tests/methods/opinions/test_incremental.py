"""Incremental updates: the same result as a full recompute, from the previous state."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from coproduce.methods.opinions import (
    Conversation,
    Statement,
    Vote,
    analyse,
    conversation_from,
    update,
)


def _split(conversation: Conversation, share: float) -> tuple[Conversation, Conversation]:
    order = np.argsort(conversation.vote_time, kind="stable")
    cut = int(len(order) * (1 - share))

    def part(rows: np.ndarray) -> Conversation:
        return Conversation(
            statements=conversation.statements,
            vote_participant=conversation.vote_participant[rows],
            vote_statement=conversation.vote_statement[rows],
            vote_value=conversation.vote_value[rows],
            vote_time=conversation.vote_time[rows],
        )

    return part(order[:cut]), part(order[cut:])


@pytest.mark.parametrize("name", ["vtaiwan.uberx", "scoop-hivemind.taxes", "brexit-consensus"])
def test_a_small_batch_gives_the_groups_of_a_full_recompute(load_export, name: str) -> None:
    conversation = load_export(name).conversation
    before, batch = _split(conversation, 0.01)
    updated = update(analyse(before, seed=0), batch)
    full = analyse(conversation, seed=0)
    assert np.array_equal(updated.matrix.dense_values(), full.matrix.dense_values(), equal_nan=True)
    assert updated.groups().keys() == full.groups().keys()
    ours = updated.groups()
    theirs = full.groups()
    assert adjusted_rand_score([ours[p] for p in ours], [theirs[p] for p in ours]) == 1.0
    assert updated.group_informed_consensus == pytest.approx(full.group_informed_consensus)
    assert [s.statement for s in updated.consensus["agree"]] == [
        s.statement for s in full.consensus["agree"]
    ]
    np.testing.assert_allclose(
        np.abs(updated.pca.components), np.abs(full.pca.components), atol=1e-9
    )


def test_a_later_vote_overrides_and_new_people_and_statements_join() -> None:
    statements = [Statement(id=t, moderated=1) for t in range(8)]
    votes = [
        Vote(p, t, 1 if (p < 10) == (t < 4) else -1, float(p)) for p in range(20) for t in range(8)
    ]
    first = analyse(conversation_from(statements=statements, votes=votes))
    later = update(
        first,
        [Vote(0, 0, -1, 1e6), Vote(99, 8, 1, 1e6), Vote(99, 0, 1, 1e6)],
        statements=[Statement(id=8, moderated=1)],
    )
    values = later.matrix.dense_values()
    row = {p: i for i, p in enumerate(later.matrix.participant_ids.tolist())}
    col = {t: j for j, t in enumerate(later.matrix.statement_ids.tolist())}
    assert values[row[0], col[0]] == -1.0
    assert values[row[99], col[8]] == 1.0
    assert first.matrix.dense_values()[0, 0] == 1.0, "the previous state is left untouched"
    assert later.matrix.shape == (21, 9)


def test_an_update_with_no_votes_changes_nothing(load_export) -> None:
    first = analyse(load_export("london.youth.policing").conversation, seed=4)
    again = update(first, [])
    assert again.to_json() == first.to_json()


def test_the_state_survives_pickling_between_updates(load_export) -> None:
    import pickle

    conversation = load_export("scoop-hivemind.freshwater").conversation
    before, batch = _split(conversation, 0.05)
    state = pickle.loads(pickle.dumps(analyse(before, seed=1)))
    assert update(state, batch).to_json() == update(analyse(before, seed=1), batch).to_json()


def test_choose_statement_is_next_statement_s_draw() -> None:
    from coproduce.methods.opinions import Statement, analyse, choose_statement, conversation_from
    from coproduce.methods.opinions import next_statement as routed

    statements = [Statement(id=t, moderated=1) for t in range(6)]
    votes = [
        (p, t, 1 if (p + t) % 3 else -1, float(p * 10 + t)) for p in range(20) for t in range(4)
    ]
    result = analyse(conversation_from(statements=statements, votes=votes))
    for participant in (3, 25):
        open_ = [t for t in range(6) if participant >= 20 or t >= 4]
        for seed in range(5):
            assert choose_statement(result.priorities, open_, participant, seed=seed) == routed(
                result, participant, seed=seed
            )
    assert choose_statement(result.priorities, [], 1) is None
