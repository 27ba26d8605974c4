"""Forms for volunteering: what residents can do, and the coordinators' set-up."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import Approach, CheckKind, Opportunity, Role, Skill
from coproduce.places.models import Place
from coproduce.ui.forms import IsoDateInput, IsoDateTimeInput

SHORT_TEXT = 200
LONG_TEXT = 5000


def _places() -> Any:
    return Place.objects.order_by("name")


class OpportunityForm(forms.Form):
    approach = forms.ChoiceField(
        label=_("How residents take part"), choices=Approach.choices, widget=forms.RadioSelect
    )
    place = forms.ModelChoiceField(
        label=_("Where it happens"), queryset=Place.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Role"), max_length=120)
    description = forms.CharField(
        label=_("What it involves"), max_length=LONG_TEXT, required=False, widget=forms.Textarea
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills needed"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    checks = forms.MultipleChoiceField(
        label=_("Checks needed"),
        choices=CheckKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ShiftForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts"), widget=IsoDateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=IsoDateTimeInput)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    place = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("Leave empty for the programme's area."),
    )
    where = forms.CharField(label=_("Where exactly"), max_length=SHORT_TEXT, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = opportunity.roles.all()  # type: ignore[attr-defined]
        self.fields["place"].queryset = _places()  # type: ignore[attr-defined]


class CheckForm(forms.Form):
    email = forms.EmailField(label=_("Volunteer's email"), max_length=254)
    kind = forms.ChoiceField(label=_("Check"), choices=CheckKind.choices)
    expires_on = forms.DateField(label=_("Valid until"), widget=IsoDateInput)


class HoursForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes given"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("Leave empty for the length of the shift."),
    )


class OfferForm(forms.Form):
    """What a resident can do: skills, where from and how far, hours, and weekly times."""

    skills = forms.MultipleChoiceField(
        label=_("What you can do"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.ModelChoiceField(
        label=_("The area you travel from"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("We use the middle of the area, never your address."),
    )
    max_km = forms.FloatField(
        label=_("How far you will travel (km)"), min_value=0, max_value=500, required=False
    )
    hours_a_month = forms.IntegerField(
        label=_("Hours a month at most"), min_value=1, max_value=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _places()  # type: ignore[attr-defined]
        for day, name in WEEKDAYS.items():
            self.fields[f"day{day}_from"] = forms.TimeField(
                label=_("%(day)s from") % {"day": name},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"day{day}_to"] = forms.TimeField(
                label=_("%(day)s until") % {"day": name},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def days(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(name), self[f"day{day}_from"], self[f"day{day}_to"])
            for day, name in WEEKDAYS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        windows: list[tuple[int, time, time]] = []
        for day in range(7):
            starts, ends = data.get(f"day{day}_from"), data.get(f"day{day}_to")
            if starts is None and ends is None:
                continue
            if starts is None or ends is None:
                self.add_error(f"day{day}_from", _("Give both times, or neither."))
            elif ends <= starts:
                self.add_error(f"day{day}_to", _("The time you are free until must be later."))
            else:
                windows.append((day, starts, ends))
        data["windows"] = windows
        return data
