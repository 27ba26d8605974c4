"""The forms of comments: write or edit, flag, hide (moderators), and an activity's rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.discussion.models import Commenters, FlagReason, Stance
from coproduce.ui.input import LONG_TEXT, MAX_ID, SHORT_TEXT


class CommentForm(forms.Form):
    """A comment or a reply; the stance is asked only where the activity asks for it."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your comment.")},
    )
    stance = forms.ChoiceField(
        label=_("Are you for or against?"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you are for, against or neutral.")},
    )
    reply_to = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, ask_stance: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_stance:
            del self.fields["stance"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this comment?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the comment should be looked at.")},
    )
    note = forms.CharField(label=_("More detail (optional)"), required=False, max_length=SHORT_TEXT)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason, shown in place of the comment"),
        max_length=SHORT_TEXT,
        help_text=_("For example: “Removed: it named a neighbour.”"),
        error_messages={"required": _("Give the public reason for hiding the comment.")},
    )


class RulesForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Who may comment"), choices=Commenters.choices, widget=forms.RadioSelect
    )
    ask_stance = forms.BooleanField(
        label=_("Ask each comment for a stance: for, against or neutral"), required=False
    )
    phases = forms.MultipleChoiceField(
        label=_("Open in the phases"),
        help_text=_("Tick none to keep comments open at any time."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, phases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phases"].choices = phases  # type: ignore[attr-defined]
