"""The steps of the guide that sets up a budgeting round, and what it keeps between them.

Each step is a plain form. What staff type is kept in the session as typed (so going back
shows it again, even if it was not valid yet); the last step reads every step again, checks
it with the same rules the service applies, and calls ``services.rounds.round_create``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.forms import MAX_CHOICES, MoneyField
from coproduce.commissioning.instruments import BUDGETING_ROUND
from coproduce.commissioning.models import BallotFormat, Phase, Rule
from coproduce.commissioning.rules import offered_choices, rule_spec
from coproduce.commissioning.services.round_setup import (
    CURRENCIES,
    AreaSpec,
    NewActivity,
    areas_problems,
    settings_problems,
)
from coproduce.initiatives.instruments import instrument_for
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.services import schedule_problems
from coproduce.places.models import Place
from coproduce.ui.forms import IsoDateTimeInput
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from datetime import datetime

SESSION_KEY = "round_wizard"


class Step(forms.Form):
    """One step: a form that may read the answers of the steps before it."""

    title: str | Promise = ""
    # {field: {choice: hint}} for radios that explain each choice.
    hints: Mapping[str, Mapping[str, str | Promise]] = {}

    def __init__(
        self, *args: Any, answers: Mapping[str, Any], initiatives: QuerySet[Initiative], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.answers = answers
        self.initiatives = initiatives

    def add_problems(self, problems: Mapping[str, str]) -> None:
        for name, message in problems.items():
            self.add_error(name if name in self.fields else None, message)


class AboutStep(Step):
    title = _("What the round is")
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.none(), empty_label=None
    )
    round_title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What residents can propose and what the money is for."),
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["initiative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = self.initiatives


def district_places(place: Place, depth: int = 2) -> list[tuple[Place, int]]:
    """Return the places below ``place`` down to ``depth`` levels, in tree order with levels."""
    found: list[tuple[Place, int]] = []
    level = [place]
    children: dict[int, list[Place]] = {}
    for _level in range(depth):
        below = list(Place.objects.filter(parent__in=level).order_by("name"))
        for child in below:
            assert child.parent_id is not None
            children.setdefault(child.parent_id, []).append(child)
        level = below
        if not below:
            break

    def walk(node: Place, level_: int) -> None:
        for child in children.get(node.pk, []):
            found.append((child, level_))
            walk(child, level_ + 1)

    walk(place, 1)
    return found


class BudgetStep(Step):
    title = _("Budget and districts")
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    total_budget = MoneyField(
        label=_("Total budget"), help_text=_("In whole units, like 250000 or 250,000.50.")
    )
    split = forms.ChoiceField(
        label=_("How is the budget shared?"),
        choices=[
            ("city", _("One budget for the whole place")),
            ("districts", _("A budget for each district, voted and counted on its own")),
        ],
        widget=forms.RadioSelect,
    )
    hints = {
        "split": {
            "districts": _(
                "Give each district below a budget; leave a place empty if it is not one of "
                "the round's districts. The district budgets must add up to the total."
            )
        }
    }

    def __init__(self, *args: Any, place: Place | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        initiative = self.answers.get("initiative")
        place = place or (initiative.place if initiative is not None else None)
        self.places = district_places(place) if place is not None else []
        for candidate, level in self.places:
            self.fields[f"district_{candidate.pk}"] = MoneyField(
                label=("— " * (level - 1)) + candidate.name, required=False
            )

    def district_fields(self) -> list[forms.BoundField]:
        return [self[f"district_{place.pk}"] for place, _level in self.places]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        total, currency = cleaned.get("total_budget"), cleaned.get("currency", "GBP")
        areas = [
            AreaSpec(place.name, cleaned[f"district_{place.pk}"], place)
            for place, _level in self.places
            if cleaned.get(f"district_{place.pk}")
        ]
        if cleaned.get("split") == "districts":
            if not areas:
                self.add_error("split", _("Give at least one district a budget."))
            elif total is not None:
                self.add_problems(
                    areas_problems(total_budget=total, areas=areas, currency=currency)
                )
        else:
            areas = []
            if total is not None:
                self.add_problems(areas_problems(total_budget=total, areas=[], currency=currency))
        cleaned["areas"] = areas
        return cleaned


BALLOT_HINTS = {
    BallotFormat.APPROVAL.value: _("Voters tick projects, between the fewest and the most."),
    BallotFormat.KNAPSACK.value: _(
        "Voters tick projects whose costs fit in their district's budget."
    ),
    BallotFormat.CUMULATIVE.value: _("Voters share out their points between projects."),
    BallotFormat.RANKED.value: _("Voters number projects 1, 2, 3… up to the most."),
}


class BallotStep(Step):
    title = _("The ballot")
    ballot_format = forms.ChoiceField(
        label=_("Ballot format"), choices=BallotFormat.choices, widget=forms.RadioSelect
    )
    min_choices = forms.IntegerField(
        label=_("Fewest projects to choose (approval)"),
        min_value=0,
        max_value=MAX_CHOICES,
        initial=1,
    )
    max_choices = forms.IntegerField(
        label=_("Most projects to choose (approval) or rank (ranked)"),
        min_value=1,
        max_value=MAX_CHOICES,
        required=False,
        help_text=_("Leave empty for no limit (approval)."),
    )
    points = forms.IntegerField(
        label=_("Points to share out (cumulative)"), min_value=1, max_value=MAX_CHOICES, initial=10
    )
    allow_changes = forms.BooleanField(
        label=_("Voters may change their ballot until voting closes"), required=False, initial=True
    )
    hints = {"ballot_format": BALLOT_HINTS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            self.add_problems(settings_problems({**cleaned, "rule": Rule.GREEDY}))
        return cleaned


class RuleStep(Step):
    title = _("How votes are counted")
    rule = forms.ChoiceField(
        label=_("Counting rule"), choices=offered_choices, widget=forms.RadioSelect
    )

    @property
    def hints(self) -> Mapping[str, Mapping[str, str | Promise]]:  # type: ignore[override]
        return {"rule": {value: rule_spec(value).explanation for value, _l in offered_choices()}}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        fmt = self.answers.get("ballot_format", BallotFormat.KNAPSACK)
        if "rule" in cleaned:
            problems = settings_problems({"ballot_format": fmt, "rule": cleaned["rule"]})
            if "rule" in problems:
                self.add_error("rule", problems["rule"])
        return cleaned


class EligibilityStep(Step):
    title = _("Who may vote")
    min_age = forms.IntegerField(
        label=_("Minimum age (optional)"), min_value=0, max_value=120, required=False
    )
    eligible_place = forms.ModelChoiceField(
        label=_("Open only to verified residents of (optional)"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("Anyone who signs in"),
    )
    voter_codes = forms.BooleanField(
        label=_("Accept one-time voter codes (paper voting)"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        initiative = self.answers.get("initiative")
        field = self.fields["eligible_place"]
        assert isinstance(field, forms.ModelChoiceField)
        if initiative is not None:
            below = [p.pk for p, _level in district_places(initiative.place)]
            field.queryset = Place.objects.filter(pk__in=[initiative.place_id, *below]).order_by(
                "kind", "name"
            )


class DatesStep(Step):
    title = _("Dates of each phase")
    starts_at = forms.DateTimeField(
        label=_("Proposals open"), widget=IsoDateTimeInput(), help_text=_("The round opens then.")
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for phase in instrument_for(BUDGETING_ROUND).phases[1:]:
            self.fields[phase.key] = forms.DateTimeField(
                label=_("“%(phase)s” starts (optional)") % {"phase": phase.label},
                widget=IsoDateTimeInput(),
                required=False,
                help_text=_("Leave empty to start it yourself from the round's page.")
                if phase.key == Phase.VOTING
                else "",
            )
        self.fields["ends_at"] = forms.DateTimeField(
            label=_("The round closes (optional)"), widget=IsoDateTimeInput(), required=False
        )

    def phase_starts(self, cleaned: Mapping[str, Any]) -> dict[str, datetime | None]:
        return {p.key: cleaned.get(p.key) for p in instrument_for(BUDGETING_ROUND).phases[1:]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            self.add_problems(
                schedule_problems(
                    kind=BUDGETING_ROUND,
                    starts_at=cleaned["starts_at"],
                    ends_at=cleaned.get("ends_at"),
                    phase_starts=self.phase_starts(cleaned),
                )
            )
        cleaned["phase_starts"] = self.phase_starts(cleaned)
        return cleaned


@dataclass(frozen=True)
class StepSpec:
    key: str
    form: type[Step]


STEPS = (
    StepSpec("about", AboutStep),
    StepSpec("budget", BudgetStep),
    StepSpec("ballot", BallotStep),
    StepSpec("rule", RuleStep),
    StepSpec("eligibility", EligibilityStep),
    StepSpec("dates", DatesStep),
)
STEP_KEYS = [step.key for step in STEPS]


def typed(session: SessionBase) -> dict[str, dict[str, str]]:
    """Return what was typed at each step so far (``{step: {field: text}}``)."""
    stored = session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


def keep(session: SessionBase, step: str, data: Mapping[str, Any], form: Step) -> None:
    """Keep the step's typed values (an unticked box as "", so it stays unticked)."""
    kept = {name: str(data.get(name, "")) for name in form.fields}
    state = typed(session)
    state[step] = kept
    session[SESSION_KEY] = state


