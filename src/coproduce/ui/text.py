"""Text helpers shared by the apps: which titles look like the one being written."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["look_alikes"]

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
