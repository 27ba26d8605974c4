"""Forms for time credits: offers and requests, recording an exchange, a bank's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import Account, ListingCategory, ListingKind
from coproduce.delivery.services.timebank import MAX_OVERDRAFT_MINUTES
from coproduce.places.models import Place
from coproduce.ui.input import LONG_TEXT


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Do you offer this or ask for it?"),
        choices=ListingKind.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=ListingCategory.choices)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What, when and where. Do not write your address or phone number here."),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExchangeForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Who gave the time?"),
        choices=[("gave", _("I gave time to them")), ("received", _("They gave time to me"))],
        widget=forms.RadioSelect,
    )
    other = forms.ModelChoiceField(label=_("The other member"), queryset=Account.objects.none())
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=24, initial=1)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=59, initial=0)
    description = forms.CharField(label=_("What was done"), max_length=200)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "hours" in data and "minutes" in data:
            data["total"] = data["hours"] * 60 + data["minutes"]
            if not 1 <= data["total"] <= 24 * 60:
                raise forms.ValidationError(_("Give from 1 minute to 24 hours."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)


class BankForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    place = forms.ModelChoiceField(
        label=_("For the place (optional)"), queryset=Place.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What it is for"), max_length=LONG_TEXT, required=False, widget=forms.Textarea
    )
    credits_for_volunteering = forms.BooleanField(
        label=_("Confirmed volunteering hours earn credits"), required=False
    )
    overdraft_minutes = forms.IntegerField(
        label=_("Overdraft limit (minutes)"),
        help_text=_("How far below zero a member may go. 0: members spend only what they earned."),
        min_value=0,
        max_value=MAX_OVERDRAFT_MINUTES,
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("name")  # type: ignore[attr-defined]


class BankSettingsForm(forms.Form):
    credits_for_volunteering = forms.BooleanField(
        label=_("Confirmed volunteering hours earn credits"), required=False
    )
    overdraft_minutes = forms.IntegerField(
        label=_("Overdraft limit (minutes)"),
        help_text=_("How far below zero a member may go. 0: members spend only what they earned."),
        min_value=0,
        max_value=MAX_OVERDRAFT_MINUTES,
    )
