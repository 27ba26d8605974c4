"""One ballot per voter under real concurrency (PostgreSQL only), and proof that the
database constraint — not the code path — is what guarantees it."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import Ballot, BallotEnvelope, Receipt
from coproduce.commissioning.services.ballots import ballot_cast, ballots_open
from coproduce.initiatives.models import Contribution

from .conftest import ids, verified_voters

SUBMISSIONS = 10


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")


def race(round_: Any, voters: list[Any], content: BallotContent) -> Counter[str]:
    """Have SUBMISSIONS threads cast the same ballot for each voter at the same moment."""
    barrier = threading.Barrier(SUBMISSIONS)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker() -> None:
        try:
            for voter in voters:
                barrier.wait()
                try:
                    ballot_cast(round_=round_, person=voter, content=content)
                    outcome = "cast"
                except ValidationError:
                    outcome = "refused"
                with lock:
                    outcomes[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("allow_changes", [True, False], ids=["changes-allowed", "no-changes"])
def test_two_hundred_voters_submitting_ten_times_at_once_leave_exactly_one_ballot_each(
    postgres_only: None, make_round: Any, city: Any, allow_changes: bool
) -> None:
    round_ = make_round(allow_changes=allow_changes)
    voters = verified_voters(200, city)
    outcomes = race(round_, voters, BallotContent((ids(round_)[0],)))
    assert sum(outcomes.values()) == 200 * SUBMISSIONS
    seals = Counter(BallotEnvelope.objects.filter(round=round_).values_list("seal", flat=True))
    assert len(seals) == 200 and set(seals.values()) == {1}
    assert Contribution.objects.filter(kind="ballot").count() == 200
    if not allow_changes:
        assert outcomes == {"cast": 200, "refused": 200 * (SUBMISSIONS - 1)}
    assert ballots_open(round_=round_) == 200
    assert Ballot.objects.filter(round=round_).count() == 200
    assert Receipt.objects.filter(round=round_).count() == 200


@pytest.mark.django_db(transaction=True)
def test_the_same_race_without_the_unique_constraint_leaves_duplicate_ballots(
    postgres_only: None, make_round: Any, city: Any
) -> None:
    constraint = next(
        c for c in BallotEnvelope._meta.constraints if c.name == "one_ballot_per_voter"
    )
    round_ = make_round(allow_changes=False)
    voters = verified_voters(30, city)
    with connection.schema_editor() as editor:
        editor.remove_constraint(BallotEnvelope, constraint)
    try:
        race(round_, voters, BallotContent((ids(round_)[0],)))
        per_voter = Counter(
            BallotEnvelope.objects.filter(round=round_).values_list("seal", flat=True)
        )
        # Without the constraint the code path alone cannot keep voters to one ballot.
        assert max(per_voter.values()) > 1
        assert sum(per_voter.values()) > 30
    finally:
        BallotEnvelope.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(BallotEnvelope, constraint)


@pytest.mark.django_db(transaction=True)
def test_a_ballot_acknowledged_while_the_count_opens_the_envelopes_is_counted(
    postgres_only: None, make_round: Any, city: Any
) -> None:
    """Voters keep voting while the count starts: each ballot is either refused or counted."""
    from coproduce.commissioning.services.results import round_tally

    round_ = make_round()
    voters = verified_voters(160, city)
    content = BallotContent((ids(round_)[0],))
    queue = iter(voters)
    lock = threading.Lock()
    cast, refused = [], []
    halfway = threading.Event()

    def worker() -> None:
        try:
            while True:
                with lock:
                    voter = next(queue, None)
                if voter is None:
                    return
                try:
                    ballot_cast(round_=round_, person=voter, content=content)
                except ValidationError:
                    refused.append(voter)
                else:
                    cast.append(voter)
                    if len(cast) >= 40:
                        halfway.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    halfway.wait(timeout=60)
    round_tally(round_.pk)  # opens the envelopes while ballots are still arriving
    for thread in threads:
        thread.join()
    assert len(cast) + len(refused) == len(voters)
    assert not BallotEnvelope.objects.filter(round=round_).exists()  # none left unopened
    assert Ballot.objects.filter(round=round_).count() == len(cast)
    assert Receipt.objects.filter(round=round_).count() == len(cast)
    assert Contribution.objects.filter(kind="ballot").count() == len(cast)
    assert cast and refused  # the count did start while ballots were arriving
