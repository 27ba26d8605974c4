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

OPINION_MAP = "opinion_map"

STATEMENT_SUBMIT = "statement.submit"
STATEMENT_VOTE = "statement.vote"
STATEMENT_MODERATE = "statement.moderate"

IDEAS = "ideas"

IDEA_SUBMIT = "idea.submit"
IDEA_SUPPORT = "idea.support"
IDEA_ANSWER = "idea.answer"

APPRAISAL = "appraisal"

APPRAISAL_JOIN = "appraisal.join"
APPRAISAL_WEIGH = "appraisal.weigh"
APPRAISAL_SET_UP = "appraisal.set_up"


def _opinion_map_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    # The page is keyed by the activity, so no query is needed: an activity whose map is
    # not set up yet shows that on the same page.
    return {
        activity.pk: reverse("design:opinion_map", args=[activity.pk]) for activity in activities
    }


def _ideas_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    return {
        activity.pk: reverse("design:idea_board", args=[activity.pk]) for activity in activities
    }


def _ideas_new_url(initiative: Initiative) -> str:
    return f"{reverse('design_staff:ideas_new')}?{urlencode({'initiative': initiative.slug})}"


def register() -> None:
    _register_appraisal()
    register_instrument(
        Instrument(
            kind=IDEAS,
            label=_("Ideas"),
            co=Co.DESIGN,
            phases=(
                PhaseSpec(
                    "collecting",
                    _("Collecting ideas and supports"),
                    frozenset({IDEA_SUBMIT, IDEA_SUPPORT, IDEA_ANSWER}),
                ),
                PhaseSpec("answering", _("Answering the ideas"), frozenset({IDEA_ANSWER})),
            ),
            actions={
                IDEA_SUBMIT: ActionSpec(_("Propose an idea")),
                IDEA_SUPPORT: ActionSpec(_("Support an idea")),
                IDEA_ANSWER: ActionSpec(_("Answer ideas"), Action.MANAGE_INITIATIVES.value),
            },
            page_urls=_ideas_urls,
            create_url=_ideas_new_url,
            description=_(
                "Residents propose ideas and support each other's; ideas that reach the "
                "threshold get a formal, public answer from the organisation."
            ),
        )
    )
    register_instrument(
        Instrument(
            kind=OPINION_MAP,
            label=_("Opinion map"),
            co=Co.DESIGN,
            phases=(
                PhaseSpec(
                    "open",
                    _("Open for statements and votes"),
                    frozenset({STATEMENT_SUBMIT, STATEMENT_VOTE, STATEMENT_MODERATE}),
                ),
            ),
            actions={
                STATEMENT_SUBMIT: ActionSpec(_("Write a statement")),
                STATEMENT_VOTE: ActionSpec(_("Vote on statements")),
                STATEMENT_MODERATE: ActionSpec(_("Moderate statements"), Action.MODERATE.value),
            },
            page_urls=_opinion_map_urls,
            description=_(
                "Participants vote agree, disagree or pass on short statements and write their "
                "own; the map shows the groups of opinion and what everyone agrees on."
            ),
        )
    )


def _appraisal_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    return {activity.pk: reverse("design:appraisal", args=[activity.pk]) for activity in activities}


def _appraisal_new_url(initiative: Initiative) -> str:
    return f"{reverse('design_staff:appraisal_new')}?{urlencode({'initiative': initiative.slug})}"


def _register_appraisal() -> None:
    register_instrument(
        Instrument(
            kind=APPRAISAL,
            label=_("Options appraisal"),
            co=Co.DESIGN,
            phases=(
                PhaseSpec(
                    "weighting",
                    _("Stakeholder groups weigh the criteria"),
                    frozenset({APPRAISAL_JOIN, APPRAISAL_WEIGH, APPRAISAL_SET_UP}),
                ),
                PhaseSpec("results", _("Results published"), frozenset({APPRAISAL_SET_UP})),
            ),
            actions={
                APPRAISAL_JOIN: ActionSpec(_("Join a stakeholder group")),
                APPRAISAL_WEIGH: ActionSpec(_("Weigh the criteria for your group")),
                APPRAISAL_SET_UP: ActionSpec(
                    _("Set up the options appraisal"), Action.MANAGE_INITIATIVES.value
                ),
            },
            page_urls=_appraisal_urls,
            create_url=_appraisal_new_url,
            description=_(
                "Options are scored on criteria; each stakeholder group weighs the criteria "
                "its own way, and the results show each group's ranking, a compromise and "
                "where the groups disagree."
            ),
        )
    )
