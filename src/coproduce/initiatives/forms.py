from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import instrument_choices
from coproduce.initiatives.models import Co, Origin
from coproduce.organisations.models import Organisation
from coproduce.places.models import Place
from coproduce.ui.forms import IsoDateTimeInput
from coproduce.ui.input import LONG_TEXT


class InitiativeForm(forms.Form):
    organisation = forms.ModelChoiceField[Organisation](
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.ModelChoiceField[Place](
        label=_("Place"), queryset=Place.objects.order_by("kind", "name")
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices)
    cos = forms.MultipleChoiceField(
        label=_("Stages of the cycle"),
        choices=Co.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which of the Four Co's this initiative covers."),
    )

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class ActivityForm(forms.Form):
    co = forms.ChoiceField(label=_("Stage"), choices=Co.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=instrument_choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(label=_("Opens"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=IsoDateTimeInput(),
    )
    eligible_place = forms.ModelChoiceField[Place](
        label=_("Open only to residents of"),
        required=False,
        queryset=Place.objects.order_by("kind", "name"),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
