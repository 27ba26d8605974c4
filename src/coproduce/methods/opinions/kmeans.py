"""Weighted k-means (Lloyd) and silhouette, small and deterministic, on 2-D points."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

__all__ = ["assign", "kmeans", "kmeans_plus_plus", "silhouette", "silhouettes"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _sq_distances(points: FloatArray, centers: FloatArray) -> FloatArray:
    """Return squared Euclidean distances, points × centers, never negative."""
    d = (points**2).sum(1)[:, None] + (centers**2).sum(1)[None, :] - 2.0 * points @ centers.T
    return np.asarray(np.maximum(d, 0.0), dtype=np.float64)


def assign(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Return each point's nearest center and squared distance.

    Few centers: exact brute force (lowest index on ties); many: a k-d tree.
    """
    if len(centers) > 8:
        dist, idx = cKDTree(centers).query(points)
        return np.asarray(idx, dtype=np.int64), np.asarray(dist, dtype=np.float64) ** 2
    d = np.zeros((len(points), len(centers)))
    for axis in range(points.shape[1]):
        d += (points[:, axis, None] - centers[None, :, axis]) ** 2
    labels = np.argmin(d, axis=1).astype(np.int64)
    return labels, d[np.arange(len(points)), labels]


def _means(
    points: FloatArray, labels: IntArray, w: FloatArray, k: int
) -> tuple[FloatArray, FloatArray]:
    """Return per-cluster weighted coordinate sums and weights."""
    mass = np.bincount(labels, weights=w, minlength=k).astype(np.float64)
    sums = np.stack(
        [
            np.bincount(labels, weights=points[:, a] * w, minlength=k)
            for a in range(points.shape[1])
        ],
        axis=1,
    ).astype(np.float64)
    return sums, mass


def kmeans(
    points: FloatArray,
    centers: FloatArray,
    weights: FloatArray | None = None,
    *,
    max_iter: int = 300,
    tol: float = 1e-4,
) -> tuple[FloatArray, IntArray, float]:
    """Run Lloyd's algorithm from ``centers`` (as scikit-learn's ``KMeans``).

    Stops when labels no longer change or the centers move (squared, in total) less than
    ``tol`` × the mean coordinate variance. Return (centers, labels, weighted inertia). A
    center that loses all its points is dropped, so fewer centers than given may come back.
    """
    w = np.ones(len(points)) if weights is None else weights
    threshold = tol * float(np.mean(np.var(points, axis=0))) if len(points) else 0.0
    labels, _ = assign(points, centers)
    for _ in range(max_iter):
        sums, mass = _means(points, labels, w, len(centers))
        alive = mass > 0
        moved = sums[alive] / mass[alive][:, None]
        shift = float(((moved - centers[alive]) ** 2).sum())
        centers = moved
        new, _ = assign(points, centers)
        converged = alive.all() and (np.array_equal(new, labels) or shift <= threshold)
        labels = new
        if converged:
            break
    labels, dist = assign(points, centers)
    return centers, labels, float((dist * w).sum())


def kmeans_plus_plus(
    points: FloatArray, k: int, rng: np.random.Generator, weights: FloatArray | None = None
) -> FloatArray:
    """Return ``k`` distinct seeding centers chosen by (weighted) k-means++."""
    w = np.ones(len(points)) if weights is None else weights
    first = rng.choice(len(points), p=w / w.sum())
    chosen = [first]
    closest = _sq_distances(points, points[[first]])[:, 0]
    for _ in range(1, k):
        mass = closest * w
        total = mass.sum()
        if total <= 0:
            break
        pick = rng.choice(len(points), p=mass / total)
        chosen.append(pick)
        closest = np.minimum(closest, _sq_distances(points, points[[pick]])[:, 0])
    return points[chosen].copy()


def _block_scores(sums: FloatArray, own: IntArray, sizes: FloatArray) -> FloatArray:
    """Return silhouette values of a block of points from their summed distances to each
    cluster (``sums``, block × k) and the cluster sizes."""
    rows = np.arange(len(own))
    own_size = sizes[own]
    a = sums[rows, own] / np.maximum(own_size - 1, 1)
    means = sums / np.maximum(sizes, 1)[None, :]
    means[rows, own] = np.inf
    b = means.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-300)
    return np.asarray(np.where(own_size > 1, s, 0.0), dtype=np.float64)


def silhouettes(points: FloatArray, labelings: list[IntArray], *, block: int = 1024) -> list[float]:
    """Return the mean silhouette coefficient of each labelling of the same points.

    Equals scikit-learn's ``silhouette_score``; points alone in their cluster score 0.
    Distances are computed once per block of points and summed per cluster of every
    labelling in one product, so memory stays O(block × n).
    """
    ks = [int(labels.max()) + 1 if len(labels) else 1 for labels in labelings]
    offsets = np.concatenate([[0], np.cumsum(ks)]).astype(np.int64)
    onehot = np.zeros((len(points), int(offsets[-1])))
    for labels, offset in zip(labelings, offsets[:-1].tolist(), strict=False):
        onehot[np.arange(len(points)), labels + offset] = 1.0
    sizes = onehot.sum(axis=0)
    totals = [0.0] * len(labelings)
    for start in range(0, len(points), block):
        dist = np.sqrt(_sq_distances(points[start : start + block], points))
        sums = dist @ onehot
        for i, labels in enumerate(labelings):
            lo, hi = int(offsets[i]), int(offsets[i + 1])
            own = labels[start : start + block]
            totals[i] += float(_block_scores(sums[:, lo:hi], own, sizes[lo:hi]).sum())
    return [t / max(len(points), 1) for t in totals]


def silhouette(points: FloatArray, labels: IntArray, *, block: int = 1024) -> float:
    """Return the mean silhouette coefficient (as scikit-learn's ``silhouette_score``)."""
    return silhouettes(points, [labels], block=block)[0]
