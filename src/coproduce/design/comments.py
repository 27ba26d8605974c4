"""Ideas can be commented on, under their ideas activity's comment rules.

Importing this module registers them (``apps.py`` imports it from ``ready``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.design.models import Idea
from coproduce.discussion.registry import CommentableSpec, register_commentable
from coproduce.initiatives.selectors import activities_for_user


def _idea(person: Any, pk: int) -> Idea | None:
    return (
        Idea.objects.filter(pk=pk, board__activity__in=activities_for_user(person))
        .select_related("board__activity__stage__initiative__organisation", "author")
        .first()
    )


def register() -> None:
    register_commentable(
        Idea,
        CommentableSpec(
            label=_("idea"),
            find=_idea,
            activity=lambda idea: idea.board.activity,
            author=lambda idea: idea.author,
        ),
    )


register()
