"""The instruments this app owns, registered with the core's instrument contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import (
    ActionSpec,
    Instrument,
    PhaseSpec,
    register_instrument,
)
from coproduce.initiatives.models import Co
from coproduce.organisations.permissions import Action

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity, Initiative

BUDGETING_ROUND = "budgeting_round"
PRIORITY_SETTING = "priority_setting"
PERSONAL_BUDGETS = "personal_budgets"

# Actions on a budgeting round, named as the services that take them.
PROPOSAL_SUBMIT = "proposal.submit"
PROPOSAL_SUPPORT = "proposal.support"
BALLOT_CAST = "ballot.cast"
PAPER_ENTER = "paper.enter"
PRIORITIES_RESPOND = "priorities.respond"

# What each of a round's phases (models.Phase, in order) allows.
ROUND_ALLOWS = {
    "proposals": frozenset({PROPOSAL_SUBMIT, PROPOSAL_SUPPORT}),
    "review": frozenset({PROPOSAL_SUPPORT}),
    "voting": frozenset({BALLOT_CAST, PAPER_ENTER}),
}


def _round_phases() -> tuple[PhaseSpec, ...]:
    from coproduce.commissioning.models import Phase

    return tuple(
        PhaseSpec(phase.value, phase.label, ROUND_ALLOWS.get(phase.value, frozenset()))
        for phase in Phase
    )


def _round_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    from coproduce.commissioning.models import BudgetingRound

    pairs = BudgetingRound.objects.filter(activity__in=activities).values_list("activity_id", "pk")
    return {activity: reverse("commissioning:round", args=[pk]) for activity, pk in pairs}


def _exercise_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    from coproduce.commissioning.models import PriorityExercise

    pairs = PriorityExercise.objects.filter(activity__in=activities).values_list(
        "activity_id", "pk"
    )
    return {activity: reverse("commissioning:priorities", args=[pk]) for activity, pk in pairs}


def _round_new_url(initiative: Initiative) -> str:
    return (
        f"{reverse('commissioning_staff:round_new')}?{urlencode({'initiative': initiative.slug})}"
    )


def register() -> None:
    register_instrument(
        Instrument(
            kind=BUDGETING_ROUND,
            label=_("Participatory budgeting round"),
            co=Co.COMMISSIONING,
            phases=_round_phases(),
            actions={
                PROPOSAL_SUBMIT: ActionSpec(_("Propose a project")),
                PROPOSAL_SUPPORT: ActionSpec(_("Support a proposal")),
                BALLOT_CAST: ActionSpec(_("Vote")),
                PAPER_ENTER: ActionSpec(_("Enter a paper ballot"), Action.ENTER_ASSISTED),
            },
            page_urls=_round_urls,
            create_url=_round_new_url,
        )
    )
    register_instrument(
        Instrument(
            kind=PRIORITY_SETTING,
            label=_("Priority setting"),
            co=Co.COMMISSIONING,
            phases=(PhaseSpec("open", _("Open"), frozenset({PRIORITIES_RESPOND})),),
            actions={PRIORITIES_RESPOND: ActionSpec(_("Divide the budget"))},
            page_urls=_exercise_urls,
        )
    )
    register_instrument(
        Instrument(
            kind=PERSONAL_BUDGETS,
            label=_("Personal budgets"),
            co=Co.COMMISSIONING,
            phases=(PhaseSpec("open", _("Open")),),
        )
    )
