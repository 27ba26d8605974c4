"""Reading the search index: full-text matching, filters, and who may see what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from coproduce.organisations.permissions import member_organisations, sees_everything
from coproduce.places.models import Place
from coproduce.search.models import SearchEntry
from coproduce.search.registry import search_sources

if TYPE_CHECKING:
    from coproduce.organisations.permissions import Actor

QUERY_LIMIT = 200
PAGE_SIZE = 20

# Page language → PostgreSQL text search configuration; each has a stored column and a GIN
# index (migration 0002). Anything else is matched with the "simple" configuration.
PG_CONFIGS = {"en": "english", "es": "spanish", "de": "german"}

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    kind: str = ""
    place: str = ""  # a place's slug: the place and everything inside it
    status: str = ""


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: str
    snippet: str
    url: str
    status_label: str
    place_name: str


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    pages: int


def words_of(query: str) -> list[str]:
    return _WORD.findall(query[:QUERY_LIMIT])[:20]


def places_within(slug: str) -> list[int]:
    """The place with ``slug`` and every place inside it (empty when there is none)."""
    ids = list(Place.objects.filter(slug=slug).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = list(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def entries_visible_to(person: Actor) -> QuerySet[SearchEntry]:
    """Entries the person may find: public ones, plus their organisations' own."""
    if sees_everything(person):
        return SearchEntry.objects.all()
    visible = Q(public=True)
    members_of = member_organisations(person)
    if members_of is not None:
        visible |= Q(organisation__in=members_of)
    return SearchEntry.objects.filter(visible)


def _pg_match(
    entries: QuerySet[SearchEntry], words: list[str], language: str
) -> QuerySet[SearchEntry]:
    # The configuration and column come from PG_CONFIGS only; the words are a parameter.
    config = PG_CONFIGS.get(language[:2], "simple")
    column = f"document_{config}"
    # Every word, each as a prefix; the configuration stems it like the stored column.
    query = " & ".join(f"{w.replace(chr(39), '')}:*" for w in words)
    tsquery = f"to_tsquery('{config}', %s)"
    return entries.filter(
        RawSQL(f"{column} @@ {tsquery}", (query,), output_field=BooleanField())  # noqa: S611
    ).annotate(
        rank=RawSQL(f"ts_rank({column}, {tsquery})", (query,), output_field=FloatField())  # noqa: S611
    )


def _sqlite_match(
    entries: QuerySet[SearchEntry], words: list[str], start: int
) -> tuple[list[int], int]:
    """One page of ids, best first, and the total, from FTS5 joined to the filtered rows."""
    match = " ".join(f'"{w}"*' for w in words)
    try:
        allowed, params = entries.values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that nothing can meet (e.g. an unknown place)
        return [], 0
    with connection.cursor() as cursor:
        # The matches are materialised first: a rowid constraint inside the FTS5 query
        # would make SQLite run the MATCH once per allowed row.
        matches = (
            "WITH matches AS MATERIALIZED (SELECT rowid AS id, rank FROM search_entry_fts "
            "WHERE search_entry_fts MATCH %s) "
        )
        cursor.execute(
            # ``allowed`` is SQL the ORM compiled, its values in ``params``.
            f"{matches}SELECT id FROM matches WHERE id IN ({allowed}) "  # noqa: S608
            "ORDER BY rank, id LIMIT %s OFFSET %s",
            [match, *params, PAGE_SIZE, start],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"{matches}SELECT count(*) FROM matches WHERE id IN ({allowed})",  # noqa: S608
            [match, *params],
        )
        (total,) = cursor.fetchone()
    return ids, total


def search(
    filters: SearchFilters, *, person: Actor, language: str = "en", page: int = 1
) -> SearchPage:
    """One page of what the person may find for ``filters``, best matches first."""
    entries = entries_visible_to(person).select_related("place")
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.place:
        entries = entries.filter(place_id__in=places_within(filters.place))
    words = words_of(filters.query)
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    if not words:
        found = list(entries.order_by("-updated_at", "-pk")[start : start + PAGE_SIZE])
        total = entries.count()
    elif connection.vendor == "postgresql":
        matched = _pg_match(entries, words, language)
        found = list(matched.order_by(F("rank").desc(), "-pk")[start : start + PAGE_SIZE])
        total = matched.count()
    else:
        ids, total = _sqlite_match(entries, words, start)
        by_pk = {e.pk: e for e in entries.filter(pk__in=ids)}
        found = [by_pk[pk] for pk in ids]
    return SearchPage(
        hits=_hits(found), total=total, page=page, pages=max(1, -(-total // PAGE_SIZE))
    )


def _hits(entries: list[SearchEntry]) -> list[SearchHit]:
    sources = search_sources()
    late_urls: dict[str, dict[int, str]] = {}
    for kind in {e.kind for e in entries}:
        source = sources.get(kind)
        if source and source.urls:
            late_urls[kind] = source.urls([e.object_id for e in entries if e.kind == kind])
    hits = []
    for entry in entries:
        source = sources.get(entry.kind)
        status_label = source.statuses.get(entry.status, "") if source else ""
        hits.append(
            SearchHit(
                kind=entry.kind,
                kind_label=str(source.label) if source else entry.kind,
                title=entry.title,
                snippet=_snippet(entry.body),
                url=late_urls.get(entry.kind, {}).get(entry.object_id) or entry.url,
                status_label=str(status_label),
                place_name=entry.place.name if entry.place else "",
            )
        )
    return hits


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
