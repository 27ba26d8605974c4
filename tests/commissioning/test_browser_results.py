"""In Chromium at a 360 px phone and at desktop width: results pages, the budget simulator's
results and the staff round page fit without sideways scrolling, and chart labels are whole
and inside their charts."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.commissioning.models import BallotFormat, Phase, Proposal
from coproduce.commissioning.services.priorities import exercise_create, response_submit
from coproduce.commissioning.services.results import round_tally

pytestmark = pytest.mark.browser
LONG = "Resurfacing the towpath between the lock and the old mill, with benches"
WIDTHS = (360, 1280)

# Every <text> of every chart on the page: its lines joined, and whether its box (as the
# browser lays it out, in the chart's own units) lies inside the chart's view box.
CHART_TEXTS = """() => [...document.querySelectorAll('.cp-figure svg')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(text => {
    const b = text.getBBox();
    const spans = [...text.querySelectorAll('tspan')].map(s => s.textContent);
    return {
      text: spans.length ? spans.join(' ') : text.textContent,
      inside: b.x >= box.x - 0.5 && b.y >= box.y - 0.5
        && b.x + b.width <= box.x + box.width + 0.5
        && b.y + b.height <= box.y + box.height + 0.5,
    };
  });
})"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def counted_round(make_round: Any, ballots_for: Any) -> Any:
    round_ = make_round(
        phase=Phase.RESULTS,
        ballot_format=BallotFormat.APPROVAL,
        costs=(4_199_950, 3_000_000, 2_500_000),
        total_budget=10_000_000,
    )
    ballots_for(round_, [("A", "B")] * 5 + [("C",)] * 2)
    Proposal.objects.filter(round=round_, title="Project A").update(title=LONG)
    round_tally(round_.pk)
    return round_


@pytest.fixture
def answered_exercise(activity_in: Any, organiser: Any, voter: Any) -> Any:
    activity = activity_in("commissioning", "priority_setting", title="Youth budget", min_age=13)
    exercise = exercise_create(
        activity=activity,
        total=4_200_000,
        step=1,
        areas=[
            ("Clubs", "Youth clubs and detached youth work across the borough", 2_100_000, []),
            ("Sport", "Sports", 2_100_000, []),
        ],
        actor=organiser,
    )
    clubs, sport = exercise.areas.order_by("position").values_list("pk", flat=True)
    response_submit(
        exercise=exercise, person=voter, allocations={clubs: 2_099_950, sport: 2_100_050}
    )
    return exercise


def test_results_and_staff_pages_fit_a_phone_and_a_desktop_with_whole_chart_labels(
    chromium: Any,
    live_server: Any,
    sign_in: Any,
    counted_round: Any,
    answered_exercise: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    with_second_factor(organiser)
    round_ = counted_round
    pages = [
        f"/budgets/{round_.pk}/results/",
        f"/budgets/priorities/{answered_exercise.pk}/results/",
        f"/staff/budgets/{round_.pk}/",
    ]
    for width in WIDTHS:
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, organiser)
        for url in pages:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            assert page.evaluate(OVERFLOW) <= 0, (url, width)
        page.goto(pages[0])
        texts = page.evaluate(CHART_TEXTS)
        assert texts and all(t["inside"] for t in texts), [t for t in texts if not t["inside"]]
        drawn = [t["text"] for t in texts]
        assert f"✓ {LONG}" in drawn and "£41,999.50" in drawn
        assert "Cost per project in Park budget (✓ marks winners)" in drawn
        assert "0.00%" not in page.inner_text("main")
        context.close()


def test_staff_recount_a_failed_count_from_a_phone(
    chromium: Any,
    live_server: Any,
    sign_in: Any,
    counted_round: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    from coproduce.commissioning.models import BudgetingRound, TallyStatus

    with_second_factor(organiser)
    round_ = counted_round
    BudgetingRound.objects.filter(pk=round_.pk).update(
        tally_status=TallyStatus.FAILED, tally_error="Park budget: ballot 3 names unknown project"
    )
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, organiser)
    page.goto(f"/staff/budgets/{round_.pk}/")
    warning = page.locator("#count-failed").inner_text()
    assert "Count failed — recount." in warning and "unknown project" in warning
    assert page.evaluate(OVERFLOW) <= 0
    page.click("#recount button[type=submit]")  # no reason: refused, nothing changes
    assert "Say why the round is counted again" in page.inner_text(".govuk-error-summary")
    page.fill("textarea[name=reason]", "The first count stopped on a bad ballot.")
    page.click("#recount button[type=submit]")
    assert "being counted again" in page.inner_text("main")
    round_.refresh_from_db()
    assert round_.tally_status == TallyStatus.DONE
    page.goto(f"/budgets/{round_.pk}/results/")
    history = page.locator("#count-history").inner_text()
    assert "The first count stopped on a bad ballot." in history
    assert "The earlier count funded:" in history  # its results were still there
    context.close()
