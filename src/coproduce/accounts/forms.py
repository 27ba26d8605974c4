from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import Person
from coproduce.ui.forms import IsoDateInput


class ProfileForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = ("display_name", "date_of_birth")
        widgets = {"date_of_birth": IsoDateInput()}
        help_texts = {
            "display_name": _("Shown beside what you write in public."),
            "date_of_birth": _("Used only to check age limits of votes and activities."),
        }


class EmailChoiceForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = ("notification_email",)
        help_texts = {
            "notification_email": _(
                "What happens to what you follow is always listed under Notifications."
            ),
        }


class DemographicsForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age band"),
        required=False,
        choices=[("", _("Prefer not to say"))]
        + [(b, b) for b in ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")],
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("Prefer not to say")), ("female", _("Female")), ("male", _("Male"))],
    )
    deprivation_quintile = forms.ChoiceField(
        label=_("Deprivation quintile of your neighbourhood"),
        required=False,
        choices=[("", _("Prefer not to say"))] + [(str(q), str(q)) for q in range(1, 6)],
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that these answers are kept, apart from my account, to check who "
            "takes part compared with the population. I can withdraw at any time."
        ),
        required=True,
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand my account will be deleted. What I contributed stays, anonymously."),
        required=True,
    )
