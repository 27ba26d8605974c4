"""Proposals can be followed (rounds are followed as their activity)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.commissioning.models import Proposal
from coproduce.commissioning.selectors.rounds import rounds_for_user


def _proposal(person: Any, pk: int) -> Proposal | None:
    return Proposal.objects.filter(pk=pk, round__in=rounds_for_user(person)).first()


def register() -> None:
    register_followable(Followable(model=Proposal, label=_("proposal"), find=_proposal))
