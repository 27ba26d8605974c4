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
# Ranking reads every match's text vector: above this many matches the words say little
# about relevance anyway, so the newest come first (and the page says so).
RANK_LIMIT = 2000

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
    by_relevance: bool = True  # False: newest first (no words, or words that match a lot)


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


def _pg_condition(words: list[str], language: str) -> tuple[str, str, str]:
    """The stored column, the tsquery SQL and its parameter for the page's language."""
    # The configuration and column come from PG_CONFIGS only; the words are a parameter.
    config = PG_CONFIGS.get(language[:2], "simple")
    # Every word, each as a prefix; the configuration stems it like the stored column.
    query = " & ".join(f"{w}:*" for w in words)
    return f"document_{config}", f"to_tsquery('{config}', %s)", query


def _pg_page(
    entries: QuerySet[SearchEntry], words: list[str], language: str, start: int
) -> tuple[list[SearchEntry], int, bool]:
    column, tsquery, query = _pg_condition(words, language)
    matched = entries.filter(
        RawSQL(f"{column} @@ {tsquery}", (query,), output_field=BooleanField())  # noqa: S611
    )
    total = matched.count()
    if total > RANK_LIMIT:
        return list(matched.order_by("-updated_at", "-pk")[start : start + PAGE_SIZE]), total, False
    ranked = matched.annotate(
        rank=RawSQL(f"ts_rank({column}, {tsquery})", (query,), output_field=FloatField())  # noqa: S611
    )
    return list(ranked.order_by(F("rank").desc(), "-pk")[start : start + PAGE_SIZE]), total, True


def _sqlite_page(
    entries: QuerySet[SearchEntry], words: list[str], start: int
) -> tuple[list[SearchEntry], int, bool]:
    match = " ".join(f'"{w}"*' for w in words)
    try:
        allowed, params = entries.values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that nothing can meet (e.g. an unknown place)
        return [], 0, True
    # The matches are materialised first: a rowid constraint inside the FTS5 query would make
    # SQLite run the MATCH once per allowed row. ``allowed`` is SQL the ORM compiled, its
    # values in ``params``. The rank (bm25) is asked for only when it will be used.
    matches = (
        "WITH matches AS MATERIALIZED (SELECT rowid AS id{rank} FROM search_entry_fts "
        "WHERE search_entry_fts MATCH %s) "
    )
    with connection.cursor() as cursor:
        cursor.execute(
            matches.format(rank="") + f"SELECT count(*) FROM matches WHERE id IN ({allowed})",  # noqa: S608
            [match, *params],
        )
        (total,) = cursor.fetchone()
        ranked = total <= RANK_LIMIT
        if ranked:
            cursor.execute(
                matches.format(rank=", rank") + f"SELECT id FROM matches WHERE id IN ({allowed}) "  # noqa: S608
                "ORDER BY rank, id LIMIT %s OFFSET %s",
                [match, *params, PAGE_SIZE, start],
            )
            ids = [row[0] for row in cursor.fetchall()]
    if not ranked:
        newest = entries.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s", (match,)
            )
        ).order_by("-updated_at", "-pk")
        return list(newest[start : start + PAGE_SIZE]), total, False
    by_pk = {e.pk: e for e in entries.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids], total, True


def search(
    filters: SearchFilters, *, person: Actor, language: str = "en", page: int = 1
) -> SearchPage:
    """One page of what the person may find for ``filters``: best matches first when the
    words pick out up to RANK_LIMIT things, newest first when they match more."""
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
        total, by_relevance = entries.count(), False
    elif connection.vendor == "postgresql":
        found, total, by_relevance = _pg_page(entries, words, language, start)
    else:
        found, total, by_relevance = _sqlite_page(entries, words, start)
    return SearchPage(
        hits=_hits(found),
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        by_relevance=by_relevance,
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
