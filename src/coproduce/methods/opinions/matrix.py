"""The sparse participant × statement vote matrix, latest vote winning."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from coproduce.methods.opinions.conversation import Conversation

__all__ = ["VoteMatrix", "build_vote_matrix", "in_conversation", "merge_votes"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Votes are stored as ``vote + 2`` (1 disagree, 2 pass, 3 agree) so that no stored entry is 0
#: and sparse arithmetic never drops a pass.
_OFFSET = 2


@dataclass(frozen=True)
class VoteMatrix:
    """Rows are participants, columns statements that received at least one vote.

    ``codes`` is a CSR matrix of ``vote + 2``; a missing entry means "not voted".
    """

    participant_ids: IntArray
    statement_ids: IntArray
    codes: sp.csr_matrix

    @property
    def shape(self) -> tuple[int, int]:
        """Return (participants, statements)."""
        return (len(self.participant_ids), len(self.statement_ids))

    def votes_per_participant(self) -> IntArray:
        """Return each participant's number of (latest) votes, passes included."""
        return np.asarray(np.diff(self.codes.indptr), dtype=np.int64)

    def column_mask(self, statement_ids: Collection[int]) -> NDArray[np.bool_]:
        """Return a boolean mask over columns of the given statement ids."""
        wanted = np.fromiter(statement_ids, dtype=np.int64, count=len(statement_ids))
        return np.isin(self.statement_ids, wanted)

    def dense_values(self) -> FloatArray:
        """Return a dense float matrix with NaN for "not voted" (small matrices only)."""
        out = np.full(self.shape, np.nan)
        coo = self.codes.tocoo()
        out[coo.row, coo.col] = coo.data.astype(np.float64) - _OFFSET
        return out


def _latest(keys: IntArray, times: FloatArray) -> IntArray:
    """Return the index of the latest event per key, in key order; ties go to the later
    event in the log."""
    if len(times) and bool(np.all(times[1:] >= times[:-1])):
        order = np.argsort(keys, kind="stable")  # the log is already in time order
    else:
        order = np.lexsort((np.arange(len(keys)), times, keys))
    last = np.ones(len(order), dtype=bool)
    sorted_keys = keys[order]
    last[:-1] = sorted_keys[1:] != sorted_keys[:-1]
    return np.asarray(order[last], dtype=np.int64)


def _dense_ids(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Return (sorted distinct ids, index of each id), as ``np.unique(return_inverse=True)``.

    Small non-negative ids (the usual case) are mapped in linear time.
    """
    if len(ids) == 0 or ids.min() < 0 or ids.max() > 4 * len(ids) + 1_000_000:
        distinct, inverse = np.unique(ids, return_inverse=True)
        return distinct.astype(np.int64), inverse.astype(np.int64).ravel()
    present = np.zeros(int(ids.max()) + 1, dtype=bool)
    present[ids] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present).astype(np.int64), position[ids].astype(np.int64)


def build_vote_matrix(conversation: Conversation) -> VoteMatrix:
    """Return the vote matrix of ``conversation``: one row per voter, latest vote wins.

    Rows are sorted by participant id and columns by statement id, so the result does not
    depend on the order of the event log.
    """
    pids, rows = _dense_ids(conversation.vote_participant)
    tids, cols = _dense_ids(conversation.vote_statement)
    width = max(len(tids), 1)
    pick = _latest(rows * width + cols, conversation.vote_time)
    # picked events come sorted by (row, column): build the CSR arrays directly
    indptr = np.zeros(len(pids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[pick], minlength=len(pids)), out=indptr[1:])
    data = (conversation.vote_value[pick] + _OFFSET).astype(np.int8)
    codes = sp.csr_matrix((data, cols[pick].astype(np.int32), indptr), shape=(len(pids), len(tids)))
    return VoteMatrix(pids, tids, codes)


def _index_of(known: IntArray, new: IntArray) -> tuple[IntArray, IntArray]:
    """Return (ids extended by unseen ``new`` ids in first-seen order, index of each ``new``)."""
    lookup = {int(v): i for i, v in enumerate(known)}
    extra: list[int] = []
    idx = np.empty(len(new), dtype=np.int64)
    for k, v in enumerate(new.tolist()):
        i = lookup.get(v)
        if i is None:
            i = lookup[v] = len(known) + len(extra)
            extra.append(v)
        idx[k] = i
    return np.concatenate([known, np.array(extra, dtype=np.int64)]), idx


def _overwrite(
    codes: sp.csr_matrix, rows: IntArray, cols: IntArray, values: NDArray[np.int8]
) -> NDArray[np.bool_]:
    """Overwrite existing entries of ``codes`` in place; return which (row, col) were absent."""
    absent = np.zeros(len(rows), dtype=bool)
    for i, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        lo, hi = codes.indptr[r], codes.indptr[r + 1]
        at = lo + int(np.searchsorted(codes.indices[lo:hi], c))
        if at < hi and codes.indices[at] == c:
            codes.data[at] = values[i]
        else:
            absent[i] = True
    return absent


def merge_votes(matrix: VoteMatrix, conversation_delta: Conversation) -> VoteMatrix:
    """Return ``matrix`` with the votes of ``conversation_delta`` applied (they win).

    New participants and statements are appended as new rows and columns; ``matrix``
    itself is left unchanged.
    """
    pids, rows = _index_of(matrix.participant_ids, conversation_delta.vote_participant)
    tids, cols = _index_of(matrix.statement_ids, conversation_delta.vote_statement)
    shape = (len(pids), len(tids))
    pick = _latest(rows * shape[1] + cols, conversation_delta.vote_time)
    values = (conversation_delta.vote_value[pick] + _OFFSET).astype(np.int8)
    codes = sp.csr_matrix(matrix.codes, copy=True)
    codes.resize(shape)
    absent = _overwrite(codes, rows[pick], cols[pick], values)
    if absent.any():
        extra = sp.csr_matrix(
            (values[absent], (rows[pick][absent], cols[pick][absent])), shape=shape
        )
        codes = sp.csr_matrix(codes + extra)
        codes.sort_indices()
    return VoteMatrix(pids, tids, codes)


def in_conversation(matrix: VoteMatrix, *, min_votes: int = 7, greedy_n: int = 15) -> IntArray:
    """Return row indices of the participants Polis clusters ("in-conv"), ascending.

    A participant is in when they voted on at least ``min(min_votes, #statements)``
    statements; if fewer than ``greedy_n`` qualify, the most active others are added
    (ties by participant id).
    """
    counts = matrix.votes_per_participant()
    threshold = min(min_votes, matrix.shape[1])
    inside = counts >= threshold
    missing = greedy_n - int(inside.sum())
    if missing > 0:
        ids = matrix.participant_ids
        order = np.lexsort((ids, -counts))
        extra = [i for i in order.tolist() if not inside[i] and counts[i] > 0][:missing]
        inside[extra] = True
    return np.flatnonzero(inside).astype(np.int64)
