"""Read and write the pabulib ``.pb`` format (META, PROJECTS and VOTES, ``;``-separated).

Every problem raises one :class:`PabulibError` naming the line. Decimal amounts are kept exact by
scaling the election to minor units (see :mod:`coproduce.methods.pb.election`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path

from coproduce.methods.pb.election import VOTE_TYPES, Ballot, Election, Project
from coproduce.methods.pb.errors import PabulibError
from coproduce.methods.pb.limits import BallotLimits

__all__ = ["format_money", "read_pabulib", "write_pabulib"]

_SECTIONS = ("meta", "projects", "votes")
_PROJECT_KNOWN = ("project_id", "cost", "name", "category", "categories", "target", "targets")
_Row = tuple[int, list[str]]


def read_pabulib(source: str | Path, *, strict: bool = False) -> Election:
    """Parse a pabulib file given as a path or as the text itself.

    A ``str`` containing a newline is taken as the text, any other ``str`` or ``Path`` as a
    path. Return the election; raise ``PabulibError`` (with the line) on malformed input:
    missing section, unknown project, non-numeric cost, duplicate voter id, wrong field count.

    A ballot that breaks the declared limits (length, points, cost) or names a project twice
    raises with ``strict=True``; by default it is kept (duplicates dropped) and listed in
    ``Election.problems``, because published files contain a few such ballots (4 of the 104
    shared files) and must still be tallied as the city tallied them.
    """
    if isinstance(source, Path) or "\n" not in source:
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        text = source.lstrip("\ufeff")
    sections = _split_sections(text)
    meta = _read_meta(sections["meta"])
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unknown vote_type {vote_type!r}", sections["meta"][0][0])
    header_p, raw_projects = sections["projects"][0][1], sections["projects"][1:]
    budget_line = next(
        (line for line, row in sections["meta"] if row[0].strip() == "budget"),
        sections["meta"][0][0],
    )
    amounts = _amounts(meta, header_p, raw_projects, budget_line)
    scale = _scale_for(amounts.values())
    projects = tuple(_project(header_p, row, amounts, scale) for row in raw_projects)
    budget = int(amounts[("budget", 0)] * scale)
    election = Election(
        meta=meta,
        projects=projects,
        ballots=(),
        budget=budget,
        scale=scale,
        project_columns=tuple(c.strip() for c in header_p),
        vote_columns=tuple(c.strip() for c in sections["votes"][0][1]),
    )
    ballots, problems = _read_ballots(election, sections["votes"], strict=strict)
    return Election(
        problems=problems,
        meta=meta,
        projects=projects,
        ballots=ballots,
        budget=budget,
        scale=scale,
        project_columns=election.project_columns,
        vote_columns=election.vote_columns,
    )


def _rows(text: str) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    start = 1
    try:
        for row in reader:
            if row and not (len(row) == 1 and not row[0].strip()):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as err:
        raise PabulibError(f"unreadable row: {err}", start) from None


def _split_sections(text: str) -> dict[str, list[_Row]]:
    sections: dict[str, list[_Row]] = {}
    current: list[_Row] | None = None
    for line, row in _rows(text):
        name = row[0].strip().lower()
        if name in _SECTIONS and len(row) == 1:
            if name in sections:
                raise PabulibError(f"section {name.upper()} appears twice", line)
            current = sections[name] = []
        elif current is None:
            raise PabulibError("content before the META section", line)
        else:
            current.append((line, row))
    end = text.count("\n") + 1
    for name in _SECTIONS:
        if name not in sections:
            raise PabulibError(f"missing section {name.upper()}", end)
        if not sections[name]:
            raise PabulibError(f"section {name.upper()} has no header row", end)
    return sections


def _read_meta(rows: list[_Row]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line, row in rows[1:]:
        if len(row) < 2:
            raise PabulibError(f"META entry {row[0].strip()!r} has no value", line)
        meta[row[0].strip()] = ";".join(row[1:]).strip()
    if "budget" not in meta:
        raise PabulibError("META lacks budget", rows[0][0])
    return meta


def _decimal(text: str, what: str, line: int) -> Fraction:
    try:
        value = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"{what} is not a number: {text!r}", line) from None
    if value < 0:
        raise PabulibError(f"{what} is negative: {text!r}", line)
    return value


def _amounts(
    meta: Mapping[str, str], header: list[str], rows: list[_Row], meta_line: int
) -> dict[tuple[str, int], Fraction]:
    columns = [c.strip() for c in header]
    for needed in ("project_id", "cost"):
        if needed not in columns:
            raise PabulibError(f"PROJECTS header lacks {needed!r}", meta_line)
    at = columns.index("cost")
    amounts = {("budget", 0): _decimal(meta["budget"], "budget", meta_line)}
    if amounts[("budget", 0)] == 0:
        raise PabulibError("budget is zero", meta_line)
    for line, row in rows:
        if len(row) != len(columns):
            raise PabulibError(f"expected {len(columns)} fields, found {len(row)}", line)
        amounts[("cost", line)] = _decimal(row[at], "cost", line)
    return amounts


def _scale_for(values: Iterable[Fraction]) -> int:
    scale = 1
    for value in values:
        while (value * scale).denominator != 1:
            scale *= 10
            if scale > 10**6:
                raise PabulibError(f"amount {value} has more than six decimals")
    return scale


def _split_list(text: str) -> tuple[str, ...]:
    if " " not in text and ",," not in text and not text.endswith(","):
        return tuple(text.split(",")) if text else ()
    return tuple(s.strip() for s in text.split(",") if s.strip())


def _project(
    header: list[str], row: _Row, amounts: dict[tuple[str, int], Fraction], scale: int
) -> Project:
    line, cells = row
    values = {h.strip(): c.strip() for h, c in zip(header, cells, strict=True)}
    selected = values.get("selected")
    if selected not in (None, "", "none") and not selected.isdigit():
        raise PabulibError(f"selected is not an integer: {selected!r}", line)
    return Project(
        id=values["project_id"],
        cost=int(amounts[("cost", line)] * scale),
        name=values.get("name", ""),
        categories=_split_list(values.get("categories", values.get("category", ""))),
        targets=_split_list(values.get("targets", values.get("target", ""))),
        selected=int(selected) if selected and selected.isdigit() else None,
        fields={k: v for k, v in values.items() if k not in _PROJECT_KNOWN},
    )


def _read_ballots(
    election: Election, rows: list[_Row], *, strict: bool
) -> tuple[tuple[Ballot, ...], tuple[tuple[int, str], ...]]:
    header = [c.strip() for c in rows[0][1]]
    if "vote" not in header or "voter_id" not in header:
        raise PabulibError("VOTES header needs voter_id and vote", rows[0][0])
    known = {p.id for p in election.projects}
    if len(known) != len(election.projects):
        raise PabulibError("duplicate project id in PROJECTS", rows[0][0])
    with_points = election.vote_type in ("cumulative", "scoring")
    seen: set[str] = set()
    limits = BallotLimits.of(election)
    check_limits = limits.any()
    costs = {p.id: p.cost for p in election.projects}
    ballots = []
    problems: list[tuple[int, str]] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise PabulibError(f"expected {len(header)} fields, found {len(row)}", line)
        values = dict(zip(header, row, strict=True))
        ballot, twice = _ballot(values, known, with_points, line)
        if ballot.voter_id in seen:
            raise PabulibError(f"duplicate voter id {ballot.voter_id!r}", line)
        seen.add(ballot.voter_id)
        problem = twice or (limits.problem(ballot, costs) if check_limits else None)
        if problem and strict:
            raise PabulibError(problem, line)
        if problem:
            problems.append((line, problem))
        ballots.append(ballot)
    return tuple(ballots), tuple(problems)


def _ballot(
    values: dict[str, str], known: set[str], with_points: bool, line: int
) -> tuple[Ballot, str | None]:
    """Return the ballot of one VOTES row, and a problem to report if a project is repeated."""
    chosen = _split_list(values.pop("vote"))
    for pid in chosen:
        if pid not in known:
            raise PabulibError(f"vote names unknown project {pid!r}", line)
    twice = None
    if len(set(chosen)) != len(chosen):
        twice = "a project appears twice in one vote (the repeat is ignored)"
    points: tuple[int, ...] | None = None
    raw_points = values.pop("points", None)
    if with_points:
        texts = _split_list(raw_points or "")
        if len(texts) != len(chosen):
            raise PabulibError(f"{len(chosen)} projects but {len(texts)} points", line)
        if not all(t.lstrip("-").isdigit() for t in texts):
            raise PabulibError(f"points are not integers: {raw_points!r}", line)
        points = tuple(int(t) for t in texts)
    elif raw_points is not None:
        values["points"] = raw_points
    if twice:
        keep = [chosen.index(p) == i for i, p in enumerate(chosen)]
        chosen = tuple(p for p, k in zip(chosen, keep, strict=True) if k)
        if points is not None:
            points = tuple(v for v, k in zip(points, keep, strict=True) if k)
    voter = values.pop("voter_id").strip()
    return Ballot(voter_id=voter, projects=chosen, points=points, fields=values), twice


def _budget_of(text: str) -> Fraction | None:
    try:
        return Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None


def format_money(amount: int, scale: int) -> str:
    """Return ``amount`` minor units as the shortest exact decimal string of currency units."""
    whole, part = divmod(amount, scale)
    if part == 0:
        return str(whole)
    digits = len(str(scale)) - 1
    return f"{whole}.{part:0{digits}d}".rstrip("0")


def _project_cell(project: Project, column: str, scale: int) -> str:
    special = {
        "project_id": project.id,
        "cost": format_money(project.cost, scale),
        "name": project.name,
        "category": ",".join(project.categories),
        "categories": ",".join(project.categories),
        "target": ",".join(project.targets),
        "targets": ",".join(project.targets),
        "selected": "" if project.selected is None else str(project.selected),
    }
    return special[column] if column in special else project.fields.get(column, "")


def _ballot_cell(ballot: Ballot, column: str) -> str:
    if column == "voter_id":
        return ballot.voter_id
    if column == "vote":
        return ",".join(ballot.projects)
    if column == "points" and ballot.points is not None:
        return ",".join(str(p) for p in ballot.points)
    return ballot.fields.get(column, "")


def write_pabulib(election: Election) -> str:
    """Return the election as pabulib text; reading it back gives an equal election."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    if _budget_of(meta.get("budget", "")) != Fraction(election.budget, election.scale):
        meta["budget"] = format_money(election.budget, election.scale)
    out.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())
    out.write("PROJECTS\n")
    columns = list(election.project_columns)
    writer.writerow(columns)
    for p in election.projects:
        writer.writerow([_project_cell(p, c, election.scale) for c in columns])
    out.write("VOTES\n")
    writer.writerow(list(election.vote_columns))
    for b in election.ballots:
        writer.writerow([_ballot_cell(b, c) for c in election.vote_columns])
    return out.getvalue()
