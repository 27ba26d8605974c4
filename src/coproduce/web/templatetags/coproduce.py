"""Template helpers: GOV.UK Frontend classes on Django form widgets, lineage panels."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

_WIDGET_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


@register.filter
def govuk_widget(field: BoundField) -> Any:
    """Render a bound field's widget with GOV.UK classes and error/hint wiring."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    css = _WIDGET_CLASSES.get(kind, "govuk-input")
    if field.errors:
        css += f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs: dict[str, str | bool] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("web/includes/lineage.html")
def lineage_panel(lineage: Any) -> dict[str, Any]:
    return {"lineage": lineage}
