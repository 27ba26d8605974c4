"""Template helpers for the assessment pages."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField

register = template.Library()


@register.filter
def widget_kind(field: BoundField) -> str:
    """Return "radios", "checkboxes" or "other" so a template can pick GOV.UK markup."""
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is asked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    return "other"


@register.filter
def is_chosen(value: object, field: BoundField) -> bool:
    """Return True if ``value`` is (one of) the field's current value(s)."""
    current = field.value()
    if isinstance(current, list | tuple):
        return str(value) in [str(v) for v in current]
    return str(value) == str(current)
