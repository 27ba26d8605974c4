"""The one adapter between this app and ``coproduce.methods.pb``: plain data in and out.

Nothing else in the app imports the methods library. Money crosses as integer pence; the
elections this module builds are written to pabulib in whole currency units (scale 100).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from coproduce.methods import pb

logger = logging.getLogger(__name__)
PENCE = 100
# The round's rule → (library rule, completion, the rule named in a pabulib META).
RULES: dict[str, tuple[str, str | None, str]] = {
    "greedy": ("greedy", None, "greedy"),
    "greedy-no-skip": ("greedy-no-skip", None, "greedy-no-skip"),
    "equal-shares": ("equal-shares", "add1", "equalshares/add1"),
    "phragmen": ("phragmen", None, "phragmen"),
}
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
# META entries of an imported file that change how it is counted.
KEPT_META = (
    "min_project_score_threshold",
    "min_length",
    "max_length",
    "max_sum_cost",
    "max_sum_points",
)


@dataclass(frozen=True)
class PlainProject:
    id: str
    cost: int
    name: str = ""
    category: str = ""
    selected: bool | None = None


@dataclass(frozen=True)
class PlainBallot:
    choices: tuple[str, ...]
    points: tuple[int, ...] | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BallotShape:
    """The round's ballot: format and limits, for the file's META."""

    ballot_format: str
    rule: str
    budget: int
    min_choices: int = 1
    max_choices: int | None = None
    points: int | None = None
    currency: str = "GBP"
    description: str = ""
    source_meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Count:
    """The outcome for one area: winners in order, total cost, votes and explanations."""

    rule: str
    selected: tuple[str, ...]
    funded: int
    votes: dict[str, int]
    explanations: dict[str, str]


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


def _meta(shape: BallotShape) -> dict[str, str]:
    kept = {k: v for k, v in shape.source_meta.items() if k in KEPT_META}
    meta = {
        **kept,
        "rule": RULES[shape.rule][2],
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
) -> Any:
    """Return a methods-library election for the round's data (ballots in the order given)."""
    raw: list[Any] = [
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
    whole = all(p.cost % PENCE == 0 for p in projects) and shape.budget % PENCE == 0
    return dataclasses.replace(election, scale=PENCE) if whole else election


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
    """Return the outcome of the round's rule for one area, with plain-language explanations."""
    election = build_election(shape, projects, ballots)
    rule, completion, _declared = RULES[shape.rule]

    def report(step: int, share: Any) -> None:
        if progress is not None:
            progress(min(float(share), 1.0))

    outcome = pb.tally(election, rule=rule, completion=completion, progress=report)
    costs = {p.id: p.cost for p in projects}
    votes = votes_of(projects, ballots)
    return Count(
        rule=outcome.rule,
        selected=tuple(outcome.selected),
        funded=sum(costs[pid] for pid in outcome.selected),
        votes=votes,
        explanations=_explanations(election, outcome, votes, costs),
    )


def _explanations(
    election: Any, outcome: Any, votes: Mapping[str, int], costs: Mapping[str, int]
) -> dict[str, str]:
    explain = _library_explain()
    if explain is not None:
        try:
            return {pid: _text(e) for pid, e in explain(election, outcome).items()}
        except Exception:  # explanations must never stop a count
            logger.exception("the methods library could not explain the outcome")
    order = {pid: i for i, pid in enumerate(outcome.selected, start=1)}
    texts = {}
    for decision in outcome.decisions:
        pid = decision.project
        texts[pid] = _fallback(decision.action, decision.reason, order.get(pid), votes.get(pid, 0))
    for pid in costs:
        texts.setdefault(pid, _fallback("skipped", "", None, votes.get(pid, 0)))
    return texts


def _library_explain() -> Callable[..., Any] | None:
    """Return the library's ``explain`` (exported, or from its module while it is new)."""
    found = getattr(pb, "explain", None)
    if callable(found):
        return found  # type: ignore[no-any-return]
    try:
        from coproduce.methods.pb import explain as module
    except ImportError:
        return None
    found = getattr(module, "explain", None)
    return found if callable(found) else None


def _text(explanation: Any) -> str:
    for name in ("text", "summary", "sentence", "plain"):
        value = getattr(explanation, name, None)
        if isinstance(value, str):
            return value
    return str(explanation)


def _fallback(action: str, reason: str, order: int | None, votes: int) -> str:
    if action == "selected":
        return _(
            "Funded (chosen %(order)s) with %(votes)s votes: it had enough support for its cost."
        ) % {
            "order": order,
            "votes": votes,
        }
    if reason in ("no_support",):
        return _("Not funded: nobody voted for it.")
    if reason == "supporters_out_of_money":
        return _(
            "Not funded: its %(votes)s supporters had already spent their equal share of the "
            "budget on projects they liked more."
        ) % {"votes": votes}
    if reason == "not_reached":
        return _("Not funded: the budget ran out before it was reached.")
    return _("Not funded: with %(votes)s votes it did not fit in what was left of the budget.") % {
        "votes": votes
    }


def read_file(source: str | Path) -> ImportedElection:
    """Read a pabulib file (path or text) into plain data; raise ``PbError`` if malformed."""
    election = pb.read_pabulib(source)
    to_pence = PENCE / election.scale
    fmt = FORMATS.get(election.vote_type, "approval")
    if fmt == "approval" and election.meta.get("max_sum_cost"):
        fmt = "knapsack"
    declared = _declared_rule(election.meta.get("rule", ""))
    projects = tuple(
        PlainProject(
            id=p.id,
            cost=round(p.cost * to_pence),
            name=p.name or p.id,
            category=",".join(p.categories),
            selected=None if p.selected is None else bool(p.selected),
        )
        for p in election.projects
    )
    ballots = tuple(
        PlainBallot(tuple(b.projects), b.points, dict(b.fields)) for b in election.ballots
    )
    return ImportedElection(
        meta=dict(election.meta),
        budget=round(election.budget * to_pence),
        ballot_format=fmt,
        rule=declared,
        projects=projects,
        ballots=ballots,
        problems=len(election.problems),
    )


def _declared_rule(declared: str) -> str:
    if declared.startswith("equalshares"):
        return "equal-shares"
    if declared == "greedy-no-skip":
        return "greedy-no-skip"
    return "greedy"


def write_text(
    shape: BallotShape, projects: Sequence[PlainProject], ballots: Sequence[PlainBallot]
) -> str:
    """Return the anonymised election as pabulib text (voters numbered 1, 2, …)."""
    return str(pb.write_pabulib(build_election(shape, projects, ballots)))


def winners_of_text(text: str, rule: str) -> tuple[str, ...]:
    """Return the winners the library finds in a pabulib text under the round's rule."""
    election = pb.read_pabulib(text)
    library_rule, completion, _declared = RULES[rule]
    return tuple(pb.tally(election, rule=library_rule, completion=completion).selected)
