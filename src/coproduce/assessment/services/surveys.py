"""Writes for surveys: build the questionnaire, and take one response (once per person)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.accounts.selectors import demographics_of
from coproduce.assessment.instruments import SURVEY_RESPOND
from coproduce.assessment.models import (
    Answer,
    Question,
    QuestionKind,
    Survey,
    SurveyResponse,
)
from coproduce.audit.chain import audit_record
from coproduce.initiatives.models import Activity, Channel, Mode
from coproduce.initiatives.rules import PHASE
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.services import contribution_record
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import answer_number_parse, whole_number_parse

if TYPE_CHECKING:
    from coproduce.accounts.models import Person

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


def _organisation_of(survey_or_activity: Survey | Activity) -> Any:
    activity = (
        survey_or_activity.activity
        if isinstance(survey_or_activity, Survey)
        else survey_or_activity
    )
    return activity.stage.initiative.organisation


def survey_create(
    *,
    activity: Activity,
    actor: Person,
    intro: str = "",
    allow_anonymous: bool = False,
    one_per_person: bool = True,
) -> Survey:
    """Make a survey activity's questionnaire; only the organisation's organisers may."""
    if not can(actor, Action.MANAGE_INITIATIVES, _organisation_of(activity)):
        raise PermissionDenied(_("Only the organisers can build this survey."))
    if allow_anonymous and (activity.eligible_place_id or activity.min_age):
        raise ValidationError(
            _("A survey limited by residence or age cannot take anonymous answers.")
        )
    with transaction.atomic():
        survey, _created = Survey.objects.update_or_create(
            activity=activity,
            defaults={
                "intro": intro,
                "allow_anonymous": allow_anonymous,
                "one_per_person": one_per_person,
            },
        )
        audit_record(action="survey.save", actor=actor, target=survey)
    return survey


def question_add(
    *,
    survey: Survey,
    actor: Person,
    kind: QuestionKind,
    prompt: str,
    required: bool = False,
    choices: list[str] | None = None,
    help_text: str = "",
    show_if: Question | None = None,
    show_if_value: str = "",
) -> Question:
    """Add a question at the end; ``show_if`` must be an earlier question with that answer."""
    if not can(actor, Action.MANAGE_INITIATIVES, _organisation_of(survey)):
        raise PermissionDenied(_("Only the organisers can build this survey."))
    errors: dict[str, str] = {}
    choices = [c.strip() for c in (choices or []) if c.strip()]
    if not prompt.strip():
        errors["prompt"] = _("Write the question.")
    if kind in CHOICE_KINDS and len(choices) < 2:
        errors["choices"] = _("Give at least two choices, one a line.")
    if show_if is not None:
        if show_if.survey_id != survey.pk:
            errors["show_if"] = _("The condition must be a question of this survey.")
        elif show_if_value not in show_if.options:
            errors["show_if_value"] = _("Choose one of that question's answers.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = survey.questions.order_by("-order").values_list("order", flat=True).first() or 0
        question = Question.objects.create(
            survey=survey,
            order=last + 1,
            kind=kind,
            prompt=prompt.strip(),
            help_text=help_text.strip(),
            required=required,
            choices=choices if kind in CHOICE_KINDS else [],
            show_if=show_if,
            show_if_value=show_if_value if show_if else "",
        )
        audit_record(action="survey.question_add", actor=actor, target=survey)
    return question


def is_shown(question: Question, answers: Mapping[int, Any], shown: set[int]) -> bool:
    """A question shows when it has no condition, or its condition shows and was met."""
    if question.show_if_id is None:
        return True
    if question.show_if_id not in shown:
        return False
    given = answers.get(question.show_if_id)
    if isinstance(given, list):
        return question.show_if_value in given
    if isinstance(given, int) and question.show_if is not None:
        return question.show_if.options[given - 1] == question.show_if_value
    return given == question.show_if_value


def _clean(question: Question, raw: Any) -> Any:
    """Return the stored value for one answer, None when blank; raise ValueError if wrong."""
    values = raw if isinstance(raw, list) else [raw]
    values = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not values:
        return None
    options = question.options
    if question.kind == QuestionKind.MULTIPLE:
        if any(v not in options for v in values):
            raise ValueError(_("Choose from the listed answers."))
        return values
    value = values[-1]
    if question.kind == QuestionKind.SINGLE:
        if value not in options:
            raise ValueError(_("Choose one of the listed answers."))
        return value
    if question.kind == QuestionKind.LIKERT:
        if value in options:
            return options.index(value) + 1
        try:
            return whole_number_parse(value, minimum=1, maximum=len(options))
        except ValueError:
            raise ValueError(_("Choose a point on the scale.")) from None
    if question.kind == QuestionKind.NUMBER:
        try:
            return answer_number_parse(value)
        except ValueError:
            raise ValueError(_("Enter a number, like 3 or 2.5.")) from None
    return value[:5000]


def _answers(survey: Survey, raw: Mapping[int, Any]) -> dict[int, Any]:
    cleaned: dict[int, Any] = {}
    shown: set[int] = set()
    errors: dict[str, str] = {}
    for question in survey.questions.select_related("show_if"):
        if not is_shown(question, cleaned, shown):
            continue
        shown.add(question.pk)
        try:
            value = _clean(question, raw.get(question.pk))
        except ValueError as error:
            errors[f"q{question.pk}"] = str(error)
            continue
        if value is None:
            if question.required:
                errors[f"q{question.pk}"] = _("Answer this question.")
            continue
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _profile(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {}
    return demographics_of(person.pk)


def response_submit(
    *,
    survey: Survey,
    person: Person | AnonymousUser | None,
    answers: Mapping[int, Any],
    channel: Channel = Channel.ONLINE,
    recorded_by: Person | None = None,
) -> SurveyResponse:
    """Store one response; raise ValidationError if closed, ineligible, incomplete or repeated."""
    respondent = person if person is not None and person.is_authenticated else None
    activity = survey.activity
    verdict = can_take_part(respondent or AnonymousUser(), SURVEY_RESPOND, activity)
    if verdict.refused_by == PHASE:
        raise ValidationError(verdict.reason)
    if respondent is None:
        if not survey.allow_anonymous or activity.eligible_place_id or activity.min_age:
            raise ValidationError(_("Sign in to answer this survey."))
    elif not verdict.ok:
        raise ValidationError(verdict.reason)
    cleaned = _answers(survey, answers)
    once = respondent.pk if respondent is not None and survey.one_per_person else None
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                person=respondent,
                once_key=once,
                profile=_profile(respondent),
                channel=channel,
            )
            Answer.objects.bulk_create(
                Answer(response=response, question_id=pk, value=value)
                for pk, value in cleaned.items()
            )
            contribution_record(
                person=respondent,
                activity=activity,
                kind="survey-response",
                mode=Mode.VOICE,
                channel=channel,
                recorded_by=recorded_by,
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None
    return response


def question_remove(*, question: Question, actor: Person) -> None:
    """Remove a question (and questions that depend on it) before anyone has answered."""
    survey = question.survey
    if not can(actor, Action.MANAGE_INITIATIVES, _organisation_of(survey)):
        raise PermissionDenied(_("Only the organisers can build this survey."))
    if survey.responses.exists():
        raise ValidationError(_("People have answered: questions can no longer be removed."))
    with transaction.atomic():
        question.dependants.all().delete()
        audit_record(
            action="survey.question_remove", actor=actor, target=survey, data={"q": question.prompt}
        )
        question.delete()
