"""Counting a closed round in the background, publishing winners as commitments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.accounts.following import notify_followers
from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.commissioning import tally
from coproduce.commissioning.access import can_manage_round, organisation_of, require
from coproduce.commissioning.models import (
    AreaResult,
    Ballot,
    BallotArea,
    BudgetingRound,
    ProjectResult,
    ProposalStatus,
    TallyStatus,
)
from coproduce.commissioning.selectors.results import unpublished_winners
from coproduce.commissioning.services.ballots import ballots_open
from coproduce.governance.models import Commitment, CommitmentOwner, CommitmentSource
from coproduce.governance.services import commitment_create, commitment_follow
from coproduce.initiatives.models import LineageKind
from coproduce.initiatives.services import lineage_link

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.commissioning.models import Proposal


def round_tally_queue(*, round_: BudgetingRound, actor: Person | None) -> None:
    """Queue the count of a closed round as a background task (after the commit)."""
    if not round_.is_closed:
        raise ValidationError(_("A round is counted only after voting closes."))
    from coproduce.commissioning.tasks import tally_round

    BudgetingRound.objects.filter(pk=round_.pk).update(
        tally_status=TallyStatus.QUEUED, tally_progress=0, tally_error=""
    )
    audit_record(action="round.tally_queue", actor=actor, target=round_, data={"rule": round_.rule})
    round_id = round_.pk
    transaction.on_commit(lambda: tally_round.enqueue(round_id))


def shape_of(round_: BudgetingRound, area: BallotArea) -> tally.BallotShape:
    """Return the round's ballot as the adapter needs it."""
    return tally.BallotShape(
        ballot_format=round_.ballot_format,
        rule=round_.rule,
        budget=area.budget,
        min_choices=round_.min_choices,
        max_choices=round_.max_choices,
        points=round_.points,
        currency=round_.currency,
        description=f"{round_.activity.title}: {area.name}",
        source_meta=round_.source_meta,
        source_columns=round_.source_columns,
    )


def area_data(area: BallotArea) -> tuple[list[tally.PlainProject], list[tally.PlainBallot]]:
    """Return the area's projects and ballots as plain data (ballots in random order)."""
    projects = [
        tally.PlainProject(id=str(p.pk), cost=p.cost, name=p.title, category=p.category)
        for p in area.proposals.filter(status=ProposalStatus.FEASIBLE).order_by("pk")
    ]
    ballots = [
        tally.PlainBallot(tuple(str(c) for c in choices), tuple(points) if points else None)
        for choices, points in Ballot.objects.filter(area=area)
        .order_by("pk")
        .values_list("choices", "points")
    ]
    return projects, ballots


def round_tally(round_id: int) -> None:
    """Open the envelopes of a closed round, then count every area with its locked rule;
    store results and progress."""
    round_ = BudgetingRound.objects.select_related("activity").get(pk=round_id)
    areas = list(round_.areas.order_by("pk"))
    BudgetingRound.objects.filter(pk=round_id).update(
        tally_status=TallyStatus.RUNNING, tally_progress=1
    )
    try:
        ballots_open(round_=round_)
        for index, area in enumerate(areas):
            _count_area(round_, area, index, len(areas))
    except Exception as error:
        BudgetingRound.objects.filter(pk=round_id).update(
            tally_status=TallyStatus.FAILED, tally_error=str(error)[:300]
        )
        raise
    with transaction.atomic():
        BudgetingRound.objects.filter(pk=round_id).update(
            tally_status=TallyStatus.DONE, tally_progress=100, tallied_at=timezone.now()
        )
        audit_record(action="round.tally", actor=None, target=round_, data={"areas": len(areas)})


def _count_area(round_: BudgetingRound, area: BallotArea, index: int, total: int) -> None:
    projects, ballots = area_data(area)

    def progress(share: float) -> None:
        done = int(100 * (index + share) / total)
        BudgetingRound.objects.filter(pk=round_.pk).update(tally_progress=max(1, min(done, 99)))

    result = tally.count(shape_of(round_, area), projects, ballots, progress=progress)
    order = {pid: i for i, pid in enumerate(result.selected, start=1)}
    with transaction.atomic():
        AreaResult.objects.update_or_create(
            area=area,
            defaults={
                "rule": result.rule,
                "ballots": len(ballots),
                "funded": result.funded,
                "computed_at": timezone.now(),
                "notes": [note.as_json() for note in result.notes],
            },
        )
        ProjectResult.objects.filter(area=area).delete()
        ProjectResult.objects.bulk_create(
            ProjectResult(
                proposal_id=int(p.id),
                area=area,
                votes=result.votes.get(p.id, 0),
                selected=p.id in order,
                order=order.get(p.id),
                reason=result.reasons[p.id].as_json() if p.id in result.reasons else {},
            )
            for p in projects
        )
    progress(1.0)


def winners_publish(*, round_: BudgetingRound, actor: Person | None) -> list[Commitment]:
    """Turn the round's winners into commitments on the tracker, linked to their proposals.

    Return the new commitments. Idempotent: winners already published are skipped, and a
    round with nothing left to publish changes nothing and records no event. Authors are
    told. Raise ``ValidationError`` if the round has not been counted.
    """
    if actor is not None:
        require(
            can_manage_round(actor, round_), _("Only the organisation's staff can publish results.")
        )
    if round_.tally_status != TallyStatus.DONE:
        raise ValidationError(_("The round has not been counted yet."))
    created = []
    with transaction.atomic():
        # Lock the round so two clicks at once cannot both publish the same winners.
        BudgetingRound.objects.select_for_update().filter(pk=round_.pk).first()
        winners = list(unpublished_winners(round_))
        if not winners:
            return []
        for result in winners:
            created.append(_publish(round_, result.proposal, actor))
        audit_record(
            action="round.publish",
            actor=actor,
            target=round_,
            data={"commitments": [c.pk for c in created]},
        )
        notify_followers(
            round_.activity,
            event="round.results",
            subject=_("The results of “%(round)s” are published") % {"round": str(round_)[:80]},
            body=ngettext(
                "%(count)s proposal will be funded; follow it on the commitments tracker.",
                "%(count)s proposals will be funded; follow them on the commitments tracker.",
                len(created),
            )
            % {"count": len(created)},
            url=reverse("commissioning:results", args=[round_.pk]),
            exclude=[actor],
        )
    return created


def _publish(round_: BudgetingRound, proposal: Proposal, actor: Person | None) -> Commitment:
    commitment = commitment_create(
        title=proposal.title[:200],
        description=_("Funded by residents' votes in “%(round)s”.") % {"round": round_},
        organisation=organisation_of(round_),
        owner=CommitmentOwner.ORGANISATION,
        actor=None,
        initiative=round_.activity.stage.initiative,
        source=CommitmentSource.BUDGETING,
    )
    lineage_link(source=proposal, target=commitment, kind=LineageKind.FUNDED_AS, actor=actor)
    if proposal.author is not None:
        commitment_follow(commitment=commitment, person=proposal.author)
    notify(
        proposal.author,
        subject=_("Your proposal will be funded"),
        body=_("Residents voted to fund “%(title)s”. Follow its progress on the tracker.")
        % {"title": proposal.title},
        url=commitment.get_absolute_url(),
    )
    return commitment
