"""This app's sections of "Your activity": your reports, survey answers and panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.assessment.models import PanelMember, Report, SurveyResponse
from coproduce.initiatives.clock import AFTER, moment_of

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity


def _reports(person: Person) -> list[ActivityItem]:
    """One query: the reports with their categories."""
    reports = Report.objects.filter(reporter=person).select_related("category")
    return [
        ActivityItem(
            title=str(r),
            url=r.get_absolute_url(),
            status=r.get_status_display(),
            when=r.created_at,
            detail=r.description[:120],
        )
        for r in reports.order_by("-created_at", "-pk")
    ]


def _open_or_closed(activity: Activity) -> str:
    return _("closed") if moment_of(activity).status == AFTER else _("open")


def _survey_answers(person: Person) -> list[ActivityItem]:
    """Two queries: the answers with their surveys, the surveys' phase dates."""
    answers = (
        SurveyResponse.objects.filter(person=person)
        .select_related("survey__activity")
        .prefetch_related("survey__activity__phase_starts")
        .order_by("-created_at", "-pk")
    )
    return [
        ActivityItem(
            title=a.survey.activity.title,
            url=a.survey.get_absolute_url(),
            status=_("Answered"),
            when=a.created_at,
            detail=_("The survey is %(state)s.") % {"state": _open_or_closed(a.survey.activity)},
        )
        for a in answers
    ]


def _panels(person: Person) -> list[ActivityItem]:
    """One query: the person's seats with their panels."""
    seats = (
        PanelMember.objects.filter(person=person)
        .select_related("panel__activity")
        .order_by("-joined_at", "-pk")
    )
    return [
        ActivityItem(
            title=seat.panel.activity.title,
            url=seat.panel.get_absolute_url(),
            status=seat.get_status_display(),
            when=seat.joined_at,
            detail=_("%(role)s; the panel is at: %(stage)s")
            % {"role": seat.get_role_display(), "stage": seat.panel.get_stage_display()},
        )
        for seat in seats
    ]


def register() -> None:
    for key, title, empty, items, order in (
        (
            "reports",
            gettext_lazy("Your reports"),
            gettext_lazy("You have not reported a problem."),
            _reports,
            30,
        ),
        (
            "surveys",
            gettext_lazy("Your survey answers"),
            gettext_lazy("You have not answered a survey."),
            _survey_answers,
            40,
        ),
        (
            "panels",
            gettext_lazy("Panels you sit on"),
            gettext_lazy("You do not sit on a panel."),
            _panels,
            50,
        ),
    ):
        register_activity_section(
            ActivitySection(key=key, title=title, empty=empty, items=items, order=order)
        )
