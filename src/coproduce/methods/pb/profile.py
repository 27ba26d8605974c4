"""The compiled, sparse form of an election that the rules run on.

Identical ballots are merged into one *group* with a multiplicity, and each project keeps the
groups that support it with their (integer) utilities, in CSR form: memory is proportional to
the number of distinct approvals, never to voters × projects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.errors import RuleError

__all__ = [
    "UTILITIES",
    "Profile",
    "Utility",
    "approval_profile",
    "cached_profile",
    "compile_profile",
    "default_utility",
    "restate",
]

Utility = Literal["cost", "cardinality", "points", "borda", "rank-points"]
UTILITIES: tuple[Utility, ...] = ("cost", "cardinality", "points", "borda", "rank-points")
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Profile:
    """Projects × voter groups, sparse. ``members[indptr[j]:indptr[j+1]]`` support project ``j``.

    ``utils`` is parallel to ``members`` (integers); ``weights[g]`` is group ``g``'s number of
    voters; ``votes[j]`` the number of voters giving ``j`` a positive utility.
    """

    ids: tuple[str, ...]
    costs: IntArray
    budget: int
    scale: int
    n_voters: int
    weights: IntArray
    indptr: IntArray
    members: IntArray
    utils: IntArray
    votes: IntArray
    utility: Utility

    @property
    def n_projects(self) -> int:
        """Return the number of projects."""
        return len(self.ids)

    def supporters(self, j: int) -> tuple[IntArray, IntArray]:
        """Return (groups, utilities) of the supporters of project ``j``."""
        a, b = int(self.indptr[j]), int(self.indptr[j + 1])
        return self.members[a:b], self.utils[a:b]

    def owners(self) -> IntArray:
        """Return, parallel to ``members``, the project each approval is for."""
        return np.repeat(np.arange(self.n_projects, dtype=np.int64), np.diff(self.indptr))

    def scores(self) -> IntArray:
        """Return each project's total utility (weighted by group size)."""
        totals = np.zeros(self.n_projects, dtype=np.int64)
        for j in range(self.n_projects):
            groups, utils = self.supporters(j)
            totals[j] = int((self.weights[groups] * utils).sum())
        return totals


def default_utility(election: Election) -> Utility:
    """Return the utility a rule uses unless told: cost (approval), points, or Borda (ordinal)."""
    if election.vote_type in ("cumulative", "scoring"):
        return "points"
    if election.vote_type == "ordinal":
        return "borda"
    return "cost"


def _ballot_utilities(
    projects: tuple[str, ...], points: tuple[int, ...] | None, utility: Utility
) -> list[int]:
    if utility == "points":
        if points is None:
            raise RuleError("utility 'points' needs cumulative or scoring ballots")
        return list(points)
    if utility in ("borda", "rank-points"):
        length, bonus = len(projects), int(utility == "rank-points")
        return [length - k + bonus for k in range(1, length + 1)]
    return [1] * len(projects)


def compile_profile(election: Election, utility: Utility) -> Profile:
    """Return the sparse profile of ``election`` under ``utility``.

    ``cost`` utility gives a supporter the project's cost, ``cardinality`` gives 1, ``points``
    the points given (cumulative/scoring), ``borda`` L−k for the k-th of L ranked projects and
    ``rank-points`` L−k+1 (Kraków's 3-2-1 points, which greedy counts on ranked ballots).
    Raise ``RuleError`` when the utility does not fit the ballots.
    """
    if utility not in UTILITIES:
        raise RuleError(f"unknown utility {utility!r}")
    if utility in ("borda", "rank-points") and election.vote_type != "ordinal":
        raise RuleError(f"utility {utility!r} needs ordinal ballots")
    index = {p.id: j for j, p in enumerate(election.projects)}
    groups: dict[tuple[tuple[str, ...], tuple[int, ...] | None], int] = {}
    weights: list[int] = []
    for ballot in election.ballots:
        key = (ballot.projects, ballot.points)
        g = groups.get(key)
        if g is None:
            groups[key] = len(weights)
            weights.append(1)
        else:
            weights[g] += 1
    owners: list[int] = []
    members: list[int] = []
    utilities: list[int] = []
    for (chosen, points), g in groups.items():
        for pid, u in zip(chosen, _ballot_utilities(chosen, points, utility), strict=True):
            if u > 0:
                owners.append(index[pid])
                members.append(g)
                utilities.append(u)
    costs = np.array([p.cost for p in election.projects], dtype=np.int64)
    return _assemble(
        election,
        np.array(owners, dtype=np.int64),
        np.array(members, dtype=np.int64),
        np.array(utilities, dtype=np.int64),
        np.array(weights, dtype=np.int64),
        costs,
        utility,
    )


