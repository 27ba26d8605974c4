"""A round's followers hear of its phases and results; "Your activity" lists proposals and
ballots with receipts; people who follow a round and have not voted are reminded once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.activity import activity_sections
from coproduce.accounts.following import follow_start
from coproduce.accounts.models import Notification
from coproduce.accounts.reminders import reminders_send
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import Phase, Proposal
from coproduce.commissioning.reminders import round_vote_reminders
from coproduce.commissioning.selectors.rounds import receipt_of
from coproduce.commissioning.services.ballots import ballot_cast
from coproduce.commissioning.services.results import round_tally, winners_publish
from coproduce.commissioning.services.rounds import round_phase_set

from .conftest import ids

pytestmark = pytest.mark.django_db


def _section(key: str) -> Any:
    return next(s for s in activity_sections() if s.key == key)


def test_followers_of_a_round_hear_when_its_phase_moves_and_its_results_are_published(
    make_round: Any,
    voter: Any,
    other_resident: Any,
    organiser: Any,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: Any,
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    follow_start(person=voter, target=round_.activity)
    ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:2])))
    with django_capture_on_commit_callbacks(execute=True):
        round_ = round_phase_set(round_=round_, actor=organiser, phase=Phase.RESULTS)
    (phase,) = Notification.objects.filter(event="activity.phase")
    assert phase.person == voter and "Results" in phase.subject
    round_tally(round_.pk)
    round_.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        winners_publish(round_=round_, actor=organiser)
    (results,) = Notification.objects.filter(event="round.results")
    assert results.person == voter
    assert results.url == reverse("commissioning:results", args=[round_.pk])
    assert not Notification.objects.filter(person=other_resident).exists()
    assert any("are published" in m.subject for m in mailoutbox)


def test_your_activity_shows_your_proposals_and_ballots_with_the_receipt_and_not_others(
    make_round: Any, voter: Any, second_voter: Any, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    Proposal.objects.filter(title="Project A").update(author=voter)
    Proposal.objects.filter(title="Project B").update(author=second_voter)
    ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:2])))
    with django_assert_max_num_queries(3):
        proposals = _section("proposals").items(voter)
    assert [p.title for p in proposals] == ["Project A"]
    with django_assert_max_num_queries(3):
        (ballot,) = _section("ballots").items(voter)
    assert receipt_of(voter, round_) in str(ballot.detail)
    assert "change your ballot" in str(ballot.status)
    assert _section("ballots").items(second_voter) == []


def test_the_section_queries_stay_the_same_with_many_items(
    make_round: Any, voter: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        round_ = make_round(phase=Phase.VOTING)
        ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:1])))
        round_.proposals.update(author=voter)
    with django_assert_max_num_queries(3):
        assert len(_section("ballots").items(voter)) == 3
    with django_assert_max_num_queries(3):
        assert len(_section("proposals").items(voter)) == 12


def test_the_round_page_says_you_have_voted_with_your_receipt(
    client: Any, make_round: Any, voter: Any, second_voter: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:2])))
    client.force_login(voter)
    page = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    assert "You have voted in this round." in page and receipt_of(voter, round_) in page
    client.force_login(second_voter)
    page = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    assert "You have voted" not in page


def test_followers_who_have_not_voted_are_reminded_once_before_voting_closes(
    make_round: Any,
    voter: Any,
    second_voter: Any,
    other_resident: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    activity = round_.activity
    activity.ends_at = timezone.now() + timedelta(days=1)
    activity.save()
    for person in (voter, second_voter):
        follow_start(person=person, target=activity)
    ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:2])))
    early = timezone.now() - timedelta(days=5)
    assert round_vote_reminders(early) == 0  # voting had not started then
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send()["commissioning.vote"] == 1
    (reminder,) = Notification.objects.filter(event="round.vote_reminder")
    assert reminder.person == second_voter  # not the voter, not the non-follower
    assert [m.to for m in mailoutbox] == [[second_voter.email]]
    assert round_vote_reminders(timezone.now()) == 0  # once per person and round


def test_no_reminder_when_voting_ends_later_than_two_days(
    make_round: Any, second_voter: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)  # the activity ends in 10 days
    follow_start(person=second_voter, target=round_.activity)
    assert round_vote_reminders(timezone.now()) == 0


def test_a_resident_follows_a_proposal_from_its_page(
    client: Any, make_round: Any, resident: Any
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    proposal = round_.proposals.first()
    client.force_login(resident)
    page = client.get(reverse("commissioning:proposal", args=[proposal.pk])).content.decode()
    assert "Follow this proposal" in page
    client.post(
        reverse("accounts:follow", args=["commissioning.proposal", proposal.pk]), {"follow": "1"}
    )
    (item,) = _section("follows").items(resident)
    assert item.title == proposal.title and item.url == proposal.get_absolute_url()


def test_followers_of_a_proposal_hear_of_its_review_and_its_author_only_once(
    make_round: Any, resident: Any, other_resident: Any, organiser: Any
) -> None:
    from coproduce.commissioning.services.rounds import proposal_review

    round_ = make_round(phase=Phase.REVIEW)
    proposal = round_.proposals.get(title="Project A")
    Proposal.objects.filter(pk=proposal.pk).update(author=resident)
    proposal.refresh_from_db()
    for person in (resident, other_resident):
        follow_start(person=person, target=proposal)
    proposal_review(proposal=proposal, actor=organiser, feasible=False, reason="Too costly.")
    (theirs,) = Notification.objects.filter(person=other_resident)
    assert theirs.event == "proposal.review" and theirs.body == "Too costly."
    assert Notification.objects.filter(person=resident).count() == 1


def test_the_round_page_offers_to_follow_the_round(
    client: Any, make_round: Any, resident: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    client.force_login(resident)
    page = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    assert "Follow this round" in page
    client.post(
        reverse("accounts:follow", args=["initiatives.activity", round_.activity.pk]),
        {"follow": "1"},
    )
    (item,) = _section("follows").items(resident)
    assert item.url == reverse("commissioning:round", args=[round_.pk])
