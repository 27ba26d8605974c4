"""Invariances: relabelling participants or statements, or reordering votes, changes nothing."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from coproduce.methods.opinions import Conversation, OpinionMap, Statement, analyse
from coproduce.methods.opinions.synthetic import planted_conversation


def _base(seed: int) -> Conversation:
    conversation, _ = planted_conversation(
        n_participants=120, n_statements=25, density=0.5, loyalty=0.75, seed=seed
    )
    return conversation


def _relabel(
    conversation: Conversation, seed: int
) -> tuple[Conversation, dict[int, int], dict[int, int]]:
    rng = np.random.default_rng(seed)
    pids = np.unique(conversation.vote_participant)
    tids = np.array([s.id for s in conversation.statements])
    new_p = dict(zip(pids.tolist(), (rng.permutation(len(pids)) * 3 + 1000).tolist(), strict=True))
    new_t = dict(zip(tids.tolist(), (rng.permutation(len(tids)) * 7 + 50).tolist(), strict=True))
    order = rng.permutation(conversation.n_votes)
    relabelled = Conversation(
        statements=tuple(
            Statement(id=new_t[s.id], moderated=s.moderated) for s in conversation.statements
        ),
        vote_participant=np.array([new_p[p] for p in conversation.vote_participant[order]]),
        vote_statement=np.array([new_t[t] for t in conversation.vote_statement[order]]),
        vote_value=conversation.vote_value[order],
        vote_time=conversation.vote_time[order],
    )
    return relabelled, new_p, new_t


def _same(
    first: OpinionMap, second: OpinionMap, new_p: dict[int, int], new_t: dict[int, int]
) -> None:
    a, b = first.groups(), second.groups()
    assert {new_p[p] for p in a} == set(b)
    assert adjusted_rand_score([a[p] for p in a], [b[new_p[p]] for p in a]) == 1.0
    for tid, value in first.group_informed_consensus.items():
        assert np.isclose(second.group_informed_consensus[new_t[tid]], value, atol=1e-12)
    for direction, stats in first.consensus.items():
        # exact ties keep statement order (Polis' stable sort), which relabelling may change
        theirs = second.consensus[direction]
        assert [(s.n_success, s.n_trials) for s in stats] == [
            (s.n_success, s.n_trials) for s in theirs
        ]
        # ... and at the cut-off a statement may tie with one just outside the list
        keys = [(t.n_success, t.n_trials) for t in stats]
        unique = [
            s
            for s, key in zip(stats, keys, strict=True)
            if keys.count(key) == 1 and key != keys[-1]
        ]
        assert {new_t[s.statement] for s in unique} <= {s.statement for s in theirs}
    assert np.allclose(first.pca.explained_variance_ratio, second.pca.explained_variance_ratio)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_relabelling_and_shuffling_change_nothing(data_seed: int, shuffle_seed: int) -> None:
    conversation = _base(data_seed)
    relabelled, new_p, new_t = _relabel(conversation, shuffle_seed)
    _same(analyse(conversation, seed=1), analyse(relabelled, seed=1), new_p, new_t)


def test_repness_is_the_same_after_relabelling() -> None:
    conversation = _base(11)
    relabelled, _, new_t = _relabel(conversation, 12)
    first, second = analyse(conversation), analyse(relabelled)
    # groups are numbered by size, so group g is group g after relabelling
    for g, stats in first.repness.items():
        theirs = second.repness[g]
        assert [(s.repful_for, s.n_success, s.n_trials) for s in stats] == [
            (s.repful_for, s.n_success, s.n_trials) for s in theirs
        ]
        assert stats, "every group has at least one representative statement"
        assert new_t[stats[0].statement] == theirs[0].statement


@st.composite
def _small_conversations(draw: st.DrawFn) -> Conversation:
    n_statements = draw(st.integers(1, 12))
    moderation = draw(
        st.lists(st.sampled_from([-1, 0, 1]), min_size=n_statements, max_size=n_statements)
    )
    statements = tuple(Statement(id=t, moderated=m) for t, m in enumerate(moderation))
    votes = draw(
        st.lists(
            st.tuples(
                st.integers(0, 30),
                st.integers(0, n_statements - 1),
                st.sampled_from([-1, 0, 1]),
                st.floats(0, 100),
            ),
            max_size=200,
        )
    )
    table = np.array(votes, dtype=np.float64).reshape(-1, 4)
    return Conversation(
        statements=statements,
        vote_participant=table[:, 0].astype(np.int64),
        vote_statement=table[:, 1].astype(np.int64),
        vote_value=table[:, 2].astype(np.int8),
        vote_time=table[:, 3].copy(),
    )


@settings(max_examples=60, deadline=None)
@given(_small_conversations(), st.integers(0, 3))
def test_any_small_conversation_gives_a_consistent_map(
    conversation: Conversation, seed: int
) -> None:
    result = analyse(conversation, seed=seed)
    groups = result.groups()
    sizes = np.bincount(list(groups.values())) if groups else np.array([], dtype=np.int64)
    assert result.n_groups == 1 or sizes.min() >= 2
    assert not (result.mod_out & {s.statement for stats in result.repness.values() for s in stats})
    assert 0 <= min(result.group_informed_consensus.values(), default=0.5) <= 1
    assert json.loads(result.to_json())["n_groups"] == result.n_groups
