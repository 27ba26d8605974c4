from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def idea_activity(activity_in: Any) -> Any:
    return activity_in("design", "ideas", title="Ideas for the riverside")


@pytest.fixture
def idea(idea_activity: Any, organiser: Any, make_person: Any) -> Any:
    from coproduce.design.services.ideas import idea_board_set_up, idea_submit

    board = idea_board_set_up(activity=idea_activity, actor=organiser, threshold=2)
    return idea_submit(
        board=board,
        person=make_person("idea_author"),
        title="More benches on the river path",
        text="Somewhere to rest between the bridge and the park.",
    )


@pytest.fixture
def stance_rules(idea_activity: Any, organiser: Any) -> Any:
    from coproduce.discussion.services import comment_rules_set

    return comment_rules_set(
        actor=organiser, activity=idea_activity, who="signed_in", ask_stance=True, phases=[]
    )
