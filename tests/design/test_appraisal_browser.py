"""In Chromium: staff set up an options appraisal from the web, a resident joins a group by
its invitation link and weighs the criteria online, staff enter two groups' weights from
workshops, publish, and the compromise shows."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.design.models import Appraisal, GroupMember, MemberWeight

pytestmark = pytest.mark.browser


def test_three_groups_weigh_the_criteria_and_the_compromise_shows(
    page: Any,
    sign_in: Any,
    initiative: Any,
    organiser: Any,
    resident: Any,
    with_second_factor: Any,
) -> None:
    sign_in(page, with_second_factor(organiser))
    page.goto(f"/staff/design/appraisals/new/?initiative={initiative.slug}")
    page.fill("#id_title", "Three layouts for the square")
    page.fill("#id_starts_at", "2026-01-01T09:00")
    page.fill("#id_question", "Which layout for the square?")
    page.click("main form button[type=submit]")
    appraisal = Appraisal.objects.get()
    for name in ("Market square", "Green square", "Shared space"):
        page.fill("#id_option-name", name)
        page.click("text=Add the option")
    for name, direction in (("Cost", "cost"), ("Green space", "benefit")):
        page.fill("#id_criterion-name", name)
        page.select_option("#id_criterion-direction", direction)
        page.click("text=Add the criterion")
    for name in ("Residents", "Traders", "Disability forum"):
        page.fill("#id_group-name", name)
        page.click("text=Add the group")

    page.click("text=Enter the scores and their sources")
    scores = {
        "Market square": (150000, 300),
        "Green square": (240000, 1200),
        "Shared space": (180000, 600),
    }
    criteria = list(appraisal.criteria.all())
    for option in appraisal.options.all():
        for criterion, value in zip(criteria, scores[option.name], strict=True):
            page.fill(f"#id_score_{option.pk}_{criterion.pk}", str(value))
        page.fill(f"#id_source_{option.pk}_{criteria[0].pk}", "QS estimate")
    page.click("text=Save the scores")
    assert "The scores are saved." in page.inner_text("main")

    groups = {g.name: g for g in appraisal.groups.all()}
    for name, weights in (("Traders", ("3", "1")), ("Disability forum", ("1", "2"))):
        page.goto(f"/staff/design/appraisals/{appraisal.activity_id}/groups/{groups[name].pk}/")
        for criterion, weight in zip(criteria, weights, strict=True):
            page.fill(f"#id_weights-criterion_{criterion.pk}", weight)
        page.fill("#id_weights-note", f"{name} workshop")
        page.click("text=Save the group's weights")
    page.goto(f"/staff/design/appraisals/{appraisal.activity_id}/groups/{groups['Residents'].pk}/")
    invitation = page.inner_text("#invitation-link")

    page.context.clear_cookies()
    sign_in(page, resident)
    page.goto(invitation)
    page.click("main form button:has-text('Join Residents')")
    page.fill(f"#id_criterion_{criteria[0].pk}", "2")
    page.fill(f"#id_criterion_{criteria[1].pk}", "9")
    page.click("text=Save my weights")
    assert "your weights for Residents are saved" in page.inner_text("main")
    member = GroupMember.objects.get(person=resident)
    assert MemberWeight.objects.filter(member=member).count() == 2
    assert "Compromise:" not in page.inner_text("main")

    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"/staff/design/appraisals/{appraisal.activity_id}/")
    page.click("text=Publish the results")
    main = page.inner_text("main")
    assert "The results are published." in main
    assert "Compromise: " in page.inner_text("#compromise-option")
    for name in ("Residents", "Traders", "Disability forum"):
        assert f"Ranking for {name}" in main
    page.check("#method-promethee")
    page.click("text=Show the results by this method")
    assert "Ranked by: PROMETHEE II" in page.inner_text("main")
