"""In Chromium: a resident proposes an idea, two others support it, it passes the
threshold, staff answer it, and the author sees the answer in their notifications."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.design.models import Idea, IdeaAnswer, IdeaSupport

pytestmark = pytest.mark.browser


def test_an_idea_is_proposed_supported_answered_and_its_author_told(
    page: Any,
    sign_in: Any,
    idea_board: Any,
    resident: Any,
    other_resident: Any,
    make_person: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    board_url = f"/design/ideas/{idea_board.activity_id}/"
    sign_in(page, resident)
    page.goto(board_url)
    page.click("text=Propose an idea")
    page.fill("#id_title", "A water fountain in Riverside Park")
    page.fill("#id_text", "Children and runners have nowhere to drink in summer.")
    page.select_option("#id_category", "Parks")
    page.click("button[value=submit]")
    assert "A water fountain in Riverside Park" in page.locator("h1").inner_text()
    idea = Idea.objects.get(author=resident)

    for supporter in (other_resident, make_person("third")):
        page.context.clear_cookies()
        sign_in(page, supporter)
        page.goto(idea.get_absolute_url())
        page.click("main form button:has-text('Support this idea')")
        assert "Thank you for your support." in page.inner_text("main")
    assert IdeaSupport.objects.filter(idea=idea).count() == 2
    assert "Waiting for the organisation's answer" in page.inner_text("main")

    page.context.clear_cookies()
    sign_in(page, with_second_factor(organiser))
    page.goto(f"/staff/design/ideas/{idea_board.activity_id}/")
    page.click("text=Answer “A water fountain in Riverside Park”")
    page.select_option("#id_status", "accepted")
    page.fill("#id_text", "A fountain goes in by the playground this spring.")
    page.click("main form button[type=submit]")
    assert IdeaAnswer.objects.get(idea=idea).status == "accepted"

    page.context.clear_cookies()
    sign_in(page, resident)
    page.goto("/account/notifications/")
    assert "A water fountain in Riverside Park" in page.inner_text("main")
    page.goto(idea.get_absolute_url())
    assert "You said, we did" in page.inner_text("main")
    assert "A fountain goes in by the playground this spring." in page.inner_text("main")
