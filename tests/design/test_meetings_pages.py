"""A meeting's pages: registering with access needs (never shown in public), the waiting
list, giving up a seat, the calendar invitation and feeds (parsed back with icalendar), and
the staff pages (second factor; residents and visitors refused, forged POSTs change
nothing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coproduce.design.meeting_calendar import meeting_uid
from coproduce.design.models import (
    Meeting,
    MeetingMinutes,
    MeetingPoll,
    Registration,
    RegistrationStatus,
    WalkIn,
)
from coproduce.design.services.meetings import meeting_register
from coproduce.initiatives.models import Contribution, Lineage
from tests.design.meetings_fixtures import move_to_past

pytestmark = pytest.mark.django_db


def _page(meeting: Any) -> str:
    return reverse("design:meeting", args=[meeting.activity_id])


def _staff(meeting: Any, name: str = "meeting", *args: Any) -> str:
    return reverse(f"design_staff:{name}", args=[meeting.activity_id, *args])


def test_the_activity_links_to_the_meeting_page(meeting: Any) -> None:
    assert meeting.activity.get_absolute_url() == _page(meeting)


def test_anyone_reads_when_and_where_but_the_online_link_only_once_registered(
    client: Any, meeting: Any, resident: Any
) -> None:
    page = client.get(_page(meeting)).content.decode()
    assert "Testford Library, 2 High Street" in page and "2 of 2 seats left" in page
    assert "Sign in to register" in page
    assert "meet.example.org" not in page
    client.force_login(resident)
    client.post(reverse("design:meeting_register", args=[meeting.activity_id]))
    assert "https://meet.example.org/riverside" in client.get(_page(meeting)).content.decode()


def test_a_resident_registers_with_access_needs_that_no_public_page_shows(
    client: Any, meeting: Any, resident: Any, other_resident: Any
) -> None:
    client.force_login(resident)
    response = client.post(
        reverse("design:meeting_register", args=[meeting.activity_id]),
        {
            "needs": ["interpreter", "dietary"],
            "interpreter_language": "Polish",
            "needs_detail": "No nuts, please",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(person=resident)
    assert registration.needs == ["dietary", "interpreter"]
    assert registration.interpreter_language == "Polish"
    for viewer in (resident, other_resident, None):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        page = client.get(_page(meeting)).content.decode()
        assert "Polish" not in page and "No nuts" not in page
        feed = client.get(reverse("design:meeting_invitation", args=[meeting.activity_id]))
        assert b"Polish" not in feed.content and b"nuts" not in feed.content


def test_bad_needs_are_shown_on_the_form_and_nobody_is_registered(
    client: Any, meeting: Any, resident: Any
) -> None:
    client.force_login(resident)
    url = reverse("design:meeting_register", args=[meeting.activity_id])
    response = client.post(url, {"needs": ["interpreter"]})
    assert response.status_code == 400
    assert "Say which language" in response.content.decode()
    assert client.post(url, {"needs": ["flying"]}).status_code == 400
    assert not Registration.objects.exists()


def test_a_full_meeting_puts_the_resident_on_the_waiting_list_and_they_can_leave(
    client: Any, meeting: Any, resident: Any, make_person: Any
) -> None:
    for name in ("a", "b"):
        meeting_register(meeting=meeting, person=make_person(name))
    client.force_login(resident)
    page = client.get(_page(meeting)).content.decode()
    assert "Join the waiting list" in page
    client.post(reverse("design:meeting_register", args=[meeting.activity_id]))
    assert Registration.objects.get(person=resident).status == RegistrationStatus.WAITING
    assert "You are on the waiting list: number 1." in client.get(_page(meeting)).content.decode()
    client.post(reverse("design:meeting_withdraw", args=[meeting.activity_id]))
    assert Registration.objects.get(person=resident).status == RegistrationStatus.WITHDRAWN


def test_the_invitation_parses_back_with_a_stable_uid_and_aware_times(
    client: Any, meeting: Any
) -> None:
    url = reverse("design:meeting_invitation", args=[meeting.activity_id])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").tzinfo is not None
    assert event.decoded("DTEND") == meeting.ends_at
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert "Testford Library" in str(event["LOCATION"])
    assert str(event["URL"]) == "https://meet.example.org/riverside"
    assert str(event["SUMMARY"]) == "Riverside park workshop"
    assert calendar.walk("VTIMEZONE")
    again = Calendar.from_ical(client.get(url).content)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def test_the_place_and_initiative_feeds_list_public_meetings(
    client: Any, meeting: Any, initiative: Any, city: Any
) -> None:
    for url in (
        reverse("design:meeting_place_calendar", args=[city.slug]),
        reverse("design:meeting_initiative_calendar", args=[initiative.slug]),
    ):
        calendar = Calendar.from_ical(client.get(url).content)
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [meeting_uid(meeting)]
    north = reverse("design:meeting_place_calendar", args=["south"])
    assert Calendar.from_ical(client.get(north).content).walk("VEVENT") == []
    missing = reverse("design:meeting_place_calendar", args=["nowhere"])
    assert client.get(missing).status_code == 404


def test_staff_pages_refuse_residents_visitors_and_staff_without_the_second_factor(
    client: Any, meeting: Any, resident: Any, organiser: Any, initiative: Any
) -> None:
    registration = meeting_register(meeting=meeting, person=resident)
    move_to_past(meeting)
    posts = {
        _staff(meeting): {"mode": "online", "online_url": "https://x.org", "capacity": "900"},
        _staff(meeting, "meeting_attendance"): {"present": [str(registration.pk)]},
        _staff(meeting, "meeting_minutes"): {"text": "Forged minutes"},
        _staff(meeting, "meeting_poll_new"): {"question": "Forged?", "options": "Yes\nNo"},
    }
    new = reverse("design_staff:meeting_new") + f"?initiative={initiative.slug}"
    for login in (None, resident, organiser):
        client.logout()
        if login is not None:
            client.force_login(login)
        for url, data in posts.items():
            response = client.post(url, data)
            assert response.status_code in (302, 403)
            if login is resident:
                assert response.status_code == 403
            if response.status_code == 302:
                assert "login" in response["Location"] or "totp" in response["Location"]
        assert client.get(_staff(meeting)).status_code in (302, 403)
        assert client.get(new).status_code in (302, 403)
    meeting.refresh_from_db()
    assert meeting.capacity == 2 and meeting.mode == "hybrid"
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert not MeetingMinutes.objects.exists() and not MeetingPoll.objects.exists()
    assert not Contribution.objects.filter(kind="meeting.attend").exists()


def test_staff_of_another_organisation_are_refused(
    client: Any, meeting: Any, make_person: Any, with_second_factor: Any, city: Any
) -> None:
    from coproduce.organisations.models import Membership, Organisation

    other = Organisation.objects.create(name="Other", slug="other", kind="public_body", place=city)
    outsider = make_person("outsider")
    Membership.objects.create(organisation=other, person=outsider, role="staff")
    client.force_login(with_second_factor(outsider))
    assert client.get(_staff(meeting)).status_code == 403
    assert client.post(_staff(meeting, "meeting_minutes"), {"text": "x"}).status_code == 403


def test_staff_set_up_a_meeting_from_the_initiative(
    client: Any, initiative: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    response = client.post(
        reverse("initiatives:activity_new", args=[initiative.slug]),
        {
            "co": "design",
            "kind": "meeting",
            "title": "Design walk",
            "starts_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    guide = response["Location"]
    assert guide.startswith(reverse("design_staff:meeting_new"))
    starts = timezone.localtime() + timedelta(days=7)
    fields = {
        "title": "Design walk",
        "opens_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "mode": "online",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "20",
        "online_url": "",
    }
    assert client.post(guide, fields).status_code == 400
    assert not Meeting.objects.exists()
    response = client.post(guide, {**fields, "online_url": "https://meet.example.org/walk"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.mode, meeting.capacity, meeting.activity.title) == ("online", 20, "Design walk")
    staff_page = client.get(response["Location"])
    assert staff_page.status_code == 200


def test_staff_see_the_needs_take_attendance_and_publish_minutes_linked_to_an_idea(
    client: Any,
    meeting: Any,
    organiser: Any,
    resident: Any,
    other_resident: Any,
    idea: Any,
    with_second_factor: Any,
) -> None:
    came = meeting_register(meeting=meeting, person=resident, needs=["step_free", "childcare"])
    meeting_register(meeting=meeting, person=other_resident, needs=["step_free"])
    client.force_login(with_second_factor(organiser))
    page = client.get(_staff(meeting)).content.decode()
    assert "Access needs (private: only staff see them)" in page
    assert "Step-free access" in page and resident.email in page
    move_to_past(meeting)
    url = _staff(meeting, "meeting_attendance")
    assert client.post(url, {"present": ["999999"]}).status_code == 400
    assert client.post(url, {"present": [str(came.pk)], "walk_ins": "Ann Lee"}).status_code == 302
    assert client.post(url, {"walk_ins": "Ann Lee"}).status_code == 302
    assert Contribution.objects.filter(kind="meeting.attend").count() == 2
    assert WalkIn.objects.count() == 1
    minutes_url = _staff(meeting, "meeting_minutes")
    assert f"idea:{idea.pk}" in client.get(minutes_url).content.decode()
    bad = client.post(minutes_url, {"text": "", "outputs": [f"idea:{idea.pk}"]})
    assert bad.status_code == 400 and not Lineage.objects.exists()
    response = client.post(
        minutes_url, {"text": "We agreed on benches.", "outputs": [f"idea:{idea.pk}"]}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(_page(meeting)).content.decode()
    assert "We agreed on benches." in page and "More benches on the river path" in page
    link = Lineage.objects.get()
    assert (link.source, link.target) == (meeting, idea)


def test_a_quick_poll_from_the_staff_page_to_a_phone_and_its_chart(
    client: Any, meeting: Any, organiser: Any, resident: Any, with_second_factor: Any
) -> None:
    meeting_register(meeting=meeting, person=resident)
    move_to_past(meeting)
    client.force_login(with_second_factor(organiser))
    assert client.post(_staff(meeting, "meeting_poll_new"), {"question": "Q?"}).status_code == 400
    client.post(
        _staff(meeting, "meeting_poll_new"), {"question": "Which layout?", "options": "A\nB"}
    )
    poll = MeetingPoll.objects.get()
    a, b = poll.options.all()
    client.post(_staff(meeting, "meeting_poll_hands", poll.pk), {f"hands-{a.pk}": "x"})
    a.refresh_from_db()
    assert a.hands == 0
    client.post(
        _staff(meeting, "meeting_poll_hands", poll.pk), {f"hands-{a.pk}": "3", f"hands-{b.pk}": "5"}
    )
    client.force_login(resident)
    vote = reverse("design:meeting_poll_vote", args=[meeting.activity_id, poll.pk])
    client.post(vote, {"option": "nonsense"})
    assert not poll.votes.exists()
    client.post(vote, {"option": str(b.pk)})
    client.post(vote, {"option": str(a.pk)})
    assert list(poll.votes.values_list("option_id", flat=True)) == [b.pk]
    page = client.get(_page(meeting)).content.decode()
    assert "<svg" in page and "Votes on phones" in page and "You have voted." in page


def test_the_place_and_initiative_pages_link_their_meeting_feeds(
    client: Any, initiative: Any, city: Any
) -> None:
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert reverse("design:meeting_initiative_calendar", args=[initiative.slug]) in page
    page = client.get(city.get_absolute_url()).content.decode()
    assert reverse("design:meeting_place_calendar", args=[city.slug]) in page


def test_the_meeting_page_reads_in_a_fixed_number_of_queries_however_many_polls(
    client: Any, meeting: Any, organiser: Any, resident: Any, with_second_factor: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.design.services.meeting_polls import poll_open, poll_vote

    meeting_register(meeting=meeting, person=resident)
    move_to_past(meeting)
    client.force_login(resident)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_poll(n: int) -> None:
        poll = poll_open(meeting=meeting, actor=organiser, question=f"Q{n}?", options=["A", "B"])
        poll_vote(poll=poll, person=resident, option_pk=poll.options.first().pk)

    add_poll(0)
    count(_page(meeting))  # warm the per-process caches (content types) first
    before = count(_page(meeting))
    for n in range(1, 4):
        add_poll(n)
    assert count(_page(meeting)) == before
    client.force_login(with_second_factor(organiser))
    count(_staff(meeting))
    staff_before = count(_staff(meeting))
    add_poll(4)
    assert count(_staff(meeting)) == staff_before
