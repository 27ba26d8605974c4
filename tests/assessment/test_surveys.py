"""Surveys: building with conditions, one response per person, results raw and weighted."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from coproduce.assessment.models import QuestionKind, SurveyResponse
from coproduce.assessment.selectors.surveys import survey_csv, survey_results
from coproduce.assessment.services.surveys import question_add, response_submit, survey_create
from coproduce.initiatives.models import Contribution
from coproduce.places.models import PopulationGroup


@pytest.fixture
def survey(activity_in, organiser):
    activity = activity_in("assessment", "survey", title="Park users' survey")
    return survey_create(activity=activity, actor=organiser, intro="Tell us about the park.")


@pytest.fixture
def questions(survey, organiser):
    visits = question_add(
        survey=survey,
        actor=organiser,
        kind=QuestionKind.SINGLE,
        prompt="Do you visit the park?",
        required=True,
        choices=["Yes", "No"],
    )
    why_not = question_add(
        survey=survey,
        actor=organiser,
        kind=QuestionKind.TEXT,
        prompt="Why not?",
        required=True,
        show_if=visits,
        show_if_value="No",
    )
    safe = question_add(
        survey=survey,
        actor=organiser,
        kind=QuestionKind.LIKERT,
        prompt="The park feels safe",
        show_if=visits,
        show_if_value="Yes",
    )
    uses = question_add(
        survey=survey,
        actor=organiser,
        kind=QuestionKind.MULTIPLE,
        prompt="What do you do there?",
        choices=["Walk", "Play", "Sport"],
    )
    hours = question_add(
        survey=survey, actor=organiser, kind=QuestionKind.NUMBER, prompt="Hours a week"
    )
    return visits, why_not, safe, uses, hours


@pytest.mark.django_db
def test_only_organisers_build_surveys(survey, resident, moderator):
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            question_add(survey=survey, actor=person, kind=QuestionKind.TEXT, prompt="Q")


@pytest.mark.django_db
def test_a_condition_must_name_an_answer_of_an_earlier_question(survey, organiser, questions):
    visits = questions[0]
    with pytest.raises(ValidationError) as caught:
        question_add(
            survey=survey,
            actor=organiser,
            kind=QuestionKind.TEXT,
            prompt="?",
            show_if=visits,
            show_if_value="Maybe",
        )
    assert "show_if_value" in caught.value.message_dict
    with pytest.raises(ValidationError):
        question_add(survey=survey, actor=organiser, kind=QuestionKind.SINGLE, prompt="One?")


@pytest.mark.django_db
def test_conditional_questions_are_required_only_when_shown(survey, questions, resident):
    visits, why_not, safe, uses, _hours = questions
    with pytest.raises(ValidationError) as caught:
        response_submit(survey=survey, person=resident, answers={visits.pk: "No"})
    assert f"q{why_not.pk}" in caught.value.message_dict
    response = response_submit(
        survey=survey,
        person=resident,
        answers={visits.pk: "Yes", why_not.pk: "ignored", safe.pk: "4", uses.pk: ["Walk"]},
    )
    stored = {a.question_id: a.value for a in response.answers.all()}
    assert stored == {visits.pk: "Yes", safe.pk: 4, uses.pk: ["Walk"]}
    assert Contribution.objects.get().kind == "survey-response"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "value"), [(0, "Perhaps"), (3, ["Walk", "Swim"]), (4, "lots"), (2, "9")]
)
def test_answers_outside_the_question_are_refused(survey, questions, resident, index, value):
    answers = {questions[0].pk: "Yes", questions[index].pk: value}
    with pytest.raises(ValidationError):
        response_submit(survey=survey, person=resident, answers=answers)
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_one_response_per_person_is_a_database_constraint(survey, questions, resident):
    from django.db import IntegrityError, transaction

    answers = {questions[0].pk: "Yes"}
    first = response_submit(survey=survey, person=resident, answers=answers)
    with pytest.raises(ValidationError, match="already answered"):
        response_submit(survey=survey, person=resident, answers=answers)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, person=resident, once_key=first.once_key)


@pytest.mark.django_db
def test_surveys_that_allow_repeats_take_several(survey, questions, resident):
    survey.one_per_person = False
    survey.save()
    for _ in range(2):
        response_submit(survey=survey, person=resident, answers={questions[0].pk: "Yes"})
    assert SurveyResponse.objects.count() == 2


@pytest.mark.django_db
def test_anonymous_answers_only_where_allowed(survey, questions, anonymous):
    answers = {questions[0].pk: "No", questions[1].pk: "Too far"}
    with pytest.raises(ValidationError, match="Sign in"):
        response_submit(survey=survey, person=anonymous, answers=answers)
    survey.allow_anonymous = True
    survey.save()
    assert response_submit(survey=survey, person=anonymous, answers=answers).person is None


def _weighted_world(survey, questions, make_person, city):
    from coproduce.accounts.services import demographics_give

    visits, why_not, _safe, _uses, hours = questions
    PopulationGroup.objects.create(place=city, dimension="age_band", category="16-34", count=500)
    PopulationGroup.objects.create(place=city, dimension="age_band", category="65+", count=500)
    for index, (band, answer, spent) in enumerate(
        [("16-34", "Yes", 10), ("16-34", "Yes", 10), ("16-34", "Yes", 10), ("65+", "No", 2)]
    ):
        person = make_person(f"respondent{index}")
        demographics_give(person=person, values={"age_band": band})
        answers = {visits.pk: answer, why_not.pk: "Too far", hours.pk: str(spent)}
        response_submit(survey=survey, person=person, answers=answers)


@pytest.mark.django_db
def test_results_are_weighted_to_the_population_next_to_the_raw_figures(
    survey, questions, make_person, city
):
    _weighted_world(survey, questions, make_person, city)
    results = survey_results(survey)
    assert results.responses == 4 and results.weights.dimensions == ("age_band",)
    visits = results.questions[0]
    yes = visits.options[0]
    assert (yes.count, yes.share, yes.weighted_share) == (3, 0.75, 0.5)
    hours = results.questions[4]
    assert (hours.mean, hours.weighted_mean) == (8.0, 6.0)
    assert hours.median == 10.0


@pytest.mark.django_db
def test_results_without_demographics_show_raw_figures_only(survey, questions, resident):
    response_submit(survey=survey, person=resident, answers={questions[0].pk: "Yes"})
    results = survey_results(survey)
    assert results.weights is None and results.questions[0].options[0].weighted_share is None


@pytest.mark.django_db
def test_staff_without_a_second_factor_cannot_download_the_answers(
    survey, questions, resident, organiser, client, with_second_factor
):
    response_submit(survey=survey, person=resident, answers={questions[0].pk: "Yes"})
    url = reverse("assessment:survey_export", args=[survey.pk])
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    client.force_login(with_second_factor(organiser))
    assert client.get(url)["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_the_csv_export_has_one_row_per_response_with_weights(
    survey, questions, make_person, city, organiser, client, with_second_factor
):
    _weighted_world(survey, questions, make_person, city)
    rows = list(csv.reader(io.StringIO(survey_csv(survey))))
    assert rows[0][:5] == ["response", "submitted", "channel", "weight", "Do you visit the park?"]
    assert len(rows) == 5
    assert sorted(round(float(r[3]), 3) for r in rows[1:]) == [0.667, 0.667, 0.667, 2.0]
    url = reverse("assessment:survey_export", args=[survey.pk])
    assert client.get(url).status_code in (302, 403)
    client.force_login(with_second_factor(organiser))
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv") and b"Too far" in response.content


@pytest.mark.django_db
def test_the_results_page_shows_raw_and_weighted_charts(
    survey, questions, make_person, city, client, django_assert_max_num_queries
):
    _weighted_world(survey, questions, make_person, city)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("assessment:survey_results", args=[survey.pk]))
    content = page.content.decode()
    assert "weighted to the population" in content and "answers as given" in content
    assert "Too far" not in content  # free text is for organisers only


@pytest.mark.django_db
def test_answering_through_the_page_without_javascript(survey, questions, resident, client):
    visits, why_not, _safe, _uses, _hours = questions
    client.force_login(resident)
    url = reverse("assessment:survey", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "Answer this only if you answered" in page
    response = client.post(url, {f"q{visits.pk}": "No"})
    assert "Answer this question." in response.content.decode()
    response = client.post(url, {f"q{visits.pk}": "No", f"q{why_not.pk}": "No time"})
    assert response.status_code == 302 and SurveyResponse.objects.count() == 1
    assert "You have answered" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_survey_is_the_activity_page(survey):
    assert survey.activity.get_absolute_url() == survey.get_absolute_url()


@pytest.mark.django_db
def test_organisers_build_through_the_staff_pages(survey, organiser, client, with_second_factor):
    client.force_login(with_second_factor(organiser))
    url = reverse("assessment_staff:survey", args=[survey.pk])
    response = client.post(
        url, {"q-kind": "single", "q-prompt": "Dogs allowed?", "q-choices": "Yes\nNo"}
    )
    assert response.status_code == 302
    assert survey.questions.get().choices == ["Yes", "No"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_by_one_person_store_exactly_one(survey, questions, resident):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    answers = {questions[0].pk: "Yes"}
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            response_submit(survey=survey, person=resident, answers=answers)
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["stored"]
    assert SurveyResponse.objects.filter(person=resident).count() == 1
    assert Contribution.objects.filter(kind="survey-response").count() == 1


@pytest.mark.django_db
def test_multiple_choice_questions_are_checkboxes_and_single_ones_radios(
    survey, questions, resident, client
):
    client.force_login(resident)
    page = client.get(reverse("assessment:survey", args=[survey.pk])).content.decode()
    visits, _why_not, _safe, uses, _hours = questions
    assert f'name="q{uses.pk}" type="checkbox"' in page
    assert f'name="q{visits.pk}" type="radio"' in page


@pytest.mark.django_db
def test_questions_are_removed_with_their_dependants_only_before_anyone_answers(
    survey, questions, organiser, resident
):
    from coproduce.assessment.services.surveys import question_remove

    visits, why_not, safe, *_rest = questions
    question_remove(question=visits, actor=organiser)
    assert not survey.questions.filter(pk__in=[visits.pk, why_not.pk, safe.pk]).exists()
    remaining = survey.questions.first()
    response_submit(survey=survey, person=resident, answers={})
    with pytest.raises(ValidationError, match="answered"):
        question_remove(question=remaining, actor=organiser)


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        ({"starts_at": 2, "ends_at": 5}, "not opened yet"),
        ({"starts_at": -5, "ends_at": -2}, "closed on"),
    ],
)
def test_answers_outside_the_survey_dates_are_refused_with_the_reason(
    survey, questions, resident, shift, message
):
    from datetime import timedelta

    from django.utils import timezone

    activity = survey.activity
    activity.starts_at = timezone.now() + timedelta(days=shift["starts_at"])
    activity.ends_at = timezone.now() + timedelta(days=shift["ends_at"])
    activity.save(update_fields=["starts_at", "ends_at"])
    with pytest.raises(ValidationError, match=message):
        response_submit(survey=survey, person=resident, answers={questions[0].pk: "Yes"})


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["NaN", "inf", "1e400", str(10**23)])
def test_a_number_answer_must_be_finite_and_in_range(survey, questions, resident, hours):
    visits, _why_not, _safe, _uses, hours_question = questions
    assert hours_question.kind == "number"
    with pytest.raises(ValidationError) as refused:
        response_submit(
            survey=survey,
            person=resident,
            answers={visits.pk: "Yes", hours_question.pk: hours},
        )
    assert f"q{hours_question.pk}" in refused.value.message_dict
    assert not SurveyResponse.objects.exists()
