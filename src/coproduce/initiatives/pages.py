"""Where an activity's own page lives: apps that extend Activity register their page here.

An app calls ``register_activity_page`` from its ``AppConfig.ready``; links to an activity
(from the initiative's cycle, lineage panels, the API) then lead to that app's page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity

_PAGES: dict[str, Callable[[Activity], str | None]] = {}


def register_activity_page(kind: str, url_for: Callable[[Activity], str | None]) -> None:
    """Send links to activities of ``kind`` to ``url_for(activity)`` (None: the generic page)."""
    _PAGES[kind] = url_for


def activity_page_url(activity: Activity) -> str | None:
    """Return the app's own page for the activity, or None when it has none."""
    url_for = _PAGES.get(activity.kind)
    return url_for(activity) if url_for else None
