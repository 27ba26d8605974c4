"""Text helpers shared by the apps: which titles look like the one being written, and
sentences translated for each reader rather than for the writer."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

__all__ = ["Paragraphs", "Sentence", "Text", "look_alikes", "lowercase"]

T = TypeVar("T")

_WORDS = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w for w in _WORDS.findall(text.lower()) if len(w) > 3}


def look_alikes(title: str, candidates: Iterable[tuple[T, str]], *, limit: int = 5) -> list[T]:
    """Return the items of ``candidates`` (``(item, title)`` pairs) whose titles look like
    ``title``, most alike first, at most ``limit``.

    Alike means half or more of the title's longer words (over three letters) are in the
    other title, or the two titles match at least half their letters in sequence
    (``difflib``). A title without such words matches nothing.
    """
    wanted = _words(title)
    if not wanted:
        return []
    scored: list[tuple[float, int, T]] = []
    for position, (item, other) in enumerate(candidates):
        shared = len(wanted & _words(other)) / len(wanted)
        ratio = difflib.SequenceMatcher(None, title.lower(), other.lower()).ratio()
        score = max(shared, ratio)
        if score >= 0.5:
            scored.append((score, position, item))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [item for _score, _position, item in scored[:limit]]


@dataclass(frozen=True)
class Sentence:
    """A sentence written now and read later, by someone who may read another language.

    ``text`` is the English source, marked for extraction with ``gettext_noop`` (or a lazy
    translation, such as ``ngettext_lazy(singular, plural, n)`` for plurals); ``params``
    fill its ``%(name)s`` places. ``str()`` renders it in the active language: render it under
    ``translation.override(reader_language)``. Parameters are rendered in that language
    too: lazy translations and nested sentences are translated, dates and times are
    formatted (times in the site's time zone), numbers are localised.
    """

    text: str | Promise
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        template = str(self.text) if isinstance(self.text, Promise) else gettext(self.text)
        if not self.params:
            return template
        return template % {name: _render(value) for name, value in self.params.items()}


def _render(value: object) -> object:
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (int, float)):
        return value
    return str(value)


@dataclass(frozen=True, init=False)
class Paragraphs:
    """Sentences (or people's own words, as ``str``) rendered one after another, each a
    paragraph, in the active language; empty parts are left out."""

    parts: tuple[object, ...]

    def __init__(self, *parts: object) -> None:
        object.__setattr__(self, "parts", parts)

    def __str__(self) -> str:
        return "\n\n".join(text for part in self.parts if (text := str(part)))


class _Lowercase:
    def __init__(self, text: object) -> None:
        self.text = text

    def __str__(self) -> str:
        return str(self.text).lower()


def lowercase(text: object) -> object:
    """``text`` (a lazy translation, a choice's label) in lower case when it is rendered."""
    return _Lowercase(text)


# What may be written to a person later: their own words as they are, or sentences
# rendered in the reader's language.
Text = str | Sentence | Paragraphs
