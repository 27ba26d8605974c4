"""Budgeting proposals can be commented on, under their round's comment rules.

Importing this module registers them (``apps.py`` imports it from ``ready``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.commissioning.models import Proposal
from coproduce.commissioning.selectors.rounds import rounds_for_user
from coproduce.discussion.registry import CommentableSpec, register_commentable


def _proposal(person: Any, pk: int) -> Proposal | None:
    return (
        Proposal.objects.filter(pk=pk, round__in=rounds_for_user(person))
        .select_related("round__activity__stage__initiative__organisation", "author")
        .first()
    )


def register() -> None:
    register_commentable(
        Proposal,
        CommentableSpec(
            label=_("proposal"),
            find=_proposal,
            activity=lambda proposal: proposal.round.activity,
            author=lambda proposal: proposal.author,
        ),
    )


register()
