from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.design.models import AnswerStatus
from coproduce.design.services.opinions import STATEMENT_MAX
from coproduce.ui.forms import IsoDateInput, IsoDateTimeInput
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


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    text = forms.CharField(
        label=_("Your idea"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you propose, and why it would help."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    image = forms.ImageField(label=_("Image (optional)"), required=False)
    latitude = forms.FloatField(
        label=_("Latitude of the place (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.FloatField(
        label=_("Longitude of the place (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
    )

    def __init__(self, *args: object, categories: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if categories:
            field = self.fields["category"]
            field.choices = [("", _("Choose a category")), *[(c, c) for c in categories]]  # type: ignore[attr-defined]
        else:
            del self.fields["category"]


class IdeaBoardForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Supports needed for a formal answer"), min_value=1, max_value=1_000_000
    )
    categories = forms.CharField(
        label=_("Categories (optional)"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line."),
    )


class IdeasActivityForm(IdeaBoardForm):
    """The ideas activity's own set-up page: the activity and its board at once."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(label=_("Opens"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Closes"), required=False, widget=IsoDateTimeInput())
    field_order = ("title", "description", "starts_at", "ends_at", "threshold", "categories")


class IdeaAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=AnswerStatus.choices)
    text = forms.CharField(
        label=_("Public answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown on the idea's page and sent to its author and followers. "
            "A rejection gives its reasons."
        ),
    )


class IdeaCommitmentForm(forms.Form):
    title = forms.CharField(
        label=_("The commitment"),
        required=False,
        max_length=200,
        help_text=_("What the organisation will do. Leave empty to use the idea's title."),
    )
    due_date = forms.DateField(label=_("Due (optional)"), required=False, widget=IsoDateInput())
