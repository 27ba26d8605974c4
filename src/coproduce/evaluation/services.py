"""Writes for logic models: the chain, indicators, measurements (entered, imported from a
CSV file, computed from the ledger). Each takes keyword-only arguments, checks that the
actor manages the initiative's organisation, runs in one transaction and is audited."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.evaluation.computed import computed_value
from coproduce.evaluation.models import (
    ComputedMeasure,
    Direction,
    Indicator,
    LogicModel,
    LogicStep,
    Measurement,
    SourceKind,
    StepKind,
)
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Initiative

# A measurements file: at most this many bytes and rows (a year of daily figures for a
# dozen indicators fits easily).
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 5_000
IMPORT_COLUMNS = ("indicator", "date", "value", "source")
# Problems listed before the rest are summed up, so one bad column does not fill a page.
MAX_LISTED_PROBLEMS = 50


def _require_manager(actor: Person, initiative: Initiative) -> None:
    if not can(actor, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied(
            _("Only the organisation's staff can set up this initiative's evaluation.")
        )


def logic_model_create(*, actor: Person, initiative: Initiative, summary: str = "") -> LogicModel:
    """Start the initiative's logic model; raise ValidationError if it has one already."""
    _require_manager(actor, initiative)
    if len(summary) > LONG_TEXT:
        raise ValidationError({"summary": _("Keep the summary shorter.")})
    with transaction.atomic():
        if LogicModel.objects.filter(initiative=initiative).exists():
            raise ValidationError(_("This initiative has a logic model already."))
        model = LogicModel.objects.create(initiative=initiative, summary=summary.strip())
        audit_record(action="logic_model.create", actor=actor, target=model)
    return model


def logic_step_add(*, actor: Person, logic_model: LogicModel, kind: str, text: str) -> LogicStep:
    """Add an item at the end of one link of the chain."""
    _require_manager(actor, logic_model.initiative)
    if kind not in StepKind.values:
        raise ValidationError({"kind": _("Choose a step of the chain.")})
    text = text.strip()
    if not text or len(text) > 500:
        raise ValidationError({"text": _("Say what it is, in 500 characters or fewer.")})
    with transaction.atomic():
        last = logic_model.steps.filter(kind=kind).aggregate(last=Max("order"))["last"]
        step = LogicStep.objects.create(
            logic_model=logic_model, kind=kind, text=text, order=(last or 0) + 1
        )
        audit_record(
            action="logic_model.step_add", actor=actor, target=logic_model, data={"kind": kind}
        )
    return step


def logic_step_remove(*, actor: Person, step: LogicStep) -> None:
    """Remove a step that has no indicators (its measurements would go with it)."""
    _require_manager(actor, step.logic_model.initiative)
    if step.indicators.exists():
        raise ValidationError(_("This step has indicators: it cannot be removed."))
    with transaction.atomic():
        audit_record(
            action="logic_model.step_remove",
            actor=actor,
            target=step.logic_model,
            data={"kind": step.kind, "text": step.text},
        )
        step.delete()


def _finite(value: float | None, field: str, errors: dict[str, str]) -> None:
    if value is not None and not math.isfinite(value):
        errors[field] = _("Enter a number.")


