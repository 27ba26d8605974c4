"""Setting up a round and changing its settings: the checks every way in shares (the staff
guide, the round page, the API, the admin), ``round_create`` and ``round_configure``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.commissioning.access import can_manage_round, require
from coproduce.commissioning.instruments import BUDGETING_ROUND
from coproduce.commissioning.models import (
    BallotArea,
    BallotFormat,
    BudgetingRound,
    Proposal,
    Rule,
)
from coproduce.commissioning.money import MAX_PENCE, money
from coproduce.initiatives.models import Activity, Co, Initiative
from coproduce.initiatives.services import (
    activity_create,
    activity_schedule_set,
    schedule_problems,
)
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.places.models import Place

# What locks once proposals open: the money residents propose against, and its districts.
BUDGET_FIELDS = ("total_budget", "currency")
# What locks once voting opens: the round's own fields and the activity's eligibility.
LOCKED_FIELDS = ("ballot_format", "min_choices", "max_choices", "points", "rule", "voter_codes")
LOCKED_ACTIVITY_FIELDS = ("min_age", "eligible_place")
CURRENCIES = ("GBP", "EUR", "USD", "PLN")
"""The currencies a new round may be counted in (imported files may bring others)."""


@dataclass(frozen=True)
class AreaSpec:
    """A district sub-budget: ``place`` None means the whole round."""

    name: str
    budget: int
    place: Place | None = None


@dataclass(frozen=True)
class NewActivity:
    """The activity a new round is made in, and its dates: ``round_create`` creates it in the
    initiative's co-commissioning stage and sets its schedule on the one clock.

    ``phase_starts`` maps the later phases (review, voting, results, implementation) to when
    each starts; a phase left out is not scheduled (staff start it from the round's page).
    """

    initiative: Initiative
    title: str
    starts_at: datetime
    description: str = ""
    ends_at: datetime | None = None
    phase_starts: Mapping[str, datetime | None] = field(default_factory=dict)
    eligible_place: Place | None = None
    min_age: int | None = None


def settings_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Return ``{setting: message}`` for ballot settings that do not fit together."""
    errors: dict[str, str] = {}
    fmt = values.get("ballot_format", BallotFormat.KNAPSACK)
    rule = values.get("rule", Rule.GREEDY)
    if fmt not in BallotFormat.values:
        errors["ballot_format"] = _("Choose one of the ballot formats.")
    if rule not in Rule.values:
        errors["rule"] = _("Choose one of the counting rules.")
    elif rule == Rule.PHRAGMEN and fmt not in (BallotFormat.APPROVAL, BallotFormat.KNAPSACK):
        errors["rule"] = _("Phragmén needs approval or knapsack ballots.")
    high, low = values.get("max_choices"), values.get("min_choices", 1)
    if high is not None and low is not None and high < low:
        errors["max_choices"] = _(
            "The most projects (%(high)s) must be at least the fewest (%(low)s)."
        ) % {"high": high, "low": low}
    if fmt == BallotFormat.RANKED and not high:
        errors["max_choices"] = _("Say how many projects a voter may rank.")
    if fmt == BallotFormat.CUMULATIVE and not values.get("points"):
        errors["points"] = _("Say how many points a voter distributes.")
    return errors


def _check_settings(values: Mapping[str, Any]) -> None:
    errors = settings_problems(values)
    if errors:
        raise ValidationError(errors)


def areas_problems(
    *, total_budget: int, areas: Sequence[AreaSpec], currency: str
) -> dict[str, str]:
    """Return ``{field: message}`` for a budget and districts that do not fit together.

    Every district needs a budget above zero and at most the total, no place may be a
    district twice, and the district budgets must add up to the total.
    """
    if total_budget <= 0:
        return {"total_budget": _("Give a total budget above zero.")}
    if total_budget > MAX_PENCE:
        return {
            "total_budget": _("Give a total budget of at most %(most)s.")
            % {"most": money(MAX_PENCE, currency)}
        }
    problems: list[str] = []
    places = [spec.place.pk for spec in areas if spec.place is not None]
    if len(set(places)) != len(places):
        problems.append(_("Each place can be a district only once."))
    for spec in areas:
        if spec.budget <= 0:
            problems.append(_("Give %(district)s a budget above zero.") % {"district": spec.name})
        elif spec.budget > total_budget:
            problems.append(
                _("The budget of %(district)s (%(budget)s) is more than the total (%(total)s).")
                % {
                    "district": spec.name,
                    "budget": money(spec.budget, currency),
                    "total": money(total_budget, currency),
                }
            )
    added = sum(spec.budget for spec in areas)
    if not problems and areas and added != total_budget:
        problems.append(
            _("The district budgets add up to %(sum)s, not the total of %(total)s.")
            % {"sum": money(added, currency), "total": money(total_budget, currency)}
        )
    return {"areas": " ".join(problems)} if problems else {}


def _check_currency(currency: str) -> dict[str, str]:
    if (
        len(currency) != 3
        or not currency.isascii()
        or not currency.isalpha()
        or not currency.isupper()
    ):
        return {"currency": _("Give the currency as its three-letter code, like GBP or EUR.")}
    return {}


def round_create(
    *,
    activity: Activity | NewActivity,
    actor: Person | None,
    total_budget: int,
    areas: Sequence[AreaSpec] = (),
    **settings_: Any,
) -> BudgetingRound:
    """Make a budgeting round with its areas; audited (``round.create``).

    ``activity`` is an existing budgeting-round activity, or a ``NewActivity`` to create
    (with its schedule, through ``initiatives.services``) in the same transaction. With no
    ``areas`` the whole budget is one area. Raise ``ValidationError``, creating nothing,
    when the budget, districts, settings or dates do not fit together; ``PermissionDenied``
    unless ``actor`` runs budgeting rounds for the organisation.
    """
    organisation = (
        activity.initiative.organisation
        if isinstance(activity, NewActivity)
        else activity.stage.initiative.organisation
    )
    if actor is not None:
        require(
            can(actor, Action.MANAGE_BUDGETS, organisation),
            _("Only the organisation's staff can set up rounds."),
        )
    elif isinstance(activity, NewActivity):
        raise PermissionDenied(_("Only the organisation's staff can set up rounds."))
    if isinstance(activity, Activity) and activity.kind != BUDGETING_ROUND:
        raise ValidationError(_("Only a participatory budgeting activity can hold a round."))
    round_ = BudgetingRound(total_budget=total_budget, **settings_)
    errors = settings_problems({f: getattr(round_, f) for f in LOCKED_FIELDS})
    errors |= _check_currency(round_.currency)
    title = activity.title
    specs = list(areas) or [AreaSpec(name=title, budget=total_budget)]
    errors |= areas_problems(total_budget=total_budget, areas=specs, currency=round_.currency)
    if isinstance(activity, NewActivity):
        errors |= schedule_problems(
            kind=BUDGETING_ROUND,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            phase_starts=activity.phase_starts,
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if isinstance(activity, NewActivity):
            assert actor is not None
            made = _activity_make(activity, actor)
        else:
            made = activity
        round_.activity = made
        round_.save()
        BallotArea.objects.bulk_create(
            BallotArea(round=round_, name=s.name, budget=s.budget, place=s.place) for s in specs
        )
        audit_record(
            action="round.create",
            actor=actor,
            target=round_,
            data={"budget": total_budget, "areas": [s.name for s in specs], **settings_},
        )
    return round_


def _activity_make(spec: NewActivity, actor: Person) -> Activity:
    activity = activity_create(
        actor=actor,
        initiative=spec.initiative,
        co=Co.COMMISSIONING,
        kind=BUDGETING_ROUND,
        title=spec.title,
        description=spec.description,
        starts_at=spec.starts_at,
        ends_at=spec.ends_at,
        eligible_place=spec.eligible_place,
        min_age=spec.min_age,
    )
    if any(start is not None for start in spec.phase_starts.values()):
        activity_schedule_set(
            activity=activity,
            actor=actor,
            starts_at=spec.starts_at,
            ends_at=spec.ends_at,
            phase_starts=spec.phase_starts,
        )
    return activity


def round_configure(
    *,
    round_: BudgetingRound,
    actor: Person,
    activity_values: dict[str, Any] | None = None,
    areas: Sequence[AreaSpec] | None = None,
    **values: Any,
) -> BudgetingRound:
    """Change a round's settings, each only until its phase starts; audited.

    The budget, currency and districts (``areas``: the whole new list) lock once proposals
    open; the ballot format and limits, the rule and eligibility once voting opens. Raise
    ``ValidationError`` naming each locked setting, with nothing changed and the refusal
    audited (``round.configure.refused``).
    """
    require(can_manage_round(actor, round_), _("Only the organisation's staff can change rounds."))
    activity_values = activity_values or {}
    changed = {k: v for k, v in values.items() if getattr(round_, k) != v}
    activity = round_.activity
    changed_activity = {k: v for k, v in activity_values.items() if getattr(activity, k) != v}
    new_areas = _areas_changed(round_, areas)
    refused = _locked_changes(round_, [*changed, *changed_activity], new_areas is not None)
    if refused:
        audit_record(
            action="round.configure.refused",
            actor=actor,
            target=round_,
            data={"refused": sorted(refused)},
        )
        raise ValidationError(refused)
    settings_now = {f: values.get(f, getattr(round_, f)) for f in (*LOCKED_FIELDS, "currency")}
    errors = settings_problems(settings_now) | _check_currency(settings_now["currency"])
    if "total_budget" in changed or new_areas is not None:
        total = values.get("total_budget", round_.total_budget)
        specs = new_areas if new_areas is not None else _current_areas(round_)
        errors |= areas_problems(total_budget=total, areas=specs, currency=settings_now["currency"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for key, value in changed.items():
            setattr(round_, key, value)
        if changed:
            round_.save(update_fields=list(changed))
        for key, value in changed_activity.items():
            setattr(activity, key, value)
        if changed_activity:
            activity.save(update_fields=list(changed_activity))
        if new_areas is not None:
            _areas_replace(round_, new_areas)
        data = {**changed, **{f"activity.{k}": v for k, v in changed_activity.items()}}
        if new_areas is not None:
            data["areas"] = [{"name": a.name, "budget": a.budget} for a in new_areas]
        audit_record(
            action="round.configure",
            actor=actor,
            target=round_,
            data={k: getattr(v, "pk", v) for k, v in data.items()},
        )
    return round_


def _current_areas(round_: BudgetingRound) -> list[AreaSpec]:
    return [AreaSpec(a.name, a.budget, a.place) for a in round_.areas.select_related("place")]


def _areas_changed(
    round_: BudgetingRound, areas: Sequence[AreaSpec] | None
) -> list[AreaSpec] | None:
    """Return the new districts if they differ from the round's, else None."""
    if areas is None:
        return None
    key = lambda spec: (spec.place.pk if spec.place else None, spec.name, spec.budget)  # noqa: E731
    now = sorted(map(key, _current_areas(round_)), key=str)
    return list(areas) if sorted(map(key, areas), key=str) != now else None


def _locked_changes(round_: BudgetingRound, fields: Sequence[str], areas: bool) -> dict[str, str]:
    """Return ``{setting: why it is locked}`` for each change the round's phase forbids."""
    refused: dict[str, str] = {}
    if round_.budget_locked:
        message = _("Proposals have opened, so the budget and the districts are locked.")
        refused |= {f: message for f in fields if f in BUDGET_FIELDS}
        if areas:
            refused["areas"] = message
    if round_.is_locked:
        message = _(
            "Voting has opened, so the ballot format, eligibility and winner rule are locked."
        )
        locked = (*LOCKED_FIELDS, *LOCKED_ACTIVITY_FIELDS)
        refused |= {f: message for f in fields if f in locked}
    return refused


def _areas_replace(round_: BudgetingRound, specs: Sequence[AreaSpec]) -> None:
    """Make the round's districts ``specs``: keep each place's row, change its budget."""
    existing = {a.place_id: a for a in round_.areas.all()}
    wanted = {spec.place.pk if spec.place else None: spec for spec in specs}
    gone = [a.pk for place, a in existing.items() if place not in wanted]
    if Proposal.objects.filter(area_id__in=gone).exists():
        raise ValidationError({"areas": _("A district with proposals cannot be removed.")})
    BallotArea.objects.filter(pk__in=gone).delete()
    for place, spec in wanted.items():
        area = existing.get(place)
        if area is None:
            BallotArea.objects.create(
                round=round_, place=spec.place, name=spec.name, budget=spec.budget
            )
        elif (area.name, area.budget) != (spec.name, spec.budget):
            area.name, area.budget = spec.name, spec.budget
            area.save(update_fields=["name", "budget"])
