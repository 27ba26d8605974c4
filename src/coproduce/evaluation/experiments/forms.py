"""Staff forms for experiments; every field has its limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.evaluation.experiment_models import Population, Stratification
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ExperimentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    activity = forms.TypedChoiceField(
        label=_("Activity whose invitations are tested"), coerce=int, empty_value=None
    )
    population = forms.ChoiceField(label=_("Who is invited"), choices=Population.choices)
    stratification = forms.ChoiceField(
        label=_("Stratification"),
        choices=Stratification.choices,
        help_text=_(
            "People are shared out between the arms within each group, so the arms are "
            "alike in these respects. Age bands come from consented demographics only."
        ),
    )
    window_days = forms.IntegerField(
        label=_("Days after the invitation in which taking part counts"),
        min_value=1,
        max_value=365,
        initial=14,
    )

    def __init__(self, *args: object, activities: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["activity"].choices = activities  # type: ignore[attr-defined]


class ArmForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the arm"), max_length=60, help_text=_("For example: Letter A")
    )
    subject = forms.CharField(label=_("E-mail subject"), max_length=200)
    text = forms.CharField(
        label=_("Invitation text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT,
        help_text=_("A link to the activity is added below the text."),
    )


def _percent(label: StrOrPromise) -> forms.FloatField:
    return forms.FloatField(label=label, required=False, min_value=0, max_value=100)


class PreregistrationForm(forms.Form):
    hypothesis = forms.CharField(
        label=_("Hypothesis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
        required=False,
    )
    primary_outcome = forms.CharField(
        label=_("Primary outcome"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        required=False,
    )
    analysis_plan = forms.CharField(
        label=_("Analysis plan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
        required=False,
    )
    expected_control_rate = _percent(_("Share you expect to take part with the control (%)"))
    expected_treatment_rate = _percent(_("Share you expect to take part with a variant (%)"))
    alpha = forms.FloatField(
        label=_("Significance level"), min_value=0.001, max_value=0.2, initial=0.05
    )
    power = forms.FloatField(label=_("Power"), min_value=0.5, max_value=0.99, initial=0.8)
