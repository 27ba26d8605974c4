"""iCalendar (RFC 5545) for meetings, through the ``icalendar`` package: one invitation per
meeting and feeds per place and per initiative. Each meeting keeps one UID for life, so a
calendar that imported it updates the event when the time or place changes (SEQUENCE)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from coproduce.design.models import Meeting

PRODUCT = "-//Coproduce//Meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    """Return the meeting's stable UID (the activity's number at the site's host)."""
    host = urlsplit(settings.SITE_URL).hostname or "coproduce"
    return f"meeting-{meeting.activity_id}@{host}"


def _location(meeting: Meeting) -> str:
    parts = [meeting.venue] if meeting.venue else []
    if meeting.place is not None and meeting.place.name not in meeting.venue:
        parts.append(meeting.place.name)
    if not parts and meeting.online:
        parts.append(meeting.online_url)
    return ", ".join(parts)


def _event(meeting: Meeting) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.activity.title)
    description = "\n\n".join(
        text for text in (meeting.activity.description, meeting.agenda) if text
    )
    if description:
        event.add("description", description)
    location = _location(meeting)
    if location:
        event.add("location", location)
    if meeting.latitude is not None and meeting.longitude is not None:
        event.add("geo", vGeo((meeting.latitude, meeting.longitude)))
    event.add("url", meeting.online_url or f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    event.add("status", "CONFIRMED")
    return event


def calendar_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """Return an iCalendar document (METHOD:PUBLISH) with one event per meeting."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    body: bytes = calendar.to_ical()
    return body
