"""/api/design: ideas boards and opinion maps as JSON, without who did what."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.design.services.ideas import idea_answer, idea_support
from coproduce.design.services.opinions import statement_vote

pytestmark = pytest.mark.django_db


def test_an_ideas_board_lists_ideas_by_supports_with_the_answer(
    client: Any, idea_board: Any, idea: Any, other_resident: Any, organiser: Any
) -> None:
    idea_support(idea=idea, person=other_resident)
    idea_answer(idea=idea, actor=organiser, status="accepted", text="We will add four.")
    body = client.get(f"/api/design/ideas/{idea_board.activity_id}").json()
    assert body["threshold"] == 2 and body["title"] == "Ideas for the riverside"
    (shown,) = body["ideas"]
    assert shown["title"] == "More benches on the river path" and shown["supports"] == 1
    assert shown["answer"]["status"] == "accepted"
    assert shown["answer"]["text"] == "We will add four."
    assert "author" not in shown and "resident" not in str(body)


def test_an_opinion_map_shows_approved_statements_and_no_one_s_position(
    client: Any, opinion_map: Any, adult: Any
) -> None:
    from coproduce.design.services.opinions import statement_submit

    statement_submit(opinion_map=opinion_map, person=adult, text="Not yet moderated")
    first = opinion_map.statements.order_by("number").first()
    statement_vote(statement=first, person=adult, value=1)
    body = client.get(f"/api/design/opinions/{opinion_map.activity_id}").json()
    assert body["question"] == "How should Station Road work?"
    texts = [s["text"] for s in body["statements"]]
    assert len(texts) == 5 and "Not yet moderated" not in texts
    assert body["map"] is None or body["map"]["votes"] >= 1
    assert "positions" not in str(body) and "own" not in body


def test_activities_that_are_not_set_up_or_hidden_are_404(
    client: Any, activity_in: Any, opinion_activity: Any
) -> None:
    ideas = activity_in("design", "ideas", title="Not set up")
    assert client.get(f"/api/design/ideas/{ideas.pk}").status_code == 404
    assert client.get(f"/api/design/opinions/{opinion_activity.pk}").status_code == 404
    assert client.get("/api/design/opinions/999999").json()["error"]["code"] == "not_found"
