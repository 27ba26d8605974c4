"""In Chromium: a resident comments on an idea with a stance, another replies to it and flags it,
a moderator hides it with a reason the public reads, and the author edits one comment (its
history kept) and deletes another (a tombstone in its place)."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.discussion.models import Comment, CommentFlag, CommentRevision

pytestmark = pytest.mark.browser


def _comment(page: Any, body: str, stance: str) -> Comment:
    page.check(f"#comments input[name=stance][value={stance}]")
    page.fill("#comment-body", body)
    page.click("#comments button:has-text('Publish the comment')")
    assert "Your comment is published." in page.inner_text("main")
    return Comment.objects.get(body=body)


def test_a_discussion_on_an_idea_with_replies_flags_moderation_edits_and_deletion(
    page: Any,
    sign_in: Any,
    idea: Any,
    stance_rules: Any,
    resident: Any,
    other_resident: Any,
    moderator: Any,
    with_second_factor: Any,
) -> None:
    url = idea.get_absolute_url()
    sign_in(page, resident)
    page.goto(url)
    first = _comment(page, "Benches would help older people rest.", "for")
    second = _comment(page, "They cost too much for this year.", "against")
    third = _comment(page, "I am not sure either way.", "neutral")
    summary = page.inner_text("#comments")
    assert "For (1)" in summary and "Against (1)" in summary and "1 neutral comment" in summary

    page.context.clear_cookies()
    sign_in(page, other_resident)
    page.goto(url)
    page.click(f"li:has(#comment-{first.pk}) > details summary")
    page.fill(f"#reply-{first.pk}", "Benches by the bridge would do.")
    page.click(f"li:has(#comment-{first.pk}) button:has-text('Publish the reply')")
    reply = Comment.objects.get(body="Benches by the bridge would do.")
    assert reply.parent_id == first.pk
    assert page.locator(f"#comment-{reply.pk}").is_visible()
    page.click(f"#comment-{first.pk} a:has-text('Flag')")
    page.check("input[name=reason][value=personal]")
    page.click("button:has-text('Send to a moderator')")
    assert "a moderator will look at this comment" in page.inner_text("main")
    assert CommentFlag.objects.get().comment_id == first.pk

    page.context.clear_cookies()
    sign_in(page, with_second_factor(moderator))
    page.goto("/staff/comments/")
    page.click("text=Benches would help older people rest.")
    page.fill("#id_reason", "Removed: it named a neighbour.")
    page.click("button:has-text('Hide the comment')")
    assert "The comment is hidden" in page.inner_text("main")

    page.context.clear_cookies()
    page.goto(url)
    shown = page.inner_text(f"#comment-{first.pk}")
    assert "Removed: it named a neighbour." in shown and "older people" not in shown
    assert "Benches by the bridge would do." in page.inner_text(f"#comment-{reply.pk}")

    sign_in(page, resident)
    page.goto(url)
    page.click(f"#comment-{second.pk} a:has-text('Edit')")
    page.fill("#id_body", "They cost too much this year; next year perhaps.")
    page.click("button:has-text('Save the comment')")
    page.click(f"#comment-{second.pk} a:has-text('edited')")
    history = page.inner_text("main")
    assert "They cost too much for this year." in history
    assert "next year perhaps" in history
    assert CommentRevision.objects.get().comment_id == second.pk

    page.goto(url)
    page.click(f"#comment-{third.pk} a:has-text('Delete')")
    page.click("button:has-text('Delete the comment')")
    assert "Comment deleted by its author." in page.inner_text(f"#comment-{third.pk}")
    assert "not sure either way" not in page.inner_text("main")
