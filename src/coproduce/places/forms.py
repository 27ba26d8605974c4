from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.places.models import Place

MAX_CSV_BYTES = 5 * 1024 * 1024


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, at most 5 MB."))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class ResidencyVerifyForm(forms.Form):
    email = forms.EmailField(label=_("Resident's email address"))
    place = forms.ModelChoiceField[Place](
        label=_("Lives in"), queryset=Place.objects.order_by("kind", "name")
    )


class RegisterUploadForm(CsvUploadForm):
    place = forms.ModelChoiceField[Place](
        label=_("Register of"), queryset=Place.objects.order_by("kind", "name")
    )


class ResidencyClaimForm(forms.Form):
    place = forms.ModelChoiceField[Place](
        label=_("Where you live"), queryset=Place.objects.order_by("kind", "name")
    )
    identifier = forms.CharField(
        label=_("Your register number"),
        max_length=64,
        help_text=_("As printed on your council tax bill or poll card."),
    )
