"""Human, translated labels for the dimensions and categories of population profiles.

Profiles, consented demographics and weights are keyed by codes (``age_band``, ``sex``,
``deprivation_quintile`` and their categories such as ``75+`` or ``1``). A person reads
these labels instead: every page that shows a dimension or a category goes through here.
A dimension or category a council adds that is not known here is shown tidied
(``household_type`` → "Household type"), never as a raw code.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DIMENSIONS = {
    "age_band": gettext_lazy("Age band"),
    "sex": gettext_lazy("Sex"),
    "deprivation_quintile": gettext_lazy("Deprivation quintile (1 = most deprived)"),
    "place": gettext_lazy("Area"),
}

AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")

_SEX = {
    "female": gettext_lazy("Female"),
    "male": gettext_lazy("Male"),
    "other": gettext_lazy("Another way"),
    "intersex": gettext_lazy("Intersex"),
}

_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_OVER = re.compile(r"^(\d+)\s*\+$")


def dimension_label(dimension: str) -> str:
    """The name of a dimension as a person reads it, in the active language."""
    known = DIMENSIONS.get(dimension)
    if known is not None:
        return str(known)
    return dimension.replace("_", " ").strip().capitalize()


def category_label(dimension: str, category: object) -> str:
    """The name of one category of a dimension, in the active language."""
    text = str(category).strip()
    if dimension == "age_band":
        if match := _RANGE.match(text):
            return _("%(low)s to %(high)s") % {"low": match[1], "high": match[2]}
        if match := _OVER.match(text):
            return _("%(low)s and over") % {"low": match[1]}
    elif dimension == "sex" and text.lower() in _SEX:
        return str(_SEX[text.lower()])
    elif dimension == "deprivation_quintile" and text.isdigit():
        quintile = int(text)
        if quintile == 1:
            return _("1 (most deprived)")
        if quintile == 5:
            return _("5 (least deprived)")
        return text
    return text.replace("_", " ")


def group_label(dimension: str, category: object) -> str:
    """ "Dimension: category", both as a person reads them."""
    return _("%(dimension)s: %(category)s") % {
        "dimension": dimension_label(dimension),
        "category": category_label(dimension, category),
    }
