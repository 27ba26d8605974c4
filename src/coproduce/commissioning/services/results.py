"""Counting a closed round in the background, publishing winners as commitments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext_lazy

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
    SupersededCount,
    TallyStatus,
)
from coproduce.commissioning.selectors.results import unpublished_winners
from coproduce.commissioning.services.ballots import ballots_open
from coproduce.governance.models import Commitment, CommitmentOwner, CommitmentSource
from coproduce.governance.services import commitment_create, commitment_follow
from coproduce.initiatives.models import LineageKind
from coproduce.initiatives.services import lineage_link
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.commissioning.models import Proposal

logger = logging.getLogger(__name__)


def round_tally_queue(*, round_: BudgetingRound, actor: Person | None) -> None:
    """Queue the count of a closed round as a background task (after the commit)."""
    if not round_.is_closed:
        raise ValidationError(_("A round is counted only after voting closes."))
    from coproduce.commissioning.tasks import tally_round

    BudgetingRound.objects.filter(pk=round_.pk).update(
        tally_status=TallyStatus.QUEUED,
        tally_progress=0,
        tally_error="",
        tally_heartbeat=timezone.now(),
    )
    audit_record(action="round.tally_queue", actor=actor, target=round_, data={"rule": round_.rule})
    round_id = round_.pk
    transaction.on_commit(lambda: tally_round.enqueue(round_id))


def round_recount(
    *, round_: BudgetingRound, actor: Person, reason: str, after_publication: bool = False
) -> SupersededCount:
    """Count a closed round again with the same task, keeping the earlier count in its history.

    For a count that failed, lost its worker, or is disputed. ``reason`` is required and shown
    in public with the date. Once winners are published a recount must be confirmed with
    ``after_publication``: the results page then says the published result was recounted, and
    the commitments already made stay on the tracker. Audited (``round.recount``). Raise
    ``PermissionDenied`` for anyone but the organisation's staff, ``ValidationError`` (nothing
    changed) without a reason, before voting closes, while a live count runs, or after
    publication without the confirmation.
    """
    require(can_manage_round(actor, round_), _("Only the organisation's staff can recount."))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the round is counted again: the reason is shown in public.")
    if not round_.is_closed:
        raise ValidationError(_("A round is counted only after voting closes."))
    with transaction.atomic():
        locked = (
            BudgetingRound.objects.select_for_update().select_related("activity").get(pk=round_.pk)
        )
        if locked.tally_status in (TallyStatus.QUEUED, TallyStatus.RUNNING) and not (
            locked.tally_stalled
        ):
            raise ValidationError(_("The round is being counted now: wait for the count to end."))
        published = bool(_published_winner_ids(locked))
        if published and not after_publication:
            errors["after_publication"] = _(
                "The winners are already published. Confirm that you are recounting a "
                "published result: the results page will say so."
            )
        if errors:
            raise ValidationError(errors)
        earlier = _supersede(locked, reason.strip(), published)
        audit_record(
            action="round.recount",
            actor=actor,
            target=locked,
            data={
                "reason": earlier.reason,
                "earlier_status": earlier.status,
                "after_publication": published,
            },
        )
        round_tally_queue(round_=locked, actor=actor)
    return earlier


def _published_winner_ids(round_: BudgetingRound) -> set[int]:
    winners = ProjectResult.objects.filter(area__round=round_, selected=True)
    unpublished = set(unpublished_winners(round_).values_list("pk", flat=True))
    return set(winners.values_list("pk", flat=True)) - unpublished


def _supersede(round_: BudgetingRound, reason: str, published: bool) -> SupersededCount:
    """Store the round's current count in its history and clear it for the recount."""
    results = ProjectResult.objects.filter(area__round=round_).select_related("proposal")
    winners: dict[int, list[dict[str, object]]] = {}
    for result in results.filter(selected=True).order_by("order", "pk"):
        winners.setdefault(result.area_id, []).append(
            {"proposal": result.proposal_id, "title": result.proposal.title, "votes": result.votes}
        )
    areas = [
        {
            "name": area.result.area.name,
            "ballots": area.result.ballots,
            "funded": area.result.funded,
            "winners": winners.get(area.pk, []),
        }
        for area in round_.areas.select_related("result").order_by("name", "pk")
        if hasattr(area, "result")
    ]
    status = "stalled" if round_.tally_stalled else round_.tally_status
    earlier = SupersededCount.objects.create(
        round=round_,
        status=status,
        error=round_.tally_error,
        rule=round_.rule,
        counted_at=round_.tallied_at,
        areas=areas,
        reason=reason,
        after_publication=published,
    )
    results.delete()
    AreaResult.objects.filter(area__round=round_).delete()
    return earlier


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
    store results and progress.

    An area without ballots is stored as such (nothing funded there). An area whose count
    raises does not stop the others; the round is then marked failed with the areas and
    their errors in words, and the first error is raised again so the worker records it.
    """
    round_ = BudgetingRound.objects.select_related("activity").get(pk=round_id)
    areas = list(round_.areas.order_by("pk"))
    BudgetingRound.objects.filter(pk=round_id).update(
        tally_status=TallyStatus.RUNNING, tally_progress=1, tally_heartbeat=timezone.now()
    )
    failures: list[tuple[str, Exception]] = []
    try:
        ballots_open(round_=round_)
    except Exception as error:
        failures.append((_("opening the ballots"), error))
    else:
        for index, area in enumerate(areas):
            try:
                _count_area(round_, area, index, len(areas))
            except Exception as error:
                logger.exception("the count of area %s failed", area.pk)
                failures.append((area.name, error))
    if failures:
        text = "; ".join(f"{where}: {_error_text(error)}" for where, error in failures)
        BudgetingRound.objects.filter(pk=round_id).update(
            tally_status=TallyStatus.FAILED, tally_error=text[:300]
        )
        raise failures[0][1]
    with transaction.atomic():
        BudgetingRound.objects.filter(pk=round_id).update(
            tally_status=TallyStatus.DONE, tally_progress=100, tallied_at=timezone.now()
        )
        audit_record(action="round.tally", actor=None, target=round_, data={"areas": len(areas)})


def _error_text(error: Exception) -> str:
    """Return the error as staff can read it: the library's message, else its kind."""
    if isinstance(error, tally.CountError) and str(error):
        return str(error)
    return _("an unexpected error (%(kind)s: %(message)s)") % {
        "kind": type(error).__name__,
        "message": str(error)[:120],
    }


def _count_area(round_: BudgetingRound, area: BallotArea, index: int, total: int) -> None:
    projects, ballots = area_data(area)

    def progress(share: float) -> None:
        done = int(100 * (index + share) / total)
        BudgetingRound.objects.filter(pk=round_.pk).update(
            tally_progress=max(1, min(done, 99)), tally_heartbeat=timezone.now()
        )

    if ballots:
        result = tally.count(shape_of(round_, area), projects, ballots, progress=progress)
    else:
        result = tally.nobody_voted(shape_of(round_, area), projects)
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
            subject=Sentence(
                gettext_noop("The results of “%(round)s” are published"),
                {"round": str(round_)[:80]},
            ),
            body=Sentence(
                ngettext_lazy(
                    "%(count)s proposal will be funded; follow it on the commitments tracker.",
                    "%(count)s proposals will be funded; follow them on the commitments tracker.",
                    len(created),
                ),
                {"count": len(created)},
            ),
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
        subject=Sentence(gettext_noop("Your proposal will be funded")),
        body=Sentence(
            gettext_noop(
                "Residents voted to fund “%(title)s”. Follow its progress on the tracker."
            ),
            {"title": proposal.title},
        ),
        url=commitment.get_absolute_url(),
    )
    return commitment
