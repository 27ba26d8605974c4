"""The JSON form of an opinion map."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coproduce.methods.opinions.analysis import OpinionMap

__all__ = ["opinion_map_dict"]


def _keyed(values: dict[int, float]) -> dict[str, float]:
    return {str(k): v for k, v in values.items()}


def _repness(result: OpinionMap) -> dict[str, list[dict[str, object]]]:
    return {str(g): [asdict(s) for s in stats] for g, stats in result.repness.items()}


def _pca(result: OpinionMap) -> dict[str, object]:
    pca = result.pca
    return {
        "statement_ids": result.matrix.statement_ids.tolist(),
        "center": pca.center.tolist(),
        "components": pca.components.tolist(),
        "explained_variance": pca.explained_variance.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio.tolist(),
    }


def opinion_map_dict(result: OpinionMap) -> dict[str, object]:
    """Return every result of ``result`` as JSON-ready data; ids become string keys."""
    ids = result.matrix.participant_ids
    groups = result.groups()
    return {
        "n_participants": int(result.matrix.shape[0]),
        "n_statements": int(result.matrix.shape[1]),
        "n_groups": result.n_groups,
        "seed": result.seed,
        "in_conversation": ids[result.clustered].tolist(),
        "groups": {str(p): g for p, g in groups.items()},
        "group_sizes": [int((result.labels == g).sum()) for g in range(result.n_groups)],
        "group_centers": result.clustering.centers.tolist(),
        "silhouettes": {str(k): v for k, v in result.clustering.silhouettes.items()},
        "repness": _repness(result),
        "consensus": {d: [s.statement for s in stats] for d, stats in result.consensus.items()},
        "consensus_stats": {d: [asdict(s) for s in stats] for d, stats in result.consensus.items()},
        "group_informed_consensus": _keyed(result.group_informed_consensus),
        "group_informed_consensus_disagree": _keyed(result.group_informed_consensus_disagree),
        "priorities": _keyed(result.priorities),
        "mod_out": sorted(result.mod_out),
        "pca": _pca(result),
        "projections": {
            str(p): xy for p, xy in zip(ids.tolist(), result.pca.projections.tolist(), strict=True)
        },
    }
