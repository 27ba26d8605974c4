"""The demo loader: a round in voting, a real past round, a plan and a priority exercise."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_loads_every_part_and_reloading_duplicates_nothing(shared_data: Any) -> None:
    from coproduce.commissioning import demo as commissioning_demo
    from coproduce.commissioning.models import Ballot, BudgetingRound, PriorityResponse, SupportPlan
    from coproduce.web import demo

    city = demo.load()
    commissioning_demo.load(city)
    counts = (Ballot.objects.count(), PriorityResponse.objects.count(), SupportPlan.objects.count())
    commissioning_demo.load(demo.load())
    assert (
        Ballot.objects.count(),
        PriorityResponse.objects.count(),
        SupportPlan.objects.count(),
    ) == counts
    voting = BudgetingRound.objects.get(activity=city.activities["streets-budget"])
    assert voting.phase == "voting" and voting.ballots.exists() and voting.areas.count() == 4
    past = BudgetingRound.objects.get(imported_from=commissioning_demo.PABULIB_FILE)
    assert past.tally_status == "done" and past.ballots.count() == 84
    assert counts[1] > 0 and counts[2] == 1
