"""Ballot secrecy against someone who reads the database: the xmin, ctid, id and time attacks,
and the sealed envelopes that hold ballots until the count.

Two hundred voters each cast a different ballot through the real service. An attacker with
plain SQL and no key reads the ledger, the ballots and the receipts while voting is open and
again after the close, and tries every way of pairing people with rows that the storage
offers (``tests/commissioning/attacker.py``). Chance is one right guess in all: a random
pairing of 200 people with 200 ballots gets one right on average.

* Rows written together share a transaction id: by xid, each person's candidates must be the
  whole round (k = every ballot), so the best guess is a pick at random.
* Rank pairings (ledger order against ballot order, every order each table has) must do no
  better than a random permutation: at most 8 exact hits (chance 1; a random order gets 9 or
  more about once in a million) and at most 30 people within five places of their own
  ballot (chance 11).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError

from coproduce.commissioning import secrecy
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import Ballot, BallotEnvelope, BallotFormat, Phase, Receipt
from coproduce.commissioning.selectors.rounds import receipt_of
from coproduce.commissioning.services.ballots import ballot_cast, ballots_open
from coproduce.commissioning.services.rounds import round_phase_set
from coproduce.initiatives.models import Contribution

from . import attacker
from .conftest import ids, verified_voters

VOTERS = 200
MOST_HITS = 8
MOST_NEAR = 30


def _cast_distinct_ballots(round_: Any, voters: list[Any]) -> tuple[dict[Any, Any], ...]:
    """Voter n ticks the projects given by the bits of n: every ballot is different."""
    projects = ids(round_)
    contents, codes = {}, {}
    for n, voter in enumerate(voters, start=1):
        chosen = tuple(p for bit, p in enumerate(projects) if n >> bit & 1)
        result = ballot_cast(round_=round_, person=voter, content=BallotContent(chosen))
        contents[voter.pk] = tuple(sorted(chosen))
        codes[voter.pk] = result.receipt
    return contents, codes


def _snapshot(round_: Any) -> tuple[list[attacker.Row], ...]:
    return (
        attacker.ledger(round_.activity_id),
        attacker.ballots(round_.pk),
        attacker.receipts(round_.pk),
    )


@pytest.mark.django_db(transaction=True)
def test_plain_sql_links_no_voter_to_a_ballot_or_a_receipt(make_round: Any, city: Any) -> None:
    round_ = make_round(ballot_format=BallotFormat.APPROVAL, costs=(1_000,) * VOTERS.bit_length())
    contents, codes = _cast_distinct_ballots(round_, verified_voters(VOTERS, city))
    during = _snapshot(round_)
    assert during[1] == during[2] == []  # nothing to pair yet: ballots wait in their envelopes
    round_phase_set(round_=round_, actor=None, phase=Phase.RESULTS)  # counted at once here
    after = _snapshot(round_)
    assert len(after[1]) == len(after[2]) == VOTERS  # every ballot and receipt is there

    found: list[attacker.Linkage] = []
    for people in (during[0], after[0]):
        for when, snapshot in (("during voting", during), ("after the close", after)):
            found += attacker.linkages(people, snapshot[1], contents, f"ballots {when}")
            found += attacker.linkages(people, snapshot[2], codes, f"receipts {when}")
    report = "\n".join(str(linkage) for linkage in found)
    print(report)
    for linkage in found:
        if linkage.by_xid:
            assert linkage.smallest == linkage.targets, report
        assert linkage.hits <= MOST_HITS, report
        assert linkage.near <= MOST_NEAR, report


@pytest.mark.django_db
def test_a_sealed_ballot_shows_neither_its_content_nor_its_length(
    make_round: Any, voter: Any, second_voter: Any
) -> None:
    round_ = make_round(ballot_format=BallotFormat.APPROVAL)
    projects = ids(round_)
    ballot_cast(round_=round_, person=voter, content=BallotContent((projects[0],)))
    ballot_cast(round_=round_, person=second_voter, content=BallotContent(tuple(projects)))
    boxes = [bytes(box) for box in BallotEnvelope.objects.values_list("box", flat=True)]
    assert len(boxes) == 2 and len(boxes[0]) == len(boxes[1])
    for box in boxes:
        assert b"choices" not in box and str(projects[0]).encode() + b"," not in box
    assert not Ballot.objects.exists() and not Receipt.objects.exists()


@pytest.mark.django_db
def test_a_box_moved_to_another_envelope_does_not_open(
    make_round: Any, voter: Any, second_voter: Any
) -> None:
    round_ = make_round()
    a, b = ids(round_)[:2]
    ballot_cast(round_=round_, person=voter, content=BallotContent((a,)))
    ballot_cast(round_=round_, person=second_voter, content=BallotContent((b,)))
    first, second = BallotEnvelope.objects.all()
    BallotEnvelope.objects.filter(pk=first.pk).update(box=second.box)
    with pytest.raises(secrecy.EnvelopeError):
        ballots_open(round_=round_)
    assert BallotEnvelope.objects.count() == 2 and not Ballot.objects.exists()


@pytest.mark.django_db
def test_opening_the_envelopes_writes_every_ballot_and_receipt_once(
    make_round: Any, make_person: Any, verify: Any
) -> None:
    round_ = make_round(ballot_format=BallotFormat.CUMULATIVE, points=10)
    a, b, c, _ = ids(round_)
    votes = [BallotContent((a, b), (6, 4)), BallotContent((c,), (10,)), BallotContent((a,), (1,))]
    codes = [
        ballot_cast(round_=round_, person=verify(make_person(f"opener{i}")), content=vote).receipt
        for i, vote in enumerate(votes)
    ]
    assert ballots_open(round_=round_) == 3
    stored = sorted(Ballot.objects.values_list("choices", "points"))
    assert stored == sorted((list(v.choices), list(v.points or ())) for v in votes)
    assert sorted(Receipt.objects.values_list("code", flat=True)) == sorted(codes)
    assert not BallotEnvelope.objects.exists()
    assert ballots_open(round_=round_) == 0 and Ballot.objects.count() == 3


@pytest.mark.django_db
def test_no_ballot_is_taken_once_the_count_has_opened_the_envelopes(
    make_round: Any, voter: Any, second_voter: Any
) -> None:
    round_ = make_round()
    ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))
    ballots_open(round_=round_)
    for person in (voter, second_voter):  # a change, and a first ballot
        with pytest.raises(ValidationError, match="being counted"):
            ballot_cast(round_=round_, person=person, content=BallotContent((ids(round_)[1],)))
    assert not BallotEnvelope.objects.exists() and Ballot.objects.count() == 1
    assert Contribution.objects.filter(kind="ballot").count() == 1


@pytest.mark.django_db
def test_the_receipt_page_works_the_code_out_again_and_the_session_never_holds_it(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    client.force_login(voter)
    response = client.post(f"/budgets/{round_.pk}/vote/", {"choice": ids(round_)[:1]})
    page = client.get(response["Location"]).content.decode()
    code = receipt_of(voter, round_)
    assert f'id="receipt-code">{code}<' in page
    stored = Session.objects.get(session_key=client.session.session_key)
    assert code not in str(stored.get_decoded()) and code not in stored.session_data
