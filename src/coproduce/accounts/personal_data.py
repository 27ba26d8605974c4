"""Personal data, complete: every app registers what it holds about a person.

An app calls ``register_personal_data`` from its ``AppConfig.ready`` with an export (what
"Download your data" shows for that app), an erasure (what account deletion does to its
rows) and the fields it covers (``app_label.Model.field`` for every reference to a Person).
A test walks every model and fails when a reference to Person is covered by no hook, so a
new model cannot forget the law.

Erasure anonymises: public contributions stay with the person cleared, so counts and
tallies do not change; private things (supports, follows, memberships) go. Ballots are
never linked to a person in the first place (see commissioning/secrecy.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Model

    from coproduce.accounts.models import Person

__all__ = [
    "PersonalData",
    "covered_fields",
    "person_references",
    "personal_data",
    "register_personal_data",
    "uncovered_fields",
]


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person, how to export it and how to erase it.

    ``section`` names the app's part of the export. ``export`` returns JSON-ready data
    (lists of dicts with ISO dates); ``erase`` runs inside the deletion's transaction.
    ``fields`` are the Person references it accounts for, including ones it keeps on
    purpose (a staff member's name on a public answer points to the anonymised account).
    """

    section: str
    export: Callable[[Person], Any]
    erase: Callable[[Person], None]
    fields: Sequence[str]


_REGISTRY: dict[str, PersonalData] = {}


def register_personal_data(entry: PersonalData, *, before: str | None = None) -> None:
    """Register ``entry`` under its section (registering a section again replaces it).

    Entries export and erase in registration order; ``before`` puts this one ahead of a
    registered section, for an erasure that must read rows the other one unlinks.
    """
    _REGISTRY.pop(entry.section, None)
    if before is None or before not in _REGISTRY:
        _REGISTRY[entry.section] = entry
        return
    entries = list(_REGISTRY.items())
    _REGISTRY.clear()
    for section, existing in entries:
        if section == before:
            _REGISTRY[entry.section] = entry
        _REGISTRY[section] = existing


def personal_data() -> list[PersonalData]:
    """Return every registered entry, in registration order."""
    return list(_REGISTRY.values())


def covered_fields() -> set[str]:
    """Return every ``app_label.Model.field`` some entry accounts for."""
    return {field for entry in _REGISTRY.values() for field in entry.fields}


def person_references(models: Iterable[type[Model]] | None = None) -> set[str]:
    """Return ``app_label.Model.field`` for every concrete reference to Person."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    person = get_user_model()
    found = set()
    for model in apps.get_models() if models is None else models:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is person:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def uncovered_fields(models: Iterable[type[Model]] | None = None) -> set[str]:
    """Return the references to Person that no registered entry accounts for."""
    return person_references(models) - covered_fields()
