"""Following: a person follows a proposal, a report, an activity, a commitment, an
initiative or a place, and is told when it moves on.

The core knows no Co app: an app says what of its own can be followed with
``register_followable`` from its ``AppConfig.ready`` — the model, and how to fetch one for a
person (returning None when they may not see it) — and its services call
``notify_followers(target, ...)`` when something happens to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from coproduce.accounts.models import Follow, Person
from coproduce.ui.text import Text

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

__all__ = [
    "Followable",
    "follow_start",
    "follow_stop",
    "followable_for",
    "followers_of",
    "is_following",
    "notify_followers",
    "register_followable",
]


@dataclass(frozen=True)
class Followable:
    """A kind of thing that can be followed.

    ``model`` is the app's model; ``label`` names the kind for people ("report");
    ``find(person, pk)`` returns the item when the person may see it, else None;
    ``page_urls(items)``, when given, returns ``{pk: url}`` for many items in a few queries
    (else each item's ``get_absolute_url``); ``queryset()``, when given, is how lists of
    followed items fetch this kind (with what its name and page need).
    """

    model: type[Model]
    label: StrOrPromise
    find: Callable[[Any, int], Model | None]
    page_urls: Callable[[list[Any]], dict[int, str]] | None = None
    queryset: Callable[[], QuerySet[Any]] | None = None

    def urls(self, items: list[Any]) -> dict[int, str]:
        """Return ``{pk: url}`` for ``items`` of this kind."""
        if self.page_urls is not None:
            return self.page_urls(items)
        return {item.pk: getattr(item, "get_absolute_url", lambda: "")() for item in items}

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower


_REGISTRY: dict[str, Followable] = {}


def register_followable(entry: Followable) -> None:
    """Register ``entry`` under its model's label (registering again replaces it)."""
    _REGISTRY[entry.kind] = entry


def followables() -> list[Followable]:
    """Return every registered kind."""
    return list(_REGISTRY.values())


def followable_for(kind: str) -> Followable | None:
    """Return the registered kind ``app_label.model`` (lower case), or None."""
    return _REGISTRY.get(kind)


def kind_of(target: Model) -> str:
    """Return the followable kind of ``target`` (``app_label.model``)."""
    return target._meta.label_lower


def _where(target: Model) -> dict[str, Any]:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def follow_start(*, person: Person, target: Model) -> Follow:
    """Start following ``target``; following twice is harmless (one row per person and
    target). Raise ValueError for something no app made followable and PermissionDenied
    for something the person may not see."""
    entry = _REGISTRY.get(kind_of(target))
    if entry is None:
        raise ValueError(f"{kind_of(target)} cannot be followed")
    if entry.find(person, target.pk) is None:
        raise PermissionDenied(_("You cannot see this, so you cannot follow it."))
    where = _where(target)
    try:
        with transaction.atomic():
            follow, _created = Follow.objects.get_or_create(person=person, **where)
    except IntegrityError:  # two clicks at once: the other one made the row
        follow = Follow.objects.get(person=person, **where)
    return follow


def follow_stop(*, person: Person, target: Model) -> None:
    """Stop following ``target`` (not following it is harmless)."""
    Follow.objects.filter(person=person, **_where(target)).delete()


def is_following(person: Any, target: Model) -> bool:
    """True when ``person`` (maybe anonymous) follows ``target``."""
    if not getattr(person, "is_authenticated", False):
        return False
    return Follow.objects.filter(person_id=person.pk, **_where(target)).exists()


def followers_of(target: Model) -> QuerySet[Person]:
    """Return the live accounts that follow ``target``."""
    return Person.objects.filter(
        follows__target_type=ContentType.objects.get_for_model(target),
        follows__target_id=target.pk,
        is_active=True,
        anonymised_at=None,
    )


def notify_followers(
    target: Model,
    *,
    event: str,
    subject: Text,
    body: Text,
    url: str = "",
    exclude: Iterable[Person | None] = (),
) -> int:
    """Tell everyone who follows ``target`` that ``event`` happened; return how many.

    Each follower gets a notification on the site and, as they chose, an e-mail now or in
    their digest. ``exclude`` leaves out people told already (the actor, the reporter).
    """
    from coproduce.accounts.notifications import notifications_create

    left_out = {p.pk for p in exclude if p is not None}
    people = [p for p in followers_of(target).order_by("pk") if p.pk not in left_out]
    notifications_create(people, event=event, subject=subject, body=body, url=url, target=target)
    return len(people)
