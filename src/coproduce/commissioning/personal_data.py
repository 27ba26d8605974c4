"""What co-commissioning holds about a person: proposals, supports, priorities, plans.

Ballots hold no reference to a person (a sealed envelope carries only a keyed seal until the
count, and a counted ballot not even that), so nothing here can link a person to their
ballot; the ledger row "voted" is the contributions section's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.commissioning.models import (
    PlanChange,
    PriorityResponse,
    Proposal,
    ProposalSupport,
    SupportPlan,
    VoterCode,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _plan(plan: SupportPlan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "organisation": plan.organisation.name,
        "allocation_pence": plan.allocation,
        "outcomes": plan.outcomes,
        "review_date": plan.review_date.isoformat() if plan.review_date else None,
        "lines": [
            {"label": line.label, "amount_pence": line.amount, "method": line.method}
            for line in plan.lines.all()
        ],
        "changes": [
            {"status": c.status, "note": c.note, "proposed_at": c.proposed_at.isoformat()}
            for c in plan.changes.all()
        ],
    }


def _export(person: Person) -> dict[str, Any]:
    proposals = Proposal.objects.filter(author=person).select_related("round__activity")
    supports = ProposalSupport.objects.filter(person=person).select_related("proposal")
    priorities = PriorityResponse.objects.filter(person=person).select_related("exercise__activity")
    plans = (
        SupportPlan.objects.filter(person=person)
        .select_related("organisation")
        .prefetch_related("lines", "changes")
    )
    return {
        "proposals": [
            {
                "round": p.round.activity.title,
                "title": p.title,
                "description": p.description,
                "estimated_cost_pence": p.estimated_cost,
                "status": p.status,
                "image": p.image.name or None,
                "at": p.created_at.isoformat(),
            }
            for p in proposals
        ],
        "supports": [
            {"proposal": s.proposal.title, "at": s.created_at.isoformat()} for s in supports
        ],
        "voter_codes_issued_to_you": VoterCode.objects.filter(person=person).count(),
        "priorities": [
            {
                "exercise": r.exercise.activity.title,
                "allocations": r.allocations,
                "at": r.submitted_at.isoformat(),
            }
            for r in priorities
        ],
        "support_plans": [_plan(plan) for plan in plans],
    }


def _erase(person: Person) -> None:
    for proposal in Proposal.objects.filter(author=person).exclude(image=""):
        proposal.image.delete(save=False)  # the photo was the person's; the proposal is public
        proposal.save(update_fields=["image"])
    Proposal.objects.filter(author=person).update(author=None)
    ProposalSupport.objects.filter(person=person).delete()
    VoterCode.objects.filter(person=person).update(person=None)
    PriorityResponse.objects.filter(person=person).delete()
    # A support plan's money stays accounted for; what it says about the person goes.
    plans = SupportPlan.objects.filter(person=person)
    PlanChange.objects.filter(plan__in=plans).update(note="", content={})
    plans.update(title="", outcomes="")


COMMISSIONING = PersonalData(
    section="commissioning",
    export=_export,
    erase=_erase,
    fields=(
        "commissioning.Proposal.author",
        "commissioning.ProposalSupport.person",
        "commissioning.VoterCode.person",
        "commissioning.PriorityResponse.person",
        "commissioning.SupportPlan.person",
        # Kept, pointing to the anonymised account: staff and professionals' own records.
        "commissioning.Proposal.reviewed_by",
        "commissioning.VoterCode.issued_by",
        "commissioning.PaperEntry.entered_by",
        "commissioning.SupportPlan.professional",
        "commissioning.PlanChange.proposed_by",
        "commissioning.PlanChange.decided_by",
        "commissioning.SpendingRecord.recorded_by",
    ),
)
