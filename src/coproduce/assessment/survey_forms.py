"""Forms for answering and building surveys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import Question, QuestionKind, Survey
from coproduce.ui.input import LONG_TEXT


def question_field(question: Question) -> forms.Field:
    """Return the form field for one question; required-ness is checked by the service."""
    common: dict[str, Any] = {"label": question.prompt, "required": False}
    hint = question.help_text
    if question.show_if is not None:
        condition = _("Answer this only if you answered “%(value)s” to “%(prompt)s”.") % {
            "value": question.show_if_value,
            "prompt": question.show_if.prompt,
        }
        hint = f"{hint} {condition}".strip()
    if not question.required:
        optional = _("Optional.")
        hint = f"{hint} {optional}".strip()
    common["help_text"] = hint
    options = [(option, option) for option in question.options]
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.LIKERT:
        scale = [(str(i), label) for i, label in enumerate(question.options, start=1)]
        return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "decimal"}), max_length=40, **common
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.select_related("show_if"))
        for question in self.questions:
            self.fields[f"q{question.pk}"] = question_field(question)

    def items(self) -> list[tuple[Any, Question]]:
        """Each question with its bound field, so templates can show conditions."""
        return [(self[f"q{q.pk}"], q) for q in self.questions]

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    prompt = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Hint"), required=False, max_length=300)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices, one a line"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice questions."),
    )
    show_if = forms.ModelChoiceField(
        label=_("Only show if this question…"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Always show"),
    )
    show_if_value = forms.CharField(label=_("…was answered with"), required=False, max_length=200)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        show_if = self.fields["show_if"]
        assert isinstance(show_if, forms.ModelChoiceField)
        show_if.queryset = survey.questions.filter(
            kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.LIKERT]
        )


class SurveySettingsForm(forms.Form):
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    allow_anonymous = forms.BooleanField(label=_("Allow anonymous answers"), required=False)
    one_per_person = forms.BooleanField(
        label=_("One response per person"), required=False, initial=True
    )
