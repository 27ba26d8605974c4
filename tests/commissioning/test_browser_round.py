"""In Chromium, a whole budgeting round from nothing: only people and places exist at the start.

A member of staff signs in with their second factor, sets up an initiative and a round with
two districts through the guide, opens proposals; residents propose; staff review them and
open voting; residents vote online and two members of staff enter a paper ballot; voting
closes, the database queue's worker counts the round, staff publish the results and the
winners become commitments on the public tracker. No shell, no other fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from coproduce.commissioning.models import BudgetingRound, Proposal, TallyStatus
from coproduce.governance.models import Commitment
from coproduce.places.models import Place

pytestmark = pytest.mark.browser

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def signed_in(chromium: Any, live_server: Any, totp_code: Any) -> Iterator[Any]:
    """Return ``signed_in(person)``: a browser of their own, signed in through the real pages
    (with the authenticator code for staff: each signs in once, as a code is used once)."""
    from allauth.mfa.models import Authenticator

    contexts = []

    def open_for(person: Any) -> Any:
        context = chromium.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", "correct horse battery")
        page.click("main form button[type=submit]")
        if Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            page.fill("input[name=code]", totp_code(person))
            page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/" not in page.url, page.inner_text("main")[:500]
        return page

    yield open_for
    for context in contexts:
        context.close()


def submit(page: Any, selector: str = "main form[method=post] button[type=submit]") -> None:
    page.click(selector)
    page.wait_for_load_state()


def phase(page: Any, round_id: int, key: str) -> None:
    page.goto(f"/staff/budgets/{round_id}/")
    page.select_option("form[action$='/phase/'] select[name=phase]", key)
    submit(page, "form[action$='/phase/'] button[type=submit]")
    assert "The round moved to a new phase." in page.inner_text("main")


def set_up_round(page: Any, city: Any) -> int:
    """The member of staff's part: an initiative, then the round through the guide."""
    page.goto("/staff/initiatives/new/")
    page.select_option("select[name=organisation]", label="Testford Council")
    page.fill("input[name=title]", "Greener Testford")
    page.fill("textarea[name=summary]", "Residents decide what the parks budget pays for.")
    page.select_option("select[name=place]", label="Testford")
    page.check("input[name=cos][value=commissioning]")
    submit(page)
    page.get_by_role("link", name="Add an activity", exact=True).click()
    page.get_by_role("link", name="Participatory budgeting round", exact=True).click()
    assert "step 1 of 7" in page.inner_text("main")
    page.fill("input[name=round_title]", "Parks budget 2031")
    page.fill("textarea[name=description]", "Small projects for the parks of each district.")
    submit(page, "button[name=continue]")
    north, south = (Place.objects.get(slug=s) for s in ("north", "south"))
    page.fill("input[name=total_budget]", "1,000")
    page.check("#id_split_1")
    page.fill(f"input[name=district_{north.pk}]", "600")
    page.fill(f"input[name=district_{south.pk}]", "700")
    submit(page, "button[name=continue]")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "add up to £1,300, not the total of £1,000" in summary  # refused, kept
    page.fill(f"input[name=district_{south.pk}]", "400")
    submit(page, "button[name=continue]")
    page.check("#id_ballot_format_0")  # approval
    page.fill("input[name=max_choices]", "2")
    submit(page, "button[name=continue]")
    assert "Every voter gets an equal share" in page.inner_text("main")
    page.check("input[name=rule][value=greedy]")
    submit(page, "button[name=continue]")
    page.fill("input[name=min_age]", "16")
    page.select_option("select[name=eligible_place]", label="Testford")
    submit(page, "button[name=continue]")
    page.fill("input[name=starts_at]", "2031-03-01T09:00")
    submit(page, "button[name=continue]")
    check = page.inner_text("main")
    assert "Parks budget 2031" in check and "£600" in check and "£400" in check
    submit(page, "#create")
    assert "The round was created" in page.inner_text("main")
    round_ = BudgetingRound.objects.get()
    assert page.url.endswith(f"/staff/budgets/{round_.pk}/")
    return round_.pk


