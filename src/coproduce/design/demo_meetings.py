"""Demo meetings in Riverton's safer-streets initiative: a street design workshop held ten
days ago (attendance taken, a quick poll, minutes linked to the ideas board's answered idea)
and a design walk next week that is full, with a waiting list and access needs. Idempotent:
a meeting already there is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coproduce.design.instruments import MEETING
from coproduce.design.models import Idea, Meeting
from coproduce.design.services.meeting_polls import poll_close, poll_hands_set, poll_open, poll_vote
from coproduce.design.services.meetings import (
    attendance_record,
    meeting_activity_create,
    meeting_register,
    minutes_publish,
)
from coproduce.initiatives.demo_city import City

WORKSHOP = "Street design workshop: the school run"
WALK = "Design walk: Station Road"
IDEA = "A zebra crossing outside Riverside Primary"
# Access needs of the first people registered for the walk: needs, language, detail.
NEEDS = [
    (["step_free"], "", ""),
    (["interpreter"], "British Sign Language", ""),
    (["hearing_loop", "dietary"], "", "Gluten-free, please"),
    (["childcare"], "", ""),
    (["interpreter"], "Polish", ""),
]


def load(city: City) -> None:
    """Load or leave the two Riverton meetings."""
    initiative = city.initiatives.get("safer-streets")
    if initiative is None:
        return
    existing = set(
        Meeting.objects.filter(
            activity__stage__initiative=initiative, activity__kind=MEETING
        ).values_list("activity__title", flat=True)
    )
    if WORKSHOP not in existing:
        _workshop(city)
    if WALK not in existing:
        _walk(city)


def _workshop(city: City) -> None:
    staff, now = city.people["staff"], timezone.now()
    starts = (now + timedelta(days=1)).replace(hour=18, minute=0, second=0, microsecond=0)
    meeting = meeting_activity_create(
        actor=staff,
        initiative=city.initiatives["safer-streets"],
        title=WORKSHOP,
        description="Parents, children and the highways team design the walk to school.",
        opens_at=now - timedelta(days=40),
        mode="in_person",
        place=city.city,
        venue="Riverside Primary School hall, Mill Lane",
        latitude=52.452,
        longitude=-1.512,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=25,
        agenda="1. The walk to school today\n2. Where children cross\n3. What to change first",
    )
    registrations = [meeting_register(meeting=meeting, person=p) for p in city.residents[:18]]
    # The workshop happened ten days ago: move it there once the registrations are in.
    held = starts - timedelta(days=11)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=held, ends_at=held + timedelta(hours=2))
    meeting.refresh_from_db()
    attendance_record(
        meeting=meeting,
        actor=staff,
        present=[r.pk for r in registrations[:14]],
        walk_ins=["Mrs Okafor (lollipop lady)", "Tom from the bike shop"],
    )
    poll = poll_open(
        meeting=meeting,
        actor=staff,
        question="What should change first?",
        options=["A zebra crossing on Mill Lane", "A 20 mph zone", "A school street"],
    )
    options = list(poll.options.all())
    for index, person in enumerate(city.residents[:9]):
        poll_vote(poll=poll, person=person, option_pk=options[0 if index % 3 else 2].pk)
    poll_hands_set(poll=poll, actor=staff, hands={options[0].pk: 6, options[2].pk: 3})
    poll_close(poll=poll, actor=staff)
    idea = Idea.objects.filter(board__activity__stage__initiative=meeting.activity.stage.initiative)
    outputs = [f"idea:{i.pk}" for i in idea.filter(title=IDEA)]
    minutes_publish(
        meeting=meeting,
        actor=staff,
        text=(
            "Sixteen people came, with the highways team.\n\n"
            "Children showed where they cross between parked cars on Mill Lane. Most people "
            "put a zebra crossing first (see the poll); a school street comes next, for a "
            "trial in the summer term.\n\n"
            "The crossing idea from the ideas board is accepted and in the spring programme."
        ),
        outputs=outputs,
    )


def _walk(city: City) -> None:
    staff, now = city.people["staff"], timezone.now()
    starts = (now + timedelta(days=6)).replace(hour=10, minute=30, second=0, microsecond=0)
    meeting = meeting_activity_create(
        actor=staff,
        initiative=city.initiatives["safer-streets"],
        title=WALK,
        description="Walk Station Road with the designers and say what works and what does not.",
        opens_at=now - timedelta(days=5),
        mode="hybrid",
        place=city.city,
        venue="Meet outside Riverton station, Station Road",
        latitude=52.447,
        longitude=-1.488,
        online_url="https://meet.riverton.example/station-road-walk",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1, minutes=30),
        capacity=8,
        agenda="The walk takes about an hour on level pavements, with stops to talk. "
        "People online follow a live video and add comments.",
    )
    for index, person in enumerate(city.residents[20:31]):
        needs, language, detail = NEEDS[index] if index < len(NEEDS) else ([], "", "")
        meeting_register(
            meeting=meeting,
            person=person,
            needs=needs,
            interpreter_language=language,
            needs_detail=detail,
        )
