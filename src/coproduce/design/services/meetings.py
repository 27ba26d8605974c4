"""Writes for meetings: set-up, registration with a waiting list, attendance, minutes.

A seat is taken by ``_take_seat``, one conditional UPDATE (``taken < capacity``) that the
database applies atomically, and the check constraint ``meeting_never_overbooked`` backs it:
however many people register at once, a meeting never holds more than its seats. Anyone
else joins the waiting list, and a seat given up goes to the first person waiting, who is
told. Staff actions are audited; attendance writes the participation ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.design.instruments import MEETING, MEETING_REGISTER, MEETING_RUN
from coproduce.design.models import (
    AccessNeed,
    Meeting,
    MeetingMinutes,
    MeetingMode,
    Registration,
    RegistrationStatus,
    WalkIn,
)
from coproduce.design.selectors.meetings import output_choices
from coproduce.initiatives.models import Activity, Channel, Co, Initiative, LineageKind, Mode
from coproduce.initiatives.rules import require
from coproduce.initiatives.services import activity_create, contribution_record, lineage_link
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.places.models import Place

VENUE_MAX = 300
URL_MAX = 500
AGENDA_MAX = 4000
MAX_SEATS = 100_000
LANGUAGE_MAX = 80
NEEDS_DETAIL_MAX = 1000
WALK_IN_MAX = 120
MINUTES_MAX = 20_000
# Attendance is taken by staff; the ledger rows say the person took part in person and
# name who recorded them.
ATTENDANCE_CHANNEL = Channel.IN_PERSON
ATTEND = "meeting.attend"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _where_errors(
    *,
    mode: str,
    place: Place | None,
    venue: str,
    latitude: float | None,
    longitude: float | None,
    online_url: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if mode not in MeetingMode.values:
        errors["mode"] = _("Choose in person, online or hybrid.")
        return errors
    in_person = mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID)
    online = mode in (MeetingMode.ONLINE, MeetingMode.HYBRID)
    if len(venue) > VENUE_MAX:
        errors["venue"] = _("Keep the venue to %(n)s characters or fewer.") % {"n": VENUE_MAX}
    elif in_person and not venue and place is None and latitude is None:
        errors["venue"] = _("Say where people meet: the venue, an area or a point on the map.")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors["latitude"] = _("The map point is not a place on Earth.")
    if online_url and (
        len(online_url) > URL_MAX or not online_url.startswith(("https://", "http://"))
    ):
        errors["online_url"] = _("Give the online link as a web address starting https://.")
    elif online and not online_url:
        errors["online_url"] = _("Give the link people use to join online.")
    return errors


def meeting_set_up(
    *,
    activity: Activity,
    actor: Person | AnonymousUser,
    mode: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    agenda: str = "",
    place: Place | None = None,
    venue: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    online_url: str = "",
) -> Meeting:
    """Set up (or change) the meeting of a meeting activity; audited. More seats go to the
    waiting list at once; fewer seats than people registered are refused."""
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    if activity.kind != MEETING:
        raise ValidationError(_("This activity is not a meeting."))
    venue, online_url, agenda = _clean(venue), online_url.strip(), agenda.strip()
    errors = _where_errors(
        mode=mode,
        place=place,
        venue=venue,
        latitude=latitude,
        longitude=longitude,
        online_url=online_url,
    )
    if ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not 1 <= capacity <= MAX_SEATS:
        errors["capacity"] = _("Give from 1 to %(n)s seats.") % {"n": MAX_SEATS}
    if len(agenda) > AGENDA_MAX:
        errors["agenda"] = _("Keep the agenda to %(n)s characters or fewer.") % {"n": AGENDA_MAX}
    values = {
        "mode": mode,
        "place": place,
        "venue": venue,
        "latitude": latitude,
        "longitude": longitude,
        "online_url": online_url,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "agenda": agenda,
        "capacity": capacity,
    }
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().filter(activity=activity).first()
        if meeting is not None and capacity < meeting.taken:
            errors["capacity"] = _(
                "%(n)s people are registered: give at least that many seats."
            ) % {"n": meeting.taken}
        if errors:
            raise ValidationError(errors)
        created = meeting is None
        if meeting is None:
            meeting = Meeting.objects.create(activity=activity, **values)
        else:
            moved = any(
                getattr(meeting, key) != values[key]
                for key in ("starts_at", "ends_at", "venue", "online_url", "place", "mode")
            )
            for key, value in values.items():
                setattr(meeting, key, value)
            meeting.sequence += 1 if moved else 0
            meeting.updated_at = timezone.now()
            meeting.save()
            _promote_waiting(meeting)
        audit_record(
            action="meeting.create" if created else "meeting.change",
            actor=actor,
            target=meeting,
            data={"mode": mode, "capacity": capacity, "starts_at": starts_at.isoformat()},
            organisation=activity.stage.initiative.organisation,
        )
    meeting.activity = activity
    return meeting


def meeting_activity_create(
    *,
    actor: Person,
    initiative: Initiative,
    title: str,
    description: str = "",
    opens_at: datetime,
    **meeting: object,
) -> Meeting:
    """Add a meeting activity (registration opens at ``opens_at``) to the initiative's
    co-design stage with its meeting, all or nothing; audited as both."""
    with transaction.atomic():
        activity = activity_create(
            actor=actor,
            initiative=initiative,
            co=Co.DESIGN,
            kind=MEETING,
            title=title,
            description=description,
            starts_at=opens_at,
        )
        return meeting_set_up(activity=activity, actor=actor, **meeting)  # type: ignore[arg-type]


def _take_seat(meeting: Meeting) -> bool:
    """Take one seat if one is left, atomically in the database; return whether it did."""
    updated = Meeting.objects.filter(pk=meeting.pk, taken__lt=F("capacity")).update(
        taken=F("taken") + 1
    )
    return updated == 1


def _free_seat(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk, taken__gt=0).update(taken=F("taken") - 1)


def _needs_clean(
    needs: Iterable[str], interpreter_language: str, needs_detail: str
) -> tuple[list[str], str, str]:
    chosen = sorted(set(needs))
    language, detail = _clean(interpreter_language), needs_detail.strip()
    errors: dict[str, str] = {}
    if set(chosen) - set(AccessNeed.values):
        errors["needs"] = _("Choose your needs from the list.")
    if AccessNeed.INTERPRETER in chosen and not language:
        errors["interpreter_language"] = _("Say which language the interpreter should speak.")
    elif len(language) > LANGUAGE_MAX:
        errors["interpreter_language"] = _("Keep the language to %(n)s characters or fewer.") % {
            "n": LANGUAGE_MAX
        }
    if AccessNeed.OTHER in chosen and not detail:
        errors["needs_detail"] = _("Tell us what else you need.")
    elif len(detail) > NEEDS_DETAIL_MAX:
        errors["needs_detail"] = _("Keep this to %(n)s characters or fewer.") % {
            "n": NEEDS_DETAIL_MAX
        }
    if errors:
        raise ValidationError(errors)
    if AccessNeed.INTERPRETER not in chosen:
        language = ""
    return chosen, language, detail


def meeting_register(
    *,
    meeting: Meeting,
    person: Person | AnonymousUser,
    needs: Iterable[str] = (),
    interpreter_language: str = "",
    needs_detail: str = "",
) -> Registration:
    """Take a seat, or join the waiting list when the meeting is full, with the person's
    access needs. Raise ValidationError (saying why) when they may not register."""
    require(person, MEETING_REGISTER, meeting.activity)
    assert person.is_authenticated
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("This meeting has already started."))
    chosen, language, detail = _needs_clean(needs, interpreter_language, needs_detail)
    try:
        with transaction.atomic():
            existing = (
                Registration.objects.select_for_update()
                .filter(meeting=meeting, person=person)
                .first()
            )
            if existing is not None and existing.status != RegistrationStatus.WITHDRAWN:
                raise ValidationError(
                    _("You are already on this meeting's waiting list.")
                    if existing.status == RegistrationStatus.WAITING
                    else _("You are already registered for this meeting.")
                )
            status = (
                RegistrationStatus.REGISTERED if _take_seat(meeting) else RegistrationStatus.WAITING
            )
            values = {
                "status": status,
                "created_at": timezone.now(),
                "needs": chosen,
                "interpreter_language": language,
                "needs_detail": detail,
            }
            if existing is None:
                # Always an INSERT for a new person: two requests at once meet the unique
                # constraint rather than both updating one row.
                return Registration.objects.create(meeting=meeting, person=person, **values)
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save(update_fields=list(values))
            return existing
    except IntegrityError:
        raise ValidationError(_("You are already registered for this meeting.")) from None


def _promote_waiting(meeting: Meeting) -> list[Registration]:
    """Give free seats to the people waiting longest, and tell each of them."""
    promoted: list[Registration] = []
    waiting = (
        Registration.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, status=RegistrationStatus.WAITING, person__isnull=False)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    for registration in waiting:
        if not _take_seat(meeting):
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
        promoted.append(registration)
        title = meeting.activity.title
        notify(
            registration.person,
            subject=Sentence(
                gettext_noop("A seat came free: you are registered for “%(title)s”"),
                {"title": title[:80]},
            ),
            body=Sentence(
                gettext_noop(
                    "You were on the waiting list and now have a seat at “%(title)s” on "
                    "%(when)s. If you cannot come, please give up your seat so someone else can."
                ),
                {"title": title, "when": meeting.starts_at},
            ),
            url=meeting.get_absolute_url(),
            event="meeting.promoted",
            target=meeting.activity,
        )
    return promoted


def seat_release(meeting: Meeting) -> None:
    """Free one seat of a meeting that has not started and give it to the first waiting."""
    _free_seat(meeting)
    if meeting.starts_at > timezone.now():
        _promote_waiting(meeting)


def meeting_withdraw(*, registration: Registration, person: Person) -> Registration:
    """Give up one's seat (or leave the waiting list); the seat goes to the first waiting."""
    if registration.person_id != person.pk:
        raise PermissionDenied(_("This is not your registration."))
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("meeting__activity")
            .get(pk=registration.pk)
        )
        meeting = registration.meeting
        if registration.status == RegistrationStatus.WITHDRAWN:
            raise ValidationError(_("You are not registered for this meeting."))
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."))
        held = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.WITHDRAWN
        registration.save(update_fields=["status"])
        if held:
            _free_seat(meeting)
            _promote_waiting(meeting)
    return registration


