"""Budgeting rounds in the Django admin: created and changed through the same services as the
staff pages, with the settings that have locked shown read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from coproduce.commissioning.forms import MAX_CHOICES
from coproduce.commissioning.instruments import BUDGETING_ROUND
from coproduce.commissioning.models import BallotArea, BudgetingRound
from coproduce.commissioning.money import MAX_PENCE
from coproduce.commissioning.services.round_setup import (
    BUDGET_FIELDS,
    LOCKED_FIELDS,
    AreaSpec,
    areas_problems,
    round_configure,
    round_create,
    settings_problems,
)
from coproduce.initiatives.models import Activity

SETTINGS = (*BUDGET_FIELDS, *LOCKED_FIELDS, "allow_changes")
ALWAYS_READ_ONLY = (
    "tally_status",
    "tally_progress",
    "tally_error",
    "tallied_at",
    "imported_from",
)


def _bounded(low: int, high: int) -> type[forms.IntegerField]:
    """An integer field class with the limits the staff pages use, whatever the model says."""

    class Bounded(forms.IntegerField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**{**kwargs, "min_value": low, "max_value": high})

    return Bounded


class RoundForm(forms.ModelForm[BudgetingRound]):
    """Checks a round's settings with the service's own rules before the admin saves it."""

    class Meta:
        model = BudgetingRound
        fields = ("activity", *SETTINGS)
        field_classes = {
            "total_budget": _bounded(1, MAX_PENCE),
            "min_choices": _bounded(0, MAX_CHOICES),
            "max_choices": _bounded(1, MAX_CHOICES),
            "points": _bounded(1, MAX_CHOICES),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("activity")
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Activity.objects.filter(
                kind=BUDGETING_ROUND, budgeting_round__isnull=True
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        current = {f: getattr(self.instance, f, None) for f in SETTINGS}
        values = {**current, **{k: v for k, v in cleaned.items() if k in SETTINGS}}
        for name, message in settings_problems(values).items():
            self.add_error(name if name in self.fields else None, message)
        total = values.get("total_budget")
        if total is not None and "total_budget" in self.fields:
            for message in areas_problems(
                total_budget=total, areas=self._areas(total), currency=values["currency"] or "GBP"
            ).values():
                self.add_error("total_budget", message)
        return cleaned

    def _areas(self, total: int) -> list[AreaSpec]:
        """The districts the round will have: a round of one area follows its total."""
        if self.instance.pk is None:
            return []
        areas = list(self.instance.areas.select_related("place"))
        if len(areas) == 1 and areas[0].place_id is None:
            return [AreaSpec(areas[0].name, total)]
        return [AreaSpec(a.name, a.budget, a.place) for a in areas]


class AreaInline(admin.TabularInline[BallotArea, BudgetingRound]):
    """The districts, shown: the service writes them (every field is read-only, so the
    admin's formset never saves one)."""

    model = BallotArea
    extra = 0
    can_delete = False
    fields = readonly_fields = ("name", "place", "budget")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BudgetingRound)
class BudgetingRoundAdmin(admin.ModelAdmin[BudgetingRound]):
    form = RoundForm
    list_display = ("__str__", "total_budget", "currency", "ballot_format", "rule", "tally_status")
    list_select_related = ("activity",)
    inlines = (AreaInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetingRound]:
        return super().get_queryset(request).select_related("activity__stage__initiative")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        """Settings lock as their phase starts (the service refuses a change to them)."""
        if obj is None:
            return ALWAYS_READ_ONLY
        locked: tuple[str, ...] = ("activity",)
        if obj.budget_locked:
            locked += BUDGET_FIELDS
        if obj.is_locked:
            locked += LOCKED_FIELDS
        return ALWAYS_READ_ONLY + locked

    def save_model(
        self, request: HttpRequest, obj: BudgetingRound, form: Any, change: bool
    ) -> None:
        actor: Any = request.user
        values = {f: form.cleaned_data[f] for f in SETTINGS if f in form.cleaned_data}
        if not change:
            made = round_create(activity=obj.activity, actor=actor, **values)
            obj.pk, obj._state.adding, obj._state.db = made.pk, False, made._state.db
            return
        current = BudgetingRound.objects.select_related("activity__stage__initiative").get(
            pk=obj.pk
        )
        changed = {f: v for f, v in values.items() if f in form.changed_data}
        round_configure(
            round_=current,
            actor=actor,
            areas=form._areas(changed["total_budget"]) if "total_budget" in changed else None,
            **changed,
        )
