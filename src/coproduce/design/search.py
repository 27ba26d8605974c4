"""Ideas in the site's search (coproduce.search)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.design.models import AnswerStatus, Idea
from coproduce.initiatives.models import Visibility
from coproduce.search.registry import Entry, SearchSource, register_search_source


def idea_entry(idea: Idea) -> Entry | None:
    activity = idea.board.activity
    initiative = activity.stage.initiative
    answer = getattr(idea, "answer", None)
    return Entry(
        title=idea.title,
        body=" ".join(filter(None, [idea.text, idea.category])),
        url=idea.get_absolute_url(),
        place_id=initiative.place_id,
        status=answer.status if answer is not None else "",
        public=(
            activity.visibility == Visibility.PUBLIC and initiative.visibility == Visibility.PUBLIC
        ),
        organisation_id=initiative.organisation_id,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            kind="idea",
            label=_("Ideas"),
            model=Idea,
            entry=idea_entry,
            queryset=lambda: Idea.objects.select_related(
                "board__activity__stage__initiative"
            ).iterator(),
            statuses=dict(AnswerStatus.choices),
        )
    )
