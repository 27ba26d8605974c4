"""Forms for scrutiny panels."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import PanelEvidence, PanelMemberRole, RecommendationResponse
from coproduce.ui.forms import IsoDateInput
from coproduce.ui.input import LONG_TEXT


class TopicForm(forms.Form):
    topic = forms.CharField(label=_("What will the panel look into?"), max_length=300)


class PlanForm(forms.Form):
    plan = forms.CharField(
        label=_("Questions and methods"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=PanelEvidence.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(label=_("File (optional)"), required=False)


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("Finding"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    score = forms.TypedChoiceField(
        label=_("How well does this work? (1 poor – 5 very good)"),
        choices=[("", "—"), *[(str(i), str(i)) for i in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Recommendation"), max_length=200)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    response_due = forms.DateField(
        label=_("Response due by"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty for eight weeks from today."),
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Response"), choices=RecommendationResponse.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    commitment_due = forms.DateField(
        label=_("If accepted, to be done by"),
        required=False,
        widget=IsoDateInput(),
    )


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Email of the member to seat"))
    role = forms.ChoiceField(label=_("Role"), choices=PanelMemberRole.choices)
