"""``{% load demography %}``: human labels for population dimensions and categories."""

from __future__ import annotations

from django import template

from coproduce.ui import demography

register = template.Library()


@register.filter
def dimension_label(dimension: str) -> str:
    return demography.dimension_label(dimension)


@register.filter
def category_label(category: object, dimension: str) -> str:
    return demography.category_label(dimension, category)


@register.simple_tag
def group_label(dimension: str, category: object) -> str:
    return demography.group_label(dimension, category)


@register.filter
def dimension_list(dimensions: list[str]) -> str:
    """Several dimensions as one phrase, e.g. "age band, sex"."""
    return ", ".join(demography.dimension_label(d).lower() for d in dimensions)
