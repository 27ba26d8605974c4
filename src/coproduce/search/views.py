"""The site-wide search page: /search/?q=…&kind=…&place=…&status=…"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from coproduce.places.models import Place
from coproduce.search.registry import search_sources
from coproduce.search.selectors import QUERY_LIMIT, SearchFilters, search
from coproduce.ui.input import query_id


def search_page(request: HttpRequest) -> HttpResponse:
    sources = search_sources()
    kind = request.GET.get("kind", "")
    # Unknown filter values are ignored, as for every filter on the site.
    kind = kind if kind in sources else ""
    statuses = sources[kind].statuses if kind else {}
    status = request.GET.get("status", "")
    status = status if status in statuses else ""
    place = request.GET.get("place", "")[:100]
    filters = SearchFilters(
        query=request.GET.get("q", "")[:QUERY_LIMIT].strip(), kind=kind, place=place, status=status
    )
    asked = bool(filters.query or kind or place)
    results = (
        search(
            filters,
            person=request.user,
            language=get_language() or "en",
            page=query_id(request, "page") or 1,
        )
        if asked
        else None
    )
    context = {
        "filters": filters,
        "results": results,
        "kinds": [(k, s.label) for k, s in sources.items()],
        "statuses": list(statuses.items()),
        "places": Place.objects.order_by("name").only("slug", "name"),
    }
    return render(request, "search/search.html", context)
