"""Priority setting: dividing a fixed total, and raw and population-weighted summaries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.commissioning.selectors.priorities import priority_summary
from coproduce.commissioning.services.priorities import exercise_create, response_submit
from coproduce.initiatives.models import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(activity_in: Any, organiser: Any) -> Any:
    activity = activity_in("commissioning", "priority_setting", title="Youth budget", min_age=13)
    return exercise_create(
        activity=activity,
        total=1_000_00,
        step=10_00,
        areas=[
            ("Clubs", "Youth clubs", 500_00, [(0, "Clubs close"), (500_00, "Clubs stay open")]),
            ("Sport", "Sports", 500_00, [(300_00, "Two pitches")]),
        ],
        actor=organiser,
    )


def _areas(exercise: Any) -> tuple[int, int]:
    clubs, sport = exercise.areas.order_by("position").values_list("pk", flat=True)
    return clubs, sport


def test_a_resident_divides_the_total_and_it_enters_the_ledger(exercise: Any, voter: Any) -> None:
    clubs, sport = _areas(exercise)
    response_submit(exercise=exercise, person=voter, allocations={clubs: 700_00, sport: 300_00})
    response_submit(exercise=exercise, person=voter, allocations={clubs: 600_00, sport: 400_00})
    assert exercise.responses.get().allocations == {str(clubs): 600_00, str(sport): 400_00}
    assert Contribution.objects.filter(kind="allocation").count() == 1


@pytest.mark.parametrize(
    "amounts,problem",
    [
        ((700_00, 400_00), "divide exactly"),
        ((705_00, 295_00), "multiple of"),
        ((-10_00, 1_010_00), "multiple"),
    ],
)
def test_a_division_that_does_not_add_up_is_refused(
    exercise: Any, voter: Any, amounts: tuple[int, int], problem: str
) -> None:
    clubs, sport = _areas(exercise)
    with pytest.raises(ValidationError, match=problem):
        response_submit(
            exercise=exercise, person=voter, allocations={clubs: amounts[0], sport: amounts[1]}
        )


def test_people_below_the_minimum_age_are_refused(exercise: Any, resident: Any) -> None:
    clubs, sport = _areas(exercise)
    with pytest.raises(PermissionDenied):
        response_submit(
            exercise=exercise, person=resident, allocations={clubs: 500_00, sport: 500_00}
        )


def test_results_give_raw_and_population_weighted_averages_and_medians_with_group_counts(
    exercise: Any, make_person: Any, verify: Any, city: Any
) -> None:
    from coproduce.accounts.models import DemographicConsent, Demographics
    from coproduce.places.models import PopulationGroup

    exercise.activity.eligible_place = city
    exercise.activity.save()
    PopulationGroup.objects.create(place=city, dimension="sex", category="female", count=500)
    PopulationGroup.objects.create(place=city, dimension="sex", category="male", count=500)
    clubs, sport = _areas(exercise)
    # Three women give clubs 800; one man gives clubs 200. Weighted, each sex counts half.
    for index, (sex, to_clubs) in enumerate([("female", 800_00)] * 3 + [("male", 200_00)]):
        person = verify(make_person(f"p{index}"))
        consent = DemographicConsent.objects.create(person=person)
        Demographics.objects.create(person=person, consent=consent, values={"sex": sex})
        response_submit(
            exercise=exercise,
            person=person,
            allocations={clubs: to_clubs, sport: 1_000_00 - to_clubs},
        )
    summary = priority_summary(exercise)
    club_row = next(a for a in summary.areas if a.area.pk == clubs)
    assert summary.responses == 4
    assert club_row.mean == pytest.approx(650_00) and club_row.median == pytest.approx(800_00)
    assert club_row.weighted_mean == pytest.approx(500_00)
    assert summary.weighted_on == ("sex",)
    assert ("sex", "female", 3, 50.0) in summary.groups and (
        "sex",
        "male",
        1,
        50.0,
    ) in summary.groups


def test_the_simulator_page_works_without_javascript(
    client: Any, exercise: Any, voter: Any
) -> None:
    clubs, sport = _areas(exercise)
    client.force_login(voter)
    page = client.get(f"/budgets/priorities/{exercise.pk}/").content.decode()
    assert "Clubs stay open" in page and "You have divided £1,000 of £1,000" in page
    bad = client.post(
        f"/budgets/priorities/{exercise.pk}/", {f"area-{clubs}": "900", f"area-{sport}": "300"}
    )
    assert bad.status_code == 400 and "divide exactly" in bad.content.decode()
    good = client.post(
        f"/budgets/priorities/{exercise.pk}/", {f"area-{clubs}": "400", f"area-{sport}": "600"}
    )
    assert good.status_code == 302
    results = client.get(good["Location"]).content.decode()
    assert "Weighted average" in results and "1 response" in results


def test_staff_set_up_a_simulator_from_a_page(
    client: Any, activity_in: Any, organiser: Any, with_second_factor: Any
) -> None:
    activity = activity_in("commissioning", "priority_setting", title="Parks priorities")
    client.force_login(with_second_factor(organiser))
    assert "Parks priorities" in client.get("/staff/budgets/").content.decode()
    bad = client.post(
        f"/staff/budgets/priorities/new/{activity.pk}/",
        {"total": "1000", "step": "10", "areas": "Parks"},
    )
    assert "Line 1" in bad.content.decode()
    response = client.post(
        f"/staff/budgets/priorities/new/{activity.pk}/",
        {
            "total": "1000",
            "step": "10",
            "areas": "Parks | 600 | 0: Mown twice; 500: Mown weekly\nPlay | 400",
        },
    )
    assert response.status_code == 302
    exercise = activity.priority_exercise
    assert [a.name for a in exercise.areas.all()] == ["Parks", "Play"]
    assert exercise.areas.get(name="Parks").consequences.count() == 2
