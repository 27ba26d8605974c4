"""The pabulib checker's consistency checks, with line numbers where a line is to blame."""

from __future__ import annotations

from collections import Counter

from coproduce.methods.errors import MethodsError
from coproduce.methods.pb.election import Election
from coproduce.methods.pb.tally import declared_rule, tally

__all__ = ["Problem", "check_election", "reproduces_selected"]

Problem = tuple[int | None, str]


def _counts(election: Election) -> list[Problem]:
    found: list[Problem] = []
    for key, actual in (
        ("num_projects", len(election.projects)),
        ("num_votes", len(election.ballots)),
    ):
        declared = election.meta.get(key)
        if declared is not None and declared.strip() != str(actual):
            found.append((None, f"META {key} is {declared} but the file has {actual}"))
    return found


def _scores(election: Election) -> list[Problem]:
    votes: Counter[str] = Counter()
    points: Counter[str] = Counter()
    for b in election.ballots:
        votes.update(b.projects)
        if b.points is not None:
            for pid, value in zip(b.projects, b.points, strict=True):
                points[pid] += value
    found: list[Problem] = []
    for p in election.projects:
        if "votes" in p.fields and p.fields["votes"].strip() not in ("", str(votes[p.id])):
            found.append(
                (None, f"project {p.id}: votes column {p.fields['votes']}, counted {votes[p.id]}")
            )
        score = p.fields.get("score", "").strip()
        if score and election.vote_type in ("cumulative", "scoring") and score != str(points[p.id]):
            found.append((None, f"project {p.id}: score column {score}, counted {points[p.id]}"))
    return found


def reproduces_selected(election: Election) -> bool | None:
    """Return whether the declared rule gives the file's ``selected`` projects, or ``None`` when
    the file has no ``selected`` column or declares no rule we run. Value 2 counts as selected
    only under Poznań's rule (``greedy-custom``), where it marks the 80 % reserve project;
    elsewhere 2 and 3 mark projects funded from other money."""
    funded = (1, 2) if election.rule == "greedy-custom" else (1,)
    marked = {p.id for p in election.projects if p.selected in funded}
    if all(p.selected is None for p in election.projects) or election.rule == "unknown":
        return None
    rule, _, _ = declared_rule(election)
    if rule == "greedy" and not election.rule.startswith("greedy"):
        return None
    return set(tally(election).selected) == marked


def check_election(election: Election) -> list[Problem]:
    """Return every problem found: ballots breaking limits (with their line), counts that do
    not match the rows, votes or scores that do not match the ballots, and a ``selected``
    column the declared rule does not reproduce."""
    found: list[Problem] = [(line, message) for line, message in election.problems]
    found += _counts(election) + _scores(election)
    try:
        agrees = reproduces_selected(election)
    except MethodsError as err:
        found.append((None, f"could not run the declared rule: {err}"))
        agrees = None
    if agrees is False:
        found.append((None, f"the selected column differs from what rule {election.rule!r} gives"))
    return found
