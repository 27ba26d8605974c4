"""Run the peers (red-dwarf, and Polis' exported math) on a conversation, for comparison."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.export import PolisExport
from coproduce.methods.opinions.matrix import build_vote_matrix, in_conversation


@dataclass(frozen=True)
class RedDwarfResult:
    """What red-dwarf 0.4.0 computed for one conversation."""

    center: NDArray[np.float64]
    components: NDArray[np.float64]
    explained_variance_ratio: NDArray[np.float64]
    labels: dict[int, int]


def reddwarf_votes(export: PolisExport) -> list[dict[str, float]]:
    """Return the conversation's latest votes in red-dwarf's input format."""
    conversation = export.conversation
    latest: dict[tuple[int, int], dict[str, float]] = {}
    order = np.argsort(conversation.vote_time, kind="stable")
    for i in order.tolist():
        pid = int(conversation.vote_participant[i])
        tid = int(conversation.vote_statement[i])
        latest[(pid, tid)] = {
            "participant_id": pid,
            "statement_id": tid,
            "vote": int(conversation.vote_value[i]),
            "modified": float(conversation.vote_time[i]),
        }
    return list(latest.values())


def run_reddwarf(export: PolisExport) -> RedDwarfResult:
    """Run red-dwarf's Polis pipeline on the same participants we cluster."""
    conversation = export.conversation
    matrix = build_vote_matrix(conversation)
    keep = matrix.participant_ids[in_conversation(matrix)].tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reddwarf's pydantic models warn on import
        from reddwarf.implementations.polis import run_pipeline

        result = run_pipeline(
            votes=reddwarf_votes(export),
            mod_out_statement_ids=sorted(conversation.mod_out()),
            meta_statement_ids=sorted(conversation.meta_ids()),
            keep_participant_ids=keep,
            random_state=0,
        )
    frame = result.participants_df
    clustered = frame[frame["to_cluster"]]
    labels = {int(p): int(g) for p, g in zip(clustered.index, clustered["cluster_id"], strict=True)}
    pca = result.reducer
    return RedDwarfResult(
        np.asarray(pca.mean_),
        np.asarray(pca.components_),
        np.asarray(pca.explained_variance_ratio_),
        labels,
    )
