"""Writes for rounds and proposals: phases, proposals, review and merging (setting a round up
and its settings: ``services.round_setup``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import notify_followers
from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.commissioning.access import can_manage_round, require
from coproduce.commissioning.instruments import (
    PROPOSAL_SUBMIT,
    PROPOSAL_SUPPORT,
)
from coproduce.commissioning.models import (
    PHASE_ORDER,
    BallotArea,
    BudgetingRound,
    Phase,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    TallyStatus,
)

# Setting up a round lives in services.round_setup; callers of old import these from here.
from coproduce.commissioning.services.round_setup import AreaSpec as AreaSpec
from coproduce.commissioning.services.round_setup import round_configure as round_configure
from coproduce.commissioning.services.round_setup import round_create as round_create
from coproduce.initiatives.models import Lineage, LineageKind, Mode
from coproduce.initiatives.rules import require as require_can
from coproduce.initiatives.services import (
    activity_phase_move,
    contribution_record,
    contributions_unseal,
    lineage_link,
)
from coproduce.ui.images import image_clean
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation


def round_phase_set(
    *, round_: BudgetingRound, actor: Person | None, phase: Phase
) -> BudgetingRound:
    """Start ``phase`` now (forward only, one step or more) by moving the activity's dates.

    Opening voting needs at least one proposal on the ballot; closing voting unseals the
    ledger and queues the count. Audited (``activity.phase``).
    """
    if actor is not None:
        require(
            can_manage_round(actor, round_), _("Only the organisation's staff can change phases.")
        )
    opening = not round_.is_locked and PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.VOTING)
    if opening and not round_.proposals.filter(status=ProposalStatus.FEASIBLE).exists():
        raise ValidationError({"phase": _("Voting cannot open: no proposal is on the ballot yet.")})
    with transaction.atomic():
        activity_phase_move(activity=round_.activity, key=phase, actor=actor)
        round_ = BudgetingRound.objects.select_related("activity").get(pk=round_.pk)
        round_close_if_due(round_=round_, actor=actor)
    return round_


def round_close_if_due(*, round_: BudgetingRound, actor: Person | None = None) -> bool:
    """Once voting has closed on the clock, unseal the ledger and queue the count, once.

    Called when staff move the phase and whenever a round page is read, so a round whose
    voting ends by its dates is counted without anyone pressing a button. Return True if
    this call queued the count.
    """
    if not round_.is_closed or round_.imported_from or round_.tally_status != TallyStatus.NONE:
        return False
    from coproduce.commissioning.services.results import round_tally_queue

    with transaction.atomic():
        # NO KEY UPDATE: closers exclude one another but never wait for voters, who hold the
        # row FOR KEY SHARE while they write an envelope (services/ballots.py).
        locked = BudgetingRound.objects.select_for_update(no_key=True).get(pk=round_.pk)
        if locked.tally_status != TallyStatus.NONE:
            return False
        contributions_unseal(activity=round_.activity)
        round_tally_queue(round_=locked, actor=actor)
    return True


def proposal_submit(
    *,
    round_: BudgetingRound,
    author: Person,
    title: str,
    description: str,
    estimated_cost: int,
    area: BallotArea,
    category: str = "",
    longitude: float | None = None,
    latitude: float | None = None,
    group: Organisation | None = None,
    image: Any = None,
) -> Proposal:
    """Record a resident's (or community group's) proposal while the round collects them."""
    require_can(author, PROPOSAL_SUBMIT, round_.activity)
    if group is not None and not group.memberships.filter(person_id=author.pk).exists():
        raise PermissionDenied(_("You can only propose for a group you belong to."))
    if area.round_id != round_.pk:
        raise ValidationError({"area": _("Choose one of this round's districts.")})
    proposal = Proposal(
        round=round_,
        area=area,
        title=title.strip(),
        description=description.strip(),
        estimated_cost=estimated_cost,
        category=category.strip(),
        longitude=longitude,
        latitude=latitude,
        author=author,
        group=group,
    )
    if image:
        try:
            proposal.image = image_clean(image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error
    proposal.full_clean(exclude=["image"])
    if estimated_cost <= 0:
        raise ValidationError({"estimated_cost": _("Give an estimated cost above zero.")})
    with transaction.atomic():
        proposal.save()
        contribution_record(
            person=author, activity=round_.activity, kind="proposal", mode=Mode.VOICE
        )
    return proposal


def proposal_support(*, proposal: Proposal, person: Person) -> bool:
    """Add the person's support to a proposal; return False if they already support it."""
    require_can(person, PROPOSAL_SUPPORT, proposal.round.activity)
    if proposal.status in (ProposalStatus.MERGED, ProposalStatus.INFEASIBLE):
        raise ValidationError(_("This proposal can no longer be supported."))
    with transaction.atomic():
        _support, created = ProposalSupport.objects.get_or_create(proposal=proposal, person=person)
        if created:
            contribution_record(
                person=person, activity=proposal.round.activity, kind="support", mode=Mode.VOICE
            )
    return created


