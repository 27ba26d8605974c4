"""The opinion map's pages: voting without JavaScript, with HTMX, and the staff pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.design.models import Moderation, OpinionMap, OpinionVote, Statement

pytestmark = pytest.mark.django_db


def _page(activity: Any) -> str:
    return reverse("design:opinion_map", args=[activity.pk])


def _vote_url(activity: Any) -> str:
    return reverse("design:opinion_vote", args=[activity.pk])


def test_the_activity_links_to_the_opinion_map_page(opinion_map: Any) -> None:
    assert opinion_map.activity.get_absolute_url() == _page(opinion_map.activity)


def test_a_signed_out_visitor_sees_the_statement_and_is_asked_to_sign_in(
    client: Any, opinion_map: Any
) -> None:
    page = client.get(_page(opinion_map.activity)).content.decode()
    assert "Sign in to vote" in page and "How should Station Road work?" in page
    response = client.post(_vote_url(opinion_map.activity), {"statement": "0", "vote": "agree"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not OpinionVote.objects.exists()


def test_a_resident_votes_with_a_plain_form_and_gets_the_next_statement(
    client: Any, opinion_map: Any, adult: Any
) -> None:
    client.force_login(adult)
    page = client.get(_page(opinion_map.activity)).content.decode()
    assert "You have voted on 0 of 5 statements." in page
    shown = Statement.objects.get(
        opinion_map=opinion_map,
        text__in=[s.text for s in opinion_map.statements.all() if s.text in page],
    )
    response = client.post(
        _vote_url(opinion_map.activity), {"statement": str(shown.number), "vote": "disagree"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#vote")
    assert OpinionVote.objects.get().value == -1
    page = client.get(_page(opinion_map.activity)).content.decode()
    assert "You have voted on 1 of 5 statements." in page


def test_with_htmx_the_next_statement_comes_back_in_place(
    client: Any, opinion_map: Any, adult: Any
) -> None:
    client.force_login(adult)
    response = client.post(
        _vote_url(opinion_map.activity),
        {"statement": "2", "vote": "pass"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and content.startswith('<section id="vote"')
    assert "You have voted on 1 of 5 statements." in content and "<html" not in content
    assert OpinionVote.objects.get().value == 0


def test_bad_votes_are_refused_with_a_reason(client: Any, opinion_map: Any, adult: Any) -> None:
    client.force_login(adult)
    url = _vote_url(opinion_map.activity)
    assert client.post(url, {"statement": "0", "vote": "maybe"}).status_code == 400
    assert client.post(url, {"statement": "x", "vote": "agree"}).status_code == 400
    assert client.post(url, {"statement": "99", "vote": "agree"}).status_code == 404
    assert not OpinionVote.objects.exists()


def test_a_closed_map_says_so_and_takes_no_vote(client: Any, opinion_map: Any, adult: Any) -> None:
    activity = opinion_map.activity
    activity.ends_at = timezone.now() - timezone.timedelta(hours=1)
    activity.save(update_fields=["ends_at"])
    client.force_login(adult)
    assert "closed on" in client.get(_page(activity)).content.decode()
    client.post(_vote_url(activity), {"statement": "0", "vote": "agree"}, follow=True)
    assert not OpinionVote.objects.exists()


def test_a_resident_writes_a_statement_that_waits_for_moderation(
    client: Any, opinion_map: Any, adult: Any
) -> None:
    client.force_login(adult)
    url = reverse("design:statement_submit", args=[opinion_map.activity.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "A crossing by the school"}, follow=True)
    assert "once a moderator approves it" in response.content.decode()
    assert Statement.objects.get(text="A crossing by the school").status == Moderation.PENDING


def test_other_kinds_of_activity_have_no_opinion_map_page(client: Any, activity_in: Any) -> None:
    survey = activity_in("assessment", "survey")
    assert client.get(reverse("design:opinion_map", args=[survey.pk])).status_code == 404


def test_staff_need_the_second_factor(
    client: Any, opinion_map: Any, organiser: Any, adult: Any
) -> None:
    url = reverse("design_staff:opinion_map", args=[opinion_map.activity.pk])
    client.force_login(adult)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_staff_add_an_opinion_map_from_the_initiative_and_set_it_up(
    client: Any, initiative: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    response = client.post(
        reverse("initiatives:activity_new", args=[initiative.slug]),
        {
            "co": "design",
            "kind": "opinion_map",
            "title": "Play streets",
            "starts_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Set up this opinion map" in page
    activity = initiative.stages.get(co="design").activities.get(title="Play streets")
    staff_url = reverse("design_staff:opinion_map", args=[activity.pk])
    client.post(
        staff_url,
        {
            "action": "setup",
            "question": "Should our street close for play?",
            "participants_write": "on",
        },
    )
    opinion_map = OpinionMap.objects.get(activity=activity)
    assert opinion_map.participants_write
    client.post(staff_url, {"action": "seed", "texts": "Once a week\n\nOn Sundays only\n"})
    assert list(opinion_map.statements.values_list("text", flat=True)) == [
        "Once a week",
        "On Sundays only",
    ]


def test_moderators_approve_and_reject_from_the_queue(
    client: Any, opinion_map: Any, adult: Any, moderator: Any, with_second_factor: Any
) -> None:
    from coproduce.design.services.opinions import statement_submit

    good = statement_submit(opinion_map=opinion_map, person=adult, text="More trees")
    bad = statement_submit(opinion_map=opinion_map, person=adult, text="Buy my car")
    client.force_login(with_second_factor(moderator))
    staff_url = reverse("design_staff:opinion_map", args=[opinion_map.activity.pk])
    assert "More trees" in client.get(staff_url).content.decode()

    def moderate(statement: Any, **data: str) -> None:
        url = reverse(
            "design_staff:statement_moderate", args=[opinion_map.activity.pk, statement.number]
        )
        client.post(url, data)
        statement.refresh_from_db()

    moderate(good, decision="approve")
    moderate(bad, decision="reject")
    assert bad.status == Moderation.PENDING  # no reason: refused
    moderate(bad, decision="reject", reason="Advertising")
    assert (good.status, bad.status) == (Moderation.APPROVED, Moderation.REJECTED)


def test_the_page_costs_a_fixed_number_of_queries(
    client: Any,
    opinion_map: Any,
    make_person: Any,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from coproduce.design.services.opinions import statement_vote

    people = [make_person(f"v{n}") for n in range(12)]
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate(people):
            for j, statement in enumerate(opinion_map.statements.all()):
                statement_vote(statement=statement, person=person, value=1 if (n + j) % 2 else -1)
    client.force_login(people[0])
    with django_assert_max_num_queries(25):
        page = client.get(_page(opinion_map.activity)).content.decode()
    assert "You have voted on 5 of 5 statements." in page and "<svg" in page
