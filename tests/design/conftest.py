from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.design.meetings_fixtures import meeting, meeting_activity  # noqa: F401


@pytest.fixture
def opinion_activity(activity_in: Any) -> Any:
    return activity_in("design", "opinion_map", title="How should Station Road work?")


@pytest.fixture
def opinion_map(opinion_activity: Any, organiser: Any) -> Any:
    from coproduce.design.services.opinions import opinion_map_create, statements_seed

    opinion_map = opinion_map_create(
        activity=opinion_activity, actor=organiser, question="How should Station Road work?"
    )
    statements_seed(
        opinion_map=opinion_map,
        actor=organiser,
        texts=[f"Statement number {n} about the road" for n in range(1, 6)],
    )
    return opinion_map


@pytest.fixture
def adult(resident: Any) -> Any:
    resident.date_of_birth = date(1990, 1, 1)
    resident.save(update_fields=["date_of_birth"])
    return resident


@pytest.fixture
def idea_activity(activity_in: Any) -> Any:
    return activity_in("design", "ideas", title="Ideas for the riverside")


@pytest.fixture
def idea_board(idea_activity: Any, organiser: Any) -> Any:
    from coproduce.design.services.ideas import idea_board_set_up

    return idea_board_set_up(
        activity=idea_activity, actor=organiser, threshold=2, categories="Parks\nStreets"
    )


@pytest.fixture
def idea(idea_board: Any, resident: Any) -> Any:
    from coproduce.design.services.ideas import idea_submit

    return idea_submit(
        board=idea_board,
        person=resident,
        title="More benches on the river path",
        text="Somewhere to rest between the bridge and the park.",
        category="Parks",
    )