def answers_until(
    state: Mapping[str, Mapping[str, str]], step: str, initiatives: QuerySet[Initiative]
) -> tuple[dict[str, Any], str | None]:
    """Return the cleaned answers of the steps before ``step`` and the first of them that is
    missing or no longer valid (None if all are)."""
    answers: dict[str, Any] = {}
    for spec in STEPS:
        if spec.key == step:
            break
        form = spec.form(state.get(spec.key), answers=answers, initiatives=initiatives)
        if spec.key not in state or not form.is_valid():
            return answers, spec.key
        answers.update(form.cleaned_data)
    return answers, None


def round_values(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``round_create``'s arguments from every step's cleaned answers."""
    activity = NewActivity(
        initiative=answers["initiative"],
        title=answers["round_title"],
        description=answers["description"],
        starts_at=answers["starts_at"],
        ends_at=answers.get("ends_at"),
        phase_starts=answers["phase_starts"],
        eligible_place=answers.get("eligible_place"),
        min_age=answers.get("min_age"),
    )
    settings_ = {
        name: answers[name]
        for name in (
            "currency",
            "ballot_format",
            "min_choices",
            "max_choices",
            "points",
            "rule",
            "allow_changes",
            "voter_codes",
        )
    }
    return {
        "activity": activity,
        "total_budget": answers["total_budget"],
        "areas": answers["areas"],
        **settings_,
    }
