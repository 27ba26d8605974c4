"""Comments as a specification: threads one level deep, edit history, tombstones, flags
once per person, moderation (audited), and each activity's rules by phase and place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from coproduce.accounts.models import Notification
from coproduce.audit.models import AuditEvent
from coproduce.discussion.models import Comment, CommentFlag, CommentRevision, CommentState
from coproduce.discussion.selectors import arguments_of, thread_of
from coproduce.discussion.services import (
    comment_delete,
    comment_edit,
    comment_flag,
    comment_flags_dismiss,
    comment_hide,
    comment_post,
    comment_restore,
    comment_rules_set,
)
from coproduce.initiatives.models import ActivityPhase, Contribution

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_reply_joins_the_thread_of_its_top_comment(
    idea: Any, resident: Any, other_resident: Any
) -> None:
    top = comment_post(person=resident, target=idea, body="Benches, yes.")
    reply = comment_post(person=other_resident, target=idea, body="Where?", parent=top)
    deeper = comment_post(person=resident, target=idea, body="By the bridge.", parent=reply)
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk
    thread = thread_of(idea)
    assert [c.pk for c in thread.top] == [top.pk]
    assert [c.pk for c in thread.replies[top.pk]] == [reply.pk, deeper.pk]
    assert thread.count == 3


def test_a_comment_is_recorded_in_the_ledger(idea: Any, resident: Any) -> None:
    comment_post(person=resident, target=idea, body="Good idea.")
    row = Contribution.objects.get(kind="comment")
    assert (row.person, row.activity, row.co, row.mode) == (
        resident,
        idea.board.activity,
        "design",
        "voice",
    )


def test_an_empty_or_over_long_comment_is_refused_and_nothing_is_written(
    idea: Any, resident: Any
) -> None:
    with pytest.raises(ValidationError) as empty:
        comment_post(person=resident, target=idea, body="   ")
    assert empty.value.message_dict["body"] == ["Write your comment."]
    with pytest.raises(ValidationError) as long:
        comment_post(person=resident, target=idea, body="x" * 4001)
    assert "4000 characters or fewer" in long.value.message_dict["body"][0]
    assert Comment.objects.count() == 0


@override_settings(DISCUSSION_COMMENTS_PER_MINUTE=2)
def test_too_many_comments_in_a_minute_are_refused_with_a_clear_message(
    idea: Any, resident: Any
) -> None:
    comment_post(person=resident, target=idea, body="One")
    comment_post(person=resident, target=idea, body="Two")
    with pytest.raises(ValidationError) as refused:
        comment_post(person=resident, target=idea, body="Three")
    assert "please wait a minute" in refused.value.messages[0]
    assert Comment.objects.count() == 2
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    comment_post(person=resident, target=idea, body="Three")
    assert Comment.objects.count() == 3


def test_editing_keeps_the_earlier_text_as_a_revision(idea: Any, resident: Any) -> None:
    comment = comment_post(person=resident, target=idea, body="First words")
    comment_edit(person=resident, comment=comment, body="Second words")
    comment_edit(person=resident, comment=comment, body="Third words")
    comment_edit(person=resident, comment=comment, body="Third words")  # no change: no revision
    comment.refresh_from_db()
    assert comment.body == "Third words" and comment.edited_at is not None
    assert list(comment.revisions.values_list("body", flat=True)) == [
        "First words",
        "Second words",
    ]


def test_only_the_author_edits_or_deletes(idea: Any, resident: Any, other_resident: Any) -> None:
    comment = comment_post(person=resident, target=idea, body="Mine")
    with pytest.raises(PermissionDenied):
        comment_edit(person=other_resident, comment=comment, body="Not yours")
    with pytest.raises(PermissionDenied):
        comment_delete(person=other_resident, comment=comment)
    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.state == CommentState.PUBLISHED


def test_deleting_leaves_a_tombstone_that_keeps_the_replies(
    idea: Any, resident: Any, other_resident: Any
) -> None:
    top = comment_post(person=resident, target=idea, body="Say something")
    comment_edit(person=resident, comment=top, body="Say something else")
    reply = comment_post(person=other_resident, target=idea, body="Agreed", parent=top)
    comment_delete(person=resident, comment=top)
    top.refresh_from_db()
    assert (top.state, top.body, top.author) == (CommentState.DELETED, "", resident)
    assert CommentRevision.objects.count() == 0
    thread = thread_of(idea)
    assert [c.pk for c in thread.replies[top.pk]] == [reply.pk]
    assert thread.count == 1
    with pytest.raises(ValidationError):
        comment_post(person=other_resident, target=idea, body="Hello?", parent=top)


def test_a_person_flags_a_comment_once(
    idea: Any, resident: Any, other_resident: Any, make_person: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="Buy my bikes!")
    comment_flag(person=other_resident, comment=comment, reason="spam")
    with pytest.raises(ValidationError) as again:
        comment_flag(person=other_resident, comment=comment, reason="abuse")
    assert again.value.messages == ["You have already flagged this comment."]
    with pytest.raises(ValidationError):
        comment_flag(person=resident, comment=comment, reason="spam")  # one's own
    with pytest.raises(ValidationError):
        comment_flag(person=make_person("third"), comment=comment, reason="no such reason")
    assert CommentFlag.objects.count() == 1


def test_a_moderator_hides_with_a_public_reason_and_restores_audited(
    idea: Any, resident: Any, other_resident: Any, moderator: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="Rude words")
    comment_flag(person=other_resident, comment=comment, reason="abuse")
    with pytest.raises(ValidationError):
        comment_hide(actor=moderator, comment=comment, reason="  ")
    comment_hide(actor=moderator, comment=comment, reason="Removed: it insulted a neighbour.")
    comment.refresh_from_db()
    assert comment.hidden_reason == "Removed: it insulted a neighbour." and comment.is_hidden
    assert comment.flags.get().resolved_at is not None
    assert thread_of(idea).count == 0
    assert Notification.objects.filter(person=resident, event="comment.hidden").exists()
    comment_restore(actor=moderator, comment=comment)
    comment.refresh_from_db()
    assert comment.is_shown and comment.hidden_reason == ""
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["comment.hide", "comment.restore"]
    assert AuditEvent.objects.get(action="comment.hide").organisation == comment.organisation


def test_dismissing_flags_keeps_the_comment_and_is_audited(
    idea: Any, resident: Any, other_resident: Any, moderator: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="Fine words")
    comment_flag(person=other_resident, comment=comment, reason="off_topic")
    assert comment_flags_dismiss(actor=moderator, comment=comment) == 1
    assert comment.flags.get().resolved_at is not None
    assert AuditEvent.objects.filter(action="comment.flags_dismiss").count() == 1


def test_stance_is_asked_only_where_the_rules_ask_and_only_of_top_comments(
    idea: Any, resident: Any, other_resident: Any, stance_rules: Any
) -> None:
    with pytest.raises(ValidationError) as missing:
        comment_post(person=resident, target=idea, body="Hmm")
    assert "stance" in missing.value.message_dict
    top = comment_post(person=resident, target=idea, body="Yes!", stance="for")
    against = comment_post(person=other_resident, target=idea, body="No.", stance="against")
    reply = comment_post(person=resident, target=idea, body="Why?", parent=against, stance="for")
    assert (top.stance, against.stance, reply.stance) == ("for", "against", "")
    summary = arguments_of(thread_of(idea), sort="replies")
    assert [c.pk for c in summary.for_] == [top.pk]
    assert [c.pk for c in summary.against] == [against.pk]
    assert summary.against[0].n_replies == 1


def test_the_arguments_are_ordered_most_recent_or_most_replied_first(
    idea: Any, resident: Any, other_resident: Any, stance_rules: Any
) -> None:
    older = comment_post(person=resident, target=idea, body="Shade", stance="for")
    newer = comment_post(person=other_resident, target=idea, body="Rest", stance="for")
    comment_post(person=other_resident, target=idea, body="True", parent=older)
    thread = thread_of(idea)
    assert [c.pk for c in arguments_of(thread, sort="recent").for_] == [newer.pk, older.pk]
    assert [c.pk for c in arguments_of(thread, sort="replies").for_] == [older.pk, newer.pk]


def test_comments_open_only_in_the_phases_the_rules_name(
    idea: Any, resident: Any, organiser: Any, idea_activity: Any
) -> None:
    comment_rules_set(
        actor=organiser,
        activity=idea_activity,
        who="signed_in",
        ask_stance=False,
        phases=["answering"],
    )
    with pytest.raises(ValidationError) as closed:
        comment_post(person=resident, target=idea, body="Too early")
    assert "Answering the ideas" in closed.value.messages[0]
    ActivityPhase.objects.create(
        activity=idea_activity, key="answering", starts_at=timezone.now() - timedelta(hours=1)
    )
    assert comment_post(person=resident, target=idea, body="Now").pk


def test_comments_closed_to_everyone_when_the_rules_say_nobody(
    idea: Any, resident: Any, organiser: Any, idea_activity: Any
) -> None:
    comment_rules_set(
        actor=organiser, activity=idea_activity, who="nobody", ask_stance=False, phases=[]
    )
    with pytest.raises(ValidationError, match="Comments are closed here"):
        comment_post(person=resident, target=idea, body="Hello")


def test_only_verified_residents_of_the_place_comment_when_the_rules_say_so(
    idea: Any, resident: Any, other_resident: Any, organiser: Any, idea_activity: Any, city: Any
) -> None:
    from coproduce.places.models import Place, Residency

    comment_rules_set(
        actor=organiser, activity=idea_activity, who="residents", ask_stance=False, phases=[]
    )
    Residency.objects.create(person=resident, place=Place.objects.get(slug="north"), method="staff")
    assert comment_post(person=resident, target=idea, body="I live here").pk
    with pytest.raises(PermissionDenied, match="verified residents of Testford"):
        comment_post(person=other_resident, target=idea, body="I do not")
    assert Comment.objects.count() == 1


def test_rules_are_set_by_staff_only_and_audited(
    idea_activity: Any, resident: Any, moderator: Any, organiser: Any
) -> None:
    for person in (resident, moderator):
        with pytest.raises(PermissionDenied):
            comment_rules_set(
                actor=person, activity=idea_activity, who="nobody", ask_stance=False, phases=[]
            )
    with pytest.raises(ValidationError):
        comment_rules_set(
            actor=organiser, activity=idea_activity, who="all", ask_stance=False, phases=[]
        )
    with pytest.raises(ValidationError):
        comment_rules_set(
            actor=organiser, activity=idea_activity, who="nobody", ask_stance=False, phases=["x"]
        )
    assert not AuditEvent.objects.filter(action="comment.rules").exists()
    comment_rules_set(
        actor=organiser,
        activity=idea_activity,
        who="residents",
        ask_stance=True,
        phases=["answering", "collecting"],
    )
    assert idea_activity.comment_rules.phases == ["collecting", "answering"]
    assert AuditEvent.objects.get(action="comment.rules").data["who"] == "residents"


def test_followers_and_the_parent_author_are_told(
    idea: Any, resident: Any, other_resident: Any, make_person: Any
) -> None:
    from coproduce.accounts.following import follow_start

    follower = make_person("follower")
    follow_start(person=follower, target=idea)
    top = comment_post(person=resident, target=idea, body="Benches, yes.")
    comment_post(person=other_resident, target=idea, body="Agreed.", parent=top)
    told = Notification.objects.filter(person=follower, event="comment")
    assert told.count() == 2
    assert told.first().url.startswith(idea.get_absolute_url() + "#comment-")
    reply_note = Notification.objects.get(person=resident, event="comment.reply")
    assert reply_note.subject == "other_resident replied to your comment"
    # The idea's author follows it: told of both comments, once each.
    assert Notification.objects.filter(person=idea.author, event="comment").count() == 2
    assert not Notification.objects.filter(person=other_resident).exists()
