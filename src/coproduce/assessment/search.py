"""Citizens' reports in the site's search (coproduce.search)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import Report, ReportStatus
from coproduce.search.registry import Entry, SearchSource, register_search_source


def report_entry(report: Report) -> Entry:
    category = report.category
    title = f"{category.name}: {report.address}" if report.address else category.name
    return Entry(
        title=title,
        body=report.description,
        url=report.get_absolute_url(),
        place_id=report.place_id or category.place_id,
        status=report.status,
        organisation_id=category.organisation_id,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            kind="report",
            label=_("Reports"),
            model=Report,
            entry=report_entry,
            queryset=lambda: Report.objects.select_related("category").iterator(),
            statuses=dict(ReportStatus.choices),
        )
    )
