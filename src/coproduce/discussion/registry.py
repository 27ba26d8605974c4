"""What can be commented on: each app registers its kinds of thing, the core keeps the
comments.

The core knows no Co app (``docs/architecture.md``, "Import layers"): an app's
``comments.py`` calls ``register_commentable(Model, CommentableSpec(...))`` from its
``AppConfig.ready``, saying how to fetch one for a person, which activity's rules and staff
apply to it, where its page is and who wrote it. Its followers are the core's
(``accounts.following``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity
    from coproduce.organisations.models import Organisation

__all__ = [
    "CommentableSpec",
    "commentable_for",
    "commentables",
    "kind_of",
    "register_commentable",
]


@dataclass(frozen=True)
class CommentableSpec:
    """How the core reads one kind of commentable thing.

    ``find(person, pk)`` returns the item when the person (maybe anonymous) may see it, else
    None: comments are shown, written and flagged only through it. ``activity(item)`` is the
    activity whose rules (who, stance, phases) apply, or None (anyone signed in, any time).
    ``organisation(item)``, when given, is whose staff moderate (else the activity's
    initiative's organisation). ``url(item)`` is the item's public page (else its
    ``get_absolute_url``); ``author(item)`` is who wrote it (told of comments), or None.
    """

    label: StrOrPromise
    find: Callable[[Any, int], Model | None]
    activity: Callable[[Any], Activity | None]
    organisation: Callable[[Any], Organisation | None] | None = None
    url: Callable[[Any], str] | None = None
    author: Callable[[Any], Person | None] | None = None

    def organisation_of(self, item: Model) -> Organisation | None:
        if self.organisation is not None:
            return self.organisation(item)
        activity = self.activity(item)
        return activity.stage.initiative.organisation if activity is not None else None

    def url_of(self, item: Model) -> str:
        if self.url is not None:
            return self.url(item)
        return str(getattr(item, "get_absolute_url", lambda: "")())

    def author_of(self, item: Model) -> Person | None:
        return self.author(item) if self.author is not None else None


_REGISTRY: dict[str, tuple[type[Model], CommentableSpec]] = {}


def kind_of(model: type[Model] | Model) -> str:
    """Return the kind of a model or item: ``app_label.model`` in lower case."""
    return model._meta.label_lower


def register_commentable(model: type[Model], spec: CommentableSpec) -> None:
    """Let ``model``'s items be commented on (registering again replaces the spec)."""
    _REGISTRY[kind_of(model)] = (model, spec)


def commentable_for(kind: str) -> tuple[type[Model], CommentableSpec] | None:
    """Return the model and spec registered for ``kind``, or None."""
    return _REGISTRY.get(kind)


def commentables() -> dict[str, tuple[type[Model], CommentableSpec]]:
    """Return every registered kind."""
    return dict(_REGISTRY)