def proposal_review(
    *,
    proposal: Proposal,
    actor: Person,
    feasible: bool,
    reason: str,
    revised_cost: int | None = None,
) -> Proposal:
    """Record staff's feasibility decision with a public reason; notify the author."""
    round_ = proposal.round
    require(
        can_manage_round(actor, round_), _("Only the organisation's staff can review proposals.")
    )
    if round_.is_locked:
        raise ValidationError(_("Voting has opened: the ballot can no longer change."))
    if proposal.status == ProposalStatus.MERGED:
        raise ValidationError(_("This proposal was merged into another one."))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give a reason: it is shown in public.")
    if revised_cost is not None and revised_cost <= 0:
        errors["revised_cost"] = _("A revised cost must be above zero.")
    if feasible and (revised_cost or proposal.estimated_cost) > proposal.area.budget:
        errors["revised_cost"] = _("The cost is more than the district's whole budget.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal.status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.INFEASIBLE
        proposal.revised_cost = revised_cost
        proposal.feasibility_reason = reason.strip()
        proposal.reviewed_by, proposal.reviewed_at = actor, timezone.now()
        proposal.save(
            update_fields=[
                "status",
                "revised_cost",
                "feasibility_reason",
                "reviewed_by",
                "reviewed_at",
            ]
        )
        audit_record(
            action="proposal.review",
            actor=actor,
            target=proposal,
            data={
                "feasible": feasible,
                "revised_cost": revised_cost,
                "reason": proposal.feasibility_reason,
            },
        )
        verdict = Sentence(
            gettext_noop("is feasible and will go on the ballot")
            if feasible
            else gettext_noop("is not feasible")
        )
        notify(
            proposal.author,
            subject=Sentence(gettext_noop("Your proposal has been reviewed")),
            body=Sentence(
                gettext_noop("Your proposal “%(title)s” %(verdict)s. The reason: %(reason)s"),
                {
                    "title": proposal.title,
                    "verdict": verdict,
                    "reason": proposal.feasibility_reason,
                },
            ),
            url=proposal.get_absolute_url(),
            event="proposal.review",
            target=proposal,
        )
        notify_followers(
            proposal,
            event="proposal.review",
            subject=Sentence(
                gettext_noop("“%(title)s” %(verdict)s"),
                {"title": proposal.title[:80], "verdict": verdict},
            ),
            body=proposal.feasibility_reason,
            url=proposal.get_absolute_url(),
            exclude=[proposal.author, actor],
        )
    return proposal


def _carry_lineage(duplicate: Proposal, into: Proposal, actor: Person) -> None:
    kind = ContentType.objects.get_for_model(Proposal)
    for link in Lineage.objects.filter(target_type=kind, target_id=duplicate.pk):
        if link.source is not None and link.kind != LineageKind.MERGED_INTO:
            lineage_link(
                source=link.source,
                target=into,
                kind=LineageKind(link.kind),
                note=link.note,
                actor=actor,
            )


def proposal_merge(
    *, duplicate: Proposal, into: Proposal, actor: Person, note: str = ""
) -> Proposal:
    """Merge a duplicate into another proposal: supporters and lineage carry over; audited."""
    round_ = into.round
    require(
        can_manage_round(actor, round_), _("Only the organisation's staff can merge proposals.")
    )
    if duplicate.pk == into.pk or duplicate.round_id != into.round_id:
        raise ValidationError(_("Choose two different proposals in the same round."))
    if round_.is_locked:
        raise ValidationError(_("Voting has opened: the ballot can no longer change."))
    if ProposalStatus.MERGED in (duplicate.status, into.status):
        raise ValidationError(_("One of these proposals was already merged."))
    with transaction.atomic():
        supporters = set(
            ProposalSupport.objects.filter(proposal=duplicate).values_list("person_id", flat=True)
        )
        if duplicate.author_id is not None:
            supporters.add(duplicate.author_id)
        supporters -= set(
            ProposalSupport.objects.filter(proposal=into).values_list("person_id", flat=True)
        )
        ProposalSupport.objects.bulk_create(
            ProposalSupport(proposal=into, person_id=p) for p in supporters
        )
        duplicate.status, duplicate.merged_into = ProposalStatus.MERGED, into
        duplicate.save(update_fields=["status", "merged_into"])
        _carry_lineage(duplicate, into, actor)
        lineage_link(
            source=duplicate, target=into, kind=LineageKind.MERGED_INTO, note=note, actor=actor
        )
        audit_record(
            action="proposal.merge",
            actor=actor,
            target=into,
            data={"duplicate": duplicate.pk, "supporters_added": len(supporters)},
        )
        notify(
            duplicate.author,
            subject=Sentence(gettext_noop("Your proposal was merged")),
            body=Sentence(
                gettext_noop(
                    "Your proposal “%(title)s” was merged with “%(into)s”, which has your support."
                ),
                {"title": duplicate.title, "into": into.title},
            ),
            url=into.get_absolute_url(),
        )
    return into
