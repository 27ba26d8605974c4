"""Meetings as specifications: seats and the waiting list, withdrawal and promotion (with a
notification), access needs, attendance into the ledger, minutes with lineage, quick polls,
reminders, and refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.accounts.models import Notification
from coproduce.audit.models import AuditEvent
from coproduce.design.meeting_reminders import meeting_reminders
from coproduce.design.models import (
    Meeting,
    MeetingPollVote,
    Registration,
    RegistrationStatus,
    WalkIn,
)
from coproduce.design.selectors.meetings import needs_summary, poll_results, waiting_position
from coproduce.design.services.meeting_polls import (
    poll_close,
    poll_hands_set,
    poll_open,
    poll_vote,
)
from coproduce.design.services.meetings import (
    attendance_record,
    meeting_register,
    meeting_set_up,
    meeting_withdraw,
    minutes_publish,
)
from coproduce.initiatives.models import Contribution, Lineage
from tests.design.meetings_fixtures import move_to_past

pytestmark = pytest.mark.django_db


def test_the_first_people_take_the_seats_and_the_rest_wait_in_order(
    meeting: Any, make_person: Any
) -> None:
    people = [make_person(f"p{i}") for i in range(4)]
    rows = [meeting_register(meeting=meeting, person=p) for p in people]
    assert [r.status for r in rows] == ["registered", "registered", "waiting", "waiting"]
    meeting.refresh_from_db()
    assert meeting.taken == 2 and meeting.seats_left == 0
    assert [waiting_position(r) for r in rows[2:]] == [1, 2]


def test_it_refuses_a_second_registration_by_the_same_person(meeting: Any, resident: Any) -> None:
    meeting_register(meeting=meeting, person=resident)
    with pytest.raises(ValidationError, match="already registered"):
        meeting_register(meeting=meeting, person=resident)
    assert Registration.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.taken == 1


def test_withdrawing_frees_the_seat_for_the_first_waiting_who_is_told(
    meeting: Any, make_person: Any
) -> None:
    first, second, waiting, later = (make_person(n) for n in ("a", "b", "c", "d"))
    held = meeting_register(meeting=meeting, person=first)
    meeting_register(meeting=meeting, person=second)
    promoted = meeting_register(meeting=meeting, person=waiting)
    meeting_register(meeting=meeting, person=later)

    meeting_withdraw(registration=held, person=first)

    promoted.refresh_from_db()
    meeting.refresh_from_db()
    assert promoted.status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(person=later).status == RegistrationStatus.WAITING
    assert meeting.taken == 2
    note = Notification.objects.get(person=waiting, event="meeting.promoted")
    assert "Riverside park workshop" in note.subject


def test_leaving_the_waiting_list_promotes_nobody(meeting: Any, make_person: Any) -> None:
    people = [make_person(f"p{i}") for i in range(3)]
    rows = [meeting_register(meeting=meeting, person=p) for p in people]
    meeting_withdraw(registration=rows[2], person=people[2])
    meeting.refresh_from_db()
    assert meeting.taken == 2
    assert not Notification.objects.filter(event="meeting.promoted").exists()


def test_one_cannot_withdraw_someone_else(meeting: Any, resident: Any, other_resident: Any) -> None:
    row = meeting_register(meeting=meeting, person=resident)
    with pytest.raises(PermissionDenied):
        meeting_withdraw(registration=row, person=other_resident)
    row.refresh_from_db()
    assert row.status == RegistrationStatus.REGISTERED


def test_a_withdrawn_person_can_register_again(meeting: Any, resident: Any) -> None:
    row = meeting_register(meeting=meeting, person=resident)
    meeting_withdraw(registration=row, person=resident)
    again = meeting_register(meeting=meeting, person=resident)
    assert again.pk == row.pk and again.status == RegistrationStatus.REGISTERED


def test_more_seats_go_to_the_waiting_list_and_fewer_than_taken_are_refused(
    meeting: Any, organiser: Any, make_person: Any
) -> None:
    rows = [meeting_register(meeting=meeting, person=make_person(f"p{i}")) for i in range(3)]
    values = {
        "mode": meeting.mode,
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
    }
    with pytest.raises(ValidationError, match="2 people are registered"):
        meeting_set_up(activity=meeting.activity, actor=organiser, capacity=1, **values)
    meeting_set_up(activity=meeting.activity, actor=organiser, capacity=3, **values)
    rows[2].refresh_from_db()
    assert rows[2].status == RegistrationStatus.REGISTERED
    assert Meeting.objects.get().taken == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mode": "online", "online_url": ""}, "online_url"),
        ({"mode": "in_person", "venue": "", "place": None, "latitude": None}, "venue"),
        ({"latitude": 91.0}, "latitude"),
        ({"latitude": 50.0, "longitude": None}, "latitude"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"capacity": 0}, "capacity"),
        ({"mode": "somewhere"}, "mode"),
    ],
)
def test_a_bad_set_up_says_why_and_changes_nothing(
    meeting: Any, organiser: Any, changes: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "mode": "hybrid",
        "venue": "Hall",
        "place": None,
        "latitude": None,
        "longitude": None,
        "online_url": "https://meet.example.org/x",
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "capacity": 5,
    }
    values.update(changes)
    before = Meeting.objects.values().get()
    with pytest.raises(ValidationError) as refused:
        meeting_set_up(activity=meeting.activity, actor=organiser, **values)
    assert field in refused.value.message_dict
    assert Meeting.objects.values().get() == before


def test_a_meeting_that_ends_before_it_starts_is_refused(meeting: Any, organiser: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        meeting_set_up(
            activity=meeting.activity,
            actor=organiser,
            mode="online",
            online_url="https://meet.example.org/x",
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at - timedelta(hours=1),
            capacity=5,
        )
    assert "ends_at" in refused.value.message_dict


def test_residents_cannot_set_up_or_change_a_meeting(meeting: Any, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        meeting_set_up(
            activity=meeting.activity,
            actor=resident,
            mode="online",
            online_url="https://meet.example.org/x",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            capacity=500,
        )
    assert Meeting.objects.get().capacity == 2


def test_access_needs_are_kept_and_summarised_for_staff(meeting: Any, make_person: Any) -> None:
    a, b, c = (make_person(n) for n in ("a", "b", "c"))
    meeting_register(
        meeting=meeting,
        person=a,
        needs=["step_free", "interpreter"],
        interpreter_language="british sign language",
    )
    meeting_register(
        meeting=meeting, person=b, needs=["step_free", "dietary"], needs_detail="Vegan"
    )
    meeting_register(meeting=meeting, person=c, needs=["childcare"])
    summary = {row.label: (row.registered, row.waiting) for row in needs_summary(meeting)}
    assert summary["Step-free access"] == (2, 0)
    assert summary["Childcare"] == (0, 1)
    assert summary["Dietary needs"] == (1, 0)
    assert summary["An interpreter: British sign language"] == (1, 0)


@pytest.mark.parametrize(
    ("needs", "extra", "field"),
    [
        (["teleporter"], {}, "needs"),
        (["interpreter"], {}, "interpreter_language"),
        (["other"], {}, "needs_detail"),
        (["other"], {"needs_detail": "x" * 1001}, "needs_detail"),
    ],
)
def test_bad_access_needs_say_why_and_register_nobody(
    meeting: Any, resident: Any, needs: list[str], extra: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        meeting_register(meeting=meeting, person=resident, needs=needs, **extra)
    assert field in refused.value.message_dict
    assert not Registration.objects.exists()
    assert Meeting.objects.get().taken == 0


def test_registration_closes_when_the_meeting_starts(meeting: Any, resident: Any) -> None:
    move_to_past(meeting)
    with pytest.raises(ValidationError, match="already started"):
        meeting_register(meeting=meeting, person=resident)
    assert not Registration.objects.exists()


def test_an_anonymous_visitor_cannot_register(meeting: Any, anonymous: Any) -> None:
    with pytest.raises(PermissionDenied):
        meeting_register(meeting=meeting, person=anonymous)


def test_attendance_writes_one_ledger_row_per_person_however_often_it_is_saved(
    meeting: Any, organiser: Any, resident: Any, other_resident: Any
) -> None:
    came = meeting_register(meeting=meeting, person=resident)
    meeting_register(meeting=meeting, person=other_resident)
    move_to_past(meeting)
    assert attendance_record(meeting=meeting, actor=organiser, present=[came.pk]) == 1
    assert (
        attendance_record(
            meeting=meeting, actor=organiser, present=[came.pk], walk_ins=["Sam Jones", ""]
        )
        == 1
    )
    assert (
        attendance_record(
            meeting=meeting, actor=organiser, present=[came.pk], walk_ins=["Sam  Jones"]
        )
        == 0
    )
    rows = Contribution.objects.filter(kind="meeting.attend", activity=meeting.activity)
    assert rows.count() == 2
    assert {r.person_id for r in rows} == {resident.pk, None}
    assert {r.recorded_by_id for r in rows} == {organiser.pk}
    assert {r.co for r in rows} == {"design"}
    assert {r.channel for r in rows} == {"in_person"}
    assert WalkIn.objects.get().name == "Sam Jones"
    came.refresh_from_db()
    assert came.attended_at is not None
    assert AuditEvent.objects.filter(action="meeting.attendance").count() == 3


def test_attendance_refuses_people_not_registered_and_changes_nothing(
    meeting: Any, organiser: Any, resident: Any, make_person: Any
) -> None:
    came = meeting_register(meeting=meeting, person=resident)
    move_to_past(meeting)
    with pytest.raises(ValidationError, match="registered for this meeting"):
        attendance_record(meeting=meeting, actor=organiser, present=[came.pk, 999_999])
    came.refresh_from_db()
    assert came.attended_at is None
    assert not Contribution.objects.filter(kind="meeting.attend").exists()


def test_attendance_is_taken_by_staff_once_the_meeting_started(
    meeting: Any, organiser: Any, resident: Any
) -> None:
    came = meeting_register(meeting=meeting, person=resident)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        attendance_record(meeting=meeting, actor=organiser, present=[came.pk])
    move_to_past(meeting)
    with pytest.raises(PermissionDenied):
        attendance_record(meeting=meeting, actor=resident, present=[came.pk])
    assert not Contribution.objects.filter(kind="meeting.attend").exists()


def test_minutes_link_the_meeting_to_what_it_produced(
    meeting: Any, organiser: Any, resident: Any, idea: Any
) -> None:
    came = meeting_register(meeting=meeting, person=resident)
    with pytest.raises(ValidationError, match="after the meeting"):
        minutes_publish(meeting=meeting, actor=organiser, text="Too early")
    move_to_past(meeting)
    attendance_record(meeting=meeting, actor=organiser, present=[came.pk])
    with pytest.raises(ValidationError):
        minutes_publish(meeting=meeting, actor=organiser, text="Notes", outputs=["idea:0"])
    minutes = minutes_publish(
        meeting=meeting, actor=organiser, text="We chose benches.", outputs=[f"idea:{idea.pk}"]
    )
    assert minutes.text == "We chose benches."
    link = Lineage.objects.get()
    assert (link.source, link.target, link.kind) == (meeting, idea, "led_to")
    assert Notification.objects.filter(person=resident, event="meeting.minutes").count() == 1
    minutes_publish(meeting=meeting, actor=organiser, text="Corrected", outputs=[f"idea:{idea.pk}"])
    assert Lineage.objects.count() == 1
    assert Notification.objects.filter(event="meeting.minutes").count() == 1


def test_a_quick_poll_counts_phone_votes_and_hands(
    meeting: Any, organiser: Any, resident: Any, other_resident: Any, make_person: Any
) -> None:
    meeting_register(meeting=meeting, person=resident)
    meeting_register(meeting=meeting, person=other_resident)
    waiting = make_person("waiting")
    meeting_register(meeting=meeting, person=waiting)
    with pytest.raises(ValidationError):
        poll_open(meeting=meeting, actor=organiser, question="Which?", options=["A", "B"])
    move_to_past(meeting)
    with pytest.raises(ValidationError) as refused:
        poll_open(meeting=meeting, actor=organiser, question="Which?", options=["Only one"])
    assert "options" in refused.value.message_dict
    poll = poll_open(
        meeting=meeting, actor=organiser, question="Which layout?", options=["A", "B", "A", ""]
    )
    a, b = poll.options.all()
    poll_vote(poll=poll, person=resident, option_pk=a.pk)
    with pytest.raises(ValidationError, match="already voted"):
        poll_vote(poll=poll, person=resident, option_pk=b.pk)
    with pytest.raises(PermissionDenied):
        poll_vote(poll=poll, person=waiting, option_pk=b.pk)
    with pytest.raises(ValidationError):
        poll_vote(poll=poll, person=other_resident, option_pk=999_999)
    poll_hands_set(poll=poll, actor=organiser, hands={a.pk: 4, b.pk: 7})
    with pytest.raises(ValidationError):
        poll_hands_set(poll=poll, actor=organiser, hands={a.pk: -1})
    poll_close(poll=poll, actor=organiser)
    with pytest.raises(ValidationError, match="closed"):
        poll_vote(poll=poll, person=other_resident, option_pk=b.pk)
    results = {r.label: (r.votes, r.hands, r.total) for r in poll_results(poll)}
    assert results == {"A": (1, 4, 5), "B": (0, 7, 7)}
    assert MeetingPollVote.objects.count() == 1


def test_the_reminder_goes_once_to_registered_people_the_day_before(
    meeting: Any, resident: Any, make_person: Any
) -> None:
    meeting_register(meeting=meeting, person=resident)
    meeting_register(meeting=meeting, person=make_person("second"))
    waiting = make_person("waiting")
    meeting_register(meeting=meeting, person=waiting)
    assert meeting_reminders(timezone.now()) == 0  # three days before
    day_before = meeting.starts_at - timedelta(hours=20)
    assert meeting_reminders(day_before) == 2
    assert meeting_reminders(day_before + timedelta(hours=1)) == 0
    assert Notification.objects.filter(event="meeting.reminder").count() == 2
    assert not Notification.objects.filter(person=waiting, event="meeting.reminder").exists()


def test_the_reminder_runs_with_the_other_reminders(meeting: Any, resident: Any) -> None:
    from coproduce.accounts.reminders import reminders_send

    meeting_register(meeting=meeting, person=resident)
    told = reminders_send(now=meeting.starts_at - timedelta(hours=2))
    assert told["design.meeting"] == 1


def test_the_demo_meetings_load_idempotently_with_minutes_and_a_waiting_list() -> None:
    from coproduce.design import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    demo.load(city)
    workshop = Meeting.objects.get(activity__title__startswith="Street design workshop")
    walk = Meeting.objects.get(activity__title__startswith="Design walk")
    assert Meeting.objects.count() == 2
    assert workshop.ends_at < timezone.now() < walk.starts_at
    link = Lineage.objects.get(source_type__model="meeting", source_id=workshop.pk)
    assert link.target.title == "A zebra crossing outside Riverside Primary"
    assert Contribution.objects.filter(kind="meeting.attend").count() == 16
    assert walk.taken == walk.capacity == 8
    assert walk.registrations.filter(status=RegistrationStatus.WAITING).count() == 3
    assert {r.label: r.total for r in poll_results(workshop.polls.get())} == {
        "A zebra crossing on Mill Lane": 12,
        "A 20 mph zone": 0,
        "A school street": 6,
    }


def test_the_reminder_is_e_mailed_to_people_who_chose_e_mail_now(
    meeting: Any, resident: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    meeting_register(meeting=meeting, person=resident)
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_reminders(meeting.starts_at - timedelta(hours=3)) == 1
    assert [m.to for m in mailoutbox] == [[resident.email]]
    assert "Riverside park workshop" in mailoutbox[0].subject


def test_staff_see_registered_people_first_then_the_waiting_list_in_order(
    meeting: Any, make_person: Any
) -> None:
    from coproduce.design.selectors.meetings import registrations_listed

    people = [make_person(f"p{i}") for i in range(4)]
    for person in people:
        meeting_register(meeting=meeting, person=person)
    listed = registrations_listed(meeting)
    assert [r.person for r in listed] == people
    assert [r.status for r in listed] == ["registered", "registered", "waiting", "waiting"]


def test_the_export_holds_registrations_with_needs_and_erasure_frees_the_seat(
    meeting: Any, resident: Any, other_resident: Any, make_person: Any, organiser: Any
) -> None:
    from coproduce.accounts.services import person_delete, person_export

    meeting_register(
        meeting=meeting,
        person=resident,
        needs=["interpreter"],
        interpreter_language="Polish",
    )
    meeting_register(meeting=meeting, person=other_resident)
    waiting = meeting_register(meeting=meeting, person=make_person("waiting"))
    exported = person_export(resident)["meetings"]
    (row,) = exported["meeting_registrations"]
    assert row["meeting"] == "Riverside park workshop"
    assert row["access_needs"] == ["An interpreter"]
    assert row["interpreter_language"] == "Polish"

    person_delete(resident)

    assert not any("interpreter" in r.needs for r in Registration.objects.all())
    assert not Registration.objects.filter(interpreter_language="Polish").exists()
    assert Registration.objects.count() == 2
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    meeting.refresh_from_db()
    assert meeting.taken == 2


def test_your_activity_lists_your_meetings_with_where_you_stand_in_one_query(
    meeting: Any,
    organiser: Any,
    resident: Any,
    make_person: Any,
    django_assert_num_queries: Any,
) -> None:
    from coproduce.accounts.activity import activity_sections

    (section,) = [s for s in activity_sections() if s.key == "meetings"]
    first = meeting_register(meeting=meeting, person=resident)
    meeting_register(meeting=meeting, person=make_person("b"))
    late = make_person("late")
    meeting_register(meeting=meeting, person=late)
    assert [i.status for i in section.items(late)] == ["On the waiting list"]
    move_to_past(meeting)
    attendance_record(meeting=meeting, actor=organiser, present=[first.pk])
    with django_assert_num_queries(1):
        items = section.items(resident)
    assert [(i.title, i.status) for i in items] == [("Riverside park workshop", "You came")]
    assert section.items(organiser) == []
