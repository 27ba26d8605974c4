"""A person's own record of taking part: the sections of "Your activity".

The core knows no Co app: each app registers the sections it owns (your proposals, your
ballots, your reports…) with ``register_activity_section`` from its ``AppConfig.ready``.
A section's ``items(person)`` returns only that person's own items, each with its status,
in a bounded number of queries whatever their number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from coproduce.accounts.models import Person

__all__ = [
    "ActivityItem",
    "ActivitySection",
    "activity_of",
    "activity_sections",
    "register",
    "register_activity_section",
]


@dataclass(frozen=True)
class ActivityItem:
    """One thing the person did or follows: what, where to see it, its status now."""

    title: str
    url: str
    status: StrOrPromise
    when: datetime | None = None
    detail: StrOrPromise = ""


@dataclass(frozen=True)
class ActivitySection:
    """One part of "Your activity": ``key`` (unique, stable), its heading, the sentence shown
    when it is empty, and ``items(person)``."""

    key: str
    title: StrOrPromise
    empty: StrOrPromise
    items: Callable[[Person], list[ActivityItem]]
    order: int = 50


_REGISTRY: dict[str, ActivitySection] = {}


def register_activity_section(section: ActivitySection) -> None:
    """Register ``section`` under its key (registering a key again replaces it)."""
    _REGISTRY[section.key] = section


def activity_sections() -> list[ActivitySection]:
    """Return every registered section, by ``order`` then key."""
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def activity_of(person: Person) -> list[tuple[ActivitySection, list[ActivityItem]]]:
    """Return each section with the person's items in it."""
    return [(section, section.items(person)) for section in activity_sections()]


def _follows(person: Person) -> list[ActivityItem]:
    """What the person follows: one query for the follows, a few per kind of item."""
    from collections import defaultdict

    from django.contrib.contenttypes.prefetch import GenericPrefetch
    from django.utils.translation import gettext as _

    from coproduce.accounts.following import followable_for, followables
    from coproduce.accounts.models import Follow

    fetch = [f.queryset() for f in followables() if f.queryset is not None]
    follows = list(
        Follow.objects.filter(person=person).prefetch_related(GenericPrefetch("target", fetch))
    )
    by_kind: dict[str, list[object]] = defaultdict(list)
    for follow in follows:
        if follow.target is not None:
            by_kind[follow.target._meta.label_lower].append(follow.target)
    urls: dict[tuple[str, int], str] = {}
    for kind, targets in by_kind.items():
        followable = followable_for(kind)
        if followable is not None:
            for pk, url in followable.urls(targets).items():
                urls[kind, pk] = url
    items = []
    for follow in follows:
        target = follow.target
        if target is None:
            continue
        kind = target._meta.label_lower
        followable = followable_for(kind)
        status = getattr(target, "get_status_display", None)
        items.append(
            ActivityItem(
                title=str(target),
                url=urls.get((kind, target.pk), ""),
                status=status() if status else _("Following"),
                when=follow.since,
                detail=str(followable.label).capitalize() if followable else "",
            )
        )
    return items


def register() -> None:
    """The core's own section: everything the person follows."""
    from django.utils.translation import gettext_lazy as _

    register_activity_section(
        ActivitySection(
            key="follows",
            title=_("What you follow"),
            empty=_(
                "You follow nothing yet: use “Follow” on a proposal, a report, a round, "
                "a commitment, an initiative or a place."
            ),
            items=_follows,
            order=90,
        )
    )
