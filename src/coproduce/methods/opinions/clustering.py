"""Base clusters, then opinion groups with k chosen by silhouette; no one-person groups."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.kmeans import assign, kmeans, kmeans_plus_plus, silhouettes

__all__ = ["ClusterOptions", "Clustering", "cluster_participants"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ClusterOptions:
    """Tuning of the clustering; defaults follow Polis (100 base clusters, k in 2..5).

    ``silhouette_sample`` bounds the exact O(n²) silhouette: larger conversations score a
    seeded sample of that many participants; ``base_sample`` likewise bounds the points
    the base clusters are fitted on. ``min_group_size`` forbids tiny groups.
    """

    base_k: int = 100
    min_k: int = 2
    max_k: int = 5
    n_init: int = 10
    min_group_size: int = 2
    silhouette_sample: int = 2000
    base_iter: int = 50
    warm_base_iter: int = 5
    base_sample: int = 20_000


@dataclass(frozen=True)
class Clustering:
    """Groups of the clustered participants (points given in order), plus warm-start state.

    ``labels`` give each point's group (0 is the largest group), ``centers`` the group
    centers, ``silhouettes`` the score of every k tried, ``k_centers`` the centers found for
    each k (used to warm-start an incremental update).
    """

    labels: IntArray
    centers: FloatArray
    base_centers: FloatArray
    base_labels: IntArray
    silhouettes: dict[int, float]
    k_centers: dict[int, FloatArray] = field(default_factory=dict)

    @property
    def k(self) -> int:
        """Return the number of groups."""
        return len(self.centers)


def _canonical(points: FloatArray, centers: FloatArray) -> tuple[FloatArray, IntArray]:
    """Return centers reordered largest group first (ties by x then y), and the labels.

    The labels are those of the nearest-center assignment, renumbered (not recomputed,
    so a point equidistant from two centers stays where the size check saw it).
    """
    labels, _ = assign(points, centers)
    sizes = np.bincount(labels, minlength=len(centers))
    order = np.lexsort((centers[:, 1], centers[:, 0], -sizes))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return centers[order], rank[labels]


def _distinct(sorted_points: FloatArray) -> FloatArray:
    """Return the distinct rows of lexicographically sorted points (as ``np.unique``)."""
    change = np.ones(len(sorted_points), dtype=bool)
    change[1:] = (sorted_points[1:] != sorted_points[:-1]).any(axis=1)
    return sorted_points[change]


def _base(
    points: FloatArray,
    distinct: FloatArray,
    opts: ClusterOptions,
    rng: np.random.Generator,
    warm: FloatArray | None,
) -> tuple[FloatArray, IntArray, FloatArray]:
    """Return base centers, each point's base cluster and each base cluster's size.

    On very large conversations the base clusters are fitted on a seeded sample of
    ``base_sample`` distinct points (they only seed and summarise the groups), then every
    point joins its nearest base cluster.
    """
    fit_on = distinct
    if len(distinct) > opts.base_sample:
        fit_on = distinct[np.sort(rng.choice(len(distinct), opts.base_sample, replace=False))]
    iterations = opts.base_iter
    if warm is None or len(warm) == 0:
        warm = kmeans_plus_plus(fit_on, min(opts.base_k, len(fit_on)), rng)
    else:
        iterations = opts.warm_base_iter  # a few steps from the previous solution suffice
    centers, _, _ = kmeans(fit_on, warm, max_iter=iterations)
    labels, _ = assign(points, centers)
    return centers, labels, np.bincount(labels, minlength=len(centers)).astype(np.float64)


def _multi_start(
    base: FloatArray, weights: FloatArray, k: int, opts: ClusterOptions, rng: np.random.Generator
) -> FloatArray | None:
    """Return the best weighted k-means of the base clusters over ``n_init`` k-means++ starts."""
    best: tuple[float, FloatArray] | None = None
    for _ in range(opts.n_init):
        seeds = kmeans_plus_plus(base, k, rng, weights)
        centers, _, inertia = kmeans(base, seeds, weights)
        if len(centers) == k and (best is None or inertia < best[0] - 1e-12):
            best = (inertia, centers)
    return None if best is None else best[1]


def _valid(points: FloatArray, centers: FloatArray, k: int, min_size: int) -> bool:
    labels, _ = assign(points, centers)
    return len(centers) == k and int(np.bincount(labels, minlength=k).min()) >= min_size


def _without_outliers(
    points: FloatArray, centers: FloatArray, k: int, opts: ClusterOptions, rng: np.random.Generator
) -> FloatArray | None:
    """Refit k groups leaving out members of too-small groups, then give them a home.

    Repeats a few times, since a refit may isolate another outlier.
    """
    inliers = np.ones(len(points), dtype=bool)
    for _ in range(3):
        labels, _ = assign(points, centers)
        sizes = np.bincount(labels, minlength=len(centers))
        inliers &= sizes[labels] >= opts.min_group_size
        kept = points[inliers]
        distinct = _distinct(kept)
        if len(distinct) < k:
            return None
        centers, _, _ = kmeans(kept, kmeans_plus_plus(distinct, k, rng))
        refined, _, _ = kmeans(points, centers)
        if _valid(points, refined, k, opts.min_group_size):
            return refined
        if _valid(points, centers, k, opts.min_group_size):
            return centers
    return None


def _fit_k(
    points: FloatArray,
    distinct: FloatArray,
    base: FloatArray,
    weights: FloatArray,
    k: int,
    opts: ClusterOptions,
    rng: np.random.Generator,
) -> FloatArray | None:
    """Return k group centers on the points with no group smaller than ``min_group_size``.

    Polis' deterministic start (the first k distinct points in lexicographic order) is
    tried first, as red-dwarf does; if it yields a too-small group, the best of the seeded
    multi-start solutions; failing that, a refit that sets the outliers aside.
    """
    polis, _, _ = kmeans(points, distinct[:k])
    if _valid(points, polis, k, opts.min_group_size):
        return polis
    start = _multi_start(base, weights, k, opts, rng)
    if start is None:
        return None
    centers, _, _ = kmeans(points, start)
    if _valid(points, centers, k, opts.min_group_size):
        return centers
    return _without_outliers(points, centers, k, opts, rng)


def _scores(
    points: FloatArray, found: dict[int, IntArray], opts: ClusterOptions, seed: int
) -> dict[int, float]:
    """Return the silhouette of each k's labelling, on a seeded sample if there are many."""
    picked = np.arange(len(points))
    if len(points) > opts.silhouette_sample:
        sampler = np.random.default_rng([seed, 1])
        picked = np.sort(sampler.choice(len(points), opts.silhouette_sample, replace=False))
    labelings = [labels[picked] for labels in found.values()]
    return dict(zip(found, silhouettes(points[picked], labelings), strict=True))


