from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.design.services.opinions import STATEMENT_MAX
from coproduce.ui.input import LONG_TEXT, SHORT_TEXT


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One short, clear point others can agree or disagree with. A moderator reads it "
            "before others see it."
        ),
    )


class OpinionMapForm(forms.Form):
    question = forms.CharField(
        label=_("Question"),
        max_length=SHORT_TEXT,
        help_text=_("What people give their views on, for example “How should Station Road work?”"),
    )
    participants_write = forms.BooleanField(
        label=_("Participants may write statements (moderated before others see them)"),
        required=False,
        initial=True,
    )


class SeedForm(forms.Form):
    texts = forms.CharField(
        label=_("Statements"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One statement a line; each is shown to participants at once."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), max_length=SHORT_TEXT)
