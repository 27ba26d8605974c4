"""This app's sections of "Your activity": your proposals and your ballots (with receipts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.commissioning import secrecy
from coproduce.commissioning.models import BudgetingRound, Proposal, TallyStatus
from coproduce.initiatives.models import Contribution

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _proposals(person: Person) -> list[ActivityItem]:
    """Two queries: the proposals with their rounds, the rounds' phase dates."""
    proposals = (
        Proposal.objects.filter(author=person)
        .select_related("round__activity")
        .prefetch_related("round__activity__phase_starts")
        .order_by("-created_at", "-pk")
    )
    return [
        ActivityItem(
            title=p.title,
            url=p.get_absolute_url(),
            status=p.get_status_display(),
            when=p.created_at,
            detail=_("In “%(round)s”, now: %(phase)s")
            % {"round": p.round.activity.title, "phase": p.round.phase_label},
        )
        for p in proposals
    ]


def _ballot_status(round_: BudgetingRound) -> str:
    if not round_.is_closed:
        return _("You have voted: you can change your ballot until voting closes")
    if round_.tally_status == TallyStatus.DONE:
        return _("You have voted: the votes are counted")
    return _("You have voted: voting has closed")


def _ballots(person: Person) -> list[ActivityItem]:
    """Two queries: the person's ballot rows in the ledger with their rounds, and the rounds'
    phase dates. The receipt is worked out again with the key, as the receipt page does."""
    votes = (
        Contribution.objects.filter(
            person=person, kind="ballot", activity__budgeting_round__isnull=False
        )
        .select_related("activity__budgeting_round")
        .prefetch_related("activity__phase_starts")
        .order_by("-created_at", "-pk")
    )
    items = []
    for vote in votes:
        assert vote.activity is not None
        round_ = vote.activity.budgeting_round
        seal = secrecy.voter_seal(round_.pk, secrecy.person_identity(person.pk))
        items.append(
            ActivityItem(
                title=vote.activity.title,
                url=round_.get_absolute_url(),
                status=_ballot_status(round_),
                when=vote.created_at,
                detail=_("Your receipt: %(code)s")
                % {"code": secrecy.receipt_code(round_.pk, seal)},
            )
        )
    return items


def register() -> None:
    register_activity_section(
        ActivitySection(
            key="proposals",
            title=gettext_lazy("Your proposals"),
            empty=gettext_lazy("You have not proposed anything yet."),
            items=_proposals,
            order=10,
        )
    )
    register_activity_section(
        ActivitySection(
            key="ballots",
            title=gettext_lazy("Your ballots"),
            empty=gettext_lazy("You have not voted in a budgeting round yet."),
            items=_ballots,
            order=20,
        )
    )
