"""The vote matrix: latest vote wins, who is clustered, and merging new votes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.methods.opinions import Conversation, Statement
from coproduce.methods.opinions.matrix import build_vote_matrix, in_conversation, merge_votes


def _conversation(rows: list[tuple[int, int, int, float]], n_statements: int = 20) -> Conversation:
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    return Conversation(
        statements=tuple(Statement(id=t) for t in range(n_statements)),
        vote_participant=table[:, 0].astype(np.int64),
        vote_statement=table[:, 1].astype(np.int64),
        vote_value=table[:, 2].astype(np.int8),
        vote_time=table[:, 3].copy(),
    )


def test_participants_with_seven_votes_are_clustered_and_fewer_than_fifteen_are_topped_up() -> None:
    rows = [(p, t, 1, 0.0) for p in range(20) for t in range(p % 10)]
    matrix = build_vote_matrix(_conversation(rows))
    inside = set(matrix.participant_ids[in_conversation(matrix)].tolist())
    seven_or_more = {p for p in range(20) if p % 10 >= 7}
    assert seven_or_more < inside
    assert len(inside) == 15
    # the top-up takes the most active first: everyone with 4+ votes gets in
    assert {p for p in range(20) if p % 10 >= 4} <= inside


def test_with_few_statements_voting_on_all_of_them_is_enough() -> None:
    rows = [(p, t, -1, 0.0) for p in range(30) for t in range(3 if p < 20 else 2)]
    matrix = build_vote_matrix(_conversation(rows, n_statements=3))
    inside = set(matrix.participant_ids[in_conversation(matrix)].tolist())
    assert inside == set(range(20))


def test_equal_timestamps_keep_the_later_vote_in_the_log() -> None:
    matrix = build_vote_matrix(_conversation([(1, 0, 1, 5.0), (1, 0, -1, 5.0)]))
    assert matrix.dense_values().tolist() == [[-1.0]]


def test_huge_or_negative_ids_are_handled() -> None:
    matrix = build_vote_matrix(_conversation([(10**15, 0, 1, 0.0), (-3, 0, 0, 0.0)]))
    assert matrix.participant_ids.tolist() == [-3, 10**15]


votes = st.lists(
    st.tuples(
        st.integers(0, 8), st.integers(0, 5), st.sampled_from([-1, 0, 1]), st.integers(0, 50)
    ),
    max_size=60,
)


@settings(max_examples=80, deadline=None)
@given(votes, votes)
def test_merging_a_batch_equals_rebuilding_from_all_votes(first: list, later: list) -> None:
    later = [(p + 3, t, v, ts + 100) for p, t, v, ts in later]  # later in time, some new people
    merged = merge_votes(build_vote_matrix(_conversation(first, 6)), _conversation(later, 6))
    rebuilt = build_vote_matrix(_conversation(first + later, 6))

    def cells(matrix):  # type: ignore[no-untyped-def]
        coo = matrix.codes.tocoo()
        return sorted(
            zip(
                matrix.participant_ids[coo.row].tolist(),
                matrix.statement_ids[coo.col].tolist(),
                coo.data.tolist(),
                strict=True,
            )
        )

    assert cells(merged) == cells(rebuilt)
