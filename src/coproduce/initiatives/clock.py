"""The activity's one clock: which phase an activity is in at a moment, read from its dates.

Phases are declared by the instrument (``initiatives.instruments``) and dated on the
activity: the first starts with the activity, later ones at their ``ActivityPhase`` rows,
and the last scheduled one runs until the activity ends. Nothing else stores a phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.functional import Promise

from coproduce.initiatives.instruments import instrument_for

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity

__all__ = ["AFTER", "BEFORE", "DURING", "Moment", "PhaseSpan", "moment_of", "schedule_of"]

BEFORE, DURING, AFTER = "before", "during", "after"


@dataclass(frozen=True)
class PhaseSpan:
    """A scheduled phase: its key, label and dates (``ends_at`` None: open-ended)."""

    key: str
    label: str | Promise
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class Moment:
    """Where an activity stands at ``at``: before its start, during a phase, or after its end.

    ``phase`` is the current phase during the activity, the first before it and the last
    scheduled one after it, so pages can always name one.
    """

    at: datetime
    status: str
    phase: PhaseSpan
    schedule: tuple[PhaseSpan, ...]

    order: tuple[str, ...]  # every phase key of the instrument, scheduled or not

    @property
    def is_open(self) -> bool:
        return self.status == DURING

    def at_or_after(self, key: str) -> bool:
        """Return True once phase ``key`` has started or a later one has (or it all ended)."""
        if self.status == AFTER:
            return True
        if self.status == BEFORE:
            return False
        return self.order.index(self.phase.key) >= self.order.index(key)

    def after(self, key: str) -> bool:
        """Return True once a phase later than ``key`` has started (or it all ended)."""
        if self.status == AFTER:
            return True
        if self.status == BEFORE:
            return False
        return self.order.index(self.phase.key) > self.order.index(key)


def _starts(activity: Activity) -> dict[str, datetime]:
    # Reads the prefetched rows when a list page prefetched ``phase_starts``.
    return {row.key: row.starts_at for row in activity.phase_starts.all()}


def schedule_of(activity: Activity) -> tuple[PhaseSpan, ...]:
    """Return the activity's scheduled phases in order, with their dates."""
    instrument = instrument_for(activity.kind)
    starts = _starts(activity) if len(instrument.phases) > 1 else {}
    dated: list[tuple[str, str | Promise, datetime]] = []
    for index, phase in enumerate(instrument.phases):
        start = activity.starts_at if index == 0 else starts.get(phase.key)
        if start is not None:
            dated.append((phase.key, phase.label, max(start, activity.starts_at)))
    spans = []
    for index, (key, label, start) in enumerate(dated):
        end = dated[index + 1][2] if index + 1 < len(dated) else activity.ends_at
        spans.append(PhaseSpan(key, label, start, end))
    return tuple(spans)


def moment_of(activity: Activity, at: datetime | None = None) -> Moment:
    """Return where the activity stands at ``at`` (default: now)."""
    at = at or timezone.now()
    schedule = schedule_of(activity)
    order = tuple(phase.key for phase in instrument_for(activity.kind).phases)
    if at < activity.starts_at:
        return Moment(at, BEFORE, schedule[0], schedule, order)
    if activity.ends_at is not None and at >= activity.ends_at:
        return Moment(at, AFTER, schedule[-1], schedule, order)
    current = schedule[0]
    for span in schedule:
        if span.starts_at <= at:
            current = span
    return Moment(at, DURING, current, schedule, order)
