"""Surveys: questions (with conditions), responses and answers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    """A survey activity; ``one_per_person`` is enforced by a database constraint."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="survey"
    )
    intro = models.TextField(_("introduction"), blank=True)
    allow_anonymous = models.BooleanField(_("anonymous responses allowed"), default=False)
    one_per_person = models.BooleanField(_("one response per person"), default=True)

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:survey", args=[self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Agreement scale")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


LIKERT_CHOICES = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


class Question(models.Model):
    """A question; shown only when ``show_if`` was answered with ``show_if_value``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    prompt = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    show_if = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependants"
    )
    show_if_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def options(self) -> list[str]:
        if self.kind == QuestionKind.LIKERT:
            return [str(_(label)) for label in LIKERT_CHOICES]
        return [str(choice) for choice in self.choices]


class SurveyResponse(models.Model):
    """One submitted questionnaire; ``once_key`` makes one-per-person a DB constraint."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The respondent's id when the survey allows one response per person, else NULL
    # (NULLs never collide), so the database itself refuses a second response.
    once_key = models.BigIntegerField(null=True, blank=True)
    # A snapshot of consented demographics, used only for weighting.
    profile = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=10, default="online")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["survey", "once_key"], name="one_survey_response_per_person"
            )
        ]


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
