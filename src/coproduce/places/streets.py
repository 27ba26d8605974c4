"""Writes for the gazetteer's streets: a council's CSV (name, lat, lon), all or nothing.

An upload replaces every street the gazetteer holds: a council's file is its whole list.
Only the body that keeps the outermost places (their owner) or the site administrator may
load one, with their second factor (``organisations.permissions.can`` asks it).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.organisations.permissions import Action, can, sees_everything
from coproduce.places.geocoding import normalise
from coproduce.places.models import Place, Street
from coproduce.places.services import CsvImportError, RowError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

STREET_COLUMNS = ("name", "lat", "lon")
MAX_STREETS = 100_000


def _keepers() -> list[Organisation | None]:
    return [place.owning_body() for place in Place.objects.filter(parent=None)]


def can_keep_streets(person: Person | AnonymousUser) -> bool:
    """Return True if the person may replace the gazetteer's streets: staff of the body that
    owns an outermost place (the city), or the site administrator."""
    if sees_everything(person):
        return True
    return any(
        can(person, Action.MANAGE_POPULATION, owner) for owner in _keepers() if owner is not None
    )


def _number(raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _parse_row(line: int, row: dict[str, Any]) -> tuple[Street | None, list[RowError]]:
    errors: list[RowError] = []
    name = " ".join(str(row.get("name") or "").split())
    if not name:
        errors.append(RowError(line, _("the name is empty")))
    elif len(name) > 200:
        errors.append(RowError(line, _("the name is longer than 200 characters")))
    raw_lat, raw_lon = str(row.get("lat") or "").strip(), str(row.get("lon") or "").strip()
    lat = _number(raw_lat, -90, 90)
    lon = _number(raw_lon, -180, 180)
    if lat is None:
        message = _("lat must be a number from -90 to 90, not %(v)r") % {"v": raw_lat}
        errors.append(RowError(line, message))
    if lon is None:
        message = _("lon must be a number from -180 to 180, not %(v)r") % {"v": raw_lon}
        errors.append(RowError(line, message))
    if errors or lat is None or lon is None:
        return None, errors
    return Street(name=name, search_name=normalise(name), lat=lat, lon=lon), []


def streets_parse(text: str) -> list[Street]:
    """Return the streets of a CSV (name, lat, lon), unsaved.

    Raise ``CsvImportError`` naming every bad row (and a file with no rows or too many).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in STREET_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        message = _("missing columns: %(cols)s") % {"cols": ", ".join(missing)}
        raise CsvImportError([RowError(1, message)])
    streets: list[Street] = []
    errors: list[RowError] = []
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_STREETS:
            message = _("a file holds at most %(n)s streets") % {"n": MAX_STREETS}
            raise CsvImportError([RowError(line, message)])
        street, row_errors = _parse_row(line, row)
        errors.extend(row_errors)
        if street is not None:
            streets.append(street)
    if not streets and not errors:
        errors.append(RowError(2, _("the file has no streets")))
    if errors:
        raise CsvImportError(errors)
    return streets


def streets_replace(*, streets: Iterable[Street], actor: Person | None) -> int:
    """Replace the gazetteer's streets with ``streets``; return how many were saved.

    ``actor`` must pass ``can_keep_streets`` (None is the system: a command or the demo).
    """
    if actor is not None and not can_keep_streets(actor):
        raise PermissionDenied(_("Only the council's staff can load the streets."))
    rows = list(streets)
    for street in rows:
        street.search_name = normalise(street.name)
    with transaction.atomic():
        Street.objects.all().delete()
        Street.objects.bulk_create(rows, batch_size=1000)
        owners = {owner for owner in _keepers() if owner is not None}
        audit_record(
            action="streets.import",
            actor=actor,
            organisation=next(iter(owners)) if len(owners) == 1 else None,
            data={"streets": len(rows)},
        )
    return len(rows)


def streets_import_csv(*, text: str, actor: Person | None) -> int:
    """Check every row of the CSV, then replace the streets; nothing changes on a bad row."""
    if actor is not None and not can_keep_streets(actor):
        raise PermissionDenied(_("Only the council's staff can load the streets."))
    return streets_replace(streets=streets_parse(text), actor=actor)
