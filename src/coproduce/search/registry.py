"""What can be found: each app registers its kinds of thing, the core keeps the index.

A ``SearchSource`` says how one model becomes a ``Entry`` (title, text, place, status,
who may see it). Registering connects the model's save and delete signals, so the index
follows every write; ``search_reindex`` rebuilds it whole (after a bulk load, or nightly
to pick up changes that signals do not see, such as an activity made members-only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import Promise

from coproduce.search.models import SearchEntry

TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class Entry:
    title: str
    body: str
    url: str
    place_id: int | None = None
    status: str = ""
    public: bool = True
    organisation_id: int | None = None


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: str | Promise
    model: type[models.Model]
    entry: Callable[[Any], Entry | None]
    # Everything to index, with what ``entry`` reads fetched up front.
    queryset: Callable[[], Iterable[Any]]
    # status value → words, shown and offered as a filter (labels translated when shown)
    statuses: Mapping[str, str | Promise] = field(default_factory=dict)
    # For kinds whose page is known only when shown: ids → urls, for many at once.
    urls: Callable[[list[int]], dict[int, str]] | None = None


_SOURCES: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    """Add (or replace) a kind of findable thing and follow its model's writes."""
    _SOURCES[source.kind] = source
    uid = f"search:{source.kind}"
    post_save.connect(_on_save, sender=source.model, dispatch_uid=uid, weak=False)
    post_delete.connect(_on_delete, sender=source.model, dispatch_uid=uid, weak=False)


def search_sources() -> dict[str, SearchSource]:
    return dict(_SOURCES)


def _sources_for(model: type[models.Model]) -> list[SearchSource]:
    return [s for s in _SOURCES.values() if s.model is model]


def _on_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any
) -> None:
    if raw:  # loaddata: the fixture's own rows, indexed by the next reindex
        return
    for source in _sources_for(sender):
        index_object(source, instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    for source in _sources_for(sender):
        SearchEntry.objects.filter(kind=source.kind, object_id=instance.pk).delete()


def _row(source: SearchSource, pk: int, entry: Entry) -> SearchEntry:
    return SearchEntry(
        kind=source.kind,
        object_id=pk,
        title=entry.title[:300],
        body=entry.body[:TEXT_LIMIT],
        url=entry.url[:500],
        place_id=entry.place_id,
        status=entry.status[:40],
        public=entry.public,
        organisation_id=entry.organisation_id,
        updated_at=timezone.now(),
    )


def index_object(source: SearchSource, instance: models.Model) -> None:
    """Write (or remove, when it should not be found) one thing's entry."""
    entry = source.entry(instance)
    if entry is None:
        SearchEntry.objects.filter(kind=source.kind, object_id=instance.pk).delete()
        return
    row = _row(source, instance.pk, entry)
    fields = ["title", "body", "url", "place_id", "status", "public", "organisation_id"]
    SearchEntry.objects.update_or_create(
        kind=source.kind,
        object_id=instance.pk,
        defaults={name: getattr(row, name) for name in [*fields, "updated_at"]},
    )


def search_reindex(kinds: Iterable[str] | None = None, *, batch: int = 2000) -> dict[str, int]:
    """Rebuild the entries of ``kinds`` (all by default); return how many each now has."""
    chosen = [_SOURCES[k] for k in kinds] if kinds is not None else list(_SOURCES.values())
    counts: dict[str, int] = {}
    for source in chosen:
        with transaction.atomic():
            SearchEntry.objects.filter(kind=source.kind).delete()
            rows: list[SearchEntry] = []
            total = 0
            for instance in source.queryset():
                entry = source.entry(instance)
                if entry is None:
                    continue
                rows.append(_row(source, instance.pk, entry))
                if len(rows) >= batch:
                    SearchEntry.objects.bulk_create(rows)
                    total += len(rows)
                    rows = []
            SearchEntry.objects.bulk_create(rows)
            counts[source.kind] = total + len(rows)
    return counts