def _solve_k(
    points: FloatArray,
    distinct: FloatArray,
    base: FloatArray,
    weights: FloatArray,
    k: int,
    opts: ClusterOptions,
    rng: np.random.Generator,
    warm: Clustering | None,
) -> FloatArray | None:
    """Return k group centers, from the previous solution when warm and still valid."""
    if warm is not None and k in warm.k_centers:
        centers = kmeans(points, warm.k_centers[k])[0]
        if _valid(points, centers, k, opts.min_group_size):
            return centers
    return _fit_k(points, distinct, base, weights, k, opts, rng)


def cluster_participants(
    points: FloatArray,
    *,
    seed: int = 0,
    options: ClusterOptions | None = None,
    warm: Clustering | None = None,
) -> Clustering:
    """Return the opinion groups of ``points`` (participants × 2 projections).

    For each k in ``min_k..max_k`` a k-means solution is found (Polis' deterministic start,
    else the best of seeded starts from the weighted base clusters) that leaves no group
    smaller than ``min_group_size``; the k with the highest silhouette wins (ties to the
    smaller k). ``warm`` (a previous result) starts from the previous centers. The result
    depends only on the set of points and ``seed``, not on their order.
    """
    opts = options or ClusterOptions()
    rng = np.random.default_rng(seed)
    order = np.lexsort((points[:, 1], points[:, 0]))
    sorted_points = points[order]
    distinct = _distinct(sorted_points)
    base, base_labels, weights = _base(
        sorted_points, distinct, opts, rng, warm.base_centers if warm else None
    )
    found: dict[int, FloatArray] = {}
    labelled: dict[int, IntArray] = {}
    for k in range(opts.min_k, min(opts.max_k, len(distinct)) + 1):
        centers = _solve_k(sorted_points, distinct, base, weights, k, opts, rng, warm)
        if centers is not None:
            found[k], labelled[k] = _canonical(sorted_points, centers)
    scores = _scores(sorted_points, labelled, opts, seed)
    return _result(points, order, base, base_labels, scores, found, labelled)


def _result(
    points: FloatArray,
    order: IntArray,
    base: FloatArray,
    base_labels: IntArray,
    silhouettes: dict[int, float],
    found: dict[int, FloatArray],
    labelled: dict[int, IntArray],
) -> Clustering:
    """Return the clustering with the best silhouette, labels back in the points' order."""
    unsorted_base = np.empty_like(base_labels)
    unsorted_base[order] = base_labels
    if not found:
        single = points.mean(axis=0, keepdims=True) if len(points) else np.zeros((1, 2))
        return Clustering(
            np.zeros(len(points), dtype=np.int64), single, base, unsorted_base, silhouettes, found
        )
    best = max(sorted(silhouettes), key=lambda k: silhouettes[k])
    labels = np.empty(len(points), dtype=np.int64)
    labels[order] = labelled[best]
    return Clustering(labels, found[best], base, unsorted_base, silhouettes, found)
