"""Small-cell suppression for anonymised exports of counts.

A table of counts is published with its row totals, column totals and grand total. The rule:

1. **Primary**: every cell (and every total) below ``k`` is withheld.
2. **Secondary**: no row or column of the table with its total — the totals row and totals
   column included — may have exactly one withheld entry, since it would equal that total
   minus the published entries. While one has (rows first, top to bottom, then columns, left
   to right), one more of its published cells is withheld: one whose crossing line already
   has a withheld entry if any (so no new line becomes unsafe), else the smallest (ties: the
   first in row, then column, order); the line's total only when no cell is left. Each step
   can make another line unsafe, so the rule repeats until none is.

This stops a withheld count being recovered by subtraction within a row or column. It does
not guarantee intervals wide enough against combining several lines (linear programming);
for that, use a dedicated tool (τ-ARGUS, sdcTable) before publishing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coproduce.methods.experiments.errors import ExperimentError

__all__ = ["CountTable", "SuppressedTable", "Suppression", "cross_tab", "suppress_small_cells"]

#: Default threshold: counts below 10 are withheld.
K = 10


@dataclass(frozen=True)
class CountTable:
    """Counts of units by row (e.g. stratum) and column (e.g. arm)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.rows) or any(
            len(line) != len(self.columns) for line in self.counts
        ):
            raise ExperimentError("bad_table", "the counts do not match the rows and columns")
        if any(
            isinstance(c, bool) or not isinstance(c, int) or c < 0
            for line in self.counts
            for c in line
        ):
            raise ExperimentError("bad_table", "counts must be non-negative whole numbers")


@dataclass(frozen=True)
class Suppression:
    """A withheld entry: its row and column (``None`` for a total) and why (a code)."""

    row: str | None
    column: str | None
    reason: str  # "below_k" (primary) or "protects_line" (secondary)


@dataclass(frozen=True)
class SuppressedTable:
    """The table as published: withheld entries are ``None``."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    k: int
    suppressed: tuple[Suppression, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the published table as plain JSON-ready values."""
        return {
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [list(line) for line in self.cells],
            "row_totals": list(self.row_totals),
            "column_totals": list(self.column_totals),
            "total": self.total,
            "k": self.k,
            "suppressed": [vars(s) for s in self.suppressed],
        }


def cross_tab(rows: Sequence[str], columns: Sequence[str]) -> CountTable:
    """Return the counts of each (row value, column value) pair, both in sorted order."""
    if len(rows) != len(columns):
        raise ExperimentError("length_mismatch", "rows and columns must pair up one to one")
    row_names, column_names = sorted(set(rows)), sorted(set(columns))
    index = {name: i for i, name in enumerate(column_names)}
    counts = {name: [0] * len(column_names) for name in row_names}
    for row, column in zip(rows, columns, strict=True):
        counts[row][index[column]] += 1
    return CountTable(
        tuple(row_names), tuple(column_names), tuple(tuple(counts[name]) for name in row_names)
    )


def _extended(table: CountTable) -> list[list[int]]:
    """Return the table with its row totals as a last column and column totals as a last row."""
    grid = [[*line, sum(line)] for line in table.counts]
    totals = [sum(line[c] for line in grid) for c in range(len(table.columns) + 1)]
    return [*grid, totals]


def _secondary(grid: list[list[int]], withheld: dict[tuple[int, int], str]) -> None:
    n_rows, n_columns = len(grid), len(grid[0])
    rows = [[(r, c) for c in range(n_columns)] for r in range(n_rows)]
    columns = [[(r, c) for r in range(n_rows)] for c in range(n_columns)]

    def count(line: list[tuple[int, int]]) -> int:
        return sum(entry in withheld for entry in line)

    def cost(entry: tuple[int, int], along_row: bool) -> tuple[bool, int, tuple[int, int]]:
        crossing = columns[entry[1]] if along_row else rows[entry[0]]
        return (count(crossing) == 0, grid[entry[0]][entry[1]], entry)

    changed = True
    while changed:
        changed = False
        for along_row, lines in ((True, rows), (False, columns)):
            for line in lines:
                if count(line) != 1:
                    continue
                # cells before the line's own total (last); the total only if none is left
                candidates = [e for e in line[:-1] if e not in withheld] or [line[-1]]
                withheld[min(candidates, key=lambda e: cost(e, along_row))] = "protects_line"
                changed = True


def suppress_small_cells(table: CountTable, k: int = K) -> SuppressedTable:
    """Return ``table`` with counts below ``k`` withheld, and enough others withheld that none
    can be recovered from the published totals (the module's rule).

    Raise ``ExperimentError`` if ``k`` is not a positive whole number.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ExperimentError("bad_k", f"k must be a positive whole number, not {k!r}", k=k)
    grid = _extended(table)
    withheld = {
        (r, c): "below_k"
        for r, line in enumerate(grid)
        for c, count in enumerate(line)
        if count < k
    }
    _secondary(grid, withheld)
    published = [
        [None if (r, c) in withheld else count for c, count in enumerate(line)]
        for r, line in enumerate(grid)
    ]
    names_r: list[str | None] = [*table.rows, None]
    names_c: list[str | None] = [*table.columns, None]
    return SuppressedTable(
        rows=table.rows,
        columns=table.columns,
        cells=tuple(tuple(line[:-1]) for line in published[:-1]),
        row_totals=tuple(line[-1] for line in published[:-1]),
        column_totals=tuple(published[-1][:-1]),
        total=published[-1][-1],
        k=k,
        suppressed=tuple(
            Suppression(names_r[r], names_c[c], reason)
            for (r, c), reason in sorted(withheld.items())
        ),
    )
