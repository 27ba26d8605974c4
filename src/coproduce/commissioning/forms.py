"""Forms for co-commissioning pages: amounts are typed in pounds and kept in pence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.models import (
    BallotArea,
    BallotFormat,
    BudgetingRound,
    PaymentMethod,
    Phase,
    Proposal,
    Rule,
)
from coproduce.commissioning.money import MAX_PENCE, AmountTooLarge, money, pence
from coproduce.commissioning.rules import offered_choices
from coproduce.commissioning.services.round_setup import LOCKED_ACTIVITY_FIELDS, LOCKED_FIELDS
from coproduce.initiatives.models import Initiative
from coproduce.organisations.models import Organisation
from coproduce.ui.input import LONG_TEXT

MAX_CHOICES = 1000
LOCKED_SETTINGS = (*LOCKED_FIELDS, *LOCKED_ACTIVITY_FIELDS)
"""More projects than any ballot lists, and more points than anyone would hand out."""


class MoneyField(forms.CharField):
    """An amount typed in pounds (``1,250`` or ``12.50``), cleaned to integer pence of at
    most ``MAX_PENCE``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        # The cleaned value is an int: the length is checked on the typed text instead.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            if self.max_length is not None and len(text) > self.max_length:
                raise ValueError(text[:40])
            return pence(text)
        except AmountTooLarge:
            raise ValidationError(
                _("Enter an amount of at most %(most)s.") % {"most": money(MAX_PENCE)}
            ) from None
        except ValueError:
            raise ValidationError(_("Enter an amount in pounds, like 1250 or 12.50.")) from None


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What should be done, and why"), max_length=LONG_TEXT, widget=forms.Textarea
    )
    estimated_cost = MoneyField(label=_("Estimated cost in pounds"))
    area = forms.ModelChoiceField(
        label=_("District"), queryset=BallotArea.objects.none(), empty_label=None
    )
    category = forms.CharField(label=_("Category (optional)"), max_length=80, required=False)
    latitude = forms.FloatField(
        label=_("Latitude (optional)"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180
    )
    image = forms.ImageField(label=_("Image (optional)"), required=False)
    group = forms.ModelChoiceField(
        label=_("On behalf of a community group (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Just me"),
    )

    def __init__(
        self, *args: Any, round_: BudgetingRound, person: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = round_.areas.all()
        groups = Organisation.objects.filter(
            kind="community_group", memberships__person_id=getattr(person, "pk", 0) or 0
        )
        if groups.exists():
            group_field = self.fields["group"]
            assert isinstance(group_field, forms.ModelChoiceField)
            group_field.queryset = groups
        else:
            del self.fields["group"]


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Is it feasible?"),
        choices=[("yes", _("Yes: put it on the ballot")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    revised_cost = MoneyField(label=_("Revised cost in pounds (optional)"), required=False)
    reason = forms.CharField(
        label=_("Reason (shown in public)"), max_length=LONG_TEXT, widget=forms.Textarea
    )


class RecountForm(forms.Form):
    """Why a round is counted again; after publication, the explicit confirmation too."""

    reason = forms.CharField(
        label=_("Why count again? (shown in public with the date)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the round is counted again: the reason is shown in public.")
        },
    )
    after_publication = forms.BooleanField(
        label=_(
            "I am recounting a published result. The results page will say it was recounted; "
            "the commitments already made stay on the tracker."
        ),
        required=False,
    )

    def __init__(self, *args: Any, published: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not published:
            del self.fields["after_publication"]


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate proposal"), queryset=Proposal.objects.none()
    )
    into = forms.ModelChoiceField(label=_("Merge it into"), queryset=Proposal.objects.none())
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, round_: BudgetingRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        open_ = round_.proposals.exclude(status="merged")
        for name in ("duplicate", "into"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = open_


class RoundSettingsForm(forms.Form):
    ballot_format = forms.ChoiceField(label=_("Ballot format"), choices=BallotFormat.choices)
    min_choices = forms.IntegerField(
        label=_("Fewest projects to choose"), min_value=0, max_value=MAX_CHOICES
    )
    max_choices = forms.IntegerField(
        label=_("Most projects to choose or rank"),
        min_value=1,
        max_value=MAX_CHOICES,
        required=False,
    )
    points = forms.IntegerField(
        label=_("Points to distribute (cumulative)"), min_value=1, max_value=MAX_CHOICES
    )
    rule = forms.ChoiceField(label=_("Winner rule"), choices=offered_choices)
    allow_changes = forms.BooleanField(
        label=_("Voters may change their ballot until voting closes"), required=False
    )
    voter_codes = forms.BooleanField(
        label=_("Accept one-time voter codes (paper voting)"), required=False
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)

    def __init__(
        self, *args: Any, current_rule: str = "", locked_hint: str = "", **kwargs: Any
    ) -> None:
        """Offer the rules staff may choose, and the round's own (an imported round's rule
        may be one that only comes with files). With ``locked_hint`` (voting has opened) the
        locked settings render disabled with that hint."""
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        offered = offered_choices()
        if current_rule and current_rule not in dict(offered):
            offered.append((current_rule, str(Rule(current_rule).label)))
        field.choices = offered
        self.locked = (
            [name for name in LOCKED_SETTINGS if name in self.fields] if locked_hint else []
        )
        for name in self.locked:
            self.fields[name].widget.attrs["disabled"] = True
            self.fields[name].required = False
            self.fields[name].help_text = locked_hint

    def clean(self) -> dict[str, Any]:
        """Keep a locked setting the browser did not send (disabled inputs are not posted) at
        its current value; one that was sent goes on to the service, which refuses a change."""
        cleaned = super().clean() or {}
        for name in self.locked:
            if name not in self.data:
                cleaned[name] = self.initial.get(name)
        return cleaned


class PhaseForm(forms.Form):
    """Start a later phase now: only the phases after the current one are offered."""

    phase = forms.ChoiceField(label=_("Start phase now"), choices=())

    def __init__(self, *args: Any, current: str, started: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = [phase.value for phase in Phase]
        first = order.index(current) + 1 if started else 0
        field = self.fields["phase"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(phase.value, phase.label) for phase in list(Phase)[first:]]


class CodesForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("District"), queryset=BallotArea.objects.none(), empty_label=None
    )
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=2000)

    def __init__(self, *args: Any, round_: BudgetingRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = round_.areas.all()


class ImportForm(forms.Form):
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.none(), empty_label=None
    )
    file = forms.FileField(label=_("pabulib .pb file"))

    def __init__(self, *args: Any, initiatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = initiatives


class PlanChangeForm(forms.Form):
    outcomes = forms.CharField(
        label=_("Outcomes the person wants"), max_length=LONG_TEXT, widget=forms.Textarea
    )
    lines = forms.CharField(
        label=_("Budget lines"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One line each: what it pays for | amount in pounds | provider, or “direct” for a "
            "direct payment."
        ),
    )
    review_date = forms.DateField(label=_("Next review (YYYY-MM-DD)"), required=False)
    note = forms.CharField(label=_("Why this change"), max_length=300, required=False)


class SpendingForm(forms.Form):
    line = forms.ChoiceField(label=_("Budget line"))
    amount = MoneyField(label=_("Amount in pounds"))
    spent_on = forms.DateField(label=_("Date (YYYY-MM-DD)"))
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)


PAYMENT_WORDS = {"direct": PaymentMethod.DIRECT}


class PlanForm(forms.Form):
    person_email = forms.EmailField(label=_("Email address of the person the plan is for"))
    title = forms.CharField(label=_("Title"), max_length=200)
    allocation = MoneyField(label=_("Allocated personal budget in pounds"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class ExerciseForm(forms.Form):
    total = MoneyField(label=_("Total to divide, in pounds"))
    step = MoneyField(label=_("Step, in pounds"))
    areas = forms.CharField(
        label=_("Service areas"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One area per line: name | this year's spending | amount: what it pays for; "
            "amount: what it pays for …"
        ),
    )
