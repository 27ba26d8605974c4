"""Reads for surveys: results per question, raw and weighted, and the CSV export."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from coproduce.assessment.models import Question, QuestionKind, Survey, SurveyResponse
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can
from coproduce.places.selectors import population_profile
from coproduce.places.weighting import (
    Weights,
    respondent_weights,
    weighted_mean,
    weighted_median,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person


def survey_for_user(person: Person | AnonymousUser, pk: int) -> Survey:
    """Fetch a survey in an activity the person may see, or 404."""
    return get_object_or_404(
        Survey.objects.select_related("activity__stage__initiative__organisation"),
        pk=pk,
        activity__in=activities_for_user(person),
    )


def survey_for_organiser(person: Person | AnonymousUser, pk: int) -> Survey:
    """Fetch a survey the person may build and export; raise PermissionDenied otherwise."""
    survey = survey_for_user(person, pk)
    if not can(person, Action.MANAGE_INITIATIVES, survey.activity.stage.initiative.organisation):
        raise PermissionDenied
    return survey


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    share: float
    weighted_share: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    weighted_mean: float | None = None
    median: float | None = None
    weighted_median: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SurveyResults:
    responses: int
    weights: Weights | None
    questions: list[QuestionResult]


def _place_of(survey: Survey) -> Any:
    return survey.activity.eligible_place or survey.activity.stage.initiative.place


def _labels(value: Any, options: list[str]) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= len(options):
        return [options[value - 1]]
    return [str(value)]


def _choice_result(
    result: QuestionResult, rows: list[tuple[Any, float]], options: list[str], weighted: bool
) -> None:
    """Share of respondents choosing each option (multiple choice may add up to over 100 %)."""
    chosen = [(set(_labels(value, options)), weight) for value, weight in rows]
    total, total_weight = len(chosen), sum(w for _c, w in chosen)
    for option in options:
        count = sum(1 for labels, _w in chosen if option in labels)
        mass = sum(w for labels, w in chosen if option in labels)
        result.options.append(
            OptionResult(
                label=option,
                count=count,
                share=round(count / total, 3) if total else 0.0,
                weighted_share=round(mass / total_weight, 3) if weighted and total_weight else None,
            )
        )


def survey_results(survey: Survey, *, with_texts: bool = False) -> SurveyResults:
    """Tally every question; weighted figures use the place's population profile."""
    responses = list(survey.responses.prefetch_related("answers"))
    population = population_profile(_place_of(survey))
    weights = respondent_weights([r.profile for r in responses], population)
    weight_of = {r.pk: (weights.values[i] if weights else 1.0) for i, r in enumerate(responses)}
    by_question: dict[int, list[tuple[Any, float]]] = {}
    for response in responses:
        for answer in response.answers.all():
            by_question.setdefault(answer.question_id, []).append(
                (answer.value, weight_of[response.pk])
            )
    results = []
    for question in survey.questions.all():
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question=question, answered=len(rows))
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT):
            _choice_result(result, rows, question.options, weights is not None)
        if question.kind in (QuestionKind.NUMBER, QuestionKind.LIKERT) and rows:
            values = [float(v) for v, _w in rows]
            row_weights = [w for _v, w in rows]
            result.mean = round(statistics.fmean(values), 2)
            result.median = statistics.median(values)
            if weights:
                result.weighted_mean = round(weighted_mean(values, row_weights), 2)
                result.weighted_median = weighted_median(values, row_weights)
        if question.kind == QuestionKind.TEXT and with_texts:
            result.texts = [str(v) for v, _w in rows]
        results.append(result)
    return SurveyResults(len(responses), weights, results)


def survey_csv(survey: Survey) -> str:
    """One row per response: id, time, channel, weight, then one column per question."""
    responses = list(survey.responses.prefetch_related("answers"))
    questions = list(survey.questions.all())
    population = population_profile(_place_of(survey))
    weights = respondent_weights([r.profile for r in responses], population)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["response", "submitted", "channel", "weight", *[q.prompt for q in questions]])
    for index, response in enumerate(responses):
        values = {a.question_id: a.value for a in response.answers.all()}
        cells = []
        for question in questions:
            value = values.get(question.pk, "")
            cells.append(";".join(value) if isinstance(value, list) else value)
        weight = f"{weights.values[index]:.4f}" if weights else "1"
        writer.writerow(
            [response.pk, response.created_at.isoformat(), response.channel, weight, *cells]
        )
    return out.getvalue()


def has_responded(survey: Survey, person: Person | AnonymousUser) -> bool:
    if not person.is_authenticated:
        return False
    return SurveyResponse.objects.filter(survey=survey, person_id=person.pk).exists()
