"""Differential tests on random small instances: our optimum is OR-Tools' (CP-SAT) and the
brute force's, our shortcuts change nothing, and the reasons hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coproduce.methods.matching import (
    Matching,
    MatchingInstance,
    Reason,
    Shift,
    Volunteer,
    match,
)
from tests.methods.matching import reference

DAY = datetime(2026, 12, 5, 8)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _place(draw: st.DrawFn) -> tuple[float, float]:
    return 51.5 + draw(st.integers(-10, 10)) / 1000, -0.1 + draw(st.integers(-10, 10)) / 1000


def _time(draw: st.DrawFn, latest: int, days: int) -> datetime:
    """On one of ``days`` days (mostly the first), on the half hour."""
    day = draw(st.sampled_from([0, 0, 0, 0, 1][: 4 + days - 1]))
    return DAY + timedelta(days=day, minutes=30 * draw(st.integers(0, latest)))


@st.composite
def shifts(draw: st.DrawFn, ident: str, days: int) -> Shift:
    start = _time(draw, 12, days)
    lat, lon = _place(draw)
    return Shift(
        id=ident,
        start=start,
        end=start + timedelta(minutes=30 * draw(st.integers(1, 6))),
        lat=lat,
        lon=lon,
        capacity=draw(st.integers(0, 3)),
        skills=draw(st.sampled_from([frozenset(), frozenset(), frozenset({"driving"})])),
        checks=draw(st.sampled_from([frozenset(), frozenset(), frozenset({"dbs"})])),
    )


@st.composite
def volunteers(draw: st.DrawFn, ident: str, days: int) -> Volunteer:
    windows = []
    for _ in range(draw(st.sampled_from([0, 1, 1, 2]))):
        start = _time(draw, 4, days)
        windows.append((start, start + timedelta(minutes=30 * draw(st.integers(4, 24)))))
    lat, lon = _place(draw)
    expiry = draw(st.sampled_from([None, -1, 0, 1]))  # days after the first day
    return Volunteer(
        id=ident,
        lat=lat,
        lon=lon,
        available=tuple(windows),
        skills=draw(st.sampled_from([frozenset(), frozenset({"driving"})])),
        checks={} if expiry is None else {"dbs": date(2026, 12, 5) + timedelta(days=expiry)},
        max_km=draw(st.sampled_from([None, 1.0, 2.0, 3.0, 5.0])),
        max_hours=draw(st.sampled_from([None, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0])),
    )


@st.composite
def instances(draw: st.DrawFn, people: int = 5, places: int = 4, days: int = 2) -> MatchingInstance:
    n_volunteers = draw(st.integers(0, people))
    n_shifts = draw(st.integers(0, places))
    return MatchingInstance(
        volunteers=tuple(draw(volunteers(f"v{i}", days)) for i in range(n_volunteers)),
        shifts=tuple(draw(shifts(f"s{i}", days)) for i in range(n_shifts)),
    )


#: Crowded: one day, more people and shifts, so overlaps and hours decide.
crowded = instances(people=9, places=7, days=1)


def _score(result: Matching) -> tuple[int, int]:
    return result.filled, result.distance_m


@settings(SETTINGS, max_examples=100)
@given(st.one_of(instances(people=6, places=5), crowded))
def test_our_optimum_is_cp_sats(instance: MatchingInstance) -> None:
    result = match(instance)
    filled, metres, proved = reference.ortools(instance)
    assert proved
    assert _score(result) == (filled, metres)
    assert reference.feasible(instance, result.assignment)


@SETTINGS
@given(instances(people=4, places=3))
def test_our_optimum_is_the_brute_forces_on_tiny_instances(instance: MatchingInstance) -> None:
    assume(len(reference.eligible(instance)) <= 12)
    result = match(instance)
    assert _score(result) == reference.brute_force(instance)
    assert reference.ortools(instance)[:2] == reference.brute_force(instance)


@SETTINGS
@given(st.one_of(instances(people=10, places=6), crowded))
def test_dropping_pairs_and_the_assignment_path_change_no_optimum(
    instance: MatchingInstance,
) -> None:
    fast, exact = match(instance), match(instance, shortcuts=False)
    assert _score(fast) == _score(exact)
    assert reference.feasible(instance, fast.assignment)


@SETTINGS
@given(instances(people=6, places=5))
def test_we_find_the_same_eligible_pairs_as_the_plain_rules(instance: MatchingInstance) -> None:
    pairs = reference.eligible(instance)
    result = match(instance)
    for outcome in result.shifts:
        assert outcome.data.get("eligible", 0) == sum(s == outcome.shift for _, s in pairs)
    assert result.distance_m == sum(pairs[p] for p in result.assignment)


@SETTINGS
@given(st.one_of(instances(people=6, places=5), crowded))
def test_every_place_left_has_a_reason_that_holds(instance: MatchingInstance) -> None:
    result = match(instance)
    pairs = reference.eligible(instance)
    on = {s.id: [v for v, t in result.assignment if t == s.id] for s in instance.shifts}
    for outcome in result.shifts:
        shift = next(s for s in instance.shifts if s.id == outcome.shift)
        eligible = [v for v, s in pairs if s == shift.id]
        assert outcome.filled == len(on[shift.id]) <= shift.capacity
        if outcome.reason is Reason.FILLED:
            assert outcome.filled == shift.capacity
            continue
        # optimality: nobody eligible and idle could be added
        idle = [v for v in eligible if v not in on[shift.id]]
        for v in idle:
            assert not reference.feasible(instance, [*result.assignment, (v, shift.id)])
        if outcome.reason is Reason.NO_ELIGIBLE_VOLUNTEER:
            assert not eligible and outcome.data["volunteers"] == len(instance.volunteers)
        elif outcome.reason is Reason.TOO_FEW_ELIGIBLE:
            assert not idle
        else:
            assert idle
            assert outcome.data["busy_overlap"] + outcome.data["busy_hours"] >= len(idle)


@SETTINGS
@given(instances(people=6, places=5), st.randoms(use_true_random=False))
def test_the_order_of_the_input_changes_nothing(instance: MatchingInstance, rnd) -> None:  # type: ignore[no-untyped-def]
    people, places = list(instance.volunteers), list(instance.shifts)
    rnd.shuffle(people)
    rnd.shuffle(places)
    shuffled = MatchingInstance(volunteers=tuple(people), shifts=tuple(places))
    assert match(shuffled) == match(instance)


@SETTINGS
@given(st.one_of(instances(people=8, places=6), crowded))
def test_we_never_do_worse_than_the_greedy_baseline(instance: MatchingInstance) -> None:
    baseline = reference.greedy(instance)
    pairs = reference.eligible(instance)
    assert reference.feasible(instance, baseline)
    result = match(instance)
    ours = (result.filled, -result.distance_m)
    assert ours >= (len(baseline), -sum(pairs[p] for p in baseline))
