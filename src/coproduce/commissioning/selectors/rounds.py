"""Reads for rounds: who votes where, what is on a ballot, duplicates, and results after close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coproduce.commissioning import secrecy
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.instruments import BALLOT_CAST
from coproduce.commissioning.models import (
    BallotArea,
    BallotEnvelope,
    BudgetingRound,
    Proposal,
    ProposalStatus,
)
from coproduce.initiatives.models import Visibility
from coproduce.initiatives.rules import can
from coproduce.initiatives.selectors import Eligibility, activities_for_user
from coproduce.places.selectors import residence_places
from coproduce.ui.text import look_alikes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def rounds_for_user(person: Person | AnonymousUser) -> QuerySet[BudgetingRound]:
    """Rounds in activities the person may see."""
    return (
        BudgetingRound.objects.filter(activity__in=activities_for_user(person))
        .select_related("activity__stage__initiative__organisation")
        .prefetch_related("activity__phase_starts")
    )


def round_for_user(person: Person | AnonymousUser, pk: int) -> BudgetingRound:
    """Return a round the person may see, or 404."""
    round_ = get_object_or_404(
        BudgetingRound.objects.select_related(
            "activity__stage__initiative__organisation", "activity__eligible_place"
        ).prefetch_related("activity__phase_starts"),
        pk=pk,
    )
    # Public rounds of public initiatives are seen by everyone: only the others need the
    # visibility query (every ballot and round page reads a round, most of them public).
    activity = round_.activity
    public = activity.visibility == activity.stage.initiative.visibility == Visibility.PUBLIC
    if not public and not rounds_for_user(person).filter(pk=pk).exists():
        raise Http404
    return round_


def ballot_proposals(area: BallotArea) -> list[Proposal]:
    """Proposals on the area's ballot: feasible and costed, in title order."""
    return list(area.proposals.filter(status=ProposalStatus.FEASIBLE).order_by("title", "pk"))


def ballot_costs(area: BallotArea) -> dict[int, int]:
    """Return ``{proposal id: cost}`` for the area's ballot."""
    return {p.pk: p.cost for p in ballot_proposals(area)}


def area_for_person(
    person: Person, round_: BudgetingRound, *, residence: frozenset[int] | None = None
) -> BallotArea | None:
    """Return the area the person votes in: their district, or the round's single area.

    ``residence``: where the person lives (``residence_places``), if read already.
    """
    areas = list(round_.areas.select_related("place"))
    if len(areas) == 1 and areas[0].place_id is None:
        return areas[0]
    places = residence if residence is not None else residence_places(person)
    return next((a for a in areas if a.place_id in places), None)


@dataclass(frozen=True)
class VoterStatus:
    eligibility: Eligibility
    area: BallotArea | None


def voter_status(person: Person | AnonymousUser, round_: BudgetingRound) -> VoterStatus:
    """Say whether the person may vote in the round now, and in which area.

    Where the person lives is read once, for both the eligibility and the district.
    """
    activity = round_.activity
    residence = None
    if person.is_authenticated and activity.eligible_place_id is not None:
        residence = residence_places(person)
    verdict = can(person, BALLOT_CAST, activity, residence=residence)
    if not verdict.ok:
        return VoterStatus(Eligibility(False, verdict.reason), None)
    area = area_for_person(person, round_, residence=residence)  # type: ignore[arg-type]
    if area is None:
        return VoterStatus(
            Eligibility(False, _("You do not live in any of this round's districts.")), None
        )
    return VoterStatus(Eligibility(True), area)


def proposal_duplicates(round_: BudgetingRound, title: str, *, limit: int = 5) -> list[Proposal]:
    """Return proposals in the round whose titles look like ``title`` (most alike first)."""
    proposals = round_.proposals.exclude(status=ProposalStatus.MERGED).only(
        "pk", "title", "status", "round_id", "area_id"
    )
    return look_alikes(title, ((p, p.title) for p in proposals), limit=limit)


def proposals_public(round_: BudgetingRound) -> QuerySet[Proposal]:
    """Proposals shown in public (merged ones point to their target)."""
    return round_.proposals.select_related("area", "author", "group").order_by("title", "pk")


@dataclass(frozen=True)
class OwnBallot:
    """A voter's own ballot while voting is open, which only the running server can read."""

    area_id: int
    content: BallotContent


def _seal_of(person: Person, round_: BudgetingRound) -> str:
    return secrecy.voter_seal(round_.pk, secrecy.person_identity(person.pk))


def ballot_of(person: Person, round_: BudgetingRound) -> OwnBallot | None:
    """Return the person's own ballot in the round (its envelope opened with the key), if any.

    None once the count has opened the envelopes: from then on nothing links them.
    """
    seal = _seal_of(person, round_)
    envelope = BallotEnvelope.objects.filter(round=round_, seal=seal).first()
    if envelope is None:
        return None
    content = secrecy.envelope_open(
        round_id=round_.pk, seal=seal, area_id=envelope.area_id, box=bytes(envelope.box)
    )
    points = content["points"]
    return OwnBallot(
        envelope.area_id,
        BallotContent(tuple(content["choices"]), tuple(points) if points else None),
    )


def receipt_of(person: Person, round_: BudgetingRound) -> str:
    """Return the receipt code the person's ballot in the round has (or would have)."""
    return secrecy.receipt_code(round_.pk, _seal_of(person, round_))


def has_voted(person: Person | AnonymousUser, round_: BudgetingRound) -> bool:
    """True when the ledger says the person voted in the round (online, assisted or on
    paper with a code issued to them)."""
    from coproduce.initiatives.models import Contribution

    if not person.is_authenticated:
        return False
    return Contribution.objects.filter(
        person_id=person.pk, activity_id=round_.activity_id, kind="ballot"
    ).exists()


def ballots_opened(round_: BudgetingRound) -> bool:
    """True once voting has closed and no envelope is left to open: ballots and receipts
    can be read."""
    return round_.is_closed and not BallotEnvelope.objects.filter(round=round_).exists()


def paper_enterers(round_: BudgetingRound) -> list[Person]:
    """Return the organisation's members who may enter paper ballots (either entry)."""
    from coproduce.accounts.models import Person
    from coproduce.organisations.permissions import ALLOWED, Action

    roles = [role.value for role in ALLOWED[Action.ENTER_ASSISTED]]
    organisation = round_.activity.stage.initiative.organisation
    return list(
        Person.objects.filter(
            memberships__organisation=organisation, memberships__role__in=roles, is_active=True
        )
        .distinct()
        .order_by("display_name", "pk")
    )
