"""The instrument contract: how a Co app plugs an instrument into the core.

An app's ``AppConfig.ready`` calls ``register_instrument`` once per activity kind it owns.
The registration says, in one place, everything the core needs to treat the instrument
like every other: its phases (on the activity's one clock) and what each phase allows, who
may take each action, and where its pages live (looked up for many activities at once).
Personal data is registered beside it, in ``coproduce.accounts.personal_data``.

The core imports no Co app: kinds, phases and pages come from this registry, and an
activity of an unregistered kind cannot be created.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity, Initiative

__all__ = [
    "PARTICIPANT",
    "ActionSpec",
    "Instrument",
    "PhaseSpec",
    "UnknownInstrument",
    "instrument_choices",
    "instrument_for",
    "instruments",
    "register_instrument",
]

# ``ActionSpec.who`` for actions any eligible person takes (vote, propose, answer).
PARTICIPANT = "participant"


class UnknownInstrument(LookupError):
    """Raised for an activity kind that no app has registered."""


@dataclass(frozen=True)
class ActionSpec:
    """An action on an instrument: who may take it.

    ``who`` is ``PARTICIPANT`` (an eligible person who can see the activity) or the value of
    an ``organisations.permissions.Action`` that the person must hold in the organisation
    that runs the activity.
    """

    label: str | Promise
    who: str = PARTICIPANT


@dataclass(frozen=True)
class PhaseSpec:
    """One phase of an instrument, in order, and the actions it allows."""

    key: str
    label: str | Promise
    allows: frozenset[str] = frozenset()


PageUrls = Callable[[Sequence["Activity"]], Mapping[int, str]]
CreateUrl = Callable[["Initiative"], str]


@dataclass(frozen=True)
class Instrument:
    """A kind of activity and its contract with the core.

    ``phases`` are in order; an instrument with one phase has it for the whole span of the
    activity's dates. ``page_urls`` maps many activities to their pages in a fixed number of
    queries (activities missing from the result use the generic activity page).
    ``create_url`` is the instrument's own set-up page for a new activity in an initiative
    (a guide that asks for everything the instrument needs); without one, the generic
    "Add an activity" form creates it.
    """

    kind: str
    label: str | Promise
    co: str
    phases: tuple[PhaseSpec, ...]
    actions: Mapping[str, ActionSpec] = field(default_factory=dict)
    page_urls: PageUrls | None = None
    create_url: CreateUrl | None = None
    description: str | Promise = ""

    def __post_init__(self) -> None:
        if not self.phases:
            raise ValueError(f"instrument {self.kind!r} needs at least one phase")
        keys = [phase.key for phase in self.phases]
        if len(set(keys)) != len(keys):
            raise ValueError(f"instrument {self.kind!r} repeats a phase key")
        unknown = {a for phase in self.phases for a in phase.allows} - set(self.actions)
        if unknown:
            raise ValueError(f"instrument {self.kind!r}: phases allow undeclared {unknown}")

    def phase(self, key: str) -> PhaseSpec:
        """Return the phase called ``key``; raise KeyError if the instrument has none."""
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def phase_index(self, key: str) -> int:
        """Return the position of phase ``key`` in the instrument's order."""
        return [phase.key for phase in self.phases].index(key)

    def phases_allowing(self, action: str) -> list[PhaseSpec]:
        """Return the phases in which ``action`` may be taken."""
        return [phase for phase in self.phases if action in phase.allows]


_REGISTRY: dict[str, Instrument] = {}


def register_instrument(instrument: Instrument) -> None:
    """Register ``instrument``; registering the same kind twice replaces it (app reloads)."""
    _REGISTRY[instrument.kind] = instrument


def instrument_for(kind: str) -> Instrument:
    """Return the instrument of ``kind``; raise UnknownInstrument if none is registered."""
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise UnknownInstrument(kind) from None


def instruments() -> list[Instrument]:
    """Return every registered instrument, in registration order."""
    return list(_REGISTRY.values())


def instrument_choices() -> list[tuple[str, str | Promise]]:
    """Return ``(kind, label)`` for every registered instrument (Activity.kind's choices)."""
    return [(instrument.kind, instrument.label) for instrument in _REGISTRY.values()]
