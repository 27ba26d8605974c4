"""Template filters for time credits: minutes written as hours and minutes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def credits(minutes: int | None) -> str:
    """Write minutes as hours and minutes ("1 h 30 min"), with a minus sign below zero."""
    if minutes is None:
        return "–"
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(int(minutes)), 60)
    if not rest:
        return _("%(sign)s%(h)s h") % {"sign": sign, "h": hours}
    if not hours:
        return _("%(sign)s%(m)s min") % {"sign": sign, "m": rest}
    return _("%(sign)s%(h)s h %(m)s min") % {"sign": sign, "h": hours, "m": rest}
