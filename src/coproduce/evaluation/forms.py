"""Staff forms for logic models; every field has its limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.evaluation.models import ComputedMeasure, Direction, SourceKind, StepKind
from coproduce.ui.forms import IsoDateInput
from coproduce.ui.input import LONG_TEXT, SHORT_TEXT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Figures are counts, money, rates: a trillion either way is more than any of them.
LIMIT = 1e12


def _number(label: StrOrPromise, *, required: bool = False) -> forms.FloatField:
    return forms.FloatField(label=label, required=required, min_value=-LIMIT, max_value=LIMIT)


class LogicModelForm(forms.Form):
    summary = forms.CharField(
        label=_("In a sentence or two: how is this initiative meant to create value?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=LONG_TEXT,
    )


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step of the chain"), choices=StepKind.choices)
    text = forms.CharField(label=_("What it is"), max_length=500)


class IndicatorForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Which step it measures"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(
        label=_("Definition: exactly what is counted or measured"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT,
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("For example: people, %, days")
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    source_kind = forms.ChoiceField(
        label=_("Where the figures come from"), choices=SourceKind.choices
    )
    computed_measure = forms.ChoiceField(
        label=_("Computed from (only for computed indicators)"),
        choices=[("", _("Not computed")), *ComputedMeasure.choices],
        required=False,
    )
    baseline_value = _number(_("Baseline"))
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=IsoDateInput())
    baseline_source = forms.CharField(
        label=_("Source of the baseline"), max_length=SHORT_TEXT, required=False
    )
    target_value = _number(_("Target"))
    target_date = forms.DateField(label=_("Target date"), required=False, widget=IsoDateInput())

    def __init__(self, *args: object, steps: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["step"].choices = steps  # type: ignore[attr-defined]


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    value = _number(_("Value"), required=True)
    source_note = forms.CharField(label=_("Source"), max_length=SHORT_TEXT, required=False)


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns indicator, date (YYYY-MM-DD), value, source; UTF-8, at most 1 MB."),
    )
