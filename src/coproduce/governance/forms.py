from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.governance.models import CommitmentStatus
from coproduce.ui.forms import IsoDateInput
from coproduce.ui.input import LONG_TEXT


class CommitmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    due_date = forms.DateField(
        label=_("Due"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("When it is promised by. Leave empty if no date has been promised."),
    )
    reason = forms.CharField(
        label=_("What changed, and why"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("This is shown in public on the tracker."),
    )


class EvidenceForm(forms.Form):
    label = forms.CharField(label=_("What it shows"), max_length=200)
    url = forms.URLField(label=_("Link"), assume_scheme="https", max_length=200)
