"""Budgeting proposals in the site's search (coproduce.search)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.models import Proposal, ProposalStatus
from coproduce.initiatives.models import Visibility
from coproduce.search.registry import Entry, SearchSource, register_search_source


def proposal_entry(proposal: Proposal) -> Entry | None:
    if proposal.status == ProposalStatus.MERGED:
        return None  # found through the proposal it was merged into
    activity = proposal.round.activity
    initiative = activity.stage.initiative
    return Entry(
        title=proposal.title,
        body=" ".join(filter(None, [proposal.description, proposal.category])),
        url=proposal.get_absolute_url(),
        place_id=proposal.area.place_id or initiative.place_id,
        status=proposal.status,
        public=(
            activity.visibility == Visibility.PUBLIC and initiative.visibility == Visibility.PUBLIC
        ),
        organisation_id=initiative.organisation_id,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            kind="proposal",
            label=_("Budget proposals"),
            model=Proposal,
            entry=proposal_entry,
            queryset=lambda: Proposal.objects.select_related(
                "area", "round__activity__stage__initiative"
            ).iterator(),
            statuses=dict(ProposalStatus.choices),
        )
    )
