"""``{% follow_button item %}``: the follow / stop following form on an item's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from coproduce.accounts.following import followable_for, is_following, kind_of

register = template.Library()


@register.inclusion_tag("accounts/includes/follow_button.html", takes_context=True)
def follow_button(context: dict[str, Any], item: Model, noun: str = "") -> dict[str, Any]:
    """The form to follow ``item`` or stop; ``noun`` names it when the kind's own label is
    too general (a budgeting round is followed as its activity)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = kind_of(item)
    followable = followable_for(kind)
    return {
        "show": followable is not None,
        "signed_in": bool(user and user.is_authenticated),
        "following": is_following(user, item),
        "kind": kind,
        "label": noun or (followable.label if followable else ""),
        "pk": item.pk,
        "next": request.get_full_path() if request else "",
    }
