"""In Chromium: a resident votes through 20 statements of an opinion map, with JavaScript
(each next statement loads in place) and without (a plain form per statement), and then
sees the map with their own position."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from coproduce.design.models import OpinionVote

pytestmark = pytest.mark.browser

N_STATEMENTS = 24


@pytest.fixture
def sign_in(totp_code: Any) -> Any:
    """Sign in through the real pages, pressing the sign-in form's own button."""

    def go(page: Any, person: Any) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", "correct horse battery")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, page.inner_text("main")[:500]

    return go


@pytest.fixture
def no_js_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def busy_map(opinion_activity: Any, organiser: Any, make_person: Any) -> Any:
    """A map with 24 statements on which 30 people in two camps have voted."""
    from coproduce.design.analysis import map_refresh
    from coproduce.design.services.opinions import (
        opinion_map_create,
        statement_vote,
        statements_seed,
    )

    opinion_map = opinion_map_create(
        activity=opinion_activity, actor=organiser, question="How should Station Road work?"
    )
    statements = statements_seed(
        opinion_map=opinion_map,
        actor=organiser,
        texts=[f"Statement {n}: something about Station Road" for n in range(N_STATEMENTS)],
    )
    for index in range(30):
        person = make_person(f"camp{index}")
        for j, statement in enumerate(statements[:12]):
            agree = (index % 2 == 0) == (j % 3 == 0)
            statement_vote(statement=statement, person=person, value=1 if agree else -1)
    map_refresh(opinion_map)
    return opinion_map


def _vote_twenty(page: Any, url: str, *, in_place: bool) -> None:
    page.goto(url)
    for n in range(20):
        progress = page.locator("#vote-progress")
        assert f"You have voted on {n} of {N_STATEMENTS}" in progress.inner_text()
        text = page.locator("#statement-text").inner_text()
        assert text.startswith("Statement ")
        page.click(f"#vote button[value={'agree' if n % 2 else 'disagree'}]")
        if in_place:
            page.wait_for_function(
                "n => document.querySelector('#vote-progress').innerText.includes("
                "'You have voted on ' + n + ' of')",
                arg=n + 1,
            )
            assert page.url == url  # no page load: the next statement came in place
        else:
            page.wait_for_load_state()


def _sees_the_map(page: Any, url: str, resident: Any) -> None:
    assert OpinionVote.objects.filter(participant__person=resident).count() == 20
    page.goto(url)
    assert f"You have voted on 20 of {N_STATEMENTS}" in page.inner_text("#vote-progress")
    figure = page.locator("#map svg[role=img]")
    assert figure.count() == 1
    description = page.locator("#map svg desc").text_content() or ""
    assert "You are in Group" in description
    assert "You are in the group marked" in page.inner_text("#your-position")
    assert page.locator("#map h3").count() >= 3  # the groups, consensus and divisive


def test_a_resident_votes_through_twenty_statements_with_javascript(
    page: Any, sign_in: Any, busy_map: Any, adult: Any, live_server: Any
) -> None:
    sign_in(page, adult)
    url = f"{live_server.url}/design/opinions/{busy_map.activity.pk}/"
    _vote_twenty(page, url, in_place=True)
    _sees_the_map(page, url, adult)


def test_a_resident_votes_through_twenty_statements_without_javascript(
    no_js_page: Any, sign_in: Any, busy_map: Any, adult: Any, live_server: Any
) -> None:
    sign_in(no_js_page, adult)
    url = f"{live_server.url}/design/opinions/{busy_map.activity.pk}/"
    _vote_twenty(no_js_page, url, in_place=False)
    _sees_the_map(no_js_page, url, adult)
