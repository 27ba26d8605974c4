"""The rules of the issue, one at a time: who may take a shift, and what a matching must keep."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest

from coproduce.methods.matching import Reason, haversine_km, match
from tests.methods.matching.builders import instance, shift, volunteer
from tests.methods.matching.reference import km


def assigned(volunteers, shifts) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(match(instance(volunteers, shifts)).assignment)


def test_a_volunteer_who_keeps_every_rule_takes_the_shift() -> None:
    assert assigned([volunteer()], [shift()]) == [("v1", "s1")]


# skills


def test_a_volunteer_missing_one_required_skill_cannot_take_the_shift() -> None:
    needs = shift(skills=frozenset({"first-aid", "driving"}))
    assert assigned([volunteer(skills=frozenset({"first-aid"}))], [needs]) == []


def test_a_volunteer_with_every_required_skill_and_more_can() -> None:
    needs = shift(skills=frozenset({"first-aid"}))
    holder = volunteer(skills=frozenset({"first-aid", "driving"}))
    assert assigned([holder], [needs]) == [("v1", "s1")]


# checks


def test_a_check_that_expires_on_the_shifts_date_is_valid_for_it() -> None:
    needs = shift(checks=frozenset({"dbs"}))
    assert assigned([volunteer(checks={"dbs": date(2026, 12, 5)})], [needs]) == [("v1", "s1")]


def test_a_check_that_expired_the_day_before_the_shift_is_not() -> None:
    needs = shift(checks=frozenset({"dbs"}))
    assert assigned([volunteer(checks={"dbs": date(2026, 12, 4)})], [needs]) == []


def test_a_volunteer_without_the_check_cannot_take_a_shift_that_needs_it() -> None:
    needs = shift(checks=frozenset({"dbs"}))
    assert assigned([volunteer(checks={})], [needs]) == []


def test_the_date_of_a_shift_is_the_date_it_starts() -> None:
    overnight = shift(
        start=datetime(2026, 12, 5, 22),
        end=datetime(2026, 12, 6, 2),
        checks=frozenset({"dbs"}),
    )
    night_owl = volunteer(
        available=((datetime(2026, 12, 5, 20), datetime(2026, 12, 6, 6)),),
        checks={"dbs": date(2026, 12, 5)},
    )
    assert assigned([night_owl], [overnight]) == [("v1", "s1")]


# availability


def test_a_shift_inside_a_window_fits_even_when_it_ends_with_the_window() -> None:
    window = ((datetime(2026, 12, 5, 10), datetime(2026, 12, 5, 12)),)
    assert assigned([volunteer(available=window)], [shift()]) == [("v1", "s1")]


def test_a_shift_that_starts_before_the_window_does_not_fit() -> None:
    window = ((datetime(2026, 12, 5, 10, 30), datetime(2026, 12, 5, 17)),)
    assert assigned([volunteer(available=window)], [shift()]) == []


def test_a_shift_must_lie_inside_one_window_not_across_two_that_touch() -> None:
    windows = (
        (datetime(2026, 12, 5, 9), datetime(2026, 12, 5, 11)),
        (datetime(2026, 12, 5, 11), datetime(2026, 12, 5, 17)),
    )
    assert assigned([volunteer(available=windows)], [shift()]) == []


def test_a_volunteer_without_windows_takes_nothing() -> None:
    assert assigned([volunteer(available=())], [shift()]) == []


def test_aware_times_are_compared_as_instants() -> None:
    paris = timezone(timedelta(hours=1))
    in_paris = shift(
        start=datetime(2026, 12, 5, 11, tzinfo=paris), end=datetime(2026, 12, 5, 13, tzinfo=paris)
    )
    window = ((datetime(2026, 12, 5, 10, tzinfo=UTC), datetime(2026, 12, 5, 12, tzinfo=UTC)),)
    assert assigned([volunteer(available=window)], [in_paris]) == [("v1", "s1")]


# distance


def test_distance_is_the_great_circle_on_the_mean_earth_radius() -> None:
    # one degree along a meridian, and a quarter of the equator: R·θ exactly
    lat1, lon1 = np.array([0.0, 0.0]), np.array([0.0, 0.0])
    lat2, lon2 = np.array([1.0, 0.0]), np.array([0.0, 90.0])
    expected = [6371.0088 * math.pi / 180, 6371.0088 * math.pi / 2]
    assert haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(expected, rel=1e-12)
    assert [km(0, 0, 1, 0), km(0, 0, 0, 90)] == pytest.approx(expected, rel=1e-12)


def test_a_volunteer_just_within_max_km_can_take_the_shift_and_just_beyond_cannot() -> None:
    d = km(51.5, -0.1, 51.501, -0.101)
    assert assigned([volunteer(max_km=d + 1e-6)], [shift()]) == [("v1", "s1")]
    assert assigned([volunteer(max_km=d - 1e-6)], [shift()]) == []


def test_a_volunteer_without_a_distance_limit_goes_anywhere() -> None:
    far = shift(lat=-33.86, lon=151.21)
    assert assigned([volunteer(max_km=None)], [far]) == [("v1", "s1")]


def test_the_total_distance_is_the_sum_of_the_pairs_to_the_metre() -> None:
    result = match(instance([volunteer()], [shift()]))
    assert result.distance_m == round(km(51.5, -0.1, 51.501, -0.101) * 1000)
    assert result.distance_km == result.distance_m / 1000


# overlap


def test_a_volunteer_takes_no_two_shifts_that_overlap() -> None:
    later = shift("s2", start=datetime(2026, 12, 5, 11), end=datetime(2026, 12, 5, 13))
    assert len(assigned([volunteer()], [shift(), later])) == 1


def test_shifts_that_touch_do_not_overlap() -> None:
    after = shift("s2", start=datetime(2026, 12, 5, 12), end=datetime(2026, 12, 5, 14))
    assert assigned([volunteer()], [shift(), after]) == [("v1", "s1"), ("v1", "s2")]


def test_one_volunteer_takes_the_early_and_late_shifts_around_a_long_middle_one() -> None:
    early = shift("a", start=datetime(2026, 12, 5, 9), end=datetime(2026, 12, 5, 11))
    middle = shift("b", start=datetime(2026, 12, 5, 10), end=datetime(2026, 12, 5, 15))
    late = shift("c", start=datetime(2026, 12, 5, 14), end=datetime(2026, 12, 5, 16))
    assert assigned([volunteer()], [early, middle, late]) == [("v1", "a"), ("v1", "c")]


# hours


def test_a_volunteer_works_no_more_than_max_hours_in_total() -> None:
    after = shift("s2", start=datetime(2026, 12, 5, 13), end=datetime(2026, 12, 5, 15))
    assert len(assigned([volunteer(max_hours=3)], [shift(), after])) == 1
    assert len(assigned([volunteer(max_hours=4)], [shift(), after])) == 2


def test_a_shift_longer_than_max_hours_is_not_offered() -> None:
    assert assigned([volunteer(max_hours=1.5)], [shift()]) == []


def test_hours_may_be_fractions_of_an_hour() -> None:
    twenty_minutes = shift(end=datetime(2026, 12, 5, 10, 20))
    assert assigned([volunteer(max_hours=1 / 3)], [twenty_minutes]) == [("v1", "s1")]


def test_hours_decide_which_shifts_fill_the_most_places() -> None:
    long = shift("long", start=datetime(2026, 12, 5, 9), end=datetime(2026, 12, 5, 13))
    short_1 = shift("short-1", start=datetime(2026, 12, 5, 13), end=datetime(2026, 12, 5, 15))
    short_2 = shift("short-2", start=datetime(2026, 12, 5, 15), end=datetime(2026, 12, 5, 17))
    result = match(instance([volunteer(max_hours=4)], [long, short_1, short_2]))
    assert result.assignment == (("v1", "short-1"), ("v1", "short-2"))


# the objective


def test_filling_more_places_comes_before_travelling_less() -> None:
    # "near" may take both (overlapping) shifts, "far" only s1: two places need near on s2
    near = volunteer("near", skills=frozenset({"driving"}), max_km=10)
    far = volunteer("far", lat=51.52)
    s1 = shift("s1")
    s2 = shift("s2", start=datetime(2026, 12, 5, 11), end=datetime(2026, 12, 5, 13),
               lat=51.51, lon=-0.1, skills=frozenset({"driving"}))  # fmt: skip
    result = match(instance([near, far], [s1, s2]))
    assert result.assignment == (("far", "s1"), ("near", "s2"))
    alone = round(km(51.5, -0.1, 51.501, -0.101) * 1000)  # near on s1, s2 left empty
    assert result.filled == 2 and result.distance_m > alone


def test_among_matchings_that_fill_as_many_the_nearest_volunteer_is_chosen() -> None:
    near, far = volunteer("near"), volunteer("far", lat=51.53)
    assert assigned([far, near], [shift()]) == [("near", "s1")]


def test_the_result_does_not_depend_on_the_order_of_the_input() -> None:
    people = [volunteer(f"v{i}", lat=51.5 + i / 1000) for i in range(5)]
    shifts = [shift(f"s{i}", capacity=2, lon=-0.1 - i / 1000) for i in range(3)]
    forward = match(instance(people, shifts))
    backward = match(instance(people[::-1], shifts[::-1]))
    assert forward.assignment == backward.assignment
    assert forward.assignment == tuple(sorted(forward.assignment))


def test_a_shift_with_no_places_takes_nobody() -> None:
    assert assigned([volunteer()], [shift(capacity=0)]) == []


def test_an_empty_instance_has_an_empty_matching() -> None:
    result = match(instance([], []))
    assert (result.assignment, result.filled, result.distance_m) == ((), 0, 0)


# reasons


def test_a_shift_nobody_may_take_counts_who_fails_each_rule() -> None:
    needs = shift(skills=frozenset({"first-aid"}), checks=frozenset({"dbs"}))
    people = [
        volunteer("a"),  # no skill
        volunteer("b", skills=frozenset({"first-aid"}), checks={}),  # no check
        volunteer("c", skills=frozenset({"first-aid"}), available=()),  # never free
        volunteer("d", skills=frozenset({"first-aid"}), lat=52.5),  # too far
        volunteer("e", skills=frozenset({"first-aid"}), max_hours=1),  # too long
    ]
    (outcome,) = match(instance(people, [needs])).shifts
    assert outcome.reason is Reason.NO_ELIGIBLE_VOLUNTEER
    assert dict(outcome.data) == {
        "volunteers": 5,
        "failing_skills": 1,
        "failing_checks": 1,
        "failing_availability": 1,
        "failing_distance": 1,
        "failing_hours": 1,
    }


def test_a_shift_whose_eligible_volunteers_all_take_it_has_too_few() -> None:
    (outcome,) = match(instance([volunteer()], [shift(capacity=3)])).shifts
    assert (outcome.reason, outcome.filled, dict(outcome.data)) == (
        Reason.TOO_FEW_ELIGIBLE,
        1,
        {"eligible": 1},
    )


def test_a_shift_left_short_because_its_volunteers_work_elsewhere_says_so() -> None:
    # one volunteer, two overlapping shifts: the nearer one is taken, the other is short
    other = shift("s2", start=datetime(2026, 12, 5, 11), end=datetime(2026, 12, 5, 13), lat=51.51)
    result = match(instance([volunteer()], [shift(), other]))
    assert result.assignment == (("v1", "s1"),)
    (short,) = result.unfilled
    assert (short.shift, short.reason) == ("s2", Reason.ELIGIBLE_BUSY)
    assert dict(short.data) == {"eligible": 1, "busy_overlap": 1, "busy_hours": 0}


def test_a_volunteer_out_of_hours_counts_as_busy_for_hours() -> None:
    later = shift("s2", start=datetime(2026, 12, 5, 13), end=datetime(2026, 12, 5, 15), lat=51.51)
    result = match(instance([volunteer(max_hours=2)], [shift(), later]))
    (short,) = result.unfilled
    assert dict(short.data) == {"eligible": 1, "busy_overlap": 0, "busy_hours": 1}


def test_a_full_shift_is_filled() -> None:
    (outcome,) = match(instance([volunteer()], [shift()])).shifts
    assert (outcome.reason, dict(outcome.data)) == (Reason.FILLED, {"eligible": 1})
