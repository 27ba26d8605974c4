"""The ideas board's pages: the list, an idea with its support form, proposing with
look-alike suggestions, and the staff pages (second factor)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.design.models import Idea, IdeaAnswer, IdeaBoard, IdeaSupport

pytestmark = pytest.mark.django_db


def _board(activity: Any) -> str:
    return reverse("design:idea_board", args=[activity.pk])


def _idea(idea: Any) -> str:
    return reverse("design:idea", args=[idea.board.activity_id, idea.pk])


def test_the_activity_links_to_the_ideas_board(idea_board: Any) -> None:
    assert idea_board.activity.get_absolute_url() == _board(idea_board.activity)


def test_anyone_reads_the_list_sorted_and_filtered(client: Any, idea: Any) -> None:
    page = client.get(_board(idea.board.activity)).content.decode()
    assert "More benches on the river path" in page and "Sign in to propose" in page
    page = client.get(_board(idea.board.activity), {"sort": "newest", "status": "accepted"})
    assert page.status_code == 200 and "More benches" not in page.content.decode()


def test_a_made_up_sort_or_status_is_a_bad_request(client: Any, idea: Any) -> None:
    assert client.get(_board(idea.board.activity), {"sort": "random"}).status_code == 400
    assert client.get(_board(idea.board.activity), {"status": "lost"}).status_code == 400


def test_a_missing_idea_or_board_is_not_found(client: Any, idea: Any) -> None:
    activity = idea.board.activity
    assert client.get(reverse("design:idea", args=[activity.pk, idea.pk + 99])).status_code == 404
    assert client.get(reverse("design:idea_board", args=[activity.pk + 99])).status_code == 404


def test_a_resident_supports_with_a_plain_form_once(
    client: Any, idea: Any, other_resident: Any
) -> None:
    client.force_login(other_resident)
    url = reverse("design:idea_support", args=[idea.board.activity_id, idea.pk])
    assert "Support this idea" in client.get(_idea(idea)).content.decode()
    assert client.post(url).status_code == 302
    client.post(url)
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    assert "You support this idea." in client.get(_idea(idea)).content.decode()


def test_signed_out_support_is_sent_to_sign_in(client: Any, idea: Any) -> None:
    url = reverse("design:idea_support", args=[idea.board.activity_id, idea.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not IdeaSupport.objects.exists()


def test_proposing_shows_look_alike_ideas_then_publishes(
    client: Any, idea: Any, other_resident: Any
) -> None:
    client.force_login(other_resident)
    url = reverse("design:idea_new", args=[idea.board.activity_id])
    page = client.post(url, {"action": "check", "title": "Benches along the river path"})
    assert "Similar ideas already exist" in page.content.decode()
    partial = client.get(
        reverse("design:idea_duplicates", args=[idea.board.activity_id]),
        {"title": "Benches along the river path"},
    )
    assert "More benches on the river path" in partial.content.decode()
    response = client.post(
        url,
        {
            "action": "submit",
            "title": "A water fountain",
            "text": "By the playground.",
            "category": "Parks",
        },
    )
    assert response.status_code == 302
    assert Idea.objects.filter(title="A water fountain", author=other_resident).exists()


def test_a_bad_idea_form_says_why_and_stores_nothing(
    client: Any, idea: Any, other_resident: Any
) -> None:
    client.force_login(other_resident)
    url = reverse("design:idea_new", args=[idea.board.activity_id])
    response = client.post(url, {"action": "submit", "title": "", "text": "x", "latitude": "91"})
    assert response.status_code == 400
    assert Idea.objects.count() == 1


def test_staff_need_the_second_factor(client: Any, idea: Any, organiser: Any) -> None:
    url = reverse("design_staff:idea_board", args=[idea.board.activity_id])
    client.force_login(idea.author)
    assert client.get(url).status_code == 403
    answer = reverse("design_staff:idea_answer", args=[idea.board.activity_id, idea.pk])
    assert client.post(answer, {"status": "accepted", "text": "Yes"}).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert not IdeaAnswer.objects.exists()


def test_staff_add_an_ideas_board_and_answer_from_the_queue(
    client: Any,
    initiative: Any,
    organiser: Any,
    resident: Any,
    other_resident: Any,
    with_second_factor: Any,
) -> None:
    client.force_login(with_second_factor(organiser))
    response = client.post(
        reverse("initiatives:activity_new", args=[initiative.slug]),
        {
            "co": "design",
            "kind": "ideas",
            "title": "Ideas for the library",
            "starts_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    guide = response["Location"]
    assert guide.startswith(reverse("design_staff:ideas_new"))
    assert 'value="Ideas for the library"' in client.get(guide).content.decode()
    fields = {
        "title": "Ideas for the library",
        "starts_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        "threshold": "0",
    }
    assert client.post(guide, fields).status_code == 400
    assert not IdeaBoard.objects.exists()
    response = client.post(guide, {**fields, "threshold": "3"})
    assert response.status_code == 302
    activity = initiative.stages.get(co="design").activities.get(title="Ideas for the library")
    assert "Add the ideas activity" not in client.get(response["Location"]).content.decode()
    staff_url = reverse("design_staff:idea_board", args=[activity.pk])
    assert client.post(staff_url, {"threshold": "0"}).status_code == 400
    assert IdeaBoard.objects.get(activity=activity).threshold == 3
    client.post(staff_url, {"threshold": "1", "categories": ""})
    board = IdeaBoard.objects.get(activity=activity)
    assert board.threshold == 1

    from coproduce.design.services.ideas import idea_submit, idea_support

    board.activity = activity
    idea = idea_submit(board=board, person=resident, title="Open on Sundays", text="Please.")
    idea_support(idea=idea, person=other_resident)
    assert "Answer “Open on Sundays”" in client.get(staff_url).content.decode()
    answer_url = reverse("design_staff:idea_answer", args=[activity.pk, idea.pk])
    refused = client.post(answer_url, {"status": "rejected", "text": ""})
    assert refused.status_code == 400 and not IdeaAnswer.objects.exists()
    client.post(answer_url, {"status": "accepted", "text": "From March."})
    assert IdeaAnswer.objects.get(idea=idea).status == "accepted"
    page = client.get(reverse("design:idea", args=[activity.pk, idea.pk])).content.decode()
    assert "You said, we did" in page and "From March." in page


def test_the_set_up_page_is_staff_only_and_needs_a_known_initiative(
    client: Any, initiative: Any, resident: Any, organiser: Any, with_second_factor: Any
) -> None:
    url = reverse("design_staff:ideas_new")
    client.force_login(resident)
    assert client.get(url, {"initiative": initiative.slug}).status_code == 403
    client.force_login(with_second_factor(organiser))
    assert client.get(url, {"initiative": "nowhere"}).status_code == 404


def test_the_list_reads_in_a_fixed_number_of_queries(
    client: Any, idea: Any, organiser: Any, make_person: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.design.services.ideas import idea_answer, idea_submit, idea_support

    url = _board(idea.board.activity)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        person = make_person(f"writer{n}")
        more = idea_submit(board=idea.board, person=person, title=f"Idea {n}", text="x")
        idea_support(idea=more, person=person)
        idea_answer(idea=more, actor=organiser, status="studied", text="Looking.")
    assert count() == before
