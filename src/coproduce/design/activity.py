"""This app's section of "Your activity": your ideas, each with where it stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.design.models import Idea

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _status(idea: Idea, n_supports: int) -> str:
    answer = getattr(idea, "answer", None)
    if answer is not None:
        return _("Answered: %(status)s") % {"status": answer.get_status_display()}
    if n_supports >= idea.board.threshold:
        return _("Waiting for the organisation's answer")
    return _("%(n)s of %(needed)s supports") % {"n": n_supports, "needed": idea.board.threshold}


def _ideas(person: Person) -> list[ActivityItem]:
    """One query: the person's ideas with their boards, activities, answers and supports."""
    ideas = (
        Idea.objects.filter(author=person)
        .select_related("board__activity", "answer")
        .annotate(n_supports=Count("supports"))
        .order_by("-created_at", "-pk")
    )
    return [
        ActivityItem(
            title=idea.title,
            url=idea.get_absolute_url(),
            status=_status(idea, idea.n_supports),
            when=idea.created_at,
            detail=_("In “%(activity)s”") % {"activity": idea.board.activity.title},
        )
        for idea in ideas
    ]


def register() -> None:
    register_activity_section(
        ActivitySection(
            key="ideas",
            title=gettext_lazy("Your ideas"),
            empty=gettext_lazy("You have not proposed an idea."),
            items=_ideas,
            order=25,
        )
    )
