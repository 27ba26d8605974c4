"""Writes for voting: casting a secret ballot online or by code, and paper double entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.commissioning import secrecy
from coproduce.commissioning.access import can_enter_paper, can_manage_round, require
from coproduce.commissioning.ballot_rules import BallotContent, ballot_check
from coproduce.commissioning.instruments import PAPER_ENTER
from coproduce.commissioning.models import (
    Ballot,
    BallotArea,
    BudgetingRound,
    EntryStatus,
    PaperEntry,
    Receipt,
    VoterCode,
)
from coproduce.commissioning.selectors.rounds import ballot_costs, voter_status
from coproduce.initiatives.models import Channel, Mode
from coproduce.initiatives.rules import require as require_can
from coproduce.initiatives.services import contribution_record

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


@dataclass(frozen=True)
class CastResult:
    """What the voter is told: their receipt, and whether this replaced an earlier ballot."""

    receipt: str
    replaced: bool


def ballot_cast(*, round_: BudgetingRound, person: Person, content: BallotContent) -> CastResult:
    """Cast (or, where the round allows, replace) the person's online ballot.

    Raise ``PermissionDenied`` if they may not vote, ``ValidationError`` if the ballot breaks
    the round's limits or they already voted in a round that allows no changes.
    """
    status = voter_status(person, round_)
    if not status.eligibility.ok or status.area is None:
        raise PermissionDenied(status.eligibility.reason)
    ballot_check(round_, status.area, content, ballot_costs(status.area))
    seal = secrecy.voter_seal(round_.pk, secrecy.person_identity(person.pk))
    return _store(round_, status.area, seal, content, person=person, channel=Channel.ONLINE)


def _store(
    round_: BudgetingRound,
    area: BallotArea,
    seal: str,
    content: BallotContent,
    *,
    person: Person | None,
    channel: Channel,
    recorded_by: Person | None = None,
) -> CastResult:
    points = list(content.points) if content.points else None
    with transaction.atomic():
        try:
            # The unique (round, seal) constraint decides, even under concurrent submissions.
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    round=round_, area=area, seal=seal, choices=list(content.choices), points=points
                )
            first = True
        except IntegrityError:
            if not round_.allow_changes:
                raise ValidationError(
                    _("You have already voted in this round, and ballots cannot be changed.")
                ) from None
            _replace(round_, seal, area=area, choices=list(content.choices), points=points)
            first = False
        if first:
            _shuffle_in(ballot)
        receipt = secrecy.receipt_code(round_.pk, seal)
        if first:
            Receipt.objects.bulk_create(
                [Receipt(round=round_, code=receipt)], ignore_conflicts=True
            )
            contribution_record(
                person=person,
                activity=round_.activity,
                kind="ballot",
                mode=Mode.VOICE,
                channel=channel,
                recorded_by=recorded_by,
                sealed=True,
            )
    return CastResult(receipt=receipt, replaced=not first)


def _replace(round_: BudgetingRound, seal: str, **content: Any) -> None:
    # A concurrent shuffle may move the sealed ballot to another row between our reading and
    # writing; the update then matches nothing and is simply run again.
    for _attempt in range(5):
        if Ballot.objects.filter(round=round_, seal=seal).update(**content):
            return
    raise RuntimeError("the ballot to replace could not be found")


def _shuffle_in(ballot: Ballot) -> None:
    """Swap a new ballot's content with a random earlier row of the round.

    One step of an inside-out Fisher–Yates shuffle: ballots stay in a uniformly random order
    in storage, so a row's position (SQLite's rowid) no longer follows the order people voted
    in, which the ledger records.
    """
    other = (
        Ballot.objects.select_for_update()
        .filter(round_id=ballot.round_id, id__gt=uuid.uuid4())
        .exclude(pk=ballot.pk)
        .order_by("id")
        .first()
    )
    if other is None:
        return
    mine = {
        "area_id": ballot.area_id,
        "seal": ballot.seal,
        "choices": ballot.choices,
        "points": ballot.points,
    }
    theirs = {
        "area_id": other.area_id,
        "seal": other.seal,
        "choices": other.choices,
        "points": other.points,
    }
    Ballot.objects.filter(pk=other.pk).update(seal=f"moving:{ballot.pk.hex}")
    Ballot.objects.filter(pk=ballot.pk).update(**theirs)
    Ballot.objects.filter(pk=other.pk).update(**mine)


def voter_codes_issue(
    *,
    round_: BudgetingRound,
    area: BallotArea,
    count: int,
    actor: Person,
    person: Person | None = None,
) -> list[str]:
    """Create ``count`` one-time voter codes for the area and return them (shown only once)."""
    require(
        can_enter_paper(actor, round_) or can_manage_round(actor, round_),
        _("Only staff can issue voter codes."),
    )
    if not round_.voter_codes:
        raise ValidationError(_("This round does not use voter codes."))
    if area.round_id != round_.pk or not 1 <= count <= 2000:
        raise ValidationError(
            _("Choose one of the round's districts and between 1 and 2,000 codes.")
        )
    codes = [secrecy.new_code() for _ in range(count)]
    with transaction.atomic():
        VoterCode.objects.bulk_create(
            VoterCode(
                round=round_,
                area=area,
                code_hash=secrecy.code_hash(c),
                person=person,
                issued_by=actor,
            )
            for c in codes
        )
        audit_record(
            action="voter_codes.issue",
            actor=actor,
            target=round_,
            data={"area": area.pk, "count": count, "for_person": person.pk if person else None},
        )
    return codes


def _code_for_entry(round_: BudgetingRound, code: str) -> VoterCode:
    voter_code = (
        VoterCode.objects.select_for_update(of=("self",))
        .select_related("area", "person")
        .filter(round=round_, code_hash=secrecy.code_hash(code))
        .first()
    )
    if voter_code is None:
        raise ValidationError({"code": _("This voter code is not valid for this round.")})
    if voter_code.used and not round_.allow_changes:
        raise ValidationError({"code": _("This voter code has already been used.")})
    return voter_code


@dataclass(frozen=True)
class EntryResult:
    """What happened to a paper entry: ``status`` pending, counted or mismatch."""

    status: EntryStatus
    receipt: str = ""


def paper_entry_record(
    *, round_: BudgetingRound, code: str, content: BallotContent, actor: Person
) -> EntryResult:
    """Record one staff member's entry of a paper ballot; count it when two people agree.

    A ballot counts once a second member of staff's independent entry matches an earlier
    one; a differing entry is recorded as a mismatch and nothing is counted. Every entry
    is audited (without its content); the ballot enters the ledger as a paper one.
    """
    require(can_enter_paper(actor, round_), _("Only staff can enter paper ballots."))
    require_can(actor, PAPER_ENTER, round_.activity)
    with transaction.atomic():
        voter_code = _code_for_entry(round_, code)
        ballot_check(round_, voter_code.area, content, ballot_costs(voter_code.area))
        digest = secrecy.content_digest(round_.pk, voter_code.code_hash, content.as_json())
        others = PaperEntry.objects.filter(round=round_, code_hash=voter_code.code_hash).exclude(
            status=EntryStatus.COUNTED
        )
        if others.filter(entered_by=actor, status=EntryStatus.PENDING).exists():
            raise ValidationError(
                _("You have already entered this ballot: a second member of staff must enter it.")
            )
        match = others.exclude(entered_by=actor).filter(content_digest=digest).first()
        status = (
            EntryStatus.COUNTED
            if match
            else (EntryStatus.MISMATCH if others.exists() else EntryStatus.PENDING)
        )
        entry = PaperEntry.objects.create(
            round=round_,
            code_hash=voter_code.code_hash,
            content_digest=digest,
            entered_by=actor,
            status=status,
        )
        receipt = ""
        if match is not None:
            receipt = _count_paper(round_, voter_code, content, actor)
            others.update(status=EntryStatus.COUNTED)
        audit_record(
            action=f"paper_entry.{status}", actor=actor, target=entry, data={"round": round_.pk}
        )
    return EntryResult(status=EntryStatus(status), receipt=receipt)


def _count_paper(
    round_: BudgetingRound, voter_code: VoterCode, content: BallotContent, actor: Person
) -> str:
    identity = (
        secrecy.person_identity(voter_code.person_id)
        if voter_code.person_id
        else secrecy.code_identity(voter_code.code_hash)
    )
    seal = secrecy.voter_seal(round_.pk, identity)
    result = _store(
        round_,
        voter_code.area,
        seal,
        content,
        person=voter_code.person,
        channel=Channel.PAPER,
        recorded_by=actor,
    )
    voter_code.used = True
    voter_code.save(update_fields=["used"])
    return result.receipt
