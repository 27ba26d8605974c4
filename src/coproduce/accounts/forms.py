from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import Person
from coproduce.ui.demography import AGE_BANDS, category_label
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
        fields = ("notification_email", "language")
        help_texts = {
            "notification_email": _(
                "What happens to what you follow is always listed under Notifications."
            ),
            "language": _(
                "Notifications and e-mails are written in this language. It changes when you "
                "choose another language for the site while signed in."
            ),
        }


# Choices are built once; the label is translated when the form is shown.
_category = lazy(category_label, str)


class DemographicsForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age band"),
        required=False,
        choices=[("", _("Prefer not to say"))] + [(b, _category("age_band", b)) for b in AGE_BANDS],
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("Prefer not to say"))]
        + [(s, _category("sex", s)) for s in ("female", "male")],
    )
    deprivation_quintile = forms.ChoiceField(
        label=_("Deprivation quintile of your neighbourhood"),
        required=False,
        choices=[("", _("Prefer not to say"))]
        + [(str(q), _category("deprivation_quintile", q)) for q in range(1, 6)],
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
