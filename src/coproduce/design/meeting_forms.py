"""Forms for meetings: set-up, registration with access needs, attendance, minutes, polls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.design.models import AccessNeed, MeetingMode
from coproduce.design.services.meeting_polls import OPTION_MAX, QUESTION_MAX
from coproduce.design.services.meetings import (
    AGENDA_MAX,
    LANGUAGE_MAX,
    MAX_SEATS,
    MINUTES_MAX,
    NEEDS_DETAIL_MAX,
    URL_MAX,
    VENUE_MAX,
)
from coproduce.places.models import Place
from coproduce.ui.forms import IsoDateTimeInput
from coproduce.ui.input import LONG_TEXT


class MeetingForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How people take part"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(
        label=_("Venue and address"),
        required=False,
        max_length=VENUE_MAX,
        help_text=_("For example “Riverton Library, community room, 2 High Street”."),
    )
    place = forms.ModelChoiceField(
        label=_("Area (optional)"),
        required=False,
        queryset=Place.objects.order_by("name"),
        help_text=_("The meeting shows in this area's calendar."),
    )
    latitude = forms.FloatField(
        label=_("Latitude of the venue (optional)"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude of the venue (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=URL_MAX,
        assume_scheme="https",
        help_text=_("Needed for an online or hybrid meeting."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=IsoDateTimeInput())
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=MAX_SEATS)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=AGENDA_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MeetingActivityForm(MeetingForm):
    """The meeting's own set-up page: the activity and its meeting at once."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opens_at = forms.DateTimeField(label=_("Registration opens"), widget=IsoDateTimeInput())
    field_order = ("title", "description", "opens_at")


class RegistrationForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What do you need to take part? (optional)"),
        required=False,
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter: which language (including sign languages)"),
        required=False,
        max_length=LANGUAGE_MAX,
    )
    needs_detail = forms.CharField(
        label=_("Anything else we should know (dietary needs, other needs)"),
        required=False,
        max_length=NEEDS_DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the organisers see this. It is never published."),
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Who came"), required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )
    walk_ins = forms.CharField(
        label=_("People who came without registering (optional)"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = choices  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        max_length=MINUTES_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Published on the meeting's page. Do not name people who did not agree."),
    )
    outputs = forms.MultipleChoiceField(
        label=_("What the meeting produced (optional)"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outputs"].choices = choices  # type: ignore[attr-defined]


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=QUESTION_MAX)
    options = forms.CharField(
        label=_("Options"),
        max_length=OPTION_MAX * 10 + 20,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, from 2 to 10."),
    )
