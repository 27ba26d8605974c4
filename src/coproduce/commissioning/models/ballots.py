"""Secret ballots, receipts, voter codes, paper double entry and the counted results.

Secrecy works like a postal vote. While voting is open each voter's ballot is a
``BallotEnvelope``: the outer envelope carries ``seal``, a keyed hash (HMAC with
``settings.SECRECY_KEY``, which lives outside the database) of the round and the voter, and
the inner one holds the content encrypted under that key. The unique ``(round, seal)`` pair
makes one ballot per voter a database guarantee, whatever the channel. When the count
starts the envelopes are opened together in one transaction: the contents go into
``Ballot`` and the receipts into ``Receipt``, each table in its own random order, and the
envelopes are destroyed. A ``Ballot`` or ``Receipt`` row carries no person, seal, time or
sequential id, and every one of a round shares the transaction that opened them, so nothing
in the database pairs it with the ledger row that says who voted.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.models.rounds import BallotArea, BudgetingRound, Proposal


class BallotEnvelope(models.Model):
    """A voter's ballot while voting is open: their seal outside, the content sealed inside.

    ``box`` is the content encrypted with a key derived from ``SECRECY_KEY`` and bound to
    this round, seal and district (``secrecy.envelope_seal``), padded to the same length for
    every ballot of the district. Changing a ballot replaces the box.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="envelopes")
    area = models.ForeignKey(BallotArea, on_delete=models.CASCADE, related_name="+")
    seal = models.CharField(max_length=64)
    box = models.BinaryField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "seal"], name="one_ballot_per_voter")
        ]


class Ballot(models.Model):
    """One counted ballot, out of its envelope: chosen proposal ids (in rank order), points."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="ballots")
    area = models.ForeignKey(BallotArea, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list)
    points = models.JSONField(null=True, blank=True)


class ImportedVote(models.Model):
    """Where a ballot imported from a published pabulib file stood in it: the line's place,
    its voter id and its other columns (age, sex, neighbourhood, voting method, …), so that
    exporting the round gives the file back. Ballots cast here never have one, and the ballot
    row itself stays as bare as any other (no link from it to this table)."""

    ballot = models.OneToOneField(
        Ballot, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    order = models.PositiveIntegerField()
    voter_id = models.TextField()
    fields = models.JSONField(default=dict, blank=True)


class Receipt(models.Model):
    """A voter's receipt code, written when the envelopes are opened and published then;
    not linked to any ballot row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="receipts")
    code = models.CharField(max_length=16)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "code"], name="unique_receipt")
        ]


class VoterCode(models.Model):
    """A one-time code printed for in-person or paper voting; only its keyed hash is kept.

    A code issued to a known person votes as that person, so they cannot vote twice.
    """

    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="codes")
    area = models.ForeignKey(BallotArea, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used = models.BooleanField(default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second entry")
    COUNTED = "counted", _("Matched and counted")
    MISMATCH = "mismatch", _("Did not match another entry")


class PaperEntry(models.Model):
    """One staff member's typing of a paper ballot.

    Only a keyed digest of the content is stored: two entries by different people match
    when their digests are equal, and the ballot's content never sits beside its code.
    """

    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="entries")
    code_hash = models.CharField(max_length=64)
    content_digest = models.CharField(max_length=64)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default="pending")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["round", "code_hash"])]


class AreaResult(models.Model):
    """The count for one ballot area: funded total, ballots counted, rule used."""

    area = models.OneToOneField(BallotArea, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=40)
    ballots = models.PositiveIntegerField()
    funded = models.PositiveBigIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)
    # How the rule reached the outcome (a completion, a comparison): a list of reasons as
    # ``ProjectResult.reason``; sentences are made when a page is shown.
    notes = models.JSONField(default=list, blank=True)


class ProjectResult(models.Model):
    """One proposal's votes, whether it won, and why."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="result")
    area = models.ForeignKey(BallotArea, on_delete=models.CASCADE, related_name="project_results")
    votes = models.PositiveBigIntegerField()
    selected = models.BooleanField()
    order = models.PositiveIntegerField(null=True, blank=True)
    # Why, as the methods library's code with its numbers (money in pence) and the proposals
    # it names: {"code": ..., "numbers": {...}, "projects": [...], "category": ...}. Sentences
    # are made in the reader's language when a page is shown (``reasons.reason_text``).
    reason = models.JSONField(default=dict, blank=True)
    # Counts before reasons were stored as codes kept an English sentence here.
    explanation = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-selected", "order", "-votes", "pk"]

    def __str__(self) -> str:
        return str(self.proposal)

    def get_absolute_url(self) -> str:
        return self.proposal.get_absolute_url()


class SupersededCount(models.Model):
    """A count that a recount replaced, kept so the results page can say what changed.

    ``areas`` is what the earlier count found in each district, as it was shown:
    ``[{"name", "ballots", "funded", "winners": [{"proposal", "title", "votes"}]}]`` (empty
    when that count failed). Who asked for the recount is in the audit log
    (``round.recount``), not here.
    """

    round = models.ForeignKey(
        BudgetingRound, on_delete=models.CASCADE, related_name="superseded_counts"
    )
    status = models.CharField(max_length=10)
    error = models.CharField(max_length=300, blank=True)
    rule = models.CharField(max_length=30)
    counted_at = models.DateTimeField(null=True, blank=True)
    areas = models.JSONField(default=list, blank=True)
    reason = models.TextField()
    after_publication = models.BooleanField(default=False)
    recounted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-recounted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.round}: {self.recounted_at:%Y-%m-%d %H:%M}"
