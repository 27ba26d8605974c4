"""Template helpers for co-commissioning pages."""

from __future__ import annotations

from django import template

from coproduce.commissioning.money import money as _money

register = template.Library()


@register.filter
def money(pence: float | None, currency: str = "GBP") -> str:
    """Show integer pence as an amount: ``{{ proposal.cost|money }}``."""
    return "" if pence is None else _money(pence, currency)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, "")