def cached_profile(election: Election, utility: Utility) -> Profile:
    """Return the compiled profile, kept on the (immutable) election for the next caller.

    Groups are numbered the same way under every utility, so a rule's payments and an
    explanation's supporters can be matched group by group.
    """
    cache: dict[Utility, Profile] | None = election.__dict__.get("_profiles")
    if cache is None:
        cache = {}
        object.__setattr__(election, "_profiles", cache)
    if utility not in cache:
        other: Utility = "cardinality" if utility == "cost" else "cost"
        if utility in ("cost", "cardinality") and other in cache:
            cache[utility] = restate(cache[other], utility)
        else:
            cache[utility] = compile_profile(election, utility)
    return cache[utility]


def _assemble(
    election: Election,
    owners: IntArray,
    members: IntArray,
    utils: IntArray,
    weights: IntArray,
    costs: IntArray,
    utility: Utility,
) -> Profile:
    """Return the profile from one row per (project, group) approval, listed group by group:
    a stable sort by project keeps each project's groups in increasing order."""
    order = np.argsort(owners, kind="stable")
    owners, members, utils = owners[order], members[order], utils[order]
    n = len(election.projects)
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(owners, minlength=n))
    if utility == "cost":
        utils = utils * costs[owners]
    votes = np.zeros(n, dtype=np.int64)
    np.add.at(votes, owners, weights[members])
    return Profile(
        ids=tuple(p.id for p in election.projects),
        costs=costs,
        budget=election.budget,
        scale=election.scale,
        n_voters=len(election.ballots),
        weights=weights,
        indptr=indptr,
        members=members,
        utils=utils,
        votes=votes,
        utility=utility,
    )


def restate(profile: Profile, utility: Utility) -> Profile:
    """Return ``profile`` (cost or cardinality utility) under the other of the two: the same
    approvals, worth the project's cost or 1."""
    if {profile.utility, utility} != {"cost", "cardinality"}:
        raise RuleError(f"cannot restate utility {profile.utility!r} as {utility!r}")
    ones = np.ones(len(profile.members), dtype=np.int64)
    utils = profile.costs[profile.owners()] if utility == "cost" else ones
    return replace(profile, utils=utils, utility=utility)


def approval_profile(
    *,
    costs: IntArray,
    budget: int,
    ballot_indptr: IntArray,
    ballot_projects: IntArray,
    utility: Utility = "cost",
) -> Profile:
    """Return the profile of approval ballots given as arrays (for millions of voters).

    Voter ``v`` approves ``ballot_projects[ballot_indptr[v]:ballot_indptr[v+1]]`` (project
    indices, no repeats). Memory stays proportional to the number of approvals.
    """
    n_voters = len(ballot_indptr) - 1
    lengths = np.diff(ballot_indptr)
    voter_of = np.repeat(np.arange(n_voters, dtype=np.int64), lengths)
    order = np.lexsort((voter_of, ballot_projects))
    members, projects = voter_of[order], ballot_projects[order]
    counts = np.bincount(projects, minlength=len(costs)).astype(np.int64)
    indptr = np.zeros(len(costs) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(counts)
    utils = costs[projects] if utility == "cost" else np.ones(len(members), dtype=np.int64)
    return Profile(
        ids=tuple(str(j) for j in range(len(costs))),
        costs=costs.astype(np.int64),
        budget=budget,
        scale=1,
        n_voters=n_voters,
        weights=np.ones(n_voters, dtype=np.int64),
        indptr=indptr,
        members=members.astype(np.int64),
        utils=utils.astype(np.int64),
        votes=counts,
        utility=utility,
    )
