"""The instruments this app owns, registered with the core's instrument contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import (
    ActionSpec,
    Instrument,
    PhaseSpec,
    register_instrument,
)
from coproduce.initiatives.models import Co

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity

REPORT_CHANNEL = "report_channel"
SURVEY = "survey"
SCRUTINY_PANEL = "scrutiny_panel"

SURVEY_RESPOND = "survey.respond"
PANEL_APPLY = "panel.apply"


def _report_channel_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    base = reverse("assessment:reports")
    return {activity.pk: f"{base}?channel={activity.pk}" for activity in activities}


def _survey_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    from coproduce.assessment.models import Survey

    pairs = Survey.objects.filter(activity__in=activities).values_list("activity_id", "pk")
    return {activity: reverse("assessment:survey", args=[pk]) for activity, pk in pairs}


def _panel_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    from coproduce.assessment.models import Panel

    pairs = Panel.objects.filter(activity__in=activities).values_list("activity_id", "pk")
    return {activity: reverse("assessment:panel", args=[pk]) for activity, pk in pairs}


def register() -> None:
    register_instrument(
        Instrument(
            kind=REPORT_CHANNEL,
            label=_("Report channel"),
            co=Co.ASSESSMENT,
            phases=(PhaseSpec("open", _("Open")),),
            page_urls=_report_channel_urls,
        )
    )
    register_instrument(
        Instrument(
            kind=SURVEY,
            label=_("Survey"),
            co=Co.ASSESSMENT,
            phases=(PhaseSpec("open", _("Answering"), frozenset({SURVEY_RESPOND})),),
            actions={SURVEY_RESPOND: ActionSpec(_("Answer the survey"))},
            page_urls=_survey_urls,
        )
    )
    register_instrument(
        Instrument(
            kind=SCRUTINY_PANEL,
            label=_("Scrutiny panel"),
            co=Co.ASSESSMENT,
            phases=(PhaseSpec("open", _("Open"), frozenset({PANEL_APPLY})),),
            actions={PANEL_APPLY: ActionSpec(_("Put yourself forward for the panel"))},
            page_urls=_panel_urls,
        )
    )
