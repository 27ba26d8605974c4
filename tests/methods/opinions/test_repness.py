"""Representative statements, consensus and group-informed consensus equal Polis' own."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.methods.opinions import PolisExport
from coproduce.methods.opinions.consensus import (
    consensus_statements,
    group_informed_consensus,
    statement_priorities,
)
from coproduce.methods.opinions.matrix import build_vote_matrix
from coproduce.methods.opinions.repness import representative_statements
from coproduce.methods.opinions.stats import GroupCounts, group_counts, prop_test, two_prop_test
from tests.methods.opinions.conftest import API_DUMPS

TOLERANCE = 1e-9


def _polis_counts(export: PolisExport) -> tuple[GroupCounts, list[int]]:
    matrix = build_vote_matrix(export.conversation)
    assert export.polis_groups is not None
    gids = sorted(set(export.polis_groups.values()))
    index = {g: i for i, g in enumerate(gids)}
    labels = np.array(
        [index.get(export.polis_groups.get(int(p), -1), -1) for p in matrix.participant_ids]
    )
    return group_counts(matrix, labels, len(gids)), gids


@pytest.mark.parametrize("name", API_DUMPS)
def test_representative_statements_equal_polis_given_its_groups(load_export, name: str) -> None:
    export = load_export(name)
    counts, gids = _polis_counts(export)
    mod_out = export.conversation.mod_out()
    ours = representative_statements(counts, mod_out=mod_out)
    assert export.polis_math is not None
    for i, gid in enumerate(gids):
        theirs = export.polis_math["repness"][str(gid)]
        assert [s.statement for s in ours[i]] == [t["tid"] for t in theirs]
        for mine, polis in zip(ours[i], theirs, strict=True):
            assert mine.repful_for == polis["repful-for"]
            assert (mine.n_success, mine.n_trials) == (polis["n-success"], polis["n-trials"])
            assert mine.p_success == pytest.approx(polis["p-success"], abs=TOLERANCE)
            assert mine.p_test == pytest.approx(polis["p-test"], abs=TOLERANCE)
            assert mine.repness == pytest.approx(polis["repness"], abs=TOLERANCE)
            # Polis stores repness-test in single precision: equal once rounded alike.
            assert np.float32(mine.repness_test) == np.float32(polis["repness-test"])
            assert mine.best_agree == polis.get("best-agree", False)


@pytest.mark.parametrize("name", API_DUMPS)
def test_consensus_equals_polis(load_export, name: str) -> None:
    export = load_export(name)
    matrix = build_vote_matrix(export.conversation)
    everyone = group_counts(matrix, np.zeros(matrix.shape[0], dtype=np.int64), 1)
    ours = consensus_statements(everyone, mod_out=export.conversation.mod_out())
    assert export.polis_math is not None
    for direction in ("agree", "disagree"):
        theirs = export.polis_math["consensus"][direction]
        assert [s.statement for s in ours[direction]] == [t["tid"] for t in theirs]
        for mine, polis in zip(ours[direction], theirs, strict=True):
            assert (mine.n_success, mine.n_trials) == (polis["n-success"], polis["n-trials"])
            assert mine.p_success == pytest.approx(polis["p-success"], abs=TOLERANCE)
            assert mine.p_test == pytest.approx(polis["p-test"], abs=TOLERANCE)


@pytest.mark.parametrize("name", API_DUMPS)
def test_group_informed_consensus_equals_polis(load_export, name: str) -> None:
    export = load_export(name)
    counts, _ = _polis_counts(export)
    ours = group_informed_consensus(counts)
    assert export.polis_math is not None
    theirs = {int(k): v for k, v in export.polis_math["group-aware-consensus"].items()}
    assert ours.keys() == theirs.keys()
    for tid, value in theirs.items():
        assert ours[tid] == pytest.approx(value, abs=TOLERANCE)


def test_group_informed_consensus_equals_the_bg2050_column(load_export) -> None:
    export = load_export("bg2050-volunteers")
    counts, _ = _polis_counts(export)
    ours = group_informed_consensus(counts)
    assert export.polis_gic
    for tid, value in export.polis_gic.items():
        assert ours[tid] == pytest.approx(value, abs=TOLERANCE)


def test_the_proportion_tests_follow_polis_formulas() -> None:
    assert prop_test(np.array(3.0), np.array(3.0)) == pytest.approx(2 * 2 * (4 / 4 - 0.5))
    # p-hat of 1 (everyone agrees everywhere) is defined as 0, not a division by zero
    assert two_prop_test(*(np.array(v) for v in (5.0, 5.0, 5.0, 5.0))) == 0.0
    z = two_prop_test(*(np.array(v) for v in (8.0, 2.0, 10.0, 10.0)))
    pi1, pi2, pi = 9 / 11, 3 / 11, 12 / 22
    assert z == pytest.approx((pi1 - pi2) / np.sqrt(pi * (1 - pi) * (2 / 11)))


def test_meta_statements_get_polis_fixed_priority_and_new_ones_are_boosted() -> None:
    counts = GroupCounts(
        np.array([1, 2, 3]),
        agree=np.array([[5.0, 5.0, 0.0]]),
        disagree=np.array([[0.0, 0.0, 0.0]]),
        seen=np.array([[5.0, 5.0, 0.0]]),
    )
    priorities = statement_priorities(counts, np.zeros(3), meta={2})
    assert priorities[2] == 49.0
    fresh = (0.5 * 0.5 * 9) ** 2
    assert priorities[3] == pytest.approx(fresh)
    assert priorities[1] == pytest.approx((6 / 7 * (1 - 1 / 7) * (1 + 8 / 2)) ** 2)


def test_a_best_agree_finalised_as_disagree_is_shown_as_agreement() -> None:
    from coproduce.methods.opinions import RepStat

    stat = RepStat(83, "disagree", 3, 98, 0.04, -9.0, 0.2, 1.5, best_agree=True, n_agree=80)
    assert stat.display() == ("agree", 81 / 100)
    plain = RepStat(20, "disagree", 70, 98, 0.71, 4.0, 3.0, 6.0)
    assert plain.display() == ("disagree", 0.71)
