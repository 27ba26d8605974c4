"""Differential check against pymcdm: WSM, TOPSIS and PROMETHEE II with pymcdm's defaults."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm.methods import PROMETHEE_II, TOPSIS, WSM

from coproduce.methods.appraisal import TIE_TOLERANCE, Appraisal, Method, rank_groups
from tests.methods.appraisal.helpers import appraisal

PEERS = {
    Method.WSM: WSM,  # sum normalisation
    Method.TOPSIS: TOPSIS,  # min-max normalisation
    Method.PROMETHEE: lambda: PROMETHEE_II("usual"),
}

scores = st.one_of(
    st.integers(1, 9).map(float),
    st.floats(0.01, 1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def problems(draw: st.DrawFn) -> Appraisal:
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 5))
    matrix = draw(st.lists(st.lists(scores, min_size=m, max_size=m), min_size=n, max_size=n))
    benefit = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    weight = st.one_of(st.integers(0, 5).map(float), st.floats(0, 1))
    groups = draw(
        st.lists(
            st.lists(weight, min_size=m, max_size=m).filter(lambda w: sum(w) > 1e-3),
            min_size=1,
            max_size=3,
        )
    )
    return appraisal(matrix, benefit, *groups)


def _peer(problem: Appraisal, method: Method, weights: np.ndarray) -> np.ndarray:
    types = np.where(problem.benefit(), 1, -1)
    # validation only warns (dominated options, zero weights); it changes no result
    with np.errstate(invalid="ignore", divide="ignore"):
        result: np.ndarray = PEERS[method]()(problem.matrix(), weights, types, validation=False)
    return result


@pytest.mark.parametrize("method", list(Method))
@settings(max_examples=150, deadline=None)
@given(problem=problems())
def test_preferences_and_rankings_equal_pymcdms(method: Method, problem: Appraisal) -> None:
    for group, weights in zip(rank_groups(problem, method), problem.weights(), strict=True):
        theirs = _peer(problem, method, weights)
        ours = np.array([group.preference[o] for o in problem.options])
        if method is Method.TOPSIS and np.isnan(theirs).all():
            # pymcdm divides 0 by 0 when every option is alike on every weighted criterion
            assert ours.tolist() == [0.5] * len(ours)
            continue
        assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-12)
        position = {o: i for i, o in enumerate(group.ranking)}
        for a, b in combinations(range(len(ours)), 2):
            gap = theirs[a] - theirs[b]
            first, second = problem.options[a], problem.options[b]
            if abs(gap) > 2 * TIE_TOLERANCE:
                assert (position[first] < position[second]) == (gap > 0)
        gaps = np.abs(theirs[:, None] - theirs[None, :])
        if np.all((gaps == 0) | (gaps > 2 * TIE_TOLERANCE)):
            peer_ranks = PEERS[method]().rank(theirs)
            assert [group.ranks[o] for o in problem.options] == peer_ranks.tolist()
