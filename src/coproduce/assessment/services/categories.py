"""Writes for report categories and their GeoReport attributes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.assessment.models import AttributeType, CategoryAttribute, ReportCategory
from coproduce.audit.chain import audit_record
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity
    from coproduce.organisations.models import Organisation

LIST_TYPES = {AttributeType.SINGLE, AttributeType.MULTI}


def category_save(
    *,
    actor: Person,
    organisation: Organisation,
    name: str,
    code: str = "",
    group: str = "",
    description: str = "",
    duplicate_distance_m: int = 50,
    activity: Activity | None = None,
    active: bool = True,
) -> ReportCategory:
    """Create or update (by code) a category of the organisation."""
    if not can(actor, Action.MANAGE_INITIATIVES, organisation):
        raise PermissionDenied(_("Only the organisation's organisers can set up categories."))
    code = slugify(code or name)
    existing = ReportCategory.objects.filter(code=code).first()
    if existing is not None and existing.organisation_id != organisation.pk:
        raise ValidationError({"code": _("Another organisation uses this service code.")})
    if not name.strip() or not code:
        raise ValidationError({"name": _("Give the category a name.")})
    with transaction.atomic():
        category, _created = ReportCategory.objects.update_or_create(
            code=code,
            defaults={
                "organisation": organisation,
                "name": name.strip(),
                "group": group.strip(),
                "description": description.strip(),
                "duplicate_distance_m": duplicate_distance_m,
                "activity": activity,
                "active": active,
            },
        )
        audit_record(action="category.save", actor=actor, target=category, data={"code": code})
    return category


def attribute_add(
    *,
    category: ReportCategory,
    actor: Person,
    code: str,
    datatype: AttributeType,
    description: str,
    required: bool = False,
    values: list[tuple[str, str]] | None = None,
) -> CategoryAttribute:
    """Add a question to the category's service definition, last in order."""
    if not can(actor, Action.MANAGE_INITIATIVES, category.organisation):
        raise PermissionDenied(_("Only the organisation's organisers can change categories."))
    code = slugify(code or description)[:60]
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Write the question.")
    if category.attributes.filter(code=code).exists():
        errors["code"] = _("This category already has a question with this code.")
    if datatype in LIST_TYPES and len(values or []) < 2:
        errors["values"] = _("Give at least two values, one a line.")
    if errors:
        raise ValidationError(errors)
    last = category.attributes.order_by("-order").values_list("order", flat=True).first() or 0
    with transaction.atomic():
        attribute = CategoryAttribute.objects.create(
            category=category,
            code=code,
            datatype=datatype,
            description=description.strip(),
            required=required,
            order=last + 1,
            values=[{"key": k, "name": n} for k, n in (values or [])]
            if datatype in LIST_TYPES
            else [],
        )
        audit_record(action="category.attribute_add", actor=actor, target=category)
    return attribute


def parse_values(text: str) -> list[tuple[str, str]]:
    """Read list values, one a line, as "key: name" or just "name"."""
    values = []
    for line in text.splitlines():
        key, sep, name = line.partition(":")
        if not line.strip():
            continue
        name = name.strip() if sep else line.strip()
        values.append((slugify(key if sep else name) or name, name))
    return values