def indicator_add(
    *,
    actor: Person,
    step: LogicStep,
    name: str,
    definition: str,
    unit: str,
    direction: str,
    source_kind: str,
    computed_measure: str = "",
    baseline_value: float | None = None,
    baseline_date: date | None = None,
    baseline_source: str = "",
    target_value: float | None = None,
    target_date: date | None = None,
) -> Indicator:
    """Add an indicator to a step; raise ValidationError (by field) for what is missing."""
    _require_manager(actor, step.logic_model.initiative)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the indicator a name.")
    elif Indicator.objects.filter(
        step__logic_model=step.logic_model, name__iexact=name.strip()
    ).exists():
        errors["name"] = _("This logic model has an indicator with that name already.")
    if not definition.strip():
        errors["definition"] = _("Say exactly what is counted or measured.")
    if direction not in Direction.values:
        errors["direction"] = _("Say whether higher or lower is better.")
    if source_kind not in SourceKind.values:
        errors["source_kind"] = _("Say where the figures come from.")
    elif source_kind == SourceKind.COMPUTED and computed_measure not in ComputedMeasure.values:
        errors["computed_measure"] = _("Choose what the platform computes.")
    elif source_kind != SourceKind.COMPUTED and computed_measure:
        errors["computed_measure"] = _("Only a computed indicator is computed from a record.")
    if baseline_value is not None and baseline_date is None:
        errors["baseline_date"] = _("Give the date of the baseline.")
    if target_value is not None and target_date is None:
        errors["target_date"] = _("Give the date by which the target should be reached.")
    if baseline_date and target_date and target_date <= baseline_date:
        errors["target_date"] = _("The target date must come after the baseline date.")
    _finite(baseline_value, "baseline_value", errors)
    _finite(target_value, "target_value", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        indicator = Indicator.objects.create(
            step=step,
            name=name.strip(),
            definition=definition.strip(),
            unit=unit.strip(),
            direction=direction,
            source_kind=source_kind,
            computed_measure=computed_measure if source_kind == SourceKind.COMPUTED else "",
            baseline_value=baseline_value,
            baseline_date=baseline_date,
            baseline_source=baseline_source.strip(),
            target_value=target_value,
            target_date=target_date,
        )
        audit_record(
            action="indicator.add", actor=actor, target=step.logic_model, data={"name": name}
        )
    return indicator


def _measurement_problem(indicator: Indicator, value: float, on: date) -> str:
    if indicator.source_kind == SourceKind.COMPUTED:
        return _("“%(name)s” is computed by the platform: its figures cannot be entered.") % {
            "name": indicator.name
        }
    if not math.isfinite(value):
        return _("Enter a number.")
    if on > timezone.localdate():
        return _("A measurement cannot be dated in the future.")
    if Measurement.objects.filter(indicator=indicator, date=on).exists():
        return _("“%(name)s” has a measurement on %(date)s already.") % {
            "name": indicator.name,
            "date": on.isoformat(),
        }
    return ""


def measurement_enter(
    *, actor: Person, indicator: Indicator, value: float, date: date, source_note: str = ""
) -> Measurement:
    """Record one value of an entered or imported indicator; one per date."""
    _require_manager(actor, indicator.step.logic_model.initiative)
    if len(source_note) > 300:
        raise ValidationError({"source_note": _("Keep the source to 300 characters.")})
    with transaction.atomic():
        problem = _measurement_problem(indicator, value, date)
        if problem:
            raise ValidationError(problem)
        measurement = Measurement.objects.create(
            indicator=indicator,
            value=value,
            date=date,
            source_note=source_note.strip(),
            entered_by=actor,
        )
        audit_record(
            action="measurement.enter",
            actor=actor,
            target=indicator.step.logic_model,
            data={"indicator": indicator.name, "date": date, "value": value},
        )
    return measurement


def _read_rows(data: bytes) -> list[dict[str, str]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(limit)s bytes.")
            % {"limit": f"{MAX_IMPORT_BYTES:,}"}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text: save it as CSV (UTF-8).")) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in IMPORT_COLUMNS[:3] if c not in header]
    if missing:
        raise ValidationError(
            _("The file needs the columns indicator, date, value (and source); missing: %(m)s.")
            % {"m": ", ".join(missing)}
        )
    reader.fieldnames = header
    rows = list(reader)
    if not rows:
        raise ValidationError(_("The file has no rows of measurements."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(
            _("The file has too many rows: at most %(limit)s.") % {"limit": f"{MAX_IMPORT_ROWS:,}"}
        )
    return rows


def _parse_row(
    row: dict[str, str], indicators: dict[str, Indicator], seen: set[tuple[int, date]]
) -> tuple[Measurement | None, str]:
    name = (row.get("indicator") or "").strip()
    indicator = indicators.get(name.lower())
    if indicator is None:
        return None, _("no indicator called “%(name)s” in this logic model") % {"name": name}
    try:
        on = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        return None, _("the date must be written YYYY-MM-DD")
    try:
        value = float((row.get("value") or "").strip().replace(",", ""))
    except ValueError:
        return None, _("the value must be a number")
    source = (row.get("source") or "").strip()
    if len(source) > 300:
        return None, _("the source is longer than 300 characters")
    if (indicator.pk, on) in seen:
        return None, _("“%(name)s” appears twice for %(date)s") % {"name": name, "date": on}
    problem = _measurement_problem(indicator, value, on)
    if problem:
        return None, problem
    seen.add((indicator.pk, on))
    return Measurement(indicator=indicator, value=value, date=on, source_note=source), ""


def measurements_import(*, actor: Person, logic_model: LogicModel, data: bytes) -> int:
    """Import measurements from a CSV file (columns indicator, date, value, source).

    Every row is checked first; if any is wrong nothing is written and ValidationError
    lists the problems by row number (the header is row 1). Return the rows imported.
    """
    _require_manager(actor, logic_model.initiative)
    rows = _read_rows(data)
    indicators = {
        i.name.lower(): i for i in Indicator.objects.filter(step__logic_model=logic_model)
    }
    with transaction.atomic():
        seen: set[tuple[int, date]] = set()
        measurements, problems = [], []
        for number, row in enumerate(rows, start=2):
            measurement, problem = _parse_row(row, indicators, seen)
            if measurement is None:
                problems.append(_("Row %(n)s: %(problem)s") % {"n": number, "problem": problem})
            else:
                measurement.entered_by = actor
                measurements.append(measurement)
        if problems:
            if len(problems) > MAX_LISTED_PROBLEMS:
                rest = len(problems) - MAX_LISTED_PROBLEMS
                problems = problems[:MAX_LISTED_PROBLEMS]
                problems.append(_("… and %(n)s more rows with problems.") % {"n": rest})
            raise ValidationError(problems)
        Measurement.objects.bulk_create(measurements)
        audit_record(
            action="measurement.import",
            actor=actor,
            target=logic_model,
            data={"rows": len(measurements)},
        )
    return len(measurements)


def _refresh(logic_model: LogicModel, on: date) -> int:
    written = 0
    for indicator in Indicator.objects.filter(
        step__logic_model=logic_model, source_kind=SourceKind.COMPUTED
    ):
        value = computed_value(indicator.computed_measure, initiative=logic_model.initiative, on=on)
        Measurement.objects.update_or_create(
            indicator=indicator,
            date=on,
            defaults={"value": value, "source_note": _("Computed from the participation ledger")},
        )
        written += 1
    return written


def computed_indicators_refresh(
    *, actor: Person, logic_model: LogicModel, on: date | None = None
) -> int:
    """Write today's value (or ``on``'s) of each computed indicator; return how many."""
    _require_manager(actor, logic_model.initiative)
    on = on or timezone.localdate()
    with transaction.atomic():
        written = _refresh(logic_model, on)
        audit_record(action="indicator.refresh", actor=actor, target=logic_model, data={"date": on})
    return written


def computed_indicators_refresh_all(*, on: date | None = None) -> int:
    """Refresh every logic model's computed indicators (the task; audited as the system)."""
    on = on or timezone.localdate()
    written = 0
    for logic_model in LogicModel.objects.select_related("initiative"):
        with transaction.atomic():
            count = _refresh(logic_model, on)
            if count:
                audit_record(action="indicator.refresh", target=logic_model, data={"date": on})
            written += count
    return written