def propose(page: Any, round_id: int, title: str, district: str, cost: str) -> None:
    page.goto(f"/budgets/{round_id}/")
    page.get_by_role("link", name="Propose a project", exact=True).click()
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", f"{title}, for everyone.")
    page.fill("input[name=estimated_cost]", cost)
    page.select_option("select[name=area]", label=district)
    submit(page, "button[value=submit]")


def vote(page: Any, round_id: int, titles: list[str]) -> None:
    page.goto(f"/budgets/{round_id}/")
    page.get_by_role("link", name="Vote", exact=True).click()
    for title in titles:
        page.check(f"#choice-{Proposal.objects.get(title=title).pk}")
    submit(page, "#cast")
    assert page.locator("#receipt-code").inner_text()


def enter_paper(page: Any, round_id: int, area: int, code: str, title: str) -> str:
    page.goto(f"/staff/budgets/{round_id}/paper/?area={area}")
    assert page.locator("#code").count() == 1, (page.url, page.inner_text("main")[:1500])
    page.fill("#code", code)
    page.check(f"#choice-{Proposal.objects.get(title=title).pk}")
    submit(page)
    return str(page.locator("#entry-status").inner_text())


@override_settings(TASKS=DB_TASKS)
def test_a_whole_round_from_nothing_through_the_browser(
    signed_in: Any,
    city: Any,
    staff_pair: tuple[Any, Any],
    with_second_factor: Any,
    verify: Any,
    make_person: Any,
) -> None:
    officer, colleague = (with_second_factor(p) for p in staff_pair)
    north_resident = verify(make_person("north_resident"), "north-ward")
    south_resident = verify(make_person("south_resident"), "south")

    staff = signed_in(officer)
    round_id = set_up_round(staff, city)
    phase(staff, round_id, "proposals")
    assert "Locked since proposals opened" in staff.inner_text("main")

    north_voter, south_voter = signed_in(north_resident), signed_in(south_resident)
    propose(north_voter, round_id, "Benches by the pond", "North", "300")
    propose(north_voter, round_id, "A North Park orchard", "North", "500")
    propose(south_voter, round_id, "South playground", "South", "350")
    assert Proposal.objects.count() == 3

    phase(staff, round_id, "review")
    for proposal in Proposal.objects.order_by("pk"):
        staff.goto(f"/staff/budgets/proposals/{proposal.pk}/review/")
        staff.check("input[name=feasible][value=yes]")
        staff.fill("textarea[name=reason]", "Feasible on council land.")
        submit(staff)
        assert "Review recorded" in staff.inner_text("main")
    phase(staff, round_id, "voting")
    north = BudgetingRound.objects.get(pk=round_id).areas.get(name="North")
    staff.select_option("form[action$='/codes/'] select[name=area]", label="North")
    staff.fill("form[action$='/codes/'] input[name=count]", "1")
    submit(staff, "form[action$='/codes/'] button[type=submit]")
    code = staff.locator("#codes code").first.inner_text()

    vote(north_voter, round_id, ["Benches by the pond"])
    vote(south_voter, round_id, ["South playground"])

    first = enter_paper(staff, round_id, north.pk, code, "Benches by the pond")
    assert "A second member of staff" in first
    second = enter_paper(signed_in(colleague), round_id, north.pk, code, "Benches by the pond")
    assert "Both entries match" in second

    phase(staff, round_id, "results")
    assert BudgetingRound.objects.get(pk=round_id).tally_status == TallyStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the worker
    round_ = BudgetingRound.objects.get(pk=round_id)
    assert round_.tally_status == TallyStatus.DONE, round_.tally_error

    staff.goto(f"/staff/budgets/{round_id}/")
    submit(staff, "form[action$='/publish/'] button[type=submit]")
    assert "winners are now commitments" in staff.inner_text("main")
    winners = {"Benches by the pond", "South playground"}
    assert set(Commitment.objects.values_list("title", flat=True)) == winners
    north_voter.goto(f"/budgets/{round_id}/results/")
    results = north_voter.inner_text("main")
    assert "Benches by the pond" in results and "A North Park orchard" in results
    north_voter.goto("/commitments/")
    tracker = north_voter.inner_text("main")
    assert all(title in tracker for title in winners)
