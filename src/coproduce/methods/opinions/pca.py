"""PCA of the mean-imputed vote matrix, exact, with Polis' sparsity-aware projection."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.linalg import eigh
from scipy.sparse.linalg import LinearOperator, eigsh

from coproduce.methods.opinions.matrix import VoteMatrix

__all__ = ["Pca", "fit_pca"]

FloatArray = NDArray[np.float64]

#: Below this many statements the covariance matrix is formed and diagonalised densely.
DENSE_LIMIT = 64


@dataclass(frozen=True)
class Pca:
    """Two principal components of the mean-imputed, moderation-zeroed vote matrix.

    ``center`` is each statement's mean vote, ``components`` (2 × statements) unit vectors
    whose largest-magnitude entry is positive, ``projections`` (participants × 2) Polis'
    sparsity-scaled coordinates, ``statement_projections`` where a virtual participant who
    agrees with only that statement would sit.
    """

    center: FloatArray
    components: FloatArray
    explained_variance: FloatArray
    explained_variance_ratio: FloatArray
    projections: FloatArray
    statement_projections: FloatArray


def _centered(matrix: VoteMatrix, zeroed: NDArray[np.bool_]) -> tuple[sp.csr_matrix, FloatArray]:
    """Return the centred matrix (missing votes imputed by the mean are exactly 0) and means."""
    codes = matrix.codes
    values = codes.data.astype(np.float64) - 2.0
    values[zeroed[codes.indices]] = 0.0
    n = matrix.shape[0]
    sums = np.bincount(codes.indices, weights=values, minlength=matrix.shape[1])
    counts = np.bincount(codes.indices, minlength=matrix.shape[1]).astype(np.float64)
    center = np.where(zeroed, 0.0, sums / np.maximum(counts, 1.0))
    centred = sp.csr_matrix(
        (values - center[codes.indices], codes.indices, codes.indptr), shape=(n, matrix.shape[1])
    )
    return centred, center


def _top_two(x: sp.csr_matrix, start: FloatArray | None) -> tuple[FloatArray, FloatArray]:
    """Return the two largest eigenpairs of ``x.T @ x`` (values descending, vectors as rows)."""
    m = x.shape[1]
    k = min(2, m)
    if m <= DENSE_LIMIT:
        gram = (x.T @ x).toarray()
        values, vectors = eigh(gram, subset_by_index=[m - k, m - 1])
    else:
        xt = x.T
        op = LinearOperator((m, m), matvec=lambda v: xt @ (x @ v), dtype=np.float64)
        # a warm start already spans the answer, so a small Krylov space converges
        ncv = 8 if start is not None else None
        v0 = start if start is not None else np.ones(m) / np.sqrt(m)
        values, vectors = eigsh(op, k=k, which="LA", v0=v0, tol=1e-12, ncv=ncv)
    order = np.argsort(values)[::-1]
    return np.maximum(values[order], 0.0), vectors[:, order].T


def _flip(components: FloatArray) -> FloatArray:
    """Orient each component so its largest-magnitude entry is positive (as scikit-learn)."""
    biggest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(len(components)), biggest])
    return components * np.where(signs == 0, 1.0, signs)[:, None]


def fit_pca(
    matrix: VoteMatrix, *, zeroed: Collection[int] = (), start: FloatArray | None = None
) -> Pca:
    """Return the exact two-component PCA of ``matrix`` with ``zeroed`` statements set to 0.

    ``start`` (a previous component sum) only warm-starts the iterative solver; the result
    is the same to rounding. Projections follow Polis: each participant's centred votes are
    projected and scaled by sqrt(#statements / max(1, #votes)), where a zeroed statement
    counts as voted by everyone.
    """
    mask = matrix.column_mask(zeroed)
    n, m = matrix.shape
    if n == 0 or m == 0:
        return _empty(n, m)
    x, center = _centered(matrix, mask)
    values, components = _top_two(x, start)
    components = _flip(components)
    if len(components) < 2:
        components = np.vstack([components, np.zeros((2 - len(components), m))])
        values = np.concatenate([values, np.zeros(2 - len(values))])
    dof = max(n - 1, 1)
    total = float(np.dot(x.data, x.data)) / dof
    variance = values / dof
    ratio = variance / total if total > 0 else np.zeros(2)
    return Pca(
        center,
        components,
        variance,
        ratio,
        _project(matrix, x, mask, components),
        _project_statements(center, components),
    )


def _empty(n: int, m: int) -> Pca:
    """Return the PCA of a conversation without votes: everything zero."""
    return Pca(
        np.zeros(m), np.zeros((2, m)), np.zeros(2), np.zeros(2), np.zeros((n, 2)), np.zeros((m, 2))
    )


def _project(
    matrix: VoteMatrix, x: sp.csr_matrix, mask: NDArray[np.bool_], components: FloatArray
) -> FloatArray:
    """Return Polis' sparsity-aware projection of every participant."""
    m = matrix.shape[1]
    on_zeroed = np.zeros(matrix.shape[0], dtype=np.int64)
    if mask.any():
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.codes.indptr))
        on_zeroed = np.bincount(rows[mask[matrix.codes.indices]], minlength=matrix.shape[0])
    voted = matrix.votes_per_participant() - on_zeroed + int(mask.sum())
    scale = np.sqrt(m / np.maximum(voted, 1))
    projected: FloatArray = np.asarray(x @ components.T, dtype=np.float64) * scale[:, None]
    return projected


def _project_statements(center: FloatArray, components: FloatArray) -> FloatArray:
    """Return each statement's position for a virtual participant agreeing with it alone."""
    m = len(center)
    return np.asarray((1.0 - center)[:, None] * components.T * np.sqrt(m), dtype=np.float64)
