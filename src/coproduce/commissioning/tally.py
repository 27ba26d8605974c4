"""The one adapter between this app and ``coproduce.methods.pb``: plain data in and out.

Nothing else in the app imports the methods library. Money crosses as integer pence: every
election built here has ``scale`` 100, so pabulib files are written in currency units and
Equal Shares' ``add1`` adds one currency unit per voter. Reasons come back as codes with
their numbers (``reasons.Reason``); sentences are made when a page is shown.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from coproduce.commissioning.reasons import Reason
from coproduce.commissioning.rules import rule_from_pabulib, rule_spec
from coproduce.methods import pb
from coproduce.methods.errors import MethodsError

logger = logging.getLogger(__name__)
PENCE = 100
VOTE_TYPES = {
    "approval": "approval",
    "knapsack": "approval",
    "cumulative": "cumulative",
    "ranked": "ordinal",
}
FORMATS = {
    "approval": "approval",
    "choose-1": "approval",
    "cumulative": "cumulative",
    "scoring": "cumulative",
    "ordinal": "ranked",
}
PbError = pb.PabulibError
CountError = MethodsError
"""The root of every error the methods library raises (a file, a rule, an input)."""
NO_BALLOTS = "no_ballots"
"""The reason given for every project, and the note, of an area where nobody voted."""
# META entries of an imported file that change how it is counted.
KEPT_META = (
    "min_project_score_threshold",
    "min_length",
    "max_length",
    "max_sum_cost",
    "max_sum_points",
)


@dataclass(frozen=True)
class ProjectSource:
    """An imported project as its file wrote it (what the round's proposal cannot hold)."""

    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    selected: int | None = None
    fields: Mapping[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """Return it as stored on the proposal."""
        return {
            "name": self.name,
            "categories": list(self.categories),
            "targets": list(self.targets),
            "selected": self.selected,
            "fields": dict(self.fields),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ProjectSource:
        """Return the stored source of a proposal."""
        selected = data.get("selected")
        return cls(
            name=str(data.get("name", "")),
            categories=_texts(data.get("categories")),
            targets=_texts(data.get("targets")),
            selected=selected if isinstance(selected, int) else None,
            fields=_fields(data.get("fields")),
        )


@dataclass(frozen=True)
class BallotSource:
    """An imported ballot's place in its file, its voter id and its other columns."""

    order: int
    voter_id: str
    fields: Mapping[str, str] = field(default_factory=dict)


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _fields(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class PlainProject:
    """A project on the ballot; ``votes`` and ``selected`` once counted (for export)."""

    id: str
    cost: int
    name: str = ""
    category: str = ""
    selected: bool | None = None
    votes: int | None = None
    source: ProjectSource | None = None


@dataclass(frozen=True)
class PlainBallot:
    choices: tuple[str, ...]
    points: tuple[int, ...] | None = None
    source: BallotSource | None = None


@dataclass(frozen=True)
class BallotShape:
    """The round's ballot: format and limits, for the file's META.

    ``source_meta`` and ``source_columns`` are an imported file's META and its PROJECTS and
    VOTES headers; with them an export writes the file back as it was imported.
    """

    ballot_format: str
    rule: str
    budget: int
    min_choices: int = 1
    max_choices: int | None = None
    points: int | None = None
    currency: str = "GBP"
    description: str = ""
    source_meta: Mapping[str, str] = field(default_factory=dict)
    source_columns: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Count:
    """The outcome for one area: winners in order, total cost, votes, and why.

    ``reasons`` has one reason per project id; ``notes`` say how the rule reached the outcome
    (an Equal Shares completion, a comparison with greedy).
    """

    rule: str
    selected: tuple[str, ...]
    funded: int
    votes: dict[str, int]
    reasons: dict[str, Reason]
    notes: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class ImportedElection:
    """A pabulib file as plain data, money in pence."""

    meta: dict[str, str]
    budget: int
    ballot_format: str
    rule: str
    projects: tuple[PlainProject, ...]
    ballots: tuple[PlainBallot, ...]
    problems: int
    columns: dict[str, list[str]] = field(default_factory=dict)


def _meta(shape: BallotShape) -> dict[str, str]:
    kept = {k: v for k, v in shape.source_meta.items() if k in KEPT_META}
    meta = {
        **kept,
        "rule": rule_spec(shape.rule).pabulib,
        "currency": shape.currency,
        "description": shape.description,
    }
    if shape.ballot_format == "knapsack":
        meta["max_sum_cost"] = str(shape.budget // PENCE)
    if shape.ballot_format == "approval":
        meta["min_length"] = str(shape.min_choices)
        if shape.max_choices:
            meta["max_length"] = str(shape.max_choices)
    if shape.ballot_format == "ranked" and shape.max_choices:
        meta["max_length"] = str(shape.max_choices)
    if shape.ballot_format == "cumulative" and shape.points:
        meta["max_sum_points"] = str(shape.points)
    return meta


def build_election(
    shape: BallotShape, projects: Sequence[PlainProject], ballots: Sequence[PlainBallot]
) -> pb.Election:
    """Return a methods-library election for the round's data (ballots in the order given)."""
    raw: list[Sequence[str] | Mapping[str, int]] = [
        dict(zip(b.choices, b.points, strict=True))
        if shape.ballot_format == "cumulative" and b.points
        else list(b.choices)
        for b in ballots
    ]
    election = pb.election_from_data(
        budget=shape.budget,
        projects=[{"id": p.id, "cost": p.cost, "name": p.name} for p in projects],
        ballots=raw,
        vote_type=VOTE_TYPES[shape.ballot_format],
        meta=_meta(shape),
    )
    return dataclasses.replace(election, scale=PENCE)


def votes_of(projects: Sequence[PlainProject], ballots: Sequence[PlainBallot]) -> dict[str, int]:
    """Return each project's votes: approvals, points, or ballots that rank it."""
    votes: Counter[str] = Counter({p.id: 0 for p in projects})
    for ballot in ballots:
        for index, pid in enumerate(ballot.choices):
            votes[pid] += ballot.points[index] if ballot.points else 1
    return dict(votes)


def count(
    shape: BallotShape,
    projects: Sequence[PlainProject],
    ballots: Sequence[PlainBallot],
    *,
    progress: Callable[[float], None] | None = None,
) -> Count:
    """Return the outcome of the round's rule for one area, with the reason for each project.

    Raise ``PbError`` or ``pb.RuleError`` when the data cannot be counted by the rule.
    """
    election = build_election(shape, projects, ballots)
    spec = rule_spec(shape.rule)

    def report(step: int, share: Fraction) -> None:
        if progress is not None:
            progress(min(float(share), 1.0))

    outcome = pb.tally(
        election,
        rule=spec.library,
        completion=spec.completion,
        comparison=spec.comparison,
        progress=report,
    )
    costs = {p.id: p.cost for p in projects}
    reasons, notes = _reasons(election, outcome)
    return Count(
        rule=outcome.rule,
        selected=tuple(outcome.selected),
        funded=sum(costs[pid] for pid in outcome.selected),
        votes=votes_of(projects, ballots),
        reasons=reasons,
        notes=notes,
    )


def nobody_voted(shape: BallotShape, projects: Sequence[PlainProject]) -> Count:
    """Return the outcome of an area without ballots: nothing funded, every project and the
    area's note saying there were no ballots (no rule is asked to count nothing)."""
    reason = Reason(NO_BALLOTS)
    return Count(
        rule=rule_spec(shape.rule).library,
        selected=(),
        funded=0,
        votes={p.id: 0 for p in projects},
        reasons={p.id: reason for p in projects},
        notes=(reason,),
    )


def _reason(x: pb.Explanation) -> Reason:
    return Reason(x.code.value, dict(x.numbers), x.projects, x.category)


def _reasons(
    election: pb.Election, outcome: pb.Outcome
) -> tuple[dict[str, Reason], tuple[Reason, ...]]:
    try:
        reasons = {pid: _reason(x) for pid, x in pb.explain(election, outcome).items()}
        notes = tuple(_reason(x) for x in pb.explain_outcome(election, outcome))
    except Exception:  # a reason the library cannot give must not stop the count
        logger.exception("the methods library could not explain the outcome")
        return {}, ()
    return reasons, notes


def read_file(source: str | Path) -> ImportedElection:
    """Read a pabulib file (path or text) into plain data; raise ``PbError`` if malformed."""
    election = pb.read_pabulib(source)
    to_pence = Fraction(PENCE, election.scale)
    fmt = FORMATS.get(election.vote_type, "approval")
    if fmt == "approval" and election.meta.get("max_sum_cost"):
        fmt = "knapsack"
    projects = tuple(
        PlainProject(
            id=p.id,
            cost=int(p.cost * to_pence),
            name=p.name or p.id,
            category=",".join(p.categories),
            selected=None if p.selected is None else bool(p.selected),
            source=ProjectSource(p.name, p.categories, p.targets, p.selected, dict(p.fields)),
        )
        for p in election.projects
    )
    ballots = tuple(
        PlainBallot(tuple(b.projects), b.points, BallotSource(n, b.voter_id, dict(b.fields)))
        for n, b in enumerate(election.ballots)
    )
    return ImportedElection(
        meta=dict(election.meta),
        budget=int(election.budget * to_pence),
        ballot_format=fmt,
        rule=rule_from_pabulib(election.rule).value,
        projects=projects,
        ballots=ballots,
        problems=len(election.problems),
        columns={
            "projects": list(election.project_columns),
            "votes": list(election.vote_columns),
        },
    )


def _counted(projects: Sequence[PlainProject], base: pb.Election) -> pb.Election:
    """Return ``base`` with the category, votes and selected columns of a counted round."""
    plain = {p.id: p for p in projects}
    counted = all(p.votes is not None for p in projects) and bool(projects)
    rich = tuple(
        dataclasses.replace(
            p,
            categories=(plain[p.id].category,) if plain[p.id].category else (),
            selected=int(bool(plain[p.id].selected)) if counted else None,
            fields={"votes": str(plain[p.id].votes)} if counted else {},
        )
        for p in base.projects
    )
    columns = ["project_id", "cost", "votes", "name", "category", "selected"]
    if not counted:
        columns = [c for c in columns if c not in ("votes", "selected")]
    if not any(p.categories for p in rich):
        columns.remove("category")
    return dataclasses.replace(base, projects=rich, project_columns=tuple(columns))


def _as_imported(
    shape: BallotShape, projects: Sequence[PlainProject], ballots: Sequence[PlainBallot]
) -> pb.Election:
    """Return the election exactly as its file was imported (ids, META, columns, voters)."""
    empty = ProjectSource()
    sources = [p.source or empty for p in projects]
    ordered = sorted(ballots, key=lambda b: b.source.order if b.source else 0)
    return pb.Election(
        meta=dict(shape.source_meta),
        projects=tuple(
            pb.Project(p.id, p.cost, s.name, s.categories, s.targets, s.selected, s.fields)
            for p, s in zip(projects, sources, strict=True)
        ),
        ballots=tuple(
            pb.Ballot(
                b.source.voter_id if b.source else str(n),
                b.choices,
                b.points,
                b.source.fields if b.source else {},
            )
            for n, b in enumerate(ordered, start=1)
        ),
        budget=shape.budget,
        scale=PENCE,
        project_columns=tuple(shape.source_columns["projects"]),
        vote_columns=tuple(shape.source_columns["votes"]),
    )


def write_text(
    shape: BallotShape, projects: Sequence[PlainProject], ballots: Sequence[PlainBallot]
) -> str:
    """Return the election as pabulib text.

    A round imported from a file (``shape.source_columns``) is written back as the file was:
    its META, project ids and columns, voter ids and columns, in its order. Any other round is
    written anonymised (voters numbered 1, 2, … in the order given), with each project's
    votes and whether it was selected once counted.
    """
    if shape.source_columns:
        return pb.write_pabulib(_as_imported(shape, projects, ballots))
    return pb.write_pabulib(_counted(projects, build_election(shape, projects, ballots)))
