"""In Chromium: a knapsack ballot with and without JavaScript, paper double entry, and a
results page in Spanish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from coproduce.commissioning.models import BallotFormat, Phase, Rule
from coproduce.commissioning.services.ballots import voter_codes_issue
from coproduce.commissioning.services.results import round_tally

from .conftest import ids, sealed_choices

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(totp_code: Any) -> Any:
    """Sign in through the real pages, pressing the sign-in form's own button.

    The shared fixture clicks the first submit button on the page, which is the language
    switcher's, so it never signs in.
    """
    from allauth.mfa.models import Authenticator

    def go(page: Any, person: Any) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", "correct horse battery")
        page.click("main form button[type=submit]")
        if Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            page.fill("input[name=code]", totp_code(person))
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


def test_a_resident_casts_a_knapsack_ballot_with_javascript(
    page: Any, sign_in: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    a, b = ids(round_)[:2]
    sign_in(page, voter)
    page.goto(f"/budgets/{round_.pk}/vote/")
    status = page.locator("#budget-status")
    assert "£0 of £1,000" in status.inner_text()
    assert page.locator("#check").is_hidden()
    page.check(f"#choice-{a}")
    page.check(f"#choice-{b}")
    assert "You have chosen £700 of £1,000. £300 left." in status.inner_text()
    assert page.locator("#budget-fill").evaluate("e => e.style.width") == "70%"
    page.click("#cast")
    code = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{10}", code)
    assert sealed_choices() == [sorted([a, b])]


def test_a_resident_casts_a_knapsack_ballot_without_javascript(
    no_js_page: Any, sign_in: Any, make_round: Any, voter: Any
) -> None:
    page = no_js_page
    round_ = make_round()
    a, _b, c = ids(round_)[:3]
    sign_in(page, voter)
    page.goto(f"/budgets/{round_.pk}/vote/")
    page.check(f"#choice-{a}")
    page.check(f"#choice-{c}")
    page.click("#check")
    assert (
        "You have chosen £900 of £1,000. £100 left." in page.locator("#budget-status").inner_text()
    )
    assert page.locator(f"#choice-{a}").is_checked()
    page.click("#cast")
    assert re.fullmatch(r"[A-Z0-9]{10}", page.locator("#receipt-code").inner_text())


def test_two_members_of_staff_enter_a_paper_ballot(
    page: Any, sign_in: Any, make_round: Any, staff_pair: tuple[Any, Any], with_second_factor: Any
) -> None:
    first, second = (with_second_factor(p) for p in staff_pair)
    round_ = make_round()
    (code,) = voter_codes_issue(round_=round_, area=round_.areas.get(), count=1, actor=first)
    a = ids(round_)[0]
    for person, expected in ((first, "A second member of staff"), (second, "Both entries match")):
        page.context.clear_cookies()
        sign_in(page, person)
        page.goto(f"/staff/budgets/{round_.pk}/paper/")
        page.fill("#code", code)
        page.check(f"#choice-{a}")
        page.click("main form[method=post] button[type=submit]")
        assert expected in page.locator("#entry-status").inner_text()
    assert sealed_choices() == [[a]]


def test_a_results_page_in_spanish_gives_the_reasons_in_spanish(
    page: Any, make_round: Any, ballots_for: Any
) -> None:
    round_ = make_round(
        phase=Phase.RESULTS, rule=Rule.EQUAL_SHARES, ballot_format=BallotFormat.APPROVAL
    )
    ballots_for(round_, [("A", "B")] * 4 + [("C", "D")] * 2)
    round_tally(round_.pk)
    page.goto(f"/budgets/{round_.pk}/results/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.goto(f"/budgets/{round_.pk}/results/")
    assert page.evaluate("document.documentElement.lang") == "es"
    reasons = page.locator("td[data-reason]").all_inner_texts()
    assert len(reasons) == 4
    assert any(r.startswith("Financiado: sus 4 votantes compartieron su coste") for r in reasons)
    assert not any(r.startswith(("Funded", "Not funded")) for r in reasons)
    notes = page.locator("p[data-note]").all_inner_texts()
    assert notes and notes[0].startswith("Cada uno de los 6 votantes empezó con una parte igual")


def test_the_design_system_and_htmx_run_under_the_content_security_policy(
    page: Any, sign_in: Any, make_round: Any, voter: Any
) -> None:
    """No script, style or request is refused: GOV.UK Frontend starts, HTMX swaps live."""
    page.add_init_script(
        "window.__refused = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    round_ = make_round(phase="proposals")
    sign_in(page, voter)
    page.goto(f"/budgets/{round_.pk}/propose/")
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.locator("[data-govuk-header-init]").count() == 1  # initAll ran
    page.locator("input[name=title]").press_sequentially("Project A")
    page.locator("#duplicates").get_by_text("Project A").wait_for()  # HTMX fetched and swapped
    assert page.evaluate("window.__refused") == []
