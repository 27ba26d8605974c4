"""Reads for meetings: the meeting a person may see, their registration, staff's summary of
access needs (never on a public page), the outputs minutes can link to, calendar feeds and
poll results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.design.instruments import MEETING
from coproduce.design.models import (
    AccessNeed,
    Idea,
    Meeting,
    MeetingPoll,
    MeetingPollOption,
    MeetingPollVote,
    Registration,
    RegistrationStatus,
)
from coproduce.governance.models import Commitment
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from django.db.models import Model

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Initiative
    from coproduce.places.models import Place


def _activity(queryset: QuerySet[Activity], activity_pk: int) -> Activity:
    return get_object_or_404(
        queryset.filter(kind=MEETING).select_related(
            "stage__initiative__organisation", "eligible_place"
        ),
        pk=activity_pk,
    )


def _meeting(activity: Activity) -> Meeting | None:
    meeting = Meeting.objects.filter(activity=activity).select_related("place").first()
    if meeting is not None:
        meeting.activity = activity
    return meeting


def meeting_for_user(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, Meeting | None]:
    """Return the meeting activity the user may see and its meeting (None: not set up yet);
    raise Http404 otherwise."""
    activity = _activity(activities_for_user(user), activity_pk)
    return activity, _meeting(activity)


def meeting_for_staff(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, Meeting | None]:
    """Return a meeting activity the user may run, and its meeting; raise otherwise."""
    activity = _activity(Activity.objects.all(), activity_pk)
    if not can(user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied
    return activity, _meeting(activity)


def registration_of(meeting: Meeting, person: Person | AnonymousUser) -> Registration | None:
    """Return the person's registration (registered or waiting), or None."""
    if not person.is_authenticated:
        return None
    return (
        Registration.objects.filter(meeting=meeting, person=person)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .first()
    )


def waiting_position(registration: Registration) -> int:
    """Return the registration's place in the waiting list (1 is next)."""
    return (
        Registration.objects.filter(
            meeting_id=registration.meeting_id,
            status=RegistrationStatus.WAITING,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )


def registrations_listed(meeting: Meeting) -> list[Registration]:
    """Registered people first, then the waiting list in its order (staff only)."""
    return list(
        Registration.objects.filter(meeting=meeting)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .select_related("person")
        .order_by("status", "created_at", "pk")  # "registered" sorts before "waiting"
    )


@dataclass(frozen=True)
class NeedCount:
    need: str
    label: str
    registered: int
    waiting: int


def needs_summary(meeting: Meeting) -> list[NeedCount]:
    """Per access need, how many registered and waiting people asked for it (staff only:
    never shown on a public page). Interpreter needs are counted per language too."""
    rows = Registration.objects.filter(meeting=meeting).exclude(status=RegistrationStatus.WITHDRAWN)
    counts: Counter[tuple[str, str]] = Counter()
    languages: Counter[tuple[str, str]] = Counter()
    for need_list, status, language in rows.values_list("needs", "status", "interpreter_language"):
        for need in need_list:
            counts[(need, status)] += 1
        if AccessNeed.INTERPRETER in need_list and language:
            languages[(language.strip().capitalize(), status)] += 1
    summary = [
        NeedCount(
            need,
            str(label),
            counts[(need, RegistrationStatus.REGISTERED)],
            counts[(need, RegistrationStatus.WAITING)],
        )
        for need, label in AccessNeed.choices
    ]
    for language in sorted({name for name, _status in languages}):
        summary.append(
            NeedCount(
                AccessNeed.INTERPRETER,
                f"{AccessNeed.INTERPRETER.label}: {language}",
                languages[(language, RegistrationStatus.REGISTERED)],
                languages[(language, RegistrationStatus.WAITING)],
            )
        )
    return summary


@dataclass(frozen=True)
class OutputChoice:
    item: Model
    label: str


def output_choices(meeting: Meeting) -> dict[str, OutputChoice]:
    """What the meeting's minutes can link to: the ideas and commitments of its initiative,
    keyed ``idea:PK`` / ``commitment:PK``."""
    initiative = meeting.activity.stage.initiative
    ideas = Idea.objects.filter(board__activity__stage__initiative=initiative).order_by("title")
    commitments = Commitment.objects.filter(initiative=initiative).order_by("title")
    choices: dict[str, OutputChoice] = {}
    for idea in ideas:
        choices[f"idea:{idea.pk}"] = OutputChoice(idea, str(idea.title))
    for commitment in commitments:
        choices[f"commitment:{commitment.pk}"] = OutputChoice(commitment, str(commitment.title))
    return choices


def _public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(activity__in=activities_for_user(AnonymousUser())).select_related(
        "activity__stage__initiative", "place"
    )


def meetings_of_place(place: Place) -> list[Meeting]:
    """Public meetings in the place (or an area inside it, two levels down), by start."""
    inside = Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place)
    return list(_public_meetings().filter(inside).order_by("starts_at", "pk"))


def meetings_of_initiative(initiative: Initiative) -> list[Meeting]:
    """Public meetings of the initiative, by start."""
    return list(
        _public_meetings()
        .filter(activity__stage__initiative=initiative)
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class PollResult:
    option_pk: int
    label: str
    votes: int
    hands: int

    @property
    def total(self) -> int:
        return self.votes + self.hands


def polls_of(meeting: Meeting) -> list[MeetingPoll]:
    """The meeting's polls, newest first, each with its options and their votes counted
    (``n_votes``), in two queries."""
    options = MeetingPollOption.objects.annotate(n_votes=Count("votes")).order_by("position", "pk")
    return list(
        meeting.polls.prefetch_related(Prefetch("options", queryset=options)).order_by(
            "-opened_at", "-pk"
        )
    )


def poll_results(poll: MeetingPoll) -> list[PollResult]:
    """Per option, the votes on phones and the hands counted in the room (from
    ``polls_of``'s counts when the poll came from there)."""
    options: Any = poll.options.all()
    if not all(hasattr(o, "n_votes") for o in options):
        options = poll.options.annotate(n_votes=Count("votes")).order_by("position", "pk")
    return [PollResult(o.pk, o.label, o.n_votes, o.hands) for o in options]


def polls_voted(meeting: Meeting, person: Person | AnonymousUser) -> set[int]:
    """The polls of the meeting the person has voted in (one query)."""
    if not person.is_authenticated:
        return set()
    return set(
        MeetingPollVote.objects.filter(poll__meeting=meeting, person=person).values_list(
            "poll_id", flat=True
        )
    )


def poll_voted(poll: MeetingPoll, person: Person | AnonymousUser) -> bool:
    if not person.is_authenticated:
        return False
    return poll.votes.filter(person=person).exists()
