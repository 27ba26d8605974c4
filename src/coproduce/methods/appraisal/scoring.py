"""The three ranking methods, with pymcdm's defaults, vectorised over weight vectors.

Every function takes the scores as an options × criteria array, ``benefit`` per criterion,
and a T × criteria array of normalised weight vectors, and returns a T × options array of
preferences (higher is better):

- WSM: ``sum_k w_k r_ik`` with sum normalisation: ``r = x / sum(x)`` for a benefit,
  ``(1/x) / sum(1/x)`` for a cost (so scores must be positive);
- TOPSIS: min–max normalisation (a column with a single value normalises to 1s), weighted,
  then ``D- / (D- + D+)`` with Euclidean distances to the best and worst weighted values;
  where pymcdm divides 0 by 0 (every option alike on every weighted criterion) we return 0.5;
- PROMETHEE II with the usual criterion: the net flow ``(phi+ - phi-)``, which is
  ``sum_k w_k c_ik`` where ``c_ik`` counts the options ``i`` beats on ``k`` minus those
  beating it, over ``n - 1``.

WSM and PROMETHEE II are linear in the weights (:func:`linear_contributions`), which makes
their sensitivity exact.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from coproduce.methods.appraisal.errors import AppraisalError
from coproduce.methods.appraisal.model import Appraisal, FloatArray

__all__ = [
    "Method",
    "Scorer",
    "check_method",
    "linear_contributions",
    "preference_function",
    "preferences",
]

BoolArray = npt.NDArray[np.bool_]
Scorer = Callable[[FloatArray], FloatArray]


class Method(StrEnum):
    """A ranking method."""

    WSM = "wsm"
    TOPSIS = "topsis"
    PROMETHEE = "promethee"


def check_method(appraisal: Appraisal, method: Method) -> None:
    """Raise :class:`AppraisalError` if ``method`` cannot rank ``appraisal``.

    Only WSM restricts the scores: its sum normalisation needs every score above zero.
    """
    if method is not Method.WSM:
        return
    for option in appraisal.options:
        for criterion, score in appraisal.scores[option].items():
            if score <= 0:
                raise AppraisalError(
                    f"scores.{option}.{criterion}",
                    "not_positive",
                    f"WSM's sum normalisation needs scores above 0, not {score}",
                )


def _sum_normalised(matrix: FloatArray, benefit: BoolArray) -> FloatArray:
    values = matrix.copy()
    values[:, ~benefit] = 1.0 / matrix[:, ~benefit]
    result: FloatArray = values / values.sum(axis=0)
    return result


def _minmax_normalised(matrix: FloatArray, benefit: BoolArray) -> FloatArray:
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    scaled = np.where(benefit, matrix - low, high - matrix) / span
    result: FloatArray = np.where(high > low, scaled, 1.0)
    return result


def _net_flow_contributions(matrix: FloatArray, benefit: BoolArray) -> FloatArray:
    signed = np.where(benefit, matrix, -matrix)
    # beats[i, j, k]: option i is strictly better than option j on criterion k
    beats = signed[:, None, :] > signed[None, :, :]
    result: FloatArray = (beats.sum(axis=1) - beats.sum(axis=0)) / (matrix.shape[0] - 1)
    return result


def linear_contributions(appraisal: Appraisal, method: Method) -> FloatArray | None:
    """Return ``C`` (options × criteria) with preferences ``C @ w``, or None for TOPSIS.

    Raise :class:`AppraisalError` if ``method`` cannot rank ``appraisal`` (:func:`check_method`).
    """
    check_method(appraisal, method)
    matrix, benefit = appraisal.matrix(), appraisal.benefit()
    if method is Method.WSM:
        return _sum_normalised(matrix, benefit)
    if method is Method.PROMETHEE:
        return _net_flow_contributions(matrix, benefit)
    return None


def _topsis(matrix: FloatArray, benefit: BoolArray, weights: FloatArray) -> FloatArray:
    weighted = _minmax_normalised(matrix, benefit)[None, :, :] * weights[:, None, :]
    best = weighted.max(axis=1, keepdims=True)
    worst = weighted.min(axis=1, keepdims=True)
    to_best = np.sqrt(np.sum((weighted - best) ** 2, axis=2))
    to_worst = np.sqrt(np.sum((weighted - worst) ** 2, axis=2))
    total = to_worst + to_best
    result: FloatArray = np.divide(to_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return result


def preference_function(appraisal: Appraisal, method: Method) -> Scorer:
    """Return a function from T × criteria normalised weights to T × options preferences.

    Raise :class:`AppraisalError` if ``method`` cannot rank ``appraisal`` (:func:`check_method`).
    """
    contributions = linear_contributions(appraisal, method)
    if contributions is None:
        matrix, benefit = appraisal.matrix(), appraisal.benefit()
        return lambda weights: _topsis(matrix, benefit, weights)
    linear = contributions

    def weighted_sum(weights: FloatArray) -> FloatArray:
        result: FloatArray = np.sum(linear[None, :, :] * weights[:, None, :], axis=2)
        return result

    return weighted_sum


def preferences(appraisal: Appraisal, method: Method, weights: FloatArray) -> FloatArray:
    """Return the T × options preferences for a T × criteria array of normalised weights.

    Raise :class:`AppraisalError` if ``method`` cannot rank ``appraisal`` (:func:`check_method`).
    """
    return preference_function(appraisal, method)(weights)
