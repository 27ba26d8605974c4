"""Activity kinds the core offers before an app owns them: a dated page, nothing to do yet.

The co-design app takes these kinds over (registering the same kind replaces the entry)
when it is built; volunteering belongs to the delivery app.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import Instrument, PhaseSpec, register_instrument
from coproduce.initiatives.models import Co

OPINION_MAP = "opinion_map"
WORKSHOP = "workshop"


def register() -> None:
    for kind, label, co in (
        (OPINION_MAP, _("Opinion map"), Co.DESIGN),
        (WORKSHOP, _("Workshop"), Co.DESIGN),
    ):
        register_instrument(
            Instrument(kind=kind, label=label, co=co, phases=(PhaseSpec("open", _("Open")),))
        )
