"""In Chromium: a resident registers for a full meeting and lands on the waiting list; after
the meeting staff take attendance and publish minutes linked to an idea; the meeting's page
shows the minutes and the link."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.design.models import MeetingMinutes, Registration, RegistrationStatus
from coproduce.design.services.meetings import meeting_register
from coproduce.initiatives.models import Contribution, Lineage
from tests.design.meetings_fixtures import move_to_past

pytestmark = pytest.mark.browser


def test_a_full_meeting_waits_then_staff_record_attendance_and_minutes(
    page: Any,
    sign_in: Any,
    meeting: Any,
    idea: Any,
    resident: Any,
    make_person: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    first, second = make_person("ayesha"), make_person("bruno")
    for person in (first, second):
        meeting_register(meeting=meeting, person=person)
    url = f"/design/meetings/{meeting.activity_id}/"

    sign_in(page, resident)
    page.goto(url)
    assert "Full: you can join the waiting list." in page.inner_text("main")
    page.check("text=Step-free access")
    page.click("main button:has-text('Join the waiting list')")
    assert "You are on the waiting list: number 1." in page.inner_text("main")
    registration = Registration.objects.get(person=resident)
    assert registration.status == RegistrationStatus.WAITING
    assert registration.needs == ["step_free"]

    move_to_past(meeting)
    page.context.clear_cookies()
    sign_in(page, with_second_factor(organiser))
    page.goto(f"/staff/design/meetings/{meeting.activity_id}/")
    assert "Step-free access" in page.inner_text("#needs-summary")
    page.check("#attendance ~ form >> text=ayesha")
    page.fill("#id_walk_ins", "Carol Singer")
    page.click("main button:has-text('Save attendance')")
    assert "2 more people recorded" in page.inner_text("main")
    assert Contribution.objects.filter(kind="meeting.attend").count() == 2

    page.click("text=Publish the minutes")
    page.fill("#id_text", "We walked the river path and chose where the benches go.")
    page.check("text=More benches on the river path")
    page.click("main button:has-text('Publish the minutes')")
    main = page.inner_text("main")
    assert "We walked the river path and chose where the benches go." in main
    assert "More benches on the river path" in main
    assert MeetingMinutes.objects.filter(meeting=meeting).exists()
    assert Lineage.objects.get().target == idea
    page.click("main a:has-text('More benches on the river path')")
    assert "More benches on the river path" in page.locator("h1").inner_text()


def test_a_registered_attendee_votes_in_a_quick_poll_on_a_phone(
    phone_page: Any, sign_in: Any, meeting: Any, resident: Any, organiser: Any
) -> None:
    from coproduce.design.services.meeting_polls import poll_hands_set, poll_open

    meeting_register(meeting=meeting, person=resident)
    move_to_past(meeting)
    poll = poll_open(
        meeting=meeting, actor=organiser, question="Which layout?", options=["Trees", "Parking"]
    )
    trees, parking = poll.options.all()
    poll_hands_set(poll=poll, actor=organiser, hands={trees.pk: 2, parking.pk: 1})

    sign_in(phone_page, resident)
    phone_page.goto(f"/design/meetings/{meeting.activity_id}/")
    phone_page.check("text=Trees")
    phone_page.click("main button:has-text('Vote')")
    assert "Thank you: your vote is counted." in phone_page.inner_text("main")
    assert poll.votes.get().option == trees
    phone_page.click("text=Show the figures as a table")
    row = phone_page.locator("main table tr", has_text="Trees").inner_text()
    assert row.split() == ["Trees", "1", "2", "3"]
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