def attendance_record(
    *,
    meeting: Meeting,
    actor: Person | AnonymousUser,
    present: Iterable[int],
    walk_ins: Iterable[str] = (),
) -> int:
    """Record who came: registered people by their registration, walk-ins by name. Each
    person is recorded once (a second submission adds only the new ones), with a ledger
    row; return how many were newly recorded."""
    activity = meeting.activity
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is taken once the meeting has started."))
    wanted = set(present)
    names = list(dict.fromkeys(_clean(name) for name in walk_ins if _clean(name)))
    if any(len(name) > WALK_IN_MAX for name in names):
        raise ValidationError(
            {"walk_ins": _("Keep each name to %(n)s characters or fewer.") % {"n": WALK_IN_MAX}}
        )
    with transaction.atomic():
        rows = list(
            Registration.objects.select_for_update()
            .filter(meeting=meeting, pk__in=wanted)
            .exclude(status=RegistrationStatus.WITHDRAWN)
        )
        if len(rows) != len(wanted):
            raise ValidationError(_("Tick only people registered for this meeting."))
        now, recorded = timezone.now(), 0
        for registration in rows:
            if registration.attended_at is not None:
                continue
            registration.attended_at = now
            registration.attendance_recorded_by = actor
            registration.save(update_fields=["attended_at", "attendance_recorded_by"])
            _attendance_contribution(activity, registration.person, actor)
            recorded += 1
        known = set(WalkIn.objects.filter(meeting=meeting, name__in=names).values_list("name"))
        for name in names:
            if (name,) in known:
                continue
            WalkIn.objects.create(meeting=meeting, name=name, recorded_by=actor)
            _attendance_contribution(activity, None, actor)
            recorded += 1
        audit_record(
            action="meeting.attendance",
            actor=actor,
            target=meeting,
            data={"recorded": recorded},
            organisation=activity.stage.initiative.organisation,
        )
    return recorded


