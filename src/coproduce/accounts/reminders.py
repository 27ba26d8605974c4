"""Reminders before a phase ends, for things a person started and did not finish.

The core knows no Co app: an app registers a reminder (``register_reminder``) that finds
who to remind and tells them through ``accounts.notifications.notify``, once per person and
thing. ``coproduce notifications remind`` (or the ``reminders_send_task``) runs them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django_tasks import task

__all__ = ["Reminder", "register_reminder", "reminders", "reminders_send"]


@dataclass(frozen=True)
class Reminder:
    """``send(now)`` reminds whoever is due and returns how many people it told."""

    key: str
    send: Callable[[datetime], int]


_REGISTRY: dict[str, Reminder] = {}


def register_reminder(reminder: Reminder) -> None:
    """Register ``reminder`` under its key (registering a key again replaces it)."""
    _REGISTRY[reminder.key] = reminder


def reminders() -> list[Reminder]:
    """Return every registered reminder."""
    return list(_REGISTRY.values())


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Run every reminder; return how many people each told."""
    moment = now or timezone.now()
    return {r.key: r.send(moment) for r in reminders()}


@task()
def reminders_send_task() -> dict[str, int]:
    """The reminders as a background task, for a scheduler to queue (hourly is plenty)."""
    return reminders_send()
