"""Commitments can be commented on by anyone signed in (the tracker is public); the
commitment's organisation moderates.

Importing this module registers them (``apps.py`` imports it from ``ready``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.discussion.registry import CommentableSpec, register_commentable
from coproduce.governance.models import Commitment


def _commitment(person: Any, pk: int) -> Commitment | None:
    return Commitment.objects.filter(pk=pk).select_related("organisation").first()


def register() -> None:
    register_commentable(
        Commitment,
        CommentableSpec(
            label=_("commitment"),
            find=_commitment,
            activity=lambda commitment: None,
            organisation=lambda commitment: commitment.organisation,
        ),
    )


register()
