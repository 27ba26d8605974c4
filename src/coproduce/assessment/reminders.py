"""Reminders before a survey closes, for people who follow it and have not answered.

A survey has no "started" state (answers are sent whole, nothing is saved half-way), so
the reminder goes to its followers who have not answered, when it closes within
``SURVEY_REMINDER_BEFORE`` — once per person and survey.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_noop

from coproduce.accounts.following import followers_of
from coproduce.accounts.models import Notification
from coproduce.accounts.notifications import notify
from coproduce.accounts.reminders import Reminder, register_reminder
from coproduce.assessment.models import Survey, SurveyResponse
from coproduce.initiatives.models import Activity
from coproduce.ui.text import Sentence

SURVEY_REMINDER_BEFORE = timedelta(days=2)
EVENT = "survey.reminder"


def survey_reminders(now: datetime) -> int:
    """Remind followers of surveys closing soon who have not answered; return how many
    people were reminded."""
    surveys = Survey.objects.filter(
        activity__starts_at__lte=now,
        activity__ends_at__gt=now,
        activity__ends_at__lte=now + SURVEY_REMINDER_BEFORE,
    ).select_related("activity")
    activity_type = ContentType.objects.get_for_model(Activity)
    told = 0
    for survey in surveys:
        ends = survey.activity.ends_at
        assert ends is not None
        answered = SurveyResponse.objects.filter(survey=survey).values("person_id")
        reminded = Notification.objects.filter(
            event=EVENT, target_type=activity_type, target_id=survey.activity_id
        ).values("person_id")
        due = followers_of(survey.activity).exclude(pk__in=answered).exclude(pk__in=reminded)
        for person in due:
            notify(
                person,
                subject=Sentence(
                    gettext_noop("“%(title)s” closes soon"), {"title": survey.activity.title[:80]}
                ),
                body=Sentence(
                    gettext_noop(
                        "You follow this survey and have not answered yet. It closes on %(day)s."
                    ),
                    {"day": ends},
                ),
                url=survey.get_absolute_url(),
                event=EVENT,
                target=survey.activity,
            )
            told += 1
    return told


def register() -> None:
    register_reminder(Reminder(key="assessment.survey", send=survey_reminders))
