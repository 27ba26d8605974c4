"""Reads for logic models: the chain in order, each indicator's record and progress, and
the public page's sentence ("3 of 5 indicators on track")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.evaluation.models import Direction, Indicator, LogicModel, LogicStep, StepKind
from coproduce.initiatives.selectors import initiatives_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

# Progress of one indicator.
MET, ON_TRACK, OFF_TRACK, NO_DATA = "met", "on_track", "off_track", "no_data"


@dataclass
class IndicatorRecord:
    indicator: Indicator
    points: list[tuple[date, float]]
    status: str
    latest: float | None


@dataclass
class ChainLink:
    kind: str
    label: str
    steps: list[LogicStep] = field(default_factory=list)


def logic_model_for_user(person: Person | AnonymousUser, slug: str) -> LogicModel | None:
    """Return the logic model of the initiative ``slug`` if the person may see it, else None."""
    return (
        LogicModel.objects.filter(
            initiative__in=initiatives_for_user(person), initiative__slug=slug
        )
        .select_related("initiative__organisation", "initiative__place")
        .prefetch_related(
            Prefetch(
                "steps",
                LogicStep.objects.prefetch_related(
                    Prefetch("indicators", Indicator.objects.prefetch_related("measurements"))
                ),
            )
        )
        .first()
    )


def chain(logic_model: LogicModel) -> list[ChainLink]:
    """Return the five links in order (inputs first), each with its steps."""
    links = {kind: ChainLink(kind, str(label)) for kind, label in StepKind.choices}
    for step in logic_model.steps.all():
        links[step.kind].steps.append(step)
    return list(links.values())


def _better_or_equal(value: float, than: float, direction: str) -> bool:
    return value >= than if direction == Direction.HIGHER else value <= than


def progress(indicator: Indicator, points: list[tuple[date, float]]) -> str:
    """Say whether the latest value has met the target, is on the straight path from the
    baseline to the target by that date (on track), or behind it (off track)."""
    if not points or indicator.target_value is None:
        return NO_DATA
    on, latest = points[-1]
    target = indicator.target_value
    if _better_or_equal(latest, target, indicator.direction):
        return MET
    base, base_date = indicator.baseline_value, indicator.baseline_date
    if base is None or base_date is None or indicator.target_date is None:
        # No path to judge by: compare with the figure before, if there is one.
        if len(points) < 2:
            return NO_DATA
        before = points[-2][1]
        return ON_TRACK if _better_or_equal(latest, before, indicator.direction) else OFF_TRACK
    span = (indicator.target_date - base_date).days
    elapsed = min(max((on - base_date).days, 0), span)
    expected = base + (target - base) * elapsed / span
    return ON_TRACK if _better_or_equal(latest, expected, indicator.direction) else OFF_TRACK


def indicator_records(logic_model: LogicModel) -> list[IndicatorRecord]:
    """Every indicator of the model, in chain order, with its points and progress."""
    order = {kind: n for n, kind in enumerate(StepKind.values)}
    steps = sorted(logic_model.steps.all(), key=lambda s: (order[s.kind], s.order, s.pk))
    records = []
    for step in steps:
        for indicator in step.indicators.all():
            points = [(m.date, m.value) for m in indicator.measurements.all()]
            points.sort()
            records.append(
                IndicatorRecord(
                    indicator,
                    points,
                    progress(indicator, points),
                    points[-1][1] if points else None,
                )
            )
    return records


def progress_sentence(records: list[IndicatorRecord]) -> str:
    """Return e.g. "3 of 5 indicators on track (1 has no figures or target yet)"."""
    judged = [r for r in records if r.status != NO_DATA]
    if not judged:
        return _("No indicator has both figures and a target yet.")
    good = sum(r.status in (MET, ON_TRACK) for r in judged)
    sentence = ngettext(
        "%(good)s of %(total)s indicator on track or met.",
        "%(good)s of %(total)s indicators on track or met.",
        len(judged),
    ) % {
        "good": good,
        "total": len(judged),
    }
    missing = len(records) - len(judged)
    if missing:
        sentence += " " + ngettext(
            "%(n)s more has no figures or no target yet.",
            "%(n)s more have no figures or no target yet.",
            missing,
        ) % {"n": missing}
    return sentence
