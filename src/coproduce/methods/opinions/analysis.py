"""The whole method: vote matrix → PCA → groups → repness, consensus and priorities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.clustering import Clustering, ClusterOptions, cluster_participants
from coproduce.methods.opinions.consensus import (
    ConsensusStat,
    consensus_statements,
    group_informed_consensus,
    statement_priorities,
)
from coproduce.methods.opinions.conversation import Conversation, Statement
from coproduce.methods.opinions.matrix import VoteMatrix, build_vote_matrix, in_conversation
from coproduce.methods.opinions.pca import Pca, fit_pca
from coproduce.methods.opinions.repness import RepStat, representative_statements
from coproduce.methods.opinions.stats import Z_90, GroupCounts, group_counts

__all__ = ["AnalysisOptions", "OpinionMap", "analyse", "analyse_matrix"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class AnalysisOptions:
    """Parameters of the method; the defaults are Polis'.

    ``min_votes``/``greedy_n``: who is clustered (see :func:`in_conversation`);
    ``pick_max``: statements per group and per consensus direction; ``z``: the one-sided
    90 % critical value; ``strict_moderation``: also leave out unmoderated statements
    (Polis' math does not: it zeroes only rejected and meta statements).
    """

    min_votes: int = 7
    greedy_n: int = 15
    pick_max: int = 5
    z: float = Z_90
    strict_moderation: bool = False
    clustering: ClusterOptions = field(default_factory=ClusterOptions)


@dataclass(frozen=True)
class OpinionMap:
    """The explainable result of :func:`analyse`, also the state for :func:`update`.

    ``labels`` holds the group (0 = largest) of each row of ``matrix`` or -1 for
    participants not clustered (too few votes); ``repness`` maps group → its
    representative statements; ``consensus`` holds the agree and disagree consensus;
    ``group_informed_consensus`` maps statement → product over groups of
    (agrees + 1) / (votes + 2); ``priorities`` the comment-routing priority.
    """

    matrix: VoteMatrix
    statements: tuple[Statement, ...]
    mod_out: frozenset[int]
    pca: Pca
    clustered: IntArray
    clustering: Clustering
    labels: IntArray
    group_votes: GroupCounts
    repness: dict[int, tuple[RepStat, ...]]
    consensus: dict[Literal["agree", "disagree"], tuple[ConsensusStat, ...]]
    group_informed_consensus: dict[int, float]
    group_informed_consensus_disagree: dict[int, float]
    priorities: dict[int, float]
    seed: int
    options: AnalysisOptions

    @property
    def n_groups(self) -> int:
        """Return the number of opinion groups."""
        return self.clustering.k

    def groups(self) -> dict[int, int]:
        """Return participant id → group index, for clustered participants."""
        rows = self.clustered
        return dict(
            zip(self.matrix.participant_ids[rows].tolist(), self.labels[rows].tolist(), strict=True)
        )

    def group_members(self, group: int) -> list[int]:
        """Return the participant ids in ``group``, ascending."""
        return sorted(self.matrix.participant_ids[self.labels == group].tolist())

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dictionary of every result (see ``docs/methods/opinions.md``)."""
        from coproduce.methods.opinions.serialise import opinion_map_dict

        return opinion_map_dict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """Return :meth:`to_dict` as a JSON string."""
        import json

        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)


Progress = Callable[[str], None]


def _silent(_: str) -> None:
    return None


def analyse(
    conversation: Conversation,
    *,
    seed: int = 0,
    options: AnalysisOptions | None = None,
    progress: Progress | None = None,
) -> OpinionMap:
    """Return the opinion map of ``conversation``; deterministic given ``seed``.

    ``progress``, if given, is called with the name of each stage as it starts.
    """
    (progress or _silent)("vote matrix")
    return analyse_matrix(
        build_vote_matrix(conversation),
        conversation.statements,
        seed=seed,
        options=options,
        progress=progress,
    )


def analyse_matrix(
    matrix: VoteMatrix,
    statements: tuple[Statement, ...],
    *,
    seed: int = 0,
    options: AnalysisOptions | None = None,
    warm: OpinionMap | None = None,
    progress: Progress | None = None,
) -> OpinionMap:
    """Return the opinion map of a vote matrix; ``warm`` warm-starts PCA and clustering."""
    say = progress or _silent
    opts = options or AnalysisOptions()
    mod_out = _mod_out(statements, opts.strict_moderation)
    start = _warm_vector(warm, matrix) if warm is not None else None
    say("PCA")
    pca = fit_pca(matrix, zeroed=mod_out, start=start)
    clustered = in_conversation(matrix, min_votes=opts.min_votes, greedy_n=opts.greedy_n)
    say("clustering")
    clustering = _cluster(pca, clustered, seed, opts, warm)
    labels = np.full(matrix.shape[0], -1, dtype=np.int64)
    labels[clustered] = clustering.labels
    say("statistics")
    return _finish(matrix, statements, mod_out, pca, clustered, clustering, labels, seed, opts)


def _mod_out(statements: tuple[Statement, ...], strict: bool) -> frozenset[int]:
    return Conversation(statements=statements).mod_out(strict=strict)


def _warm_vector(warm: OpinionMap, matrix: VoteMatrix) -> NDArray[np.float64] | None:
    """Return the previous first components laid out on the new columns, or None."""
    old = dict(zip(warm.matrix.statement_ids.tolist(), warm.pca.components.sum(0), strict=True))
    vector = np.array([old.get(t, 0.0) for t in matrix.statement_ids.tolist()])
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else None


def _cluster(
    pca: Pca, clustered: IntArray, seed: int, opts: AnalysisOptions, warm: OpinionMap | None
) -> Clustering:
    points = pca.projections[clustered]
    if len(points) < 2:
        zeros = np.zeros(len(points), dtype=np.int64)
        center = points.mean(0, keepdims=True) if len(points) else np.zeros((1, 2))
        return Clustering(zeros, center, center, zeros, {})
    return cluster_participants(
        points,
        seed=seed,
        options=opts.clustering,
        warm=warm.clustering if warm is not None else None,
    )


def _finish(
    matrix: VoteMatrix,
    statements: tuple[Statement, ...],
    mod_out: frozenset[int],
    pca: Pca,
    clustered: IntArray,
    clustering: Clustering,
    labels: IntArray,
    seed: int,
    opts: AnalysisOptions,
) -> OpinionMap:
    votes = group_counts(matrix, labels, clustering.k)
    everyone = group_counts(matrix, np.zeros(matrix.shape[0], dtype=np.int64), 1)
    extremity = np.linalg.norm(pca.statement_projections, axis=1)
    meta = frozenset(s.id for s in statements if s.is_meta)
    return OpinionMap(
        matrix=matrix,
        statements=statements,
        mod_out=mod_out,
        pca=pca,
        clustered=clustered,
        clustering=clustering,
        labels=labels,
        group_votes=votes,
        repness=representative_statements(votes, mod_out=mod_out, pick_max=opts.pick_max, z=opts.z),
        consensus=consensus_statements(everyone, mod_out=mod_out, pick_max=opts.pick_max, z=opts.z),
        group_informed_consensus=group_informed_consensus(votes),
        group_informed_consensus_disagree=group_informed_consensus(votes, vote=-1),
        priorities=statement_priorities(votes, extremity, meta),
        seed=seed,
        options=opts,
    )
