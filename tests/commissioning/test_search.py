"""Budget proposals in the site's search."""

from __future__ import annotations

from typing import Any

from coproduce.commissioning.models import Proposal, ProposalStatus
from coproduce.initiatives.models import Visibility
from coproduce.search.selectors import SearchFilters, search


def test_proposals_are_found_with_their_status_and_merged_ones_are_not(
    make_round: Any, anonymous: Any
):
    round_ = make_round(phase="proposals", costs=(10_000, 20_000))
    first, second = round_.proposals.order_by("title")
    first.title, first.description = "Benches by the river", "Somewhere to sit."
    first.save()
    second.title = "Benches by the canal"
    second.status, second.merged_into = ProposalStatus.MERGED, first
    second.save()
    found = search(SearchFilters(query="benches"), person=anonymous)
    assert [(h.title, h.status_label, h.url) for h in found.hits] == [
        ("Benches by the river", "Feasible: on the ballot", first.get_absolute_url())
    ]
    feasible = SearchFilters(query="benches", kind="proposal", status="feasible")
    assert search(feasible, person=anonymous).total == 1
    submitted = SearchFilters(query="benches", kind="proposal", status="submitted")
    assert search(submitted, person=anonymous).total == 0


def test_proposals_of_a_members_only_round_are_not_found_by_the_public(
    make_round: Any, anonymous: Any, organiser: Any
):
    round_ = make_round(costs=(10_000,))
    round_.activity.visibility = Visibility.MEMBERS
    round_.activity.save()
    Proposal.objects.filter(round=round_).update(title="Secret skate park")
    for proposal in round_.proposals.all():
        proposal.save()  # reindexed with the activity's visibility now
    assert search(SearchFilters(query="skate"), person=anonymous).total == 0
    assert search(SearchFilters(query="skate"), person=organiser).total == 1
