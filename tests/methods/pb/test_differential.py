"""Differential tests against pabutools, the peer library, in compatibility mode.

The default run compares with pabutools' winners cached in ``bench/data/pb`` on every shared
file, the largest included (regenerate with ``bench/pb_vs_pabutools.py --write-cache``;
``--retry`` recomputes entries where pabutools did not finish); ``--run-slow`` also runs
pabutools live.
Maximum welfare is compared by its optimum value, as optima need not be unique.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coproduce.methods.pb import Election, tally
from coproduce.methods.pb.profile import compile_profile
from tests.methods.pb import reference

CACHE = Path(__file__).resolve().parents[3] / "bench" / "data" / "pb" / "pabutools_winners.json"
BIG = 20000


def _cache() -> dict[str, dict[str, Any]]:
    return json.loads(CACHE.read_text()) if CACHE.exists() else {}


def _ours(election: Election, key: reference.RuleKey) -> set[str]:
    rule, utility, completion = key
    outcome = tally(
        election,
        rule=rule,
        utility=utility,  # type: ignore[arg-type]
        completion=completion or None,
        comparison="none",
        compat="pabutools",
    )
    return set(outcome.selected)


def _name(key: reference.RuleKey) -> str:
    return "/".join(k for k in key if k)


def _check_file(election: Election, entry: dict[str, Any]) -> list[str]:
    mismatches = []
    for key in reference.keys_for(election.vote_type):
        cached = entry.get(_name(key))
        assert cached is not None, f"no cached pabutools result for {_name(key)}"
        if cached["winners"] is None:
            continue  # pabutools did not finish within the cache's time limit
        if _ours(election, key) != set(cached["winners"]):
            mismatches.append(_name(key))
    return mismatches


def test_the_cache_covers_every_shared_file(elections: dict[str, Election]) -> None:
    assert set(_cache()) >= set(elections)


@pytest.mark.parametrize("size", ["small", "big"])
def test_our_winners_equal_pabutools_on_every_shared_file(
    elections: dict[str, Election], size: str
) -> None:
    cache = _cache()
    mismatches = {}
    for name, election in elections.items():
        if (len(election.ballots) > BIG) != (size == "big") or name not in cache:
            continue
        found = _check_file(election, cache[name])
        if found:
            mismatches[name] = found
    assert mismatches == {}


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024",
        "Poland_Gdansk_2020_Jasien",
        "Poland_Krakow_2018_Podgorze_Duchackie",
    ],
)
def test_max_welfare_reaches_the_same_optimum_as_pabutools(
    elections: dict[str, Election], pabulib_dir: Path, name: str
) -> None:
    election = elections[name]
    utility = {"ordinal": "borda", "cumulative": "points"}.get(election.vote_type, "cost")
    key: reference.RuleKey = ("max-welfare", utility, "")
    instance, profile = reference.load(pabulib_dir / f"{name}.pb")
    theirs = reference.run(instance, profile, key)
    scores = dict(
        zip(
            compile_profile(election, utility).ids,
            compile_profile(election, utility).scores().tolist(),
            strict=True,
        )
    )  # type: ignore[arg-type]
    ours = tally(election, rule="max-welfare", utility=utility)  # type: ignore[arg-type]
    assert sum(scores[p] for p in ours.selected) == sum(scores[p] for p in theirs)


@pytest.mark.slow
def test_live_pabutools_agrees_on_the_smaller_files(
    elections: dict[str, Election], pabulib_dir: Path
) -> None:
    mismatches = {}
    for name, election in elections.items():
        if len(election.ballots) > 5000:
            continue
        instance, profile = reference.load(pabulib_dir / f"{name}.pb")
        for key in reference.keys_for(election.vote_type):
            if key[2] == "add1e" and len(election.ballots) > 1000:
                continue
            if _ours(election, key) != reference.run(instance, profile, key):
                mismatches.setdefault(name, []).append(_name(key))
    assert mismatches == {}
