"""Places can be followed: what happens there is told to their followers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.places.models import Place


def _place(person: Any, pk: int) -> Place | None:
    return Place.objects.filter(pk=pk).first()


def register() -> None:
    register_followable(Followable(model=Place, label=_("place"), find=_place))
