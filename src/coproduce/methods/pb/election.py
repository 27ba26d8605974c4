"""The election: frozen dataclasses for projects, ballots and the whole instance.

Money is held as integers in *minor units*: ``Election.scale`` minor units make one currency
unit. Pabulib costs are integers almost everywhere; where a file writes decimals (``2372571.24``)
the whole election is scaled by the smallest power of ten that makes every amount an integer,
so every comparison stays exact and writing the file back gives the same amounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from coproduce.methods.pb.errors import PabulibError

__all__ = ["VOTE_TYPES", "Ballot", "Election", "Project", "election_from_data"]

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")


@dataclass(frozen=True, slots=True)
class Project:
    """One project: ``cost`` in minor units; ``fields`` keeps every other column as written."""

    id: str
    cost: int
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    selected: int | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot: project ids in the order written (rank order for ordinal ballots).

    ``points`` is parallel to ``projects`` for cumulative and scoring ballots, else ``None``.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Election:
    """A participatory-budgeting election: META entries, projects and ballots.

    ``budget`` is in minor units; ``meta`` keeps every META entry exactly as written
    (including ``budget``), so it can be written back.
    """

    meta: Mapping[str, str]
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    budget: int
    scale: int = 1
    project_columns: tuple[str, ...] = ("project_id", "cost", "name")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")
    problems: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    @property
    def vote_type(self) -> str:
        """Return the declared vote type (``approval`` unless the META says otherwise)."""
        return self.meta.get("vote_type", "approval")

    @property
    def rule(self) -> str:
        """Return the declared rule (``unknown`` when absent)."""
        return self.meta.get("rule", "unknown")

    def project(self, project_id: str) -> Project:
        """Return the project with this id; raise ``KeyError`` if there is none."""
        return self.project_index()[project_id]

    def project_index(self) -> dict[str, Project]:
        """Return a dict from project id to project, in file order."""
        return {p.id: p for p in self.projects}

    def limit(self, key: str) -> int | None:
        """Return an integer META limit such as ``max_length``, or ``None`` when not declared."""
        value = self.meta.get(key)
        if value is None or value.strip() == "":
            return None
        return int(float(value))

    def category_budgets(self) -> dict[str, int]:
        """Return the per-category (or per-neighbourhood) budgets in minor units, if declared."""
        for names_key, budgets_key in (
            ("categories", "budget_per_category"),
            ("neighborhoods", "budget_per_neighborhood"),
        ):
            names, amounts = self.meta.get(names_key), self.meta.get(budgets_key)
            if names and amounts:
                return {
                    n.strip(): int(float(a)) * self.scale
                    for n, a in zip(names.split(","), amounts.split(","), strict=False)
                }
        return {}


def _plain_project(raw: Mapping[str, object], line: int) -> Project:
    try:
        cost = raw["cost"]
        pid = str(raw["id"])
    except KeyError as missing:
        raise PabulibError(f"project data lacks {missing}", None) from None
    if not isinstance(cost, int) or isinstance(cost, bool) or cost < 0:
        raise PabulibError(f"project {pid!r}: cost must be a non-negative integer", None)
    return Project(id=pid, cost=cost, name=str(raw.get("name", "")))


def election_from_data(
    *,
    budget: int,
    projects: Sequence[Mapping[str, object]],
    ballots: Iterable[Sequence[str] | Mapping[str, int]],
    vote_type: str | None = None,
    meta: Mapping[str, str] | None = None,
) -> Election:
    """Build an election from plain Python data.

    ``projects`` are mappings with ``id``, integer ``cost`` (minor units) and optional ``name``;
    each ballot is a list of project ids (approval, or ordinal when ``vote_type="ordinal"``) or
    a mapping ``{project id: points}`` (cumulative). Raise ``PabulibError`` on an unknown
    project, a negative cost or a duplicate project id.
    """
    plain = tuple(_plain_project(p, i) for i, p in enumerate(projects))
    ids = {p.id for p in plain}
    if len(ids) != len(plain):
        raise PabulibError("duplicate project id")
    built: list[Ballot] = []
    kinds: set[str] = set()
    for number, raw in enumerate(ballots, start=1):
        if isinstance(raw, Mapping):
            kinds.add("cumulative")
            chosen, points = tuple(str(k) for k in raw), tuple(int(v) for v in raw.values())
        else:
            kinds.add("approval")
            chosen, points = tuple(str(k) for k in raw), None
        for pid in chosen:
            if pid not in ids:
                raise PabulibError(f"ballot {number} names unknown project {pid!r}")
        built.append(Ballot(voter_id=str(number), projects=chosen, points=points))
    if len(kinds) > 1:
        raise PabulibError("ballots mix lists and {id: points} mappings")
    declared = vote_type or (kinds.pop() if kinds else "approval")
    full_meta = {"vote_type": declared, "budget": str(budget), **(meta or {})}
    full_meta["num_projects"], full_meta["num_votes"] = str(len(plain)), str(len(built))
    columns = ("voter_id", "vote", "points") if declared in ("cumulative", "scoring") else None
    return Election(
        meta=full_meta,
        projects=plain,
        ballots=tuple(built),
        budget=budget,
        vote_columns=columns or ("voter_id", "vote"),
    )
