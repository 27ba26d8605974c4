"""Comment pages: plain forms with a redirect to the comment's anchor, refusals that keep
the text, who may moderate (second factor) and set rules, and what a hidden target hides."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.discussion.models import Comment, CommentFlag, CommentRules
from coproduce.discussion.services import comment_post

pytestmark = pytest.mark.django_db


def _write(target: Any) -> str:
    return reverse("discussion:write", args=[target._meta.label_lower, target.pk])


def test_a_resident_comments_with_a_plain_form_and_lands_on_the_comment(
    client: Any, idea: Any, resident: Any
) -> None:
    client.force_login(resident)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "No comments yet." in page and "Publish the comment" in page
    response = client.post(_write(idea), {"body": "Benches with backs, please."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Benches with backs, please." in page and 'id="comment-' in page


def test_a_reply_is_posted_from_the_thread(
    client: Any, idea: Any, resident: Any, other_resident: Any
) -> None:
    top = comment_post(person=resident, target=idea, body="Benches, yes.")
    client.force_login(other_resident)
    client.post(_write(idea), {"body": "Where?", "reply_to": str(top.pk)})
    assert Comment.objects.get(body="Where?").parent == top


def test_an_empty_or_too_long_comment_says_why_and_keeps_the_text(
    client: Any, idea: Any, resident: Any
) -> None:
    client.force_login(resident)
    response = client.post(_write(idea), {"body": "  "})
    assert response.status_code == 400 and "Write your comment." in response.content.decode()
    long = "Long words " * 400
    response = client.post(_write(idea), {"body": long})
    page = response.content.decode()
    assert response.status_code == 400 and "at most 4000 characters" in page
    assert long.strip() in page
    assert Comment.objects.count() == 0


def test_the_rate_limit_says_why_and_keeps_the_text(
    client: Any, idea: Any, resident: Any, settings: Any
) -> None:
    settings.DISCUSSION_COMMENTS_PER_MINUTE = 1
    client.force_login(resident)
    client.post(_write(idea), {"body": "First"})
    response = client.post(_write(idea), {"body": "Second thoughts"})
    page = response.content.decode()
    assert response.status_code == 400 and "please wait a minute" in page
    assert "Second thoughts" in page and Comment.objects.count() == 1


def test_an_anonymous_visitor_reads_but_cannot_comment(
    client: Any, idea: Any, resident: Any
) -> None:
    comment_post(person=resident, target=idea, body="Visible to all")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Visible to all" in page and "Sign in to comment" in page
    response = client.post(_write(idea), {"body": "Sneaky"})
    assert response.status_code == 400 and "Sign in to comment." in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_forged_edit_delete_or_flag_of_ones_own_changes_nothing(
    client: Any, idea: Any, resident: Any, other_resident: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="Mine")
    client.force_login(other_resident)
    assert (
        client.post(reverse("discussion:edit", args=[comment.pk]), {"body": "X"}).status_code == 403
    )
    assert client.post(reverse("discussion:delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.state) == ("Mine", "published")
    client.force_login(resident)
    response = client.post(reverse("discussion:flag", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 400 and CommentFlag.objects.count() == 0


def test_edit_history_and_tombstone_through_the_pages(
    client: Any, idea: Any, resident: Any, other_resident: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="First words")
    other = comment_post(person=resident, target=idea, body="Regret this")
    comment_post(person=other_resident, target=idea, body="Hm", parent=other)
    client.force_login(resident)
    client.post(reverse("discussion:edit", args=[comment.pk]), {"body": "Better words"})
    history = client.get(reverse("discussion:history", args=[comment.pk])).content.decode()
    assert "First words" in history and "Better words" in history
    client.post(reverse("discussion:delete", args=[other.pk]))
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Comment deleted by its author." in page and "Regret this" not in page
    assert "Hm" in page and "edited" in page


def test_flagging_twice_says_so(client: Any, idea: Any, resident: Any, other_resident: Any) -> None:
    comment = comment_post(person=resident, target=idea, body="Buy bikes")
    client.force_login(other_resident)
    url = reverse("discussion:flag", args=[comment.pk])
    assert client.post(url, {"reason": "spam", "note": "An advert"}).status_code == 302
    response = client.post(url, {"reason": "spam"})
    assert "You have already flagged this comment." in response.content.decode()
    assert CommentFlag.objects.get().note == "An advert"


def test_a_resident_cannot_moderate_or_set_rules(
    client: Any, idea: Any, resident: Any, other_resident: Any
) -> None:
    comment = comment_post(person=other_resident, target=idea, body="Keep me")
    client.force_login(resident)
    assert client.get(reverse("discussion_staff:queue")).status_code == 403
    url = reverse("discussion_staff:moderate", args=[comment.pk])
    assert client.post(url, {"action": "hide", "reason": "Forged"}).status_code == 403
    rules = reverse("discussion_staff:rules", args=[idea.board.activity_id])
    assert client.post(rules, {"who": "nobody"}).status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None and not CommentRules.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_from_staff_pages(client: Any, idea: Any) -> None:
    response = client.get(reverse("discussion_staff:queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_moderator_needs_the_second_factor(
    client: Any, idea: Any, resident: Any, moderator: Any
) -> None:
    comment_post(person=resident, target=idea, body="Hello")
    client.force_login(moderator)
    response = client.get(reverse("discussion_staff:queue"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_moderator_hides_from_the_queue_and_the_public_reads_the_reason(
    client: Any,
    idea: Any,
    resident: Any,
    other_resident: Any,
    moderator: Any,
    with_second_factor: Any,
) -> None:
    comment = comment_post(person=resident, target=idea, body="Rude words")
    CommentFlag.objects.create(comment=comment, person=other_resident, reason="abuse")
    client.force_login(with_second_factor(moderator))
    queue = client.get(reverse("discussion_staff:queue")).content.decode()
    assert "Rude words" in queue
    url = reverse("discussion_staff:moderate", args=[comment.pk])
    response = client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 400 and "Give the public reason" in response.content.decode()
    response = client.post(url, {"action": "hide", "reason": "Removed: insults."})
    assert response.status_code == 302
    client.logout()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Removed: insults." in page and "Rude words" not in page


def test_staff_set_the_rules_and_the_stance_is_asked(
    client: Any, idea: Any, organiser: Any, with_second_factor: Any, resident: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    url = reverse("discussion_staff:rules", args=[idea.board.activity_id])
    assert "Who may comment" in client.get(url).content.decode()
    response = client.post(url, {"who": "signed_in", "ask_stance": "on", "phases": ["collecting"]})
    assert response.status_code == 302
    rules = CommentRules.objects.get()
    assert (rules.ask_stance, rules.phases) == (True, ["collecting"])
    client.force_login(resident)
    response = client.post(_write(idea), {"body": "Yes"})
    assert response.status_code == 400 and Comment.objects.count() == 0
    client.post(_write(idea), {"body": "Yes", "stance": "for"})
    assert Comment.objects.get().stance == "for"
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Arguments for and against" in page


def test_the_comments_of_a_target_one_may_not_see_are_not_shown(
    client: Any, idea: Any, resident: Any, organiser: Any
) -> None:
    comment = comment_post(person=resident, target=idea, body="Members' talk")
    activity = idea.board.activity
    activity.visibility = "members"
    activity.save(update_fields=["visibility"])
    client.force_login(resident)
    for url in (
        reverse("discussion:comment", args=[comment.pk]),
        reverse("discussion:history", args=[comment.pk]),
        reverse("discussion:edit", args=[comment.pk]),
        reverse("discussion:flag", args=[comment.pk]),
        _write(idea),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_write(idea), {"body": "Still here"}).status_code == 404
    assert Comment.objects.count() == 1


def test_an_unknown_kind_or_comment_is_not_found(client: Any, idea: Any) -> None:
    assert client.get(reverse("discussion:write", args=["auth.user", 1])).status_code == 404
    assert client.get(reverse("discussion:comment", args=[999])).status_code == 404


@pytest.mark.parametrize("kind", ["proposal", "report", "commitment"])
def test_the_other_registered_kinds_show_and_take_comments(
    client: Any, kind: str, activity_in: Any, council: Any, resident: Any, organiser: Any
) -> None:
    from coproduce.assessment.models import Report, ReportCategory
    from coproduce.commissioning.models import Proposal
    from coproduce.commissioning.services.rounds import round_create
    from coproduce.governance.models import Commitment

    if kind == "proposal":
        round_ = round_create(
            activity=activity_in("commissioning", "budgeting_round"), actor=None, total_budget=1000
        )
        target: Any = Proposal.objects.create(
            round=round_,
            area=round_.areas.get(),
            title="Benches by the pond",
            description="Three benches.",
            estimated_cost=500,
        )
    elif kind == "report":
        category = ReportCategory.objects.create(organisation=council, code="holes", name="Hole")
        target = Report.objects.create(category=category, description="A deep pothole")
    else:
        target = Commitment.objects.create(
            title="Fix it", owner="organisation", organisation=council
        )
    client.force_login(resident)
    response = client.post(_write(target), {"body": f"About the {kind}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    comment = Comment.objects.get()
    assert comment.organisation == council
    assert f"About the {kind}" in client.get(target.get_absolute_url()).content.decode()


def test_the_comments_panel_reads_in_a_fixed_number_of_queries(
    client: Any, idea: Any, resident: Any, make_person: Any, settings: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DISCUSSION_COMMENTS_PER_MINUTE = 100

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(idea.get_absolute_url()).status_code == 200
        return len(captured)

    top = comment_post(person=resident, target=idea, body="One")
    client.force_login(resident)
    few = queries()
    for n in range(6):
        writer = make_person(f"writer{n}")
        comment_post(person=writer, target=idea, body=f"Reply {n}", parent=top)
        comment_post(person=writer, target=idea, body=f"Top {n}")
    assert queries() == few


def test_moderators_find_the_queue_from_the_staff_home(client, organiser, with_second_factor):
    client.force_login(with_second_factor(organiser))
    assert "/staff/comments/" in client.get("/staff/").content.decode()
