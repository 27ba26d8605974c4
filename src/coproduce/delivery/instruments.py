"""The instrument this app owns, registered with the core's instrument contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import (
    ActionSpec,
    Instrument,
    PhaseSpec,
    register_instrument,
)
from coproduce.initiatives.models import Co

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity

VOLUNTEERING = "volunteering"

SHIFT_SIGN_UP = "volunteering.sign_up"


def _opportunity_urls(activities: Sequence[Activity]) -> Mapping[int, str]:
    # Every volunteering activity answers at its own address: before the opportunity is set
    # up, that page leads staff to set it up and everyone else to the activity page.
    return {a.pk: reverse("delivery:opportunity", args=[a.pk]) for a in activities}


def register() -> None:
    register_instrument(
        Instrument(
            kind=VOLUNTEERING,
            label=_("Volunteering programme"),
            co=Co.DELIVERY,
            phases=(PhaseSpec("open", _("Open"), frozenset({SHIFT_SIGN_UP})),),
            actions={SHIFT_SIGN_UP: ActionSpec(_("Sign up for a shift"))},
            page_urls=_opportunity_urls,
        )
    )
