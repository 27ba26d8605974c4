"""Reports in the site's search."""

from __future__ import annotations

from typing import Any

from coproduce.search.selectors import SearchFilters, search


def test_a_report_is_found_by_its_description_and_filtered_by_status(
    make_report: Any, resident: Any, anonymous: Any
):
    report = make_report(resident, description="Broken swing in the playground")
    found = search(SearchFilters(query="swing"), person=anonymous)
    assert [(h.kind, h.url, h.status_label) for h in found.hits] == [
        ("report", report.get_absolute_url(), "Open")
    ]
    closed = SearchFilters(query="swing", kind="report", status="closed")
    assert search(closed, person=anonymous).total == 0
