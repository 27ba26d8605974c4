"""Budgeting rounds, their districts (sub-budgets) and the proposals residents make."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.rules import Rule
from coproduce.initiatives.clock import AFTER, BEFORE, Moment, moment_of

# A count that has not moved for this long is taken for dead (its worker stopped): staff see
# that it failed and may run it again.
TALLY_STALLS_AFTER = timedelta(minutes=30)


class Phase(models.TextChoices):
    """A round's phases, in order (the instrument's phases: commissioning/instruments.py)."""

    PROPOSALS = "proposals", _("Collecting proposals")
    REVIEW = "review", _("Feasibility review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


PHASE_ORDER = [phase.value for phase in Phase]


class BallotFormat(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose between a minimum and a maximum of projects")
    KNAPSACK = "knapsack", _("Knapsack: choose projects within the budget")
    CUMULATIVE = "cumulative", _("Cumulative: distribute points")
    RANKED = "ranked", _("Ranked: put up to a number of projects in order")


class TallyStatus(models.TextChoices):
    NONE = "none", _("Not counted")
    QUEUED = "queued", _("Waiting to be counted")
    RUNNING = "running", _("Counting")
    DONE = "done", _("Counted")
    FAILED = "failed", _("Counting failed")


class BudgetingRound(models.Model):
    """A participatory budgeting round: an Activity with a budget, a ballot and a rule.

    Money is in integer minor units (pence). Once proposals open the budget and districts
    are locked; once voting opens the ballot format, the eligibility rules and the winner
    rule are too (``services.rounds.round_configure``).
    """

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="budgeting_round"
    )
    total_budget = models.PositiveBigIntegerField(_("total budget (pence)"))
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    ballot_format = models.CharField(
        _("ballot format"), max_length=20, choices=BallotFormat.choices, default="knapsack"
    )
    min_choices = models.PositiveSmallIntegerField(_("fewest projects to choose"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("most projects to choose or rank"), null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("points to distribute"), default=10)
    rule = models.CharField(_("winner rule"), max_length=30, choices=Rule.choices, default="greedy")
    allow_changes = models.BooleanField(
        _("voters may change their ballot until voting closes"), default=True
    )
    voter_codes = models.BooleanField(_("accept one-time voter codes"), default=True)
    tally_status = models.CharField(
        max_length=10, choices=TallyStatus.choices, default=TallyStatus.NONE
    )
    tally_progress = models.PositiveSmallIntegerField(default=0)
    tally_error = models.CharField(max_length=300, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    # When the count last moved (queued, or progress reported): a queued or running count
    # still for ``TALLY_STALLS_AFTER`` has lost its worker.
    tally_heartbeat = models.DateTimeField(null=True, blank=True)
    imported_from = models.CharField(_("imported from pabulib file"), max_length=200, blank=True)
    # An imported file's META, kept so the count applies its own thresholds and limits, and
    # its PROJECTS and VOTES headers ({"projects": [...], "votes": [...]}), so that exporting
    # it gives back the file.
    source_meta = models.JSONField(default=dict, blank=True)
    source_columns = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(max_choices__isnull=True)
                | models.Q(max_choices__gte=models.F("min_choices")),
                name="round_max_choices_at_least_min",
            ),
            models.CheckConstraint(
                condition=models.Q(tally_progress__lte=100), name="round_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:round", args=[self.pk])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("moment", None)  # read the clock again
        super().refresh_from_db(*args, **kwargs)

    @cached_property
    def moment(self) -> Moment:
        """Where the round stands now on its activity's clock (read once per instance)."""
        return moment_of(self.activity)

    @property
    def phase(self) -> str:
        """The current phase's key (the first before the start, the last after the end)."""
        return self.moment.phase.key

    @property
    def phase_label(self) -> str:
        """The phase as residents read it: the current phase, or that it is not open yet or
        has ended."""
        moment = self.moment
        if moment.status == BEFORE:
            return str(_("Not open yet"))
        if moment.status == AFTER:
            return str(_("Ended"))
        return str(moment.phase.label)

    @property
    def budget_locked(self) -> bool:
        """True once proposals have opened: the budget and districts can no longer change."""
        return self.moment.at_or_after(Phase.PROPOSALS)

    @property
    def is_locked(self) -> bool:
        """True once voting has opened: format, eligibility and rule can no longer change."""
        return self.moment.at_or_after(Phase.VOTING)

    @property
    def tally_stalled(self) -> bool:
        """True when a queued or running count has not moved for ``TALLY_STALLS_AFTER``."""
        if self.tally_status not in (TallyStatus.QUEUED, TallyStatus.RUNNING):
            return False
        moved = self.tally_heartbeat
        return moved is None or timezone.now() - moved > TALLY_STALLS_AFTER

    @property
    def tally_failed(self) -> bool:
        """True when the count failed or lost its worker: staff should recount."""
        return self.tally_status == TallyStatus.FAILED or self.tally_stalled

    @property
    def is_closed(self) -> bool:
        """True once voting has closed: counts may be shown."""
        return self.moment.after(Phase.VOTING)


class BallotArea(models.Model):
    """A part of the round voted and counted on its own, with its own budget.

    A round without district sub-budgets has one area with no place.
    """

    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="areas")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    budget = models.PositiveBigIntegerField(_("budget (pence)"))

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "place"], name="unique_area_per_place"),
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(place__isnull=True),
                name="one_placeless_area_per_round",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for feasibility review")
    FEASIBLE = "feasible", _("Feasible: on the ballot")
    INFEASIBLE = "infeasible", _("Not feasible")
    MERGED = "merged", _("Merged into another proposal")


class Proposal(models.Model):
    """A project a resident or community group proposes for funding."""

    round = models.ForeignKey(BudgetingRound, on_delete=models.CASCADE, related_name="proposals")
    area = models.ForeignKey(BallotArea, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost (pence)"))
    category = models.CharField(_("category"), max_length=80, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    image = models.ImageField(_("image"), upload_to="proposals/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_proposals",
    )
    group = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of the community group"),
    )
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    revised_cost = models.PositiveBigIntegerField(_("revised cost (pence)"), null=True, blank=True)
    feasibility_reason = models.TextField(_("public reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    external_id = models.CharField(max_length=64, blank=True)
    # An imported project as its file wrote it: name, categories, targets, selected and the
    # other columns (title and category above are cut to fit).
    source = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["title", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_proposal_names_its_target",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:proposal", args=[self.pk])

    @property
    def cost(self) -> int:
        """The cost that goes on the ballot: the reviewed cost where staff revised it."""
        return self.revised_cost if self.revised_cost is not None else self.estimated_cost


class ProposalSupport(models.Model):
    """A resident's support for a proposal (carried over when proposals are merged)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["proposal", "person"], name="unique_support")
        ]
