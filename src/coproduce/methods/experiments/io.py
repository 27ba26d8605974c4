"""Reading an experiment's units and outcomes from a CSV file (the csv module; no pandas).

The file has a header row naming its columns; each further row is one unit. Outcomes must be
numbers (``.`` as the decimal point); an empty or non-numeric outcome is an error naming its
row (the data row, counting from 1) and line. Covariate cells may be empty (missing); a
covariate is numeric when every cell given is a number, else categorical. The file may start
with a byte-order mark (as spreadsheets write it).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coproduce.methods.experiments.errors import ExperimentError

__all__ = ["ExperimentData", "Units", "read_experiment_csv", "read_units_csv"]

Values = tuple[float | None, ...] | tuple[str | None, ...]


@dataclass(frozen=True)
class ExperimentData:
    """One value per unit for each column read; ``strata`` is ``None`` when none were asked."""

    arms: tuple[str, ...]
    outcomes: tuple[float, ...] = ()
    strata: tuple[tuple[str, ...], ...] | None = None
    covariates: Mapping[str, Values] = field(default_factory=dict)


@dataclass(frozen=True)
class Units:
    """The units to assign (ids as strings, in file order) and their strata."""

    ids: tuple[str, ...]
    strata: tuple[tuple[str, ...], ...] | None


@dataclass(frozen=True)
class _Row:
    number: int
    line: int
    values: dict[str, str]


def _rows(path: Path, columns: Sequence[str]) -> list[_Row]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise ExperimentError(
                    "missing_column",
                    f"{path}: no column {', '.join(map(repr, missing))}; "
                    f"the columns are {', '.join(header) or '(none)'}",
                    path=str(path),
                    columns=missing,
                )
            rows = [
                _Row(number, reader.line_num, {c: (row[c] or "").strip() for c in columns})
                for number, row in enumerate(reader, start=1)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ExperimentError("unreadable_file", f"{path}: {error}", path=str(path)) from error
    if not rows:
        raise ExperimentError("no_rows", f"{path}: there are no rows under the header")
    return rows


def _where(path: Path, row: _Row) -> str:
    return f"{path}, row {row.number} (line {row.line})"


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _outcome(path: Path, row: _Row, column: str) -> float:
    value = _number(row.values[column])
    if value is None:
        raise ExperimentError(
            "not_a_number",
            f"{_where(path, row)}: the outcome {row.values[column]!r} in column {column!r} "
            "is not a number",
            path=str(path),
            row=row.number,
            line=row.line,
            value=row.values[column],
        )
    return value


def _label(path: Path, row: _Row, column: str) -> str:
    if not row.values[column]:
        raise ExperimentError(
            "empty_value",
            f"{_where(path, row)}: column {column!r} is empty",
            path=str(path),
            row=row.number,
            line=row.line,
            column=column,
        )
    return row.values[column]


def _covariate(rows: list[_Row], column: str) -> Values:
    texts = [row.values[column] or None for row in rows]
    numbers = [None if t is None else _number(t) for t in texts]
    if all((n is None) == (t is None) for n, t in zip(numbers, texts, strict=True)):
        return tuple(numbers)
    return tuple(texts)


def _strata(
    path: Path, rows: list[_Row], columns: Sequence[str]
) -> tuple[tuple[str, ...], ...] | None:
    if not columns:
        return None
    return tuple(tuple(_label(path, row, c) for c in columns) for row in rows)


def read_experiment_csv(
    path: Path | str,
    *,
    arm: str,
    outcome: str | None = None,
    strata: Sequence[str] = (),
    covariates: Sequence[str] = (),
) -> ExperimentData:
    """Return the arm, outcome, strata and covariates of each unit in the CSV file ``path``.

    Raise ``ExperimentError`` if the file cannot be read, a column is missing, there are no
    rows, an arm or stratum cell is empty, or an outcome is not a number.
    """
    path = Path(path)
    wanted = [arm, *([outcome] if outcome else []), *strata, *covariates]
    rows = _rows(path, list(dict.fromkeys(wanted)))
    return ExperimentData(
        arms=tuple(_label(path, row, arm) for row in rows),
        outcomes=tuple(_outcome(path, row, outcome) for row in rows) if outcome else (),
        strata=_strata(path, rows, strata),
        covariates={c: _covariate(rows, c) for c in covariates},
    )


def read_units_csv(path: Path | str, *, unit: str, strata: Sequence[str] = ()) -> Units:
    """Return the unit ids (column ``unit``) and strata of the CSV file ``path``.

    Raise ``ExperimentError`` as :func:`read_experiment_csv` does.
    """
    path = Path(path)
    rows = _rows(path, list(dict.fromkeys([unit, *strata])))
    return Units(tuple(_label(path, row, unit) for row in rows), _strata(path, rows, strata))
