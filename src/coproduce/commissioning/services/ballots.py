"""Writes for voting: casting a secret ballot online or by code, paper double entry, and
opening the envelopes when the count begins (models/ballots.py says how secrecy works)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.commissioning import secrecy
from coproduce.commissioning.access import can_enter_paper, can_manage_round, require
from coproduce.commissioning.ballot_rules import BallotContent, ballot_check
from coproduce.commissioning.instruments import PAPER_ENTER
from coproduce.commissioning.models import (
    Ballot,
    BallotArea,
    BallotEnvelope,
    BudgetingRound,
    EntryStatus,
    PaperEntry,
    Receipt,
    TallyStatus,
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
    the round's limits or they already voted in a round that allows no changes. The ballot
    is durably stored, sealed in its envelope, when this returns.
    """
    status = voter_status(person, round_)
    if not status.eligibility.ok or status.area is None:
        raise PermissionDenied(status.eligibility.reason)
    costs = ballot_costs(status.area)
    ballot_check(round_, status.area, content, costs)
    seal = secrecy.voter_seal(round_.pk, secrecy.person_identity(person.pk))
    return _store(round_, status.area, seal, content, costs, person=person, channel=Channel.ONLINE)


def _store(
    round_: BudgetingRound,
    area: BallotArea,
    seal: str,
    content: BallotContent,
    costs: Mapping[int, int],
    *,
    person: Person | None,
    channel: Channel,
    recorded_by: Person | None = None,
) -> CastResult:
    box = secrecy.envelope_seal(
        round_id=round_.pk,
        seal=seal,
        area_id=area.pk,
        content=content.as_json(),
        size=secrecy.envelope_size(len(costs), max(costs, default=0), round_.points),
    )
    # No savepoint: a refusal leaves this block before it is raised, so an enclosing
    # transaction (a request's, a test's) is not spoilt, and nothing is written for it.
    with transaction.atomic(savepoint=False):
        first = _envelope_insert(round_, area, seal, box)
        refusal = "" if first else _envelope_replace(round_, area, seal, box)
        if first:
            contribution_record(
                person=person,
                activity=round_.activity,
                kind="ballot",
                mode=Mode.VOICE,
                channel=channel,
                recorded_by=recorded_by,
                sealed=True,
            )
    if refusal:
        raise ValidationError(refusal)
    return CastResult(receipt=secrecy.receipt_code(round_.pk, seal), replaced=not first)


def _envelope_insert(round_: BudgetingRound, area: BallotArea, seal: str, box: bytes) -> bool:
    """Write the voter's first envelope in one statement; return False if none was written.

    None is written when the voter already has one (the unique ``(round, seal)`` constraint
    decides, even under concurrent submissions: ``ON CONFLICT DO NOTHING``) or when the count
    has begun. The statement reads the round's ``tally_status`` as it inserts, and on
    PostgreSQL locks its row FOR KEY SHARE, which voters share, so they do not wait for one
    another; ``ballots_open`` locks it FOR UPDATE, so it waits for every envelope being
    written, and updates it, so a voter who was waiting reads the row again and finds the
    count under way. (Closing the round locks it only FOR NO KEY UPDATE, so it never waits
    for voters.) SQLite runs one writing transaction at a time.
    """
    envelopes, rounds = BallotEnvelope._meta.db_table, BudgetingRound._meta.db_table
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    sql = (
        f"INSERT INTO {envelopes} (id, round_id, area_id, seal, box) "  # noqa: S608
        f"SELECT %s, id, %s, %s, %s FROM {rounds} WHERE id = %s AND tally_status = %s{lock} "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    fields = {field.name: field for field in BallotEnvelope._meta.concrete_fields}
    params = [
        fields["id"].get_db_prep_value(uuid.uuid4(), connection),
        area.pk,
        seal,
        fields["box"].get_db_prep_value(box, connection),
        round_.pk,
        TallyStatus.NONE.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _envelope_replace(round_: BudgetingRound, area: BallotArea, seal: str, box: bytes) -> str:
    """Replace the voter's envelope where the round allows it; else return why not."""
    if not _ballot_box_open(round_):
        return _("Voting in this round has closed: its ballots are being counted.")
    if not round_.allow_changes:
        return _("You have already voted in this round, and ballots cannot be changed.")
    BallotEnvelope.objects.filter(round=round_, seal=seal).update(area=area, box=box)
    return ""


def _ballot_box_open(round_: BudgetingRound) -> bool:
    """Return whether the count has not begun, and keep it from beginning until this
    transaction ends (on PostgreSQL the round's row is locked FOR KEY SHARE, as when
    inserting)."""
    table = BudgetingRound._meta.db_table
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tally_status FROM {table} WHERE id = %s{lock}", [round_.pk])  # noqa: S608
        row = cursor.fetchone()
    return row is not None and row[0] == TallyStatus.NONE


def ballots_open(*, round_: BudgetingRound) -> int:
    """Open the round's envelopes into ballots and receipts; return how many were opened.

    The first step of the count (``round_tally``); the round is marked as counting, so no
    envelope can be written after it. In one transaction the contents go into ``Ballot`` and
    the receipts into ``Receipt``, each in its own random order, and the envelopes are
    deleted: every ballot and receipt of the round shares this transaction, and no order in
    storage follows the order people voted in. Opening an opened round does nothing.
    """
    with transaction.atomic():
        BudgetingRound.objects.select_for_update().get(pk=round_.pk)
        BudgetingRound.objects.filter(pk=round_.pk).update(tally_status=TallyStatus.RUNNING)
        envelopes = list(BallotEnvelope.objects.select_for_update().filter(round=round_))
        if not envelopes:
            return 0
        shuffle = secrets.SystemRandom().shuffle
        ballots = [_ballot_from(envelope) for envelope in envelopes]
        receipts = [
            Receipt(round=round_, code=secrecy.receipt_code(round_.pk, e.seal)) for e in envelopes
        ]
        shuffle(ballots)
        shuffle(receipts)
        Ballot.objects.bulk_create(ballots, batch_size=1000)
        Receipt.objects.bulk_create(receipts, batch_size=1000, ignore_conflicts=True)
        BallotEnvelope.objects.filter(pk__in=[e.pk for e in envelopes]).delete()
    return len(ballots)


def _ballot_from(envelope: BallotEnvelope) -> Ballot:
    content = secrecy.envelope_open(
        round_id=envelope.round_id,
        seal=envelope.seal,
        area_id=envelope.area_id,
        box=bytes(envelope.box),
    )
    return Ballot(
        round_id=envelope.round_id,
        area_id=envelope.area_id,
        choices=content["choices"],
        points=content["points"],
    )


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
        costs = ballot_costs(voter_code.area)
        ballot_check(round_, voter_code.area, content, costs)
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
            receipt = _count_paper(round_, voter_code, content, costs, actor)
            others.update(status=EntryStatus.COUNTED)
        audit_record(
            action=f"paper_entry.{status}", actor=actor, target=entry, data={"round": round_.pk}
        )
    return EntryResult(status=EntryStatus(status), receipt=receipt)


def _count_paper(
    round_: BudgetingRound,
    voter_code: VoterCode,
    content: BallotContent,
    costs: Mapping[int, int],
    actor: Person,
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
        costs,
        person=voter_code.person,
        channel=Channel.PAPER,
        recorded_by=actor,
    )
    voter_code.used = True
    voter_code.save(update_fields=["used"])
    return result.receipt
