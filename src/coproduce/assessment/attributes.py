"""Check the answers to a category's extra attributes (the GeoReport v2 service definition)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from coproduce.assessment.models import AttributeType, CategoryAttribute
from coproduce.ui.input import (
    EARLIEST_DAY,
    LATEST_DAY,
    LONG_TEXT,
    SHORT_TEXT,
    answer_number_parse,
)

Raw = Mapping[str, str | Sequence[str]]


def _single(raw: str | Sequence[str]) -> str:
    if isinstance(raw, str):
        return raw.strip()
    return str(raw[-1]).strip() if raw else ""


def _many(raw: str | Sequence[str]) -> list[str]:
    values = [raw] if isinstance(raw, str) else list(raw)
    return [v.strip() for value in values for v in str(value).split(",") if v.strip()]


def _value(attribute: CategoryAttribute, raw: str | Sequence[str]) -> Any:
    keys = {str(v["key"]) for v in attribute.values}
    if attribute.datatype == AttributeType.MULTI:
        chosen = _many(raw)
        if any(value not in keys for value in chosen):
            raise ValueError(_("choose from the listed values"))
        return chosen or None
    text = _single(raw)
    if not text:
        return None
    if attribute.datatype == AttributeType.NUMBER:
        return answer_number_parse(text)
    if attribute.datatype == AttributeType.DATETIME:
        return _moment(text).isoformat()
    if attribute.datatype == AttributeType.SINGLE and text not in keys:
        raise ValueError(_("choose one of the listed values"))
    limit = LONG_TEXT if attribute.datatype == AttributeType.TEXT else SHORT_TEXT
    if len(text) > limit:
        raise ValueError(_("keep it to %(limit)s characters or fewer") % {"limit": f"{limit:,}"})
    return text


def _moment(text: str) -> datetime:
    try:
        moment = parse_datetime(text)
    except ValueError:  # well formed, but no such day or hour
        moment = None
    if moment is None or not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise ValueError(_("must be a date and time like 2026-05-01T14:30:00Z"))
    return moment


def attributes_clean(attributes: Sequence[CategoryAttribute], raw: Raw) -> dict[str, Any]:
    """Return the answers keyed by attribute code; raise ValidationError naming each bad one.

    Unknown codes are ignored, as GeoReport v2 clients may send more than a service needs.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for attribute in attributes:
        try:
            value = _value(attribute, raw.get(attribute.code, ""))
        except ValueError as error:
            errors[attribute.code] = f"{attribute.description}: {error}"
            continue
        if value is None:
            if attribute.required:
                errors[attribute.code] = _("%(question)s: an answer is required") % {
                    "question": attribute.description
                }
            continue
        answers[attribute.code] = value
    if errors:
        raise ValidationError(errors)
    return answers
