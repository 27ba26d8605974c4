"""Writes for places: population profiles from CSV, registers and residency."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import (
    Place,
    PopulationGroup,
    RegisterEntry,
    Residency,
    ResidencyMethod,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation

POPULATION_COLUMNS = ("place", "dimension", "category", "count")


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class CsvImportError(Exception):
    """A CSV upload was refused; ``errors`` names each bad row. Nothing was saved."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def _parse_population_row(
    line: int, row: dict[str, str], places: dict[str, Place]
) -> tuple[PopulationGroup | None, list[RowError]]:
    errors: list[RowError] = []
    place = places.get((row.get("place") or "").strip())
    if place is None:
        errors.append(RowError(line, _("unknown place %(p)r") % {"p": row.get("place")}))
    dimension = (row.get("dimension") or "").strip()
    category = (row.get("category") or "").strip()
    if not dimension or not category:
        errors.append(RowError(line, _("dimension and category are required")))
    raw_count = (row.get("count") or "").strip()
    if not raw_count.isdigit():
        errors.append(
            RowError(line, _("count must be a whole number, not %(c)r") % {"c": raw_count})
        )
    if errors:
        return None, errors
    group = PopulationGroup(
        place=place, dimension=dimension, category=category, count=int(raw_count)
    )
    return group, []


def can_keep_population(person: Person | AnonymousUser, place: Place) -> bool:
    """Return True if the person may change the place's population profile.

    Only staff of the place's owning body (``Place.owning_body``) may, or the site
    administrator: every organisation's weighted results rest on the profile.
    """
    return can(person, Action.MANAGE_POPULATION, place.owning_body())


def population_import_csv(*, text: str, actor: Person | None) -> int:
    """Replace population groups from CSV (place,dimension,category,count); return rows saved.

    ``actor`` must keep every place named (``can_keep_population``); None is the system.
    Raise ``CsvImportError`` listing every bad row; then nothing is saved.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in POPULATION_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        message = _("missing columns: %(cols)s") % {"cols": ", ".join(missing)}
        raise CsvImportError([RowError(1, message)])
    places = {place.slug: place for place in Place.objects.select_related("parent__parent")}
    allowed: dict[int, bool] = {}
    groups: list[PopulationGroup] = []
    errors: list[RowError] = []
    seen: set[tuple[str, str, str]] = set()
    for line, row in enumerate(reader, start=2):
        group, row_errors = _parse_population_row(line, row, places)
        errors.extend(row_errors)
        if group is not None:
            key = (group.place.slug, group.dimension, group.category)
            if key in seen:
                errors.append(RowError(line, _("this place, dimension and category repeat")))
            if actor is not None and not allowed.setdefault(
                group.place.pk, can_keep_population(actor, group.place)
            ):
                message = _("only the body that owns %(place)s may change its profile")
                errors.append(RowError(line, message % {"place": group.place}))
            seen.add(key)
            groups.append(group)
    if errors:
        raise CsvImportError(errors)
    with transaction.atomic():
        by_owner: dict[Organisation | None, list[str]] = {}
        for group in groups:
            PopulationGroup.objects.update_or_create(
                place=group.place,
                dimension=group.dimension,
                category=group.category,
                defaults={"count": group.count},
            )
            by_owner.setdefault(group.place.owning_body(), []).append(group.place.slug)
        for owner, slugs in by_owner.items():
            audit_record(
                action="population.import",
                actor=actor,
                organisation=owner,
                data={"rows": len(slugs), "places": sorted(set(slugs))},
            )
    return len(groups)


def place_at_point(*, lon: float, lat: float) -> Place | None:
    """Return the smallest place whose boundary contains the point, or None."""
    from coproduce.ui.geometry import contains

    containing = [
        place
        for place in Place.objects.exclude(boundary=None).select_related("parent__parent")
        if contains(place.boundary, lon=lon, lat=lat)
    ]
    if not containing:
        return None
    return max(containing, key=lambda place: len(place.lineage()))


def identifier_hash(identifier: str) -> str:
    """Return the keyed hash under which a register identifier is stored."""
    normalised = "".join(identifier.split()).upper()
    key = settings.SECRECY_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def register_upload(*, place: Place, organisation: Organisation, text: str, actor: Person) -> int:
    """Store the hashed identifiers of a register CSV (one column, ``identifier``)."""
    if not can(actor, Action.VERIFY_RESIDENCY, organisation):
        raise PermissionDenied(_("Only the organisation's staff can upload a register."))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if "identifier" not in (reader.fieldnames or []):
        raise CsvImportError([RowError(1, _("missing columns: identifier"))])
    hashes: set[str] = set()
    errors: list[RowError] = []
    for line, row in enumerate(reader, start=2):
        value = (row.get("identifier") or "").strip()
        if not value:
            errors.append(RowError(line, _("identifier is empty")))
        hashes.add(identifier_hash(value))
    if errors:
        raise CsvImportError(errors)
    with transaction.atomic():
        existing = set(
            RegisterEntry.objects.filter(place=place).values_list("identifier_hash", flat=True)
        )
        RegisterEntry.objects.bulk_create(
            RegisterEntry(place=place, organisation=organisation, identifier_hash=h)
            for h in sorted(hashes - existing)
        )
        audit_record(
            action="register.upload",
            actor=actor,
            target=place,
            organisation=organisation,
            data={"entries": len(hashes)},
        )
    return len(hashes)


def residency_claim(*, person: Person, place: Place, identifier: str) -> Residency | None:
    """Verify residency by matching an identifier against the place's register.

    Return the residency, or None when no unclaimed register entry matches.
    """
    digest = identifier_hash(identifier)
    with transaction.atomic():
        entry = (
            RegisterEntry.objects.select_for_update()
            .filter(place=place, identifier_hash=digest, claimed_by=None)
            .first()
        )
        if entry is None:
            return None
        entry.claimed_by = person
        entry.save(update_fields=["claimed_by"])
        residency, _created = Residency.objects.get_or_create(
            person=person, place=place, defaults={"method": ResidencyMethod.REGISTER}
        )
        audit_record(
            action="residency.register_match",
            actor=person,
            target=place,
            organisation=entry.organisation,
        )
    return residency


def residency_verify(
    *, person: Person, place: Place, organisation: Organisation, actor: Person
) -> Residency:
    """Record that staff have verified a person's residency in a place."""
    if not can(actor, Action.VERIFY_RESIDENCY, organisation):
        raise PermissionDenied(_("Only the organisation's staff can verify residency."))
    with transaction.atomic():
        residency, _created = Residency.objects.update_or_create(
            person=person,
            place=place,
            defaults={"method": ResidencyMethod.STAFF, "verified_by": actor},
        )
        audit_record(
            action="residency.verify",
            actor=actor,
            target=place,
            organisation=organisation,
            data={"person": person.pk},
        )
    return residency
