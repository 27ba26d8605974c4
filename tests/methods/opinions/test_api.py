"""The small stable API the co-design app calls."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coproduce.methods.opinions import (
    ConversationError,
    Statement,
    Vote,
    analyse,
    conversation_from,
)


def _plain_conversation():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(4)
    statements = [Statement(id=t, text=f"s{t}", moderated=1) for t in range(12)]
    statements.append(Statement(id=99, text="spam", moderated=-1))
    votes = []
    for p in range(40):
        side = 1 if p < 24 else -1
        for t in range(12):
            vote = side if t < 6 else -side
            if rng.random() < 0.15:
                vote = 0
            votes.append(Vote(participant=p, statement=t, vote=vote, timestamp=float(p * 100 + t)))
        votes.append(Vote(participant=p, statement=99, vote=1, timestamp=1e9))
    return conversation_from(participants=range(45), statements=statements, votes=votes)


def test_a_conversation_built_from_plain_data_is_analysed_into_two_groups() -> None:
    result = analyse(_plain_conversation(), seed=3)
    assert result.n_groups == 2
    assert sorted(len(result.group_members(g)) for g in range(2)) == [16, 24]
    assert all(s.statement != 99 for stats in result.repness.values() for s in stats)


def test_the_json_result_holds_every_documented_key() -> None:
    data = json.loads(analyse(_plain_conversation()).to_json())
    for key in ("n_groups", "groups", "repness", "consensus", "group_informed_consensus", "pca"):
        assert key in data
    assert data["n_groups"] == 2
    assert set(data["groups"].values()) == {0, 1}
    assert len(data["pca"]["components"]) == 2
    assert len(data["pca"]["explained_variance_ratio"]) == 2
    first = data["repness"]["0"][0]
    assert {"statement", "repful_for", "p_success", "repness_test"} <= first.keys()
    assert isinstance(data["consensus"]["agree"], list)


def test_a_vote_outside_agree_disagree_pass_is_refused() -> None:
    with pytest.raises(ConversationError, match="votes must be"):
        conversation_from(statements=[Statement(id=0)], votes=[(1, 0, 2, 0.0)])


def test_a_vote_on_an_unknown_statement_is_refused() -> None:
    with pytest.raises(ConversationError, match="unknown statements"):
        conversation_from(statements=[Statement(id=0)], votes=[(1, 5, 1, 0.0)])


def test_a_tiny_conversation_still_gives_a_result() -> None:
    conversation = conversation_from(
        statements=[Statement(id=0), Statement(id=1)], votes=[(1, 0, 1, 0.0), (2, 1, -1, 0.0)]
    )
    result = analyse(conversation)
    assert result.n_groups >= 1
    json.loads(result.to_json())


def test_the_next_statement_is_unvoted_not_moderated_and_follows_priority() -> None:
    from coproduce.methods.opinions import next_statement

    conversation = _plain_conversation()
    statements = [*conversation.statements, Statement(id=50, text="new", moderated=1)]
    result = analyse(
        conversation_from(
            statements=statements,
            votes=[
                (int(p), int(t), int(v), float(ts))
                for p, t, v, ts in zip(
                    conversation.vote_participant,
                    conversation.vote_statement,
                    conversation.vote_value,
                    conversation.vote_time,
                    strict=True,
                )
            ],
        )
    )
    # participant 0 voted on everything except the new statement 50
    assert {next_statement(result, 0, seed=s) for s in range(5)} == {50}
    picks = [next_statement(result, 1000, seed=s) for s in range(300)]
    assert 99 not in picks
    assert next_statement(result, 1000, seed=3) == next_statement(result, 1000, seed=3)
    top = max(range(12), key=lambda t: result.priorities[t])
    low = min(range(12), key=lambda t: result.priorities[t])
    assert picks.count(top) > picks.count(low)


def test_a_conversation_without_votes_gives_an_empty_map() -> None:
    result = analyse(conversation_from(statements=[Statement(id=1)], votes=[]))
    data = json.loads(result.to_json())
    assert data["groups"] == {}
    assert data["consensus"] == {"agree": [], "disagree": []}
