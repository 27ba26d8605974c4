"""Activity kinds the core offers before an app owns them: a dated page, nothing to do yet.

The co-design app takes the workshop kind over (registering the same kind replaces the
entry) when it is built; opinion maps belong to ``design``, volunteering to ``delivery``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.initiatives.instruments import Instrument, PhaseSpec, register_instrument
from coproduce.initiatives.models import Co

WORKSHOP = "workshop"


def register() -> None:
    for kind, label, co in ((WORKSHOP, _("Workshop"), Co.DESIGN),):
        register_instrument(
            Instrument(kind=kind, label=label, co=co, phases=(PhaseSpec("open", _("Open")),))
        )
