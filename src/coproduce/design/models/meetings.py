"""Workshops and meetings: where and when, registration with a waiting list, access needs,
attendance, minutes and quick polls.

A meeting's seats are counted in ``Meeting.taken``, moved only by conditional updates
(``taken < capacity``) and bounded by a check constraint, so however many people register
at once a meeting never holds more registered people than its seats.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class Meeting(models.Model):
    """A meeting activity: where (a place, a point, a link), when, the agenda and the seats."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="meeting"
    )
    mode = models.CharField(_("how people take part"), max_length=10, choices=MeetingMode.choices)
    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    venue = models.CharField(_("venue and address"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    agenda = models.TextField(_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    # Seats held by registered people: moved only by conditional updates.
    taken = models.PositiveIntegerField(default=0)
    # The invitation's SEQUENCE: raised each time the time or place changes.
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("capacity")),
                name="meeting_never_overbooked",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.activity.title

    def get_absolute_url(self) -> str:
        return reverse("design:meeting", args=[self.activity_id])

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def in_person(self) -> bool:
        return self.mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID)

    @property
    def online(self) -> bool:
        return self.mode in (MeetingMode.ONLINE, MeetingMode.HYBRID)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessNeed(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    INTERPRETER = "interpreter", _("An interpreter")
    HEARING_LOOP = "hearing_loop", _("A hearing loop")
    CHILDCARE = "childcare", _("Childcare")
    DIETARY = "dietary", _("Dietary needs")
    OTHER = "other", _("Something else")


class Registration(models.Model):
    """A person's seat (or place on the waiting list) and what they need to take part.

    Access needs are private: only the organisation's staff see them, never a public page.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    needs = models.JSONField(_("access needs"), default=list, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=80, blank=True)
    needs_detail = models.TextField(_("more about your needs"), blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_registration_each")
        ]

    def need_labels(self) -> list[str]:
        return [str(AccessNeed(n).label) for n in self.needs if n in AccessNeed.values]


class WalkIn(models.Model):
    """Someone who came without registering, recorded by name by staff (optional)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="walk_ins")
    name = models.CharField(_("name"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["recorded_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["meeting", "name"], name="one_walk_in_per_name")
        ]


class MeetingMinutes(models.Model):
    """The public record of a meeting, published after it; its outputs are lineage links
    from the meeting to the ideas, proposals or commitments it produced."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class MeetingPoll(models.Model):
    """A quick question asked during the meeting: votes on phones and hands counted by staff."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["opened_at", "pk"]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class MeetingPollOption(models.Model):
    poll = models.ForeignKey(MeetingPoll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=140)
    position = models.PositiveSmallIntegerField()
    # Hands up counted in the room, entered by staff.
    hands = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class MeetingPollVote(models.Model):
    """One registered attendee's vote on a poll (one per person: a database constraint)."""

    poll = models.ForeignKey(MeetingPoll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(MeetingPollOption, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_poll_votes",
    )
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["poll", "person"], name="one_poll_vote_each")
        ]
