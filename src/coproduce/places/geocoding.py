"""Address search: the ``Geocoder`` interface and its default, the local gazetteer.

The gazetteer answers from what the database already holds — the Place tree and the streets
the council loaded (``Street``) — so a search sends nothing outside. A deployment with its
own geocoder names a class in the ``GEOCODER`` setting (a dotted path); it is built with no
arguments and must answer ``search(text, limit)`` with ``Match`` rows, best first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from coproduce.places.models import Place, Street
from coproduce.ui.geometry import bounds

__all__ = ["Gazetteer", "Geocoder", "Match", "geocoder", "normalise"]

MAX_LIMIT = 20
STREET = "street"


@dataclass(frozen=True)
class Match:
    """One answer to an address search: a name and where to put the pin."""

    name: str
    lat: float
    lon: float
    kind: str  # "street", or a Place's kind ("city", "district", "ward", …)


class Geocoder(Protocol):
    def search(self, text: str, limit: int = 5) -> list[Match]:
        """Return at most ``limit`` matches for ``text``, best first."""
        ...


def normalise(text: str) -> str:
    """Return ``text`` folded for comparison: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _words_in_order(parts: list[str], words: list[str]) -> bool:
    position = 0
    for part in parts:
        while position < len(words) and not words[position].startswith(part):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def _rank(query: str, name: str) -> int | None:
    """0 the same name, 1 the name starts with the query, 2 the words of the query start
    words of the name in the same order, 3 in another order, 4 the query is inside the
    name; None: no match."""
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    parts, words = query.split(), name.split()
    if _words_in_order(parts, words):
        return 2
    if all(any(word.startswith(part) for word in words) for part in parts):
        return 3
    if query in name:
        return 4
    return None


class Gazetteer:
    """The default geocoder: places (at the middle of their boundary) and loaded streets."""

    def search(self, text: str, limit: int = 5) -> list[Match]:
        query = normalise(text)
        limit = max(0, min(limit, MAX_LIMIT))
        if not query or not limit:
            return []
        ranked: list[tuple[int, int, str, Match]] = []
        first = max(query.split(), key=len)
        streets = Street.objects.filter(search_name__contains=first).values_list(
            "name", "search_name", "lat", "lon"
        )
        for name, folded, lat, lon in streets[:2000]:
            rank = _rank(query, folded)
            if rank is not None:
                ranked.append((rank, len(folded), folded, Match(name, lat, lon, STREET)))
        for place in Place.objects.exclude(boundary=None).only("name", "kind", "boundary"):
            folded = normalise(place.name)
            rank = _rank(query, folded)
            box = bounds([place.boundary]) if place.boundary else None
            if rank is not None and box is not None:
                lon, lat = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                match = Match(place.name, round(lat, 6), round(lon, 6), place.kind)
                ranked.append((rank, len(folded), folded, match))
        ranked.sort(key=lambda row: row[:3])
        return [row[3] for row in ranked[:limit]]


def geocoder() -> Geocoder:
    """Return the deployment's geocoder (the ``GEOCODER`` setting), built afresh."""
    path = getattr(settings, "GEOCODER", "") or "coproduce.places.geocoding.Gazetteer"
    factory = import_string(path)
    instance: Geocoder = factory()
    return instance
