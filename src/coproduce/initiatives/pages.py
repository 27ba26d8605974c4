"""Where an activity's own page lives, looked up through the instrument registry.

An instrument's ``page_urls`` maps many activities to their pages in a fixed number of
queries, so a list of fifty activities costs one query per kind, not one per activity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse

from coproduce.initiatives.instruments import UnknownInstrument, instrument_for

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity


def activity_page_urls(activities: Iterable[Activity]) -> dict[int, str]:
    """Return ``{activity id: url}``: the instrument's own page, else the generic one."""
    by_kind: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_kind[activity.kind].append(activity)
    urls: dict[int, str] = {}
    for kind, group in by_kind.items():
        try:
            page_urls = instrument_for(kind).page_urls
        except UnknownInstrument:
            page_urls = None
        found = page_urls(group) if page_urls else {}
        for activity in group:
            urls[activity.pk] = found.get(activity.pk) or reverse(
                "web:activity", args=[activity.pk]
            )
    return urls


def activity_page_url(activity: Activity) -> str:
    """Return the page for one activity."""
    return activity_page_urls([activity])[activity.pk]