def _attendance_contribution(activity: Activity, person: Person | None, actor: Person) -> None:
    contribution_record(
        person=person,
        activity=activity,
        kind=ATTEND,
        mode=Mode.VOICE,
        channel=ATTENDANCE_CHANNEL,
        recorded_by=actor,
    )


def minutes_publish(
    *,
    meeting: Meeting,
    actor: Person | AnonymousUser,
    text: str,
    outputs: Sequence[str] = (),
) -> MeetingMinutes:
    """Publish (or correct) the minutes after the meeting, linking the meeting to what it
    produced (``outputs``: keys from ``output_choices``); audited; attendees are told."""
    activity = meeting.activity
    require(actor, MEETING_RUN, activity)
    assert actor.is_authenticated
    text = text.strip()
    errors: dict[str, str] = {}
    if meeting.ends_at > timezone.now():
        errors["text"] = _("The minutes are published after the meeting, from %(when)s.") % {
            "when": _when(meeting.ends_at)
        }
    elif not text:
        errors["text"] = _("Write the minutes.")
    elif len(text) > MINUTES_MAX:
        errors["text"] = _("Keep the minutes to %(n)s characters or fewer.") % {"n": MINUTES_MAX}
    choices = output_choices(meeting)
    if set(outputs) - set(choices):
        errors["outputs"] = _("Choose outputs from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        minutes, created = MeetingMinutes.objects.update_or_create(
            meeting=meeting,
            defaults={"text": text, "published_by": actor, "published_at": timezone.now()},
        )
        for key in outputs:
            lineage_link(
                source=meeting, target=choices[key].item, kind=LineageKind.LED_TO, actor=actor
            )
        audit_record(
            action="meeting.minutes" if created else "meeting.minutes_change",
            actor=actor,
            target=meeting,
            data={"outputs": sorted(outputs)},
            organisation=activity.stage.initiative.organisation,
        )
        if created:
            attended = Registration.objects.filter(
                meeting=meeting, attended_at__isnull=False, person__isnull=False
            ).select_related("person")
            for registration in attended:
                notify(
                    registration.person,
                    subject=Sentence(
                        gettext_noop("The minutes of “%(title)s” are published"),
                        {"title": activity.title[:80]},
                    ),
                    body=Sentence(gettext_noop("Read what was said and what came of it.")),
                    url=meeting.get_absolute_url(),
                    event="meeting.minutes",
                    target=activity,
                )
    return minutes
