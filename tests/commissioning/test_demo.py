"""The demo loader: a round in voting, a real past round, a plan and a priority exercise."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_loads_every_part_and_reloading_duplicates_nothing(shared_data: Any) -> None:
    from coproduce.commissioning import demo as commissioning_demo
    from coproduce.commissioning.models import (
        Ballot,
        BallotEnvelope,
        BudgetingRound,
        PriorityResponse,
        SupportPlan,
    )
    from coproduce.web import demo

    city = demo.load()
    commissioning_demo.load(city)
    counts = (
        Ballot.objects.count(),
        BallotEnvelope.objects.count(),
        PriorityResponse.objects.count(),
        SupportPlan.objects.count(),
    )
    commissioning_demo.load(demo.load())
    assert (
        Ballot.objects.count(),
        BallotEnvelope.objects.count(),
        PriorityResponse.objects.count(),
        SupportPlan.objects.count(),
    ) == counts
    voting = BudgetingRound.objects.get(activity=city.activities["streets-budget"])
    assert voting.phase == "voting" and voting.envelopes.exists() and voting.areas.count() == 4
    past = BudgetingRound.objects.get(imported_from=commissioning_demo.PABULIB_FILE)
    assert past.tally_status == "done" and past.ballots.count() == 84
    assert counts[2] > 0 and counts[3] == 1
    closed = BudgetingRound.objects.get(activity__title="Neighbourhood budget 2026")
    assert closed.tally_status == "done" and closed.superseded_counts.count() == 1


def test_the_demo_council_has_two_people_who_can_double_enter_paper_ballots(
    shared_data: Any,
) -> None:
    from django.core.exceptions import PermissionDenied

    from coproduce.accounts.models import Person
    from coproduce.commissioning import demo as commissioning_demo
    from coproduce.commissioning.ballot_rules import BallotContent
    from coproduce.commissioning.models import BudgetingRound
    from coproduce.commissioning.selectors.rounds import ballot_proposals, paper_enterers
    from coproduce.commissioning.services.ballots import paper_entry_record, voter_codes_issue
    from coproduce.web import demo

    city = demo.load()
    commissioning_demo.load(city)
    round_ = BudgetingRound.objects.get(activity=city.activities["streets-budget"])
    names = {p.email for p in paper_enterers(round_)}
    assert {"staff@riverton.example", "clerk@riverton.example"} <= names
    staff = Person.objects.get(email="staff@riverton.example")
    clerk = Person.objects.get(email="clerk@riverton.example")
    area = round_.areas.first()
    [code] = voter_codes_issue(round_=round_, area=area, count=1, actor=staff)
    content = BallotContent((ballot_proposals(area)[0].pk,))
    assert paper_entry_record(round_=round_, code=code, content=content, actor=staff).status == (
        "pending"
    )
    second = paper_entry_record(round_=round_, code=code, content=content, actor=clerk)
    assert second.status == "counted"
    moderator = Person.objects.get(email="moderator@riverton.example")
    with pytest.raises(PermissionDenied):
        paper_entry_record(round_=round_, code=code, content=content, actor=moderator)
