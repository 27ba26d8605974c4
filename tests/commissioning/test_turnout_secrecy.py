"""No live turnout: ballots enter the participation ledger sealed until voting closes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.commissioning.models import Phase
from coproduce.commissioning.services.ballots import BallotContent, ballot_cast
from coproduce.commissioning.services.rounds import round_phase_set
from coproduce.initiatives.selectors import participation_summary
from tests.commissioning.conftest import ids

pytestmark = pytest.mark.django_db


def test_ballots_count_in_the_ledger_only_after_voting_closes(
    make_round: Any,
    voter: Any,
    second_voter: Any,
    organiser: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    round_ = make_round()
    a, b, *_ = ids(round_)
    for person in (voter, second_voter):
        ballot_cast(round_=round_, person=person, content=BallotContent((a, b)))
    assert "commissioning" not in participation_summary()
    page = client.get(reverse("web:participation")).content.decode()
    assert "Co-commissioning: 0" in page
    with django_capture_on_commit_callbacks(execute=True):
        round_phase_set(round_=round_, actor=organiser, phase=Phase.RESULTS)
    assert participation_summary()["commissioning"]["total"] == 2
