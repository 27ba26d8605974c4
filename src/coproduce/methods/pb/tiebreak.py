"""Tie-breaking orders: every rule takes one explicitly.

``cost-votes`` (the default, equalshares.net's): lower cost first, then more votes, then the
project id. ``id``: the project id string (pabutools' order). ``votes``: more votes, then id.
``lottery:SEED``: a seeded random order, reproducible from the seed.
"""

from __future__ import annotations

import random

import numpy as np

from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.profile import IntArray, Profile

__all__ = ["DEFAULT_TIE_BREAK", "TIE_BREAKS", "tie_ranks"]

DEFAULT_TIE_BREAK = "cost-votes"
TIE_BREAKS = ("cost-votes", "id", "votes", "lottery:SEED")


def tie_ranks(profile: Profile, tie_break: str) -> IntArray:
    """Return ``rank[j]``: among tied projects the one with the lowest rank wins.

    Raise ``RuleError`` for an unknown tie-break name.
    """
    n = profile.n_projects
    ids = profile.ids
    if tie_break == "cost-votes":
        keys: list[tuple[int, int, str]] = [
            (int(profile.costs[j]), -int(profile.votes[j]), ids[j]) for j in range(n)
        ]
        order = sorted(range(n), key=lambda j: keys[j])
    elif tie_break == "id":
        order = sorted(range(n), key=lambda j: ids[j])
    elif tie_break == "votes":
        order = sorted(range(n), key=lambda j: (-int(profile.votes[j]), ids[j]))
    elif tie_break.startswith("lottery"):
        seed = tie_break.partition(":")[2] or "0"
        order = sorted(range(n), key=lambda j: ids[j])
        random.Random(seed).shuffle(order)
    else:
        raise RuleError(f"unknown tie-break {tie_break!r}; use one of {', '.join(TIE_BREAKS)}")
    rank = np.empty(n, dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    return rank
