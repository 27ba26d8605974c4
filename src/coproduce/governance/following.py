"""Commitments can be followed: every update with its reason is told to their followers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.governance.models import Commitment


def _commitment(person: Any, pk: int) -> Commitment | None:
    # The tracker is public: every commitment can be seen, and followed.
    return Commitment.objects.filter(pk=pk).first()


def register() -> None:
    register_followable(Followable(model=Commitment, label=_("commitment"), find=_commitment))
