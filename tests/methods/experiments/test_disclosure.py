"""Small cells are withheld, and so are enough others that none can be recovered."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.methods.experiments import (
    CountTable,
    ExperimentError,
    cross_tab,
    replication_summary,
    suppress_small_cells,
)


def _table(counts):
    return CountTable(
        tuple(f"r{i}" for i in range(len(counts))),
        tuple(f"c{j}" for j in range(len(counts[0]))),
        tuple(tuple(line) for line in counts),
    )


def test_a_table_without_small_cells_is_published_whole():
    result = suppress_small_cells(_table([[20, 30], [40, 50]]))
    assert result.cells == ((20, 30), (40, 50))
    assert (result.row_totals, result.column_totals, result.total) == ((50, 90), (60, 80), 140)
    assert result.suppressed == ()


def test_a_small_cell_is_withheld_with_a_partner_in_its_row_and_its_column():
    result = suppress_small_cells(_table([[20, 3], [15, 14], [30, 25]]), k=10)
    # the 3 is primary; 20 (its row), 14 (column c1) and 15 (then alone in row r1) protect it,
    # forming a rectangle, so no row or column has a single gap
    assert result.cells == ((None, None), (None, None), (30, 25))
    assert result.row_totals == (23, 29, 55)
    reasons = {(s.row, s.column): s.reason for s in result.suppressed}
    assert reasons == {
        ("r0", "c1"): "below_k",
        ("r0", "c0"): "protects_line",
        ("r1", "c1"): "protects_line",
        ("r1", "c0"): "protects_line",
    }


def test_a_secondary_cell_completes_a_rectangle_rather_than_opening_a_new_row():
    counts = [[21, 21], [28, 28], [17, 18], [18, 17], [23, 22], [14, 13]]
    result = suppress_small_cells(_table(counts), k=15)
    withheld = {(s.row, s.column) for s in result.suppressed}
    assert withheld == {("r2", "c0"), ("r2", "c1"), ("r5", "c0"), ("r5", "c1")}


def test_totals_below_k_are_withheld_too():
    result = suppress_small_cells(_table([[3, 4], [30, 40]]), k=10)
    assert result.row_totals[0] is None
    assert result.cells[0] == (None, None)


def test_zero_counts_are_below_k():
    result = suppress_small_cells(_table([[0, 12, 11], [30, 40, 50]]), k=10)
    assert result.cells[0][0] is None


def _lines(result):
    grid = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.total])
    return grid + [list(column) for column in zip(*grid, strict=True)]


@settings(max_examples=150, deadline=None)
@given(
    counts=st.integers(1, 5).flatmap(
        lambda c: st.lists(
            st.lists(st.integers(0, 40), min_size=c, max_size=c), min_size=1, max_size=6
        )
    ),
    k=st.integers(1, 15),
)
def test_no_line_ever_has_a_single_gap_and_small_counts_never_show(counts, k):
    result = suppress_small_cells(_table(counts), k=k)
    for line in _lines(result):
        assert sum(value is None for value in line) != 1
        assert all(value is None or value >= k for value in line)
    published = [v for line in result.cells for v in line if v is not None]
    assert all(v in {c for line in counts for c in line} for v in published)


def test_cross_tab_counts_pairs():
    table = cross_tab(["n", "n", "s"], ["A", "B", "B"])
    assert (table.rows, table.columns, table.counts) == (("n", "s"), ("A", "B"), ((1, 1), (0, 1)))


def test_a_bad_k_or_table_is_refused():
    with pytest.raises(ExperimentError):
        suppress_small_cells(_table([[1]]), k=0)
    with pytest.raises(ExperimentError):
        CountTable(("a",), ("b",), ((-1,),))


def test_the_replication_summary_gives_n_mean_and_sd_and_withholds_small_cells():
    outcomes = [float(i % 17) for i in range(72)]
    arms = ["A", "B"] * 36
    strata = ["big"] * 32 + ["other"] * 30 + ["small"] * 10
    summary = replication_summary(outcomes, arms, strata=strata, k=10)
    cells = {(c.stratum, c.arm): c for c in summary.cells}
    # small's cells are withheld, and the next smallest, other's, with them (else the arm totals
    # would give them away)
    assert all(cells[s, a].n is None for s in ("small", "other") for a in "AB")
    assert cells["small", "A"].mean is cells["small", "A"].sd is None
    big_a = [y for y, a, s in zip(outcomes, arms, strata, strict=True) if (a, s) == ("A", "big")]
    assert cells["big", "A"].n == 16
    assert cells["big", "A"].mean == pytest.approx(statistics.fmean(big_a))
    assert cells["big", "A"].sd == pytest.approx(statistics.stdev(big_a))
    assert cells["big", "(all)"].n == 32
    assert cells["(all)", "(all)"].n == 72
    row = summary.to_rows()[0]
    assert list(row) == ["stratum", "arm", "n", "mean", "sd"]
