"""Forms of the options appraisal: set-up, the scores grid, members' and staff's weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.design.models import (
    AppraisalCriterion,
    AppraisalMethod,
    AppraisalOption,
    CriterionDirection,
)
from coproduce.design.models.appraisal import IMPORTANCE_MAX
from coproduce.design.services.appraisal import (
    NAME_MAX,
    NOTE_MAX,
    NUMBER_MAX,
    SOURCE_MAX,
    TEXT_MAX,
    UNIT_MAX,
)
from coproduce.ui.forms import IsoDateTimeInput
from coproduce.ui.input import SHORT_TEXT


class AppraisalSettingsForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Question"),
        max_length=NOTE_MAX,
        help_text=gettext_lazy(
            "What the options answer, for example “Which layout for Market Square?”"
        ),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Method the results show first"),
        choices=AppraisalMethod.choices,
        help_text=gettext_lazy("Readers can switch to the other two on the results page."),
    )


class AppraisalActivityForm(AppraisalSettingsForm):
    """The appraisal activity's own set-up page: the activity and its appraisal at once."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(label=gettext_lazy("Opens"), widget=IsoDateTimeInput())
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Closes"), required=False, widget=IsoDateTimeInput()
    )
    field_order = ("title", "description", "starts_at", "ends_at", "question", "method")


class OptionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Option"), max_length=NAME_MAX)
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=NAME_MAX)
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"),
        choices=CriterionDirection.choices,
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit (optional)"),
        required=False,
        max_length=UNIT_MAX,
        help_text=gettext_lazy("For example £, parking spaces, m² of planting, audit score /100."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Stakeholder group"), max_length=NAME_MAX)
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of their account"), max_length=254)


def _score_key(option: AppraisalOption, criterion: AppraisalCriterion) -> str:
    return f"{option.pk}_{criterion.pk}"


class ScoresForm(forms.Form):
    """One score and one source per option and criterion (fields ``score_O_C``, ``source_O_C``)."""

    def __init__(
        self,
        *args: Any,
        options: Sequence[AppraisalOption],
        criteria: Sequence[AppraisalCriterion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options, self.criteria = list(options), list(criteria)
        for option in options:
            for criterion in criteria:
                key = _score_key(option, criterion)
                names = {"option": option.name, "criterion": criterion.name}
                self.fields[f"score_{key}"] = forms.FloatField(
                    label=_("%(option)s: score on %(criterion)s") % names,
                    required=False,
                    min_value=-NUMBER_MAX,
                    max_value=NUMBER_MAX,
                    error_messages={
                        "invalid": _("%(option)s's score on %(criterion)s must be a number.")
                        % names
                    },
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
                    ),
                )
                self.fields[f"source_{key}"] = forms.CharField(
                    label=_("%(option)s: source of the score on %(criterion)s") % names,
                    required=False,
                    max_length=SOURCE_MAX,
                )

    def rows(self) -> list[tuple[AppraisalCriterion, list[tuple[Any, Any]]]]:
        """Per criterion, the (score, source) bound fields of each option, for the grid."""
        return [
            (
                criterion,
                [
                    (
                        self[f"score_{_score_key(option, criterion)}"],
                        self[f"source_{_score_key(option, criterion)}"],
                    )
                    for option in self.options
                ],
            )
            for criterion in self.criteria
        ]

    def values(self) -> tuple[dict[tuple[int, int], float | None], dict[tuple[int, int], str]]:
        data = self.cleaned_data
        keys = [(o, c) for o in self.options for c in self.criteria]
        return (
            {(o.pk, c.pk): data.get(f"score_{_score_key(o, c)}") for o, c in keys},
            {(o.pk, c.pk): data.get(f"source_{_score_key(o, c)}") or "" for o, c in keys},
        )


class ImportanceForm(forms.Form):
    """A member's importance of each criterion, 0 to 10 (fields ``criterion_PK``)."""

    def __init__(self, *args: Any, criteria: Sequence[AppraisalCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in criteria:
            hint = criterion.get_direction_display()
            if criterion.description:
                hint = f"{criterion.description} ({hint})"
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("How important is %(criterion)s? (0 to %(max)s)")
                % {"criterion": criterion.name, "max": IMPORTANCE_MAX},
                min_value=0,
                max_value=IMPORTANCE_MAX,
                help_text=hint,
                error_messages={
                    key: _("Give %(criterion)s an importance from 0 to %(max)s.")
                    % {"criterion": criterion.name, "max": IMPORTANCE_MAX}
                    for key in ("required", "invalid", "min_value", "max_value")
                },
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
            )

    def importances(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class GroupWeightsForm(forms.Form):
    """Weights staff enter for a whole group (any numbers ≥ 0) and where they come from."""

    note = forms.CharField(
        label=gettext_lazy("Where these weights come from"),
        max_length=SHORT_TEXT,
        error_messages={
            "required": gettext_lazy("Say where these weights come from, for example the workshop.")
        },
        help_text=gettext_lazy(
            "For example “Traders' workshop, 12 May: dot votes”. Shown with the results."
        ),
    )

    def __init__(self, *args: Any, criteria: Sequence[AppraisalCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.FloatField(
                label=_("Weight of %(criterion)s") % {"criterion": criterion.name},
                error_messages={
                    key: _("Give %(criterion)s a weight: a number, 0 or more.")
                    % {"criterion": criterion.name}
                    for key in ("required", "invalid", "min_value", "max_value")
                },
                min_value=0,
                max_value=NUMBER_MAX,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}
                ),
            )
        self.order_fields([*[f"criterion_{c.pk}" for c in criteria], "note"])

    def weights(self) -> dict[int, float | None]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}
