"""Activity kinds the core offers before an app owns them: a dated page, nothing to do yet.

The co-design and co-delivery apps take these kinds over (registering the same kind
replaces the entry) when they are built; the opinion map now belongs to ``design``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import Instrument, PhaseSpec, register_instrument
from coproduce.initiatives.models import Co

WORKSHOP = "workshop"
VOLUNTEERING = "volunteering"


def register() -> None:
    for kind, label, co in (
        (WORKSHOP, _("Workshop"), Co.DESIGN),
        (VOLUNTEERING, _("Volunteering programme"), Co.DELIVERY),
    ):
        register_instrument(
            Instrument(kind=kind, label=label, co=co, phases=(PhaseSpec("open", _("Open")),))
        )
