"""Assignment is random, stratified, balanced and replayable from its seed."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.methods.experiments import SCHEME, ExperimentError, assign


def test_every_unit_gets_one_of_the_arms():
    result = assign(range(1, 11), ["A", "B"], seed=1)
    assert list(result.arm_of) == list(range(1, 11))
    assert set(result.arm_of.values()) == {"A", "B"}
    assert result.counts() == {"A": 5, "B": 5}


def test_the_same_seed_gives_the_same_assignment_and_another_seed_another():
    units = [f"p{i}" for i in range(40)]
    first = assign(units, ["A", "B"], seed=7)
    assert assign(units, ["A", "B"], seed=7).arm_of == first.arm_of
    assert assign(units, ["A", "B"], seed=8).arm_of != first.arm_of


def test_a_stored_seed_replays_exactly_this_assignment():
    # pins the algorithm and NumPy's PCG64 stream: if this fails, stored seeds no longer replay
    strata = {u: ("north" if u % 2 else "south", "65+" if u > 6 else "16-64") for u in range(1, 13)}
    result = assign(range(1, 13), ["control", "letter"], strata=strata, seed=20250314)
    assert "".join(result.arm_of[u][0] for u in range(1, 13)) == "llcllclcclcc"
    assert result.scheme == SCHEME == "permuted-blocks/pcg64/v1"


def test_each_stratum_is_balanced_within_one_unit_per_arm():
    strata = {u: ["a", "b", "c"][u % 3] for u in range(100)}
    result = assign(range(100), ["A", "B", "C"], strata=strata, seed=3)
    for allocation in result.strata:
        assert max(allocation.counts.values()) - min(allocation.counts.values()) <= 1
        observed = Counter(result.arm_of[u] for u in strata if strata[u] == allocation.stratum[0])
        assert observed == Counter(allocation.counts)


def test_ratios_set_the_arms_relative_sizes():
    result = assign(range(30), ["A", "B"], seed=0, ratios=[2, 1])
    assert result.counts() == {"A": 20, "B": 10}
    assert result.ratios == (2, 1)


def test_a_stratum_keeps_its_assignment_when_another_stratum_is_added():
    north = {u: "north" for u in range(20)}
    alone = assign(list(north), ["A", "B"], strata=north, seed=5)
    both = assign(
        range(40), ["A", "B"], strata={**north, **{u: "south" for u in range(20, 40)}}, seed=5
    )
    assert all(both.arm_of[u] == alone.arm_of[u] for u in north)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"arms": ["A"]}, "bad_arms"),
        ({"arms": ["A", "A"]}, "bad_arms"),
        ({"ratios": [1, 0]}, "bad_ratios"),
        ({"ratios": [1]}, "bad_ratios"),
        ({"seed": -1}, "bad_seed"),
        ({"units": [1, 2, 1]}, "duplicate_unit"),
        ({"units": [1.5]}, "bad_unit"),
        ({"strata": {1: "x"}}, "unit_without_stratum"),
    ],
)
def test_a_bad_design_is_refused_with_a_code(kwargs, code):
    arguments = {"units": [1, 2], "arms": ["A", "B"], "seed": 0, **kwargs}
    units, arms = arguments.pop("units"), arguments.pop("arms")
    with pytest.raises(ExperimentError) as raised:
        assign(units, arms, **arguments)
    assert raised.value.code == code


units = st.lists(
    st.one_of(st.integers(0, 10_000), st.text(min_size=1, max_size=4)), unique=True, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(
    units=units,
    n_arms=st.integers(2, 4),
    ratios=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    n_strata=st.integers(1, 4),
    seed=st.integers(0, 2**64),
    data=st.data(),
)
def test_assignment_is_reproducible_order_free_and_balanced(
    units, n_arms, ratios, n_strata, seed, data
):
    arms = [f"arm{i}" for i in range(n_arms)]
    ratios = ratios[:n_arms]
    strata = {u: f"s{i % n_strata}" for i, u in enumerate(units)}
    result = assign(units, arms, strata=strata, seed=seed, ratios=ratios)
    shuffled = data.draw(st.permutations(units))
    order = data.draw(st.permutations(range(n_arms)))
    again = assign(
        shuffled,
        [arms[i] for i in order],
        strata=strata,
        seed=seed,
        ratios=[ratios[i] for i in order],
    )
    assert dict(again.arm_of) == dict(result.arm_of)
    block = sum(ratios)
    for allocation in result.strata:
        n = sum(allocation.counts.values())
        for arm, ratio in zip(arms, ratios, strict=True):
            assert abs(allocation.counts[arm] - n * ratio / block) < 1
