"""PCA: the same components as red-dwarf, and Polis' sparsity-aware projection."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.methods.opinions import Statement, analyse, conversation_from
from tests.methods.opinions.conftest import CONVERSATIONS


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_pca_equals_reddwarf_up_to_sign(opinion_map, reddwarf, name: str) -> None:
    ours, theirs = opinion_map(name).pca, reddwarf(name)
    np.testing.assert_allclose(ours.center, theirs.center, rtol=0, atol=1e-12)
    for mine, peer in zip(ours.components, theirs.components, strict=True):
        cosine = abs(mine @ peer) / (np.linalg.norm(mine) * np.linalg.norm(peer))
        assert cosine >= 0.9999
    np.testing.assert_allclose(
        ours.explained_variance_ratio, theirs.explained_variance_ratio, rtol=0, atol=1e-4
    )


def _two_by_three():  # type: ignore[no-untyped-def]
    statements = [Statement(id=j, moderated=1) for j in range(3)]
    votes = [(1, 0, 1, 0), (1, 1, 1, 0), (1, 2, -1, 0), (2, 0, -1, 0), (3, 1, -1, 0), (3, 2, 0, 0)]
    return conversation_from(statements=statements, votes=votes)


def test_the_center_is_each_statements_mean_vote() -> None:
    pca = analyse(_two_by_three()).pca
    np.testing.assert_allclose(pca.center, [0.0, 0.0, -0.5])


def test_a_participant_with_few_votes_is_pushed_out_by_sqrt_of_statements_over_votes() -> None:
    result = analyse(_two_by_three())
    pca = result.pca
    dense = result.matrix.dense_values() - pca.center
    centred = np.nan_to_num(dense)
    raw = centred @ pca.components.T
    voted = (~np.isnan(result.matrix.dense_values())).sum(1)
    np.testing.assert_allclose(pca.projections, raw * np.sqrt(3 / voted)[:, None], atol=1e-12)


def test_components_are_unit_vectors_with_a_positive_largest_entry() -> None:
    pca = analyse(_two_by_three()).pca
    np.testing.assert_allclose(np.linalg.norm(pca.components, axis=1), 1.0)
    largest = pca.components[np.arange(2), np.abs(pca.components).argmax(1)]
    assert (largest > 0).all()


def test_a_rejected_statement_is_zeroed_out_of_the_pca() -> None:
    statements = [Statement(id=t, moderated=-1 if t == 1 else 1) for t in range(4)]
    rng = np.random.default_rng(3)
    votes = [(p, t, int(rng.integers(-1, 2)), 0) for p in range(20) for t in range(4)]
    pca = analyse(conversation_from(statements=statements, votes=votes)).pca
    assert pca.center[1] == 0.0
    assert pca.explained_variance.min() > 0
    assert np.allclose(pca.components[:, 1], 0.0)
