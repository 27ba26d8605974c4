"""Ballots: the four formats' limits, eligibility, one ballot per voter, secrecy, receipts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.commissioning import secrecy
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import (
    Ballot,
    BallotArea,
    BallotEnvelope,
    BallotFormat,
    Phase,
    Receipt,
)
from coproduce.commissioning.services.ballots import ballot_cast, ballots_open
from coproduce.commissioning.services.rounds import AreaSpec
from coproduce.initiatives.models import Contribution

from .conftest import ids, sealed, sealed_choices

pytestmark = pytest.mark.django_db

# Costs A=400, B=300, C=500, D=200 pounds; budget 1,000 pounds.
CASES = [
    (BallotFormat.KNAPSACK, {}, lambda p: BallotContent((p[0], p[1], p[3])), None),
    (
        BallotFormat.KNAPSACK,
        {},
        lambda p: BallotContent((p[0], p[1], p[2])),
        "more than the budget",
    ),
    (
        BallotFormat.APPROVAL,
        {"min_choices": 2, "max_choices": 3},
        lambda p: BallotContent((p[0], p[2])),
        None,
    ),
    (
        BallotFormat.APPROVAL,
        {"min_choices": 2, "max_choices": 3},
        lambda p: BallotContent((p[0],)),
        "at least 2",
    ),
    (
        BallotFormat.APPROVAL,
        {"min_choices": 1, "max_choices": 2},
        lambda p: BallotContent(tuple(p[:3])),
        "at most 2",
    ),
    (BallotFormat.CUMULATIVE, {"points": 10}, lambda p: BallotContent((p[0], p[1]), (6, 4)), None),
    (
        BallotFormat.CUMULATIVE,
        {"points": 10},
        lambda p: BallotContent((p[0], p[1]), (6, 5)),
        "11 points",
    ),
    (BallotFormat.CUMULATIVE, {"points": 10}, lambda p: BallotContent((p[0],), (0,)), "above zero"),
    (BallotFormat.RANKED, {"max_choices": 2}, lambda p: BallotContent((p[2], p[0])), None),
    (BallotFormat.RANKED, {"max_choices": 2}, lambda p: BallotContent(tuple(p[:3])), "at most 2"),
    (BallotFormat.APPROVAL, {}, lambda p: BallotContent((p[0], p[0])), "only once"),
    (
        BallotFormat.APPROVAL,
        {},
        lambda p: BallotContent((999_999,)),
        "only projects on this ballot",
    ),
    (BallotFormat.KNAPSACK, {}, lambda p: BallotContent(()), "at least one"),
]


@pytest.mark.parametrize("fmt,settings,content,problem", CASES)
def test_ballot_limits_are_enforced_on_the_server(
    make_round: Any,
    voter: Any,
    fmt: str,
    settings: dict[str, int],
    content: Any,
    problem: str | None,
) -> None:
    round_ = make_round(ballot_format=fmt, **settings)
    ballot = content(ids(round_))
    if problem is None:
        ballot_cast(round_=round_, person=voter, content=ballot)
        assert len(sealed(round_)) == 1
    else:
        with pytest.raises(ValidationError, match=problem):
            ballot_cast(round_=round_, person=voter, content=ballot)
        assert not sealed()


def test_a_voter_who_is_too_young_is_refused(make_round: Any, voter: Any) -> None:
    voter.date_of_birth = date.today().replace(year=date.today().year - 15)
    voter.save()
    with pytest.raises(PermissionDenied, match="16 or older"):
        ballot_cast(
            round_=make_round(), person=voter, content=BallotContent((ids(make_round())[0],))
        )


def test_someone_not_verified_as_a_resident_is_refused(make_round: Any, resident: Any) -> None:
    resident.date_of_birth = date(1980, 1, 1)
    resident.save()
    round_ = make_round()
    with pytest.raises(PermissionDenied, match="residents of Testford"):
        ballot_cast(round_=round_, person=resident, content=BallotContent((ids(round_)[0],)))


@pytest.mark.parametrize("phase", [Phase.PROPOSALS, Phase.REVIEW, Phase.RESULTS])
def test_ballots_are_refused_outside_voting(make_round: Any, voter: Any, phase: str) -> None:
    round_ = make_round(phase=phase)
    with pytest.raises(PermissionDenied, match="not open"):
        ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))


def test_district_rounds_give_each_voter_their_own_district_ballot(
    make_round: Any, city: Any, voter: Any, second_voter: Any
) -> None:
    north, south = city.children.order_by("name")
    round_ = make_round(
        total_budget=100_000,
        areas=(AreaSpec("North", 50_000, north), AreaSpec("South", 50_000, south)),
    )
    north_ids = list(round_.proposals.filter(area__place=north).values_list("pk", flat=True))
    south_ids = list(round_.proposals.filter(area__place=south).values_list("pk", flat=True))
    ballot_cast(round_=round_, person=voter, content=BallotContent((north_ids[0],)))
    with pytest.raises(ValidationError, match="only projects on this ballot"):
        ballot_cast(round_=round_, person=second_voter, content=BallotContent((north_ids[0],)))
    ballot_cast(round_=round_, person=second_voter, content=BallotContent((south_ids[0],)))
    assert {BallotArea.objects.get(pk=b["area"]).place for b in sealed()} == {north, south}


def test_a_changed_ballot_replaces_the_first_and_keeps_the_receipt(
    make_round: Any, voter: Any
) -> None:
    round_ = make_round(allow_changes=True)
    a, b = ids(round_)[:2]
    first = ballot_cast(round_=round_, person=voter, content=BallotContent((a,)))
    second = ballot_cast(round_=round_, person=voter, content=BallotContent((b,)))
    assert sealed_choices() == [[b]]
    assert second.replaced and not first.replaced and first.receipt == second.receipt
    assert Contribution.objects.filter(kind="ballot").count() == 1
    assert not Receipt.objects.exists()  # receipts are written when the envelopes are opened
    ballots_open(round_=round_)
    assert list(Ballot.objects.values_list("choices", flat=True)) == [[b]]
    assert list(Receipt.objects.values_list("code", flat=True)) == [first.receipt]


def test_it_rejects_a_second_ballot_when_changes_are_not_allowed(
    make_round: Any, voter: Any
) -> None:
    round_ = make_round(allow_changes=False)
    a, b = ids(round_)[:2]
    ballot_cast(round_=round_, person=voter, content=BallotContent((a,)))
    with pytest.raises(ValidationError, match="already voted"):
        ballot_cast(round_=round_, person=voter, content=BallotContent((b,)))
    assert sealed_choices() == [[a]]


def test_a_ballot_row_holds_no_person_no_seal_no_time_and_no_order(
    make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))
    fields = {f.name for f in BallotEnvelope._meta.get_fields()}
    assert fields == {"id", "round", "area", "seal", "box"}
    envelope = BallotEnvelope.objects.get()
    assert len(envelope.seal) == 64 and "person" not in envelope.seal
    ballots_open(round_=round_)
    assert {f.name for f in Ballot._meta.get_fields()} == {
        "id",
        "round",
        "area",
        "choices",
        "points",
    }
    assert Ballot.objects.get().id.version == 4  # random: no order to match to the ledger
    assert {f.name for f in Receipt._meta.get_fields()} == {"id", "round", "code"}


def test_the_seal_needs_the_secrecy_key_outside_the_database(
    make_round: Any, voter: Any, settings: Any
) -> None:
    round_ = make_round()
    ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))
    stored = BallotEnvelope.objects.get().seal
    assert stored == secrecy.voter_seal(round_.pk, secrecy.person_identity(voter.pk))
    settings.SECRECY_KEY = "another key"
    assert stored != secrecy.voter_seal(round_.pk, secrecy.person_identity(voter.pk))


def test_online_ballots_enter_the_ledger_as_online_voice(make_round: Any, voter: Any) -> None:
    round_ = make_round()
    ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))
    row = Contribution.objects.get(kind="ballot")
    assert (row.person, row.channel, row.mode, row.co) == (
        voter,
        "online",
        "voice",
        "commissioning",
    )


def test_a_ballot_after_the_activity_has_ended_is_refused_though_voting_was_the_last_phase(
    make_round: Any, voter: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    round_ = make_round()
    activity = round_.activity
    activity.ends_at = timezone.now() - timedelta(minutes=1)
    activity.save(update_fields=["ends_at"])
    round_.refresh_from_db()
    with pytest.raises(PermissionDenied, match="closed on"):
        ballot_cast(round_=round_, person=voter, content=BallotContent((ids(round_)[0],)))
    assert not sealed()
