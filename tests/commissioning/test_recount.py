"""Recounting a round: failed, stalled or disputed counts run again, the earlier one kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.commissioning import tally
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import (
    AreaResult,
    Ballot,
    BallotFormat,
    BudgetingRound,
    Phase,
    ProjectResult,
    ProposalStatus,
    Rule,
    SupersededCount,
    TallyStatus,
)
from coproduce.commissioning.services.ballots import ballot_cast
from coproduce.commissioning.services.results import round_recount, round_tally, winners_publish
from coproduce.commissioning.services.rounds import AreaSpec, round_phase_set
from coproduce.places.models import Place

from .conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(make_person: Any, verify: Any) -> list[Any]:
    return [verify(make_person(f"v{i}"), "north-ward" if i % 2 else "south") for i in range(6)]


@pytest.fixture
def close(django_capture_on_commit_callbacks: Any) -> Any:
    """Return ``close(round, organiser)``: end voting; the count runs as the worker would."""

    def go(round_: Any, organiser: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            round_phase_set(round_=round_, actor=organiser, phase=Phase.RESULTS)
        return BudgetingRound.objects.get(pk=round_.pk)

    return go


@pytest.fixture
def recount(django_capture_on_commit_callbacks: Any) -> Any:
    """Return ``recount(round, actor, reason, ...)``: the service, with the queued task run."""

    def go(round_: Any, actor: Any, reason: str = "A councillor disputed it.", **kw: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            earlier = round_recount(round_=round_, actor=actor, reason=reason, **kw)
        return earlier

    return go


def _counted(make_round: Any, voters: list[Any], organiser: Any, close: Any, **kw: Any) -> Any:
    round_ = make_round(ballot_format=BallotFormat.APPROVAL, **kw)
    a, b, c, _d = ids(round_)
    for index, voter in enumerate(voters):
        ballot_cast(
            round_=round_, person=voter, content=BallotContent((a, b) if index < 4 else (c,))
        )
    return close(round_, organiser)


def test_a_recount_keeps_the_earlier_result_and_is_audited_with_its_reason(
    make_round: Any, voters: list[Any], organiser: Any, close: Any, recount: Any
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    first_tally = round_.tallied_at
    winners = set(ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True))
    earlier = recount(round_, organiser, "Residents asked for it at the council meeting.")
    round_.refresh_from_db()
    assert round_.tally_status == TallyStatus.DONE and round_.tallied_at > first_tally
    assert earlier.status == TallyStatus.DONE and earlier.counted_at == first_tally
    (area,) = earlier.areas
    assert area["ballots"] == 6 and {w["proposal"] for w in area["winners"]} == winners
    assert {w["title"] for w in area["winners"]} >= {"Project A", "Project B"}
    event = AuditEvent.objects.get(action="round.recount")
    assert event.actor == organiser
    assert event.data["reason"] == "Residents asked for it at the council meeting."
    # the same ballots and rule give the same winners again
    assert (
        set(ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True))
        == winners
    )


def test_the_results_page_says_when_and_why_a_round_was_recounted(
    client: Any, make_round: Any, voters: list[Any], organiser: Any, close: Any, recount: Any
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    recount(round_, organiser, "A paper ballot box was found late.")
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    history = page.split('id="count-history"', 1)[1].split("</section>", 1)[0]
    assert "Recounted on" in history and "A paper ballot box was found late." in history
    assert "Project A" in history and "The earlier count funded" in history


def test_a_district_with_no_ballots_is_reported_and_the_others_are_counted(
    make_round: Any, voters: list[Any], organiser: Any, close: Any, client: Any
) -> None:
    north, south = Place.objects.get(slug="north"), Place.objects.get(slug="south")
    round_ = make_round(
        ballot_format=BallotFormat.APPROVAL,
        rule=Rule.EQUAL_SHARES,  # which cannot count a district where nobody voted
        areas=(
            AreaSpec(name="North", budget=50_000, place=north),
            AreaSpec(name="South", budget=50_000, place=south),
        ),
        costs=(40_000, 30_000, 20_000, 10_000),
    )
    south_area = round_.areas.get(name="South")
    choices = list(round_.proposals.filter(area=south_area).values_list("pk", flat=True))
    southerners = [v for i, v in enumerate(voters) if i % 2 == 0]
    for voter in southerners:
        ballot_cast(round_=round_, person=voter, content=BallotContent(tuple(choices)))
    round_ = close(round_, organiser)
    assert round_.tally_status == TallyStatus.DONE
    north_result = AreaResult.objects.get(area__name="North")
    assert north_result.ballots == 0 and north_result.funded == 0
    assert north_result.notes == [tally.Reason(tally.NO_BALLOTS).as_json()]
    assert not ProjectResult.objects.filter(area__name="North", selected=True).exists()
    south = AreaResult.objects.get(area__name="South")
    assert south.ballots == len(southerners) and south.funded > 0
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "No ballots were cast in this district" in page


def test_a_count_that_raises_shows_staff_the_error_and_a_recount_succeeds(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    close: Any,
    recount: Any,
    with_second_factor: Any,
) -> None:
    round_ = make_round(ballot_format=BallotFormat.APPROVAL)
    a, _b, _c, d = ids(round_)
    for voter in voters:
        ballot_cast(round_=round_, person=voter, content=BallotContent((a, d)))
    # Someone takes D off the ballot (in the admin) after people voted for it: the ballots
    # now name a project the count does not know, and the methods library refuses them.
    round_.proposals.filter(pk=d).update(status=ProposalStatus.INFEASIBLE)
    round_ = close(round_, organiser)  # the worker records the error and goes on
    assert round_.tally_status == TallyStatus.FAILED and round_.tally_failed
    assert "unknown project" in round_.tally_error and "Park budget" in round_.tally_error
    client.force_login(with_second_factor(organiser))
    page = client.get(reverse("commissioning_staff:round", args=[round_.pk])).content.decode()
    assert "Count failed — recount." in page and "unknown project" in page
    assert reverse("commissioning_staff:recount", args=[round_.pk]) in page

    round_.proposals.filter(pk=d).update(status=ProposalStatus.FEASIBLE)  # put it back
    earlier = recount(round_, organiser, "D was taken off the ballot by mistake.")
    round_.refresh_from_db()
    assert round_.tally_status == TallyStatus.DONE and not round_.tally_failed
    assert earlier.status == TallyStatus.FAILED and "unknown project" in earlier.error
    assert earlier.areas == []
    assert set(
        ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True)
    ) == {
        a,
        d,
    }
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "The earlier count did not finish." in page


def test_a_count_whose_worker_died_shows_as_failed_and_can_be_recounted(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    close: Any,
    recount: Any,
    with_second_factor: Any,
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    # A worker that dies mid-count leaves the round running, and nothing moves again.
    BudgetingRound.objects.filter(pk=round_.pk).update(
        tally_status=TallyStatus.RUNNING,
        tally_progress=40,
        tally_heartbeat=timezone.now() - timedelta(hours=1),
    )
    client.force_login(with_second_factor(organiser))
    url = reverse("commissioning_staff:round", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Count failed — recount." in page and "worker" in page
    response = client.post(
        reverse("commissioning_staff:recount", args=[round_.pk]),
        {"reason": "The worker stopped."},
    )
    assert response.status_code == 302
    round_tally(round_.pk)  # what the queued task runs
    round_.refresh_from_db()
    assert round_.tally_status == TallyStatus.DONE
    assert SupersededCount.objects.get(round=round_).status == "stalled"


def test_a_live_count_cannot_be_recounted(
    make_round: Any, voters: list[Any], organiser: Any, close: Any
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    BudgetingRound.objects.filter(pk=round_.pk).update(
        tally_status=TallyStatus.RUNNING, tally_heartbeat=timezone.now()
    )
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="being counted now"):
        round_recount(round_=round_, actor=organiser, reason="Impatience.")
    assert not SupersededCount.objects.exists()


def test_a_recount_needs_a_reason_and_changes_nothing_without_one(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    close: Any,
    with_second_factor: Any,
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    with pytest.raises(ValidationError, match="Say why"):
        round_recount(round_=round_, actor=organiser, reason="  ")
    client.force_login(with_second_factor(organiser))
    response = client.post(reverse("commissioning_staff:recount", args=[round_.pk]), {"reason": ""})
    assert response.status_code == 400 and "Say why the round is counted again" in (
        response.content.decode()
    )
    assert not SupersededCount.objects.exists()
    assert not AuditEvent.objects.filter(action="round.recount").exists()
    assert AreaResult.objects.filter(area__round=round_).exists()


def test_only_staff_with_their_second_factor_may_recount(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    moderator: Any,
    close: Any,
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    with pytest.raises(PermissionDenied):
        round_recount(round_=round_, actor=moderator, reason="I want to.")
    url = reverse("commissioning_staff:recount", args=[round_.pk])
    client.force_login(voters[0])
    assert client.post(url, {"reason": "I want to."}).status_code == 403
    client.force_login(organiser)  # staff, but this session has not used the second factor
    response = client.post(url, {"reason": "I want to."})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/accounts/2fa/" in response["Location"]
    assert not SupersededCount.objects.exists()
    assert AreaResult.objects.filter(area__round=round_).exists()


def test_a_recount_after_publication_must_be_confirmed_and_says_so_in_public(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    close: Any,
    recount: Any,
    with_second_factor: Any,
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    commitments = winners_publish(round_=round_, actor=organiser)
    with pytest.raises(ValidationError, match="already published"):
        round_recount(round_=round_, actor=organiser, reason="A disputed result.")
    assert not SupersededCount.objects.exists()
    client.force_login(with_second_factor(organiser))
    manage = client.get(reverse("commissioning_staff:round", args=[round_.pk])).content.decode()
    assert 'name="after_publication"' in manage
    earlier = recount(round_, organiser, "A disputed result.", after_publication=True)
    assert earlier.after_publication
    assert AuditEvent.objects.get(action="round.recount").data["after_publication"] is True
    assert all(c.pk for c in commitments)  # the commitments stay on the tracker
    page = client.get(reverse("commissioning:results", args=[round_.pk])).content.decode()
    assert "The earlier result had already been published." in page


def test_ballots_are_not_touched_by_a_recount(
    make_round: Any, voters: list[Any], organiser: Any, close: Any, recount: Any
) -> None:
    round_ = _counted(make_round, voters, organiser, close)
    before = sorted(map(str, Ballot.objects.filter(round=round_).values_list("choices", flat=True)))
    recount(round_, organiser)
    after = sorted(map(str, Ballot.objects.filter(round=round_).values_list("choices", flat=True)))
    assert before == after and len(after) == len(voters)
