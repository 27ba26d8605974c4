"""The site's own forms: feedback on the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.ui.input import SHORT_TEXT
from coproduce.web.models import FEEDBACK_TEXT


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to tell us?"),
        help_text=_(
            "Do not include personal details such as your address. To report a problem in "
            "your area, use Report and review instead."
        ),
        max_length=FEEDBACK_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter your feedback"),
            "max_length": _("Your feedback must be %(limit_value)d characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        help_text=_("Only if you would like a reply. We use it for nothing else."),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    page = forms.CharField(required=False, max_length=SHORT_TEXT, widget=forms.HiddenInput)
    # A field people never see (its box is hidden) and form-filling robots fill in.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=SHORT_TEXT)

    def is_from_a_robot(self) -> bool:
        """Return True if the hidden field was filled in (call after is_valid)."""
        return bool(self.cleaned_data.get("website"))
