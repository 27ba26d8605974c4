"""Ideas can be followed: their followers (the author first) hear of the answer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.design.models import Idea
from coproduce.initiatives.selectors import activities_for_user


def _idea(person: Any, pk: int) -> Idea | None:
    return Idea.objects.filter(pk=pk, board__activity__in=activities_for_user(person)).first()


def register() -> None:
    register_followable(
        Followable(
            model=Idea,
            label=_("idea"),
            find=_idea,
            queryset=lambda: Idea.objects.select_related("board"),
        )
    )
