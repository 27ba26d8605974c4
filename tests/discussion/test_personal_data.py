"""A person's comments, earlier versions and flags are in their export; erasure turns their
comments into "deleted account" tombstones that keep the thread, and removes their flags."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coproduce.accounts.services import person_delete, person_export
from coproduce.discussion.models import Comment, CommentFlag, CommentRevision
from coproduce.discussion.selectors import thread_of
from coproduce.discussion.services import comment_edit, comment_flag, comment_hide, comment_post

pytestmark = pytest.mark.django_db


def test_the_export_holds_comments_with_earlier_versions_and_flags(
    idea: Any, resident: Any, other_resident: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="First")
    comment_edit(person=resident, comment=comment, body="Second")
    theirs = comment_post(person=other_resident, target=idea, body="Theirs")
    comment_flag(person=resident, comment=theirs, reason="off_topic", note="Not about benches")
    data = json.loads(json.dumps(person_export(resident)))["comments"]
    assert [c["text"] for c in data["comments"]] == ["Second"]
    assert [v["text"] for v in data["comments"][0]["earlier_versions"]] == ["First"]
    assert data["flags"][0]["note"] == "Not about benches"


def test_erasure_leaves_tombstones_that_keep_the_thread(
    idea: Any, resident: Any, other_resident: Any, moderator: Any
) -> None:
    top = comment_post(person=resident, target=idea, body="Mine")
    comment_edit(person=resident, comment=top, body="Mine, edited")
    reply = comment_post(person=other_resident, target=idea, body="A reply", parent=top)
    comment_flag(person=resident, comment=reply, reason="spam")
    comment_hide(actor=moderator, comment=reply, reason="Removed: an advert.")
    person_delete(resident)
    person_delete(moderator)
    top.refresh_from_db()
    assert (top.author, top.body, top.state) == (None, "", "erased")
    assert CommentRevision.objects.count() == 0 and CommentFlag.objects.count() == 0
    assert Comment.objects.get(pk=reply.pk).hidden_by is None
    thread = thread_of(idea)
    assert [c.pk for c in thread.top] == [top.pk]
    assert [c.pk for c in thread.replies[top.pk]] == [reply.pk]
