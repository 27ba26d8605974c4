"""Survey pages: answer, results (raw and weighted), CSV export, and the staff builder."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coproduce.assessment.instruments import SURVEY
from coproduce.assessment.models import QuestionKind
from coproduce.assessment.selectors.surveys import (
    QuestionResult,
    SurveyResults,
    has_responded,
    survey_csv,
    survey_for_organiser,
    survey_for_user,
    survey_results,
)
from coproduce.assessment.services.surveys import (
    question_add,
    question_remove,
    response_submit,
    survey_create,
)
from coproduce.assessment.survey_forms import QuestionForm, SurveyForm, SurveySettingsForm
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import eligibility_for
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.figures import bar_chart_svg
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def survey_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_user(request.user, pk)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(survey=survey, person=request.user, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are in."))
            return redirect("assessment:survey_results", pk=survey.pk)
    eligibility = eligibility_for(request.user, survey.activity, on=timezone.localdate())
    context = {
        "survey": survey,
        "form": form,
        "answered": has_responded(survey, request.user) and survey.one_per_person,
        "open": survey.activity.state == "open",
        "eligibility": eligibility,
    }
    return render(request, "assessment/survey.html", context)


def _charts(results: SurveyResults) -> list[tuple[QuestionResult, str, str]]:
    charts = []
    for result in results.questions:
        if not result.options:
            charts.append((result, "", ""))
            continue
        raw = bar_chart_svg(
            [(o.label, round(o.share * 100, 1)) for o in result.options],
            title=_("%(q)s: answers as given") % {"q": result.question.prompt},
            description=_("Per cent of respondents choosing each answer, unweighted."),
            unit="%",
        )
        weighted = ""
        if result.options[0].weighted_share is not None:
            weighted = bar_chart_svg(
                [(o.label, round((o.weighted_share or 0) * 100, 1)) for o in result.options],
                title=_("%(q)s: weighted to the population") % {"q": result.question.prompt},
                description=_("Per cent choosing each answer, weighted by the population profile."),
                unit="%",
            )
        charts.append((result, raw, weighted))
    return charts


def survey_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_user(request.user, pk)
    organiser = can(
        request.user, Action.MANAGE_INITIATIVES, survey.activity.stage.initiative.organisation
    )
    results = survey_results(survey, with_texts=organiser)
    context = {
        "survey": survey,
        "results": results,
        "charts": _charts(results),
        "organiser": organiser,
        "kinds": QuestionKind,
    }
    return render(request, "assessment/survey_results.html", context)


@never_cache  # answers are personal data: no copy stays in a browser's or a proxy's cache
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_organiser(request.user, pk)
    response = HttpResponse(survey_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response


@login_required
def staff_surveys(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    activities = Activity.objects.filter(
        kind=SURVEY, stage__initiative__organisation__in=organisations
    ).select_related("survey", "stage__initiative")
    return render(request, "assessment/staff/surveys.html", {"activities": activities})


@login_required
@require_POST
def staff_survey_create(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_pk, kind=SURVEY)
    survey = survey_create(activity=activity, actor=request.user)
    return redirect("assessment_staff:survey", pk=survey.pk)


@login_required
def staff_survey(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = survey_for_organiser(request.user, pk)
    form = QuestionForm(request.POST or None, survey=survey, prefix="q")
    settings_form = SurveySettingsForm(
        initial={
            "intro": survey.intro,
            "allow_anonymous": survey.allow_anonymous,
            "one_per_person": survey.one_per_person,
        },
        prefix="s",
    )
    if request.method == "POST" and "s-intro" in request.POST:
        settings_form = SurveySettingsForm(request.POST, prefix="s")
        if settings_form.is_valid():
            try:
                survey_create(
                    activity=survey.activity, actor=request.user, **settings_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(settings_form, error)
            else:
                messages.success(request, _("Survey settings saved."))
                return redirect("assessment_staff:survey", pk=survey.pk)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question_add(
                survey=survey,
                actor=request.user,
                kind=QuestionKind(data["kind"]),
                prompt=data["prompt"],
                required=data["required"],
                choices=data["choices"].splitlines(),
                help_text=data["help_text"],
                show_if=data["show_if"],
                show_if_value=data["show_if_value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("assessment_staff:survey", pk=survey.pk)
    context = {
        "survey": survey,
        "form": form,
        "settings_form": settings_form,
        "questions": survey.questions.select_related("show_if"),
        "has_responses": survey.responses.exists(),
    }
    return render(request, "assessment/staff/survey.html", context)


@login_required
@require_POST
def staff_question_remove(request: AuthenticatedRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for_organiser(request.user, pk)
    question = get_object_or_404(survey.questions, pk=question_pk)
    try:
        question_remove(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("assessment_staff:survey", pk=survey.pk)
