"""Weighted k-means (Lloyd) and silhouette, small and deterministic, on 2-D points."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["assign", "kmeans", "kmeans_plus_plus", "silhouette"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _sq_distances(points: FloatArray, centers: FloatArray) -> FloatArray:
    """Return squared Euclidean distances, points × centers, never negative."""
    d = (points**2).sum(1)[:, None] + (centers**2).sum(1)[None, :] - 2.0 * points @ centers.T
    return np.asarray(np.maximum(d, 0.0), dtype=np.float64)


def assign(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Return each point's nearest center (lowest index on ties) and squared distance."""
    d = _sq_distances(points, centers)
    labels = np.argmin(d, axis=1).astype(np.int64)
    return labels, d[np.arange(len(points)), labels]


def kmeans(
    points: FloatArray,
    centers: FloatArray,
    weights: FloatArray | None = None,
    *,
    max_iter: int = 300,
) -> tuple[FloatArray, IntArray, float]:
    """Run Lloyd's algorithm from ``centers`` until labels stop changing.

    Return (centers, labels, weighted inertia). A center that loses all its points is
    dropped, so fewer centers than given may come back.
    """
    w = np.ones(len(points)) if weights is None else weights
    labels, _ = assign(points, centers)
    for _ in range(max_iter):
        sums = np.zeros((len(centers), points.shape[1]))
        np.add.at(sums, labels, points * w[:, None])
        mass = np.bincount(labels, weights=w, minlength=len(centers))
        alive = mass > 0
        centers = sums[alive] / mass[alive][:, None]
        new, _ = assign(points, centers)
        if alive.all() and np.array_equal(new, labels):
            break
        labels = new
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


def silhouette(points: FloatArray, labels: IntArray, *, block: int = 1024) -> float:
    """Return the mean silhouette coefficient (as scikit-learn's ``silhouette_score``).

    Points alone in their cluster score 0. Runs in blocks so memory stays O(block × n).
    """
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k).astype(np.float64)
    scores = np.zeros(len(points))
    onehot = np.zeros((len(points), k))
    onehot[np.arange(len(points)), labels] = 1.0
    for start in range(0, len(points), block):
        chunk = points[start : start + block]
        dist = np.sqrt(_sq_distances(chunk, points))
        per_cluster = dist @ onehot
        own = labels[start : start + block]
        rows = np.arange(len(chunk))
        own_size = sizes[own]
        a = per_cluster[rows, own] / np.maximum(own_size - 1, 1)
        per_cluster /= np.maximum(sizes, 1)[None, :]
        per_cluster[rows, own] = np.inf
        b = per_cluster.min(axis=1)
        s = (b - a) / np.maximum(np.maximum(a, b), 1e-300)
        scores[start : start + block] = np.where(own_size > 1, s, 0.0)
    return float(scores.mean())
